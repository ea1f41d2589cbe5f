package id.presensi.checkin;

import id.presensi.rules.DayPlan;
import id.presensi.rules.Expected;
import id.presensi.rules.GeoPoint;
import id.presensi.rules.PersonRules;
import id.presensi.rules.RuleResolver.AcceptedPlace;
import id.presensi.rules.RuleResolver.OpenWindow;
import id.presensi.rules.RuleResolver.Situation;
import id.presensi.rules.ResolvedDays;
import id.presensi.rules.Window;
import id.presensi.unit.TimeZones;
import id.presensi.text.StaffText;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides a check-in on the server. The server's clock is the official time; a phone that queued the
 * check-in while offline may claim an earlier time, accepted only within the tolerance.
 */
public final class CheckInRule {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH.mm");

    /**
     * Where a WFA day's check-in is accepted: Indonesia's extent, 6°N to 11°S and 95°E to 141°E. A box, so the
     * neighbours inside it (Malaysia, Singapore, Brunei, Timor-Leste, part of Papua New Guinea) are not told apart.
     */
    static final GeoBox INDONESIA = new GeoBox(-11.0, 6.1, 94.9, 141.1);

    record GeoBox(double south, double north, double west, double east) {
        boolean contains(GeoPoint p) {
            return p.latitude() >= south && p.latitude() <= north && p.longitude() >= west && p.longitude() <= east;
        }
    }

    private CheckInRule() {
    }

    public static CheckInDecision decide(ResolvedDays person, CheckInRequest request, Instant serverNow, Duration offlineTolerance) {
        PersonRules rules = person.rules();
        Instant at = serverNow;
        boolean offline = false;
        if (request.clientTime().isPresent()) {
            Instant claimed = request.clientTime().get();
            if (claimed.isBefore(serverNow) && Duration.between(claimed, serverNow).compareTo(offlineTolerance) <= 0) {
                at = claimed;
                offline = Duration.between(claimed, serverNow).compareTo(Duration.ofSeconds(30)) > 0;
            }
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, rules.zone());
        Situation situation = person.at(local);
        String zone = TimeZones.abbreviation(rules.zone());
        Outcome outcome = new Outcome(at, offline, situation);

        if (situation.plan().dayOff().filter(off -> off.reason() == DayPlan.DayOffReason.EMPLOYMENT_ENDED).isPresent()) {
            // first of all: nothing else (GPS, selfie) matters to someone no longer employed, and the sentence is theirs
            return outcome.refuse(RefusalReason.NOT_SCHEDULED, "Masa kerja Anda telah berakhir sejak "
                    + rules.endedFrom().map(d -> d.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("id")))).orElse("")
                    + ", sehingga presensi tidak lagi diterima. Hubungi admin OPD bila ini keliru.", Optional.empty());
        }
        if (request.mockLocation()) {
            return outcome.refuse(RefusalReason.MOCK_LOCATION, "Lokasi palsu (mock location) terdeteksi. Matikan aplikasi "
                    + "pengubah lokasi lalu coba lagi.", Optional.empty());
        }
        if (request.accuracyM() > rules.maxAccuracyM()) {
            return outcome.refuse(RefusalReason.LOW_ACCURACY, String.format(Locale.ROOT, "Akurasi GPS terlalu rendah (%d m, batas %d m), "
                    + "coba di tempat terbuka.", Math.round(request.accuracyM()), rules.maxAccuracyM()), Optional.empty());
        }
        if (rules.selfieRequired() && !request.withSelfie()) {
            return outcome.refuse(RefusalReason.SELFIE_REQUIRED, "Unit kerja Anda mewajibkan swafoto saat presensi. "
                    + "Ambil swafoto lalu kirim lagi.", Optional.empty());
        }
        Optional<Expected> expected = situation.plan().expected();
        if (expected.isEmpty() && situation.overtimeOnDayOff().isEmpty()) {
            return outcome.refuse(RefusalReason.NOT_SCHEDULED, "Tidak ada jadwal kerja pada " + situation.plan().date()
                    + " (" + situation.plan().dayOff().map(d -> d.source()).orElse("") + ").", Optional.empty());
        }
        boolean windowOpen = request.type() == PunchType.IN
                ? situation.open() == OpenWindow.CHECK_IN || situation.open() == OpenWindow.CHECK_IN_AND_OUT
                : situation.open() == OpenWindow.CHECK_OUT || situation.open() == OpenWindow.CHECK_IN_AND_OUT;
        if (!windowOpen) { // a day off with overtime is open all day, so a closed window has its hours
            Window window = request.type() == PunchType.IN ? expected.get().checkIn() : expected.get().checkOut();
            return outcome.refuse(RefusalReason.OUTSIDE_WINDOW, "Di luar jam presensi " + (request.type() == PunchType.IN ? "masuk" : "pulang")
                    + ": " + HOUR.format(window.opens()) + "-" + HOUR.format(window.closes()) + " " + zone + ".", Optional.empty());
        }
        Optional<Nearest> nearest = situation.places().stream()
                .map(p -> new Nearest(p, p.location().point().distanceMeters(request.position())))
                .min(Comparator.comparingDouble(Nearest::distanceM));
        if (nearest.isEmpty()) {
            return outcome.refuse(RefusalReason.NO_LOCATION, "Unit kerja Anda belum memiliki lokasi presensi. Hubungi admin OPD.",
                    Optional.empty());
        }
        Nearest n = nearest.get();
        if (n.distanceM() > n.place().radiusM() && situation.wfa()) {
            if (!INDONESIA.contains(request.position())) {
                return outcome.refuse(RefusalReason.OUTSIDE_GEOFENCE, "Hari ini hari WFA, tetapi lokasi Anda di luar wilayah Indonesia.",
                        Optional.of(n));
            }
            return new CheckInDecision(true, Optional.empty(), "Presensi " + (request.type() == PunchType.IN ? "masuk" : "pulang")
                    + " WFA diterima pukul " + HOUR.format(local) + " " + zone + " (" + distance(n.distanceM()) + " dari " + n.place().location().name()
                    + ")." + afterwards(request.type(), situation, local, zone), at, offline, Optional.of(situation.plan().date()), Optional.of((int) Math.round(n.distanceM())),
                    Optional.of("WFA"), situation.wfh().isPresent(), true);
        }
        if (n.distanceM() > n.place().radiusM()) {
            return outcome.refuse(RefusalReason.OUTSIDE_GEOFENCE, "Anda berada " + distance(n.distanceM())
                    + " dari lokasi kerja terdekat (batas " + distance(n.place().radiusM()) + ").", Optional.of(n));
        }
        return new CheckInDecision(true, Optional.empty(), "Presensi " + (request.type() == PunchType.IN ? "masuk" : "pulang")
                + " diterima pukul " + HOUR.format(local) + " " + zone + "." + afterwards(request.type(), situation, local, zone), at, offline, Optional.of(situation.plan().date()),
                Optional.of((int) Math.round(n.distanceM())), Optional.of(n.place().location().name()), situation.wfh().isPresent(), false);
    }

    /**
     * What an accepted punch is told after its time: late (or leaving early), with the minutes the day's record will
     * count, so nobody learns it first from the recap; on a day off with overtime ordered, how its hours count.
     */
    private static String afterwards(PunchType type, Situation situation, LocalDateTime local, String zone) {
        if (situation.plan().expected().isEmpty()) {
            return " " + StaffText.OVERTIME_DAY_OFF.format(hours(situation.overtimeOnDayOff().orElseThrow()));
        }
        Expected expected = situation.plan().expected().get();
        if (type == PunchType.IN && local.isAfter(expected.lateAfter())) {
            return " " + StaffText.CHECKIN_LATE.format(minutes(expected.lateAfter(), local), HOUR.format(expected.lateAfter()) + " " + zone);
        }
        if (type == PunchType.OUT && local.isBefore(expected.earlyBefore())) {
            return " " + StaffText.CHECKIN_EARLY.format(minutes(local, expected.earlyBefore()), HOUR.format(expected.earlyBefore()) + " " + zone);
        }
        return "";
    }

    /** The ordered time as the order says it: "3 jam", "2 jam 30 menit". */
    static String hours(Duration ordered) {
        long h = ordered.toHours();
        long m = ordered.toMinutesPart();
        return h == 0 ? m + " menit" : h + " jam" + (m == 0 ? "" : " " + m + " menit");
    }

    /** Whole minutes, a started minute counting, as the day's record counts them. */
    private static long minutes(LocalDateTime from, LocalDateTime to) {
        return (Duration.between(from, to).toSeconds() + 59) / 60;
    }

    /** "85 m" or "1,2 km", as Indonesians write it. */
    static String distance(double metres) {
        if (metres < 1000) {
            return Math.round(metres) + " m";
        }
        return String.format(Locale.ROOT, "%.1f km", metres / 1000).replace('.', ',');
    }

    private record Nearest(AcceptedPlace place, double distanceM) {
    }

    private record Outcome(Instant at, boolean offline, Situation situation) {
        CheckInDecision refuse(RefusalReason reason, String message, Optional<Nearest> nearest) {
            return new CheckInDecision(false, Optional.of(reason), message, at, offline,
                    situation.plan().expected().map(e -> situation.plan().date()),
                    nearest.map(n -> (int) Math.round(n.distanceM())), nearest.map(n -> n.place().location().name()),
                    situation.wfh().isPresent(), false);
        }
    }
}
