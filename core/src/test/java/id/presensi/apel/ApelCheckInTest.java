package id.presensi.apel;

import id.presensi.checkin.RefusalReason;
import id.presensi.rules.GeoPoint;
import id.presensi.rules.WorkLocation;
import id.presensi.staff.EmployeeType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Presensi apel" button's answers: in the window and at the place, or refused with the reason. */
class ApelCheckInTest {
    static final WorkLocation FIELD = new WorkLocation("SETDA", "Lapangan Pemda", new GeoPoint(-1.9000, 116.2000), 150);
    static final WorkLocation OWN_YARD = new WorkLocation("DINKES", "Halaman Dinkes", new GeoPoint(-1.8000, 116.1000), 60);
    static final Apel AT_THE_FIELD = new Apel(1, "Apel pagi", new ApelRecurrence.Weekly(Hari.SENIN), LocalTime.of(7, 15), LocalTime.of(8, 0),
            Optional.empty(), Set.of(), List.of(FIELD), false);
    static final Apel IN_EACH_YARD = new Apel(2, "Apel Jumat", new ApelRecurrence.Weekly(Hari.JUMAT), LocalTime.of(7, 15), LocalTime.of(8, 0),
            Optional.empty(), Set.of(), List.of(), false);
    static final LocalDate MONDAY = LocalDate.of(2026, 9, 7);
    static final GeoPoint ON_THE_FIELD = new GeoPoint(-1.9005, 116.2003); // about 65 m from its centre

    static ApelDay.Facts facts(LocalDate date, Map<Long, String> cancelled) {
        return new ApelDay.Facts(date, List.of("DINKES"), EmployeeType.PNS, Optional.empty(), cancelled, Optional.empty(), false);
    }

    static ApelCheckIn.Decision at(Apel apel, LocalDate date, GeoPoint where, LocalTime time) {
        return ApelCheckIn.decide(ApelDay.decide(apel, facts(date, Map.of())), List.of(OWN_YARD), where, 10, false, 100, time);
    }

    @Test
    void on_the_field_in_the_window_is_accepted() {
        var d = at(AT_THE_FIELD, MONDAY, ON_THE_FIELD, LocalTime.of(7, 20));
        assertThat(d.accepted()).isTrue();
        assertThat(d.message()).isEqualTo("Presensi Apel pagi diterima pukul 07.20 di Lapangan Pemda.");
        assertThat(d.distanceM()).hasValueSatisfying(m -> assertThat(m).isBetween(50, 80));
    }

    @Test
    void before_or_after_the_window_is_refused_with_its_hours() {
        assertThat(at(AT_THE_FIELD, MONDAY, ON_THE_FIELD, LocalTime.of(7, 14)).reason()).contains(RefusalReason.OUTSIDE_WINDOW);
        var late = at(AT_THE_FIELD, MONDAY, ON_THE_FIELD, LocalTime.of(8, 1));
        assertThat(late.reason()).contains(RefusalReason.OUTSIDE_WINDOW);
        assertThat(late.message()).isEqualTo("Presensi Apel pagi hanya pukul 07.15-08.00; sekarang pukul 08.01.");
    }

    @Test
    void at_the_office_instead_of_the_field_is_refused_with_the_distance() {
        var d = at(AT_THE_FIELD, MONDAY, OWN_YARD.point(), LocalTime.of(7, 20));
        assertThat(d.reason()).contains(RefusalReason.OUTSIDE_GEOFENCE);
        assertThat(d.message()).startsWith("Anda berada ").contains("dari lokasi Apel pagi (Lapangan Pemda, batas 150 m)");
    }

    @Test
    void an_apel_without_places_is_held_in_each_units_own_yard() {
        LocalDate friday = LocalDate.of(2026, 9, 11);
        assertThat(at(IN_EACH_YARD, friday, OWN_YARD.point(), LocalTime.of(7, 30)).accepted()).isTrue();
        assertThat(at(IN_EACH_YARD, friday, ON_THE_FIELD, LocalTime.of(7, 30)).reason()).contains(RefusalReason.OUTSIDE_GEOFENCE);
    }

    @Test
    void no_apel_today_or_a_cancelled_one_is_refused_in_indonesian() {
        assertThat(at(AT_THE_FIELD, MONDAY.plusDays(1), ON_THE_FIELD, LocalTime.of(7, 20)).message()).isEqualTo("Tidak ada Apel pagi untuk Anda hari ini.");
        var cancelled = ApelCheckIn.decide(ApelDay.decide(AT_THE_FIELD, facts(MONDAY, Map.of(1L, "hujan deras"))), List.of(OWN_YARD), ON_THE_FIELD,
                10, false, 100, LocalTime.of(7, 20));
        assertThat(cancelled.reason()).contains(RefusalReason.NOT_SCHEDULED);
        assertThat(cancelled.message()).isEqualTo("Apel pagi hari ini ditiadakan: hujan deras.");
    }

    @Test
    void a_mock_location_or_poor_accuracy_is_refused_first() {
        ApelDay day = ApelDay.decide(AT_THE_FIELD, facts(MONDAY, Map.of()));
        assertThat(ApelCheckIn.decide(day, List.of(), ON_THE_FIELD, 10, true, 100, LocalTime.of(7, 20)).reason()).contains(RefusalReason.MOCK_LOCATION);
        assertThat(ApelCheckIn.decide(day, List.of(), ON_THE_FIELD, 250, false, 100, LocalTime.of(7, 20)).reason()).contains(RefusalReason.LOW_ACCURACY);
    }
}
