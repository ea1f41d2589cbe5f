package id.presensi.apel;

import id.presensi.checkin.RefusalReason;
import id.presensi.rules.GeoPoint;
import id.presensi.rules.WorkLocation;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a phone's "Presensi apel" is accepted: the apel is held for the employee today (required, or excused but
 * present all the same), the time is within its window, and the phone is at one of its places (its own locations, or
 * the employee's unit's when it names none). Messages are the staff's, in Indonesian.
 */
public final class ApelCheckIn {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH.mm");

    /** The outcome; a refusal carries its reason. */
    public record Decision(Optional<RefusalReason> reason, String message, Optional<Integer> distanceM, Optional<String> locationName) {
        public boolean accepted() {
            return reason.isEmpty();
        }
    }

    private ApelCheckIn() {
    }

    public static Decision decide(ApelDay day, List<WorkLocation> ownLocations, GeoPoint position, double accuracyM, boolean mock,
                                  int maxAccuracyM, LocalTime now) {
        Apel apel = day.apel();
        switch (day.duty()) {
            case NONE -> {
                return refuse(RefusalReason.NOT_SCHEDULED, "Tidak ada " + apel.name() + " untuk Anda hari ini.");
            }
            case CANCELLED -> {
                return refuse(RefusalReason.NOT_SCHEDULED, apel.name() + " hari ini " + day.reason() + ".");
            }
            default -> {
                // required, or excused but present all the same: attendance is taken either way
            }
        }
        if (mock) {
            return refuse(RefusalReason.MOCK_LOCATION, "Lokasi palsu (mock location) terdeteksi. Matikan aplikasi pengubah lokasi lalu coba lagi.");
        }
        if (accuracyM > maxAccuracyM) {
            return refuse(RefusalReason.LOW_ACCURACY, String.format(Locale.ROOT, "Akurasi GPS terlalu rendah (%d m, batas %d m), coba di tempat terbuka.",
                    Math.round(accuracyM), maxAccuracyM));
        }
        if (!apel.within(now)) {
            return refuse(RefusalReason.OUTSIDE_WINDOW, "Presensi " + apel.name() + " hanya pukul " + HOUR.format(apel.opens()) + "-"
                    + HOUR.format(apel.closes()) + "; sekarang pukul " + HOUR.format(now) + ".");
        }
        List<WorkLocation> places = apel.locations().isEmpty() ? ownLocations : apel.locations();
        Optional<WorkLocation> nearest = places.stream().min(Comparator.comparingDouble(l -> l.point().distanceMeters(position)));
        if (nearest.isEmpty()) {
            return refuse(RefusalReason.NO_LOCATION, "Lokasi " + apel.name() + " belum ditetapkan; hubungi admin OPD.");
        }
        WorkLocation place = nearest.get();
        int distance = (int) Math.round(place.point().distanceMeters(position));
        if (distance > place.radiusM()) {
            return new Decision(Optional.of(RefusalReason.OUTSIDE_GEOFENCE), "Anda berada " + distance + " m dari lokasi " + apel.name() + " ("
                    + place.name() + ", batas " + place.radiusM() + " m).", Optional.of(distance), Optional.of(place.name()));
        }
        return new Decision(Optional.empty(), "Presensi " + apel.name() + " diterima pukul " + HOUR.format(now) + " di " + place.name() + ".",
                Optional.of(distance), Optional.of(place.name()));
    }

    private static Decision refuse(RefusalReason reason, String message) {
        return new Decision(Optional.of(reason), message, Optional.empty(), Optional.empty());
    }
}
