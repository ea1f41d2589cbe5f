package id.presensi.rules;

import id.presensi.rules.DayPlan.DayOffReason;
import id.presensi.rules.RuleResolver.OpenWindow;
import id.presensi.rules.RuleResolver.Situation;
import id.presensi.staff.WorkPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

public class RuleResolverTest {

    public static final GeoPoint KANTOR_BUPATI = new GeoPoint(-1.9086, 116.1978);

    static final ShiftType PAGI = shift("P", "07:00", "14:00");
    static final ShiftType SIANG = shift("S", "14:00", "21:00");
    static final ShiftType MALAM = shift("M", "21:00", "07:00");

    static final List<WorkSchedule> SCHEDULES = List.of(
            schedule("Perbup 12/2025", Optional.empty(), false, ValidityPeriod.from(LocalDate.of(2025, 1, 1)),
                    "07:00", "08:00", "07:30", "16:00", "16:30", 5),
            schedule("Ramadan 1447 H", Optional.empty(), true,
                    ValidityPeriod.between(LocalDate.of(2026, 2, 18), LocalDate.of(2026, 3, 19)),
                    "07:30", "08:30", "08:00", "15:00", "15:30", 5),
            schedule("Puskesmas 6 hari", Optional.of("DINKES"), false, ValidityPeriod.from(LocalDate.of(2025, 1, 1)),
                    "07:00", "08:00", "07:30", "14:00", "14:00", 6));

    static final List<Holiday> HOLIDAYS = List.of(
            new Holiday(LocalDate.of(2026, 8, 17), "Hari Kemerdekaan RI", Holiday.Kind.LIBUR_NASIONAL),
            new Holiday(LocalDate.of(2026, 3, 20), "Idul Fitri 1447 H", Holiday.Kind.LIBUR_NASIONAL));

    static final List<WfhPeriod> WFH = List.of(new WfhPeriod("Pandemi", ValidityPeriod.between(
            LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30)), 50_000, Set.of()));

    static final List<RosterDay> NURSE_ROSTER = List.of(
            new RosterDay(LocalDate.of(2026, 8, 17), Optional.of(PAGI)),
            new RosterDay(LocalDate.of(2026, 8, 30), Optional.of(SIANG)),
            new RosterDay(LocalDate.of(2026, 8, 31), Optional.of(MALAM)),
            new RosterDay(LocalDate.of(2026, 9, 1), Optional.empty()));

    static final List<Leave> LEAVE = List.of(new Leave(LocalDate.of(2026, 9, 7), LocalDate.of(2026, 9, 11),
            LeaveType.CT, Optional.of("800/123/BKPSDM")));

    public static PersonRules person(String who) {
        return switch (who) {
            case "office" -> rules("BKPSDM", List.of("BKPSDM"), WorkPattern.REGULAR, List.of());
            case "puskesmas" -> rules("PKM-1", List.of("PKM-1", "DINKES"), WorkPattern.REGULAR, List.of());
            case "nurse" -> rules("RSUD", List.of("RSUD"), WorkPattern.SHIFT, NURSE_ROSTER);
            default -> throw new IllegalArgumentException(who);
        };
    }

    @ParameterizedTest(name = "{0} at {1}: work date {2}, {3}")
    @CsvSource(delimiter = '|', textBlock = """
            office    | 2026-09-14T07:15 | 2026-09-14 | CHECK_IN         | Perbup 12/2025
            office    | 2026-09-14T07:00 | 2026-09-14 | CHECK_IN         | Perbup 12/2025
            office    | 2026-09-14T06:59 | 2026-09-14 | NONE             | presensi masuk dibuka pukul 07.00
            office    | 2026-09-14T08:00 | 2026-09-14 | CHECK_IN         | Perbup 12/2025
            office    | 2026-09-14T08:01 | 2026-09-14 | NONE             | presensi pulang dibuka pukul 16.00
            office    | 2026-09-14T16:00 | 2026-09-14 | CHECK_OUT        | Perbup 12/2025
            office    | 2026-09-18T16:15 | 2026-09-18 | NONE             | presensi pulang dibuka pukul 16.30
            office    | 2026-09-18T16:30 | 2026-09-18 | CHECK_OUT        | Perbup 12/2025
            office    | 2026-09-14T18:01 | 2026-09-14 | NONE             | presensi pulang ditutup pukul 18.00
            office    | 2026-09-19T07:15 | 2026-09-19 | NONE             | tidak ada jam kerja pada hari SABTU
            office    | 2026-08-17T07:15 | 2026-08-17 | NONE             | LIBUR_NASIONAL: Hari Kemerdekaan RI
            office    | 2026-03-02T07:45 | 2026-03-02 | CHECK_IN         | Ramadan 1447 H
            office    | 2026-03-02T07:15 | 2026-03-02 | NONE             | presensi masuk dibuka pukul 07.30
            office    | 2026-03-20T08:00 | 2026-03-20 | NONE             | Idul Fitri
            office    | 2026-03-23T07:15 | 2026-03-23 | CHECK_IN         | Perbup 12/2025
            puskesmas | 2026-09-19T07:15 | 2026-09-19 | CHECK_IN         | Puskesmas 6 hari
            puskesmas | 2026-09-20T07:15 | 2026-09-20 | NONE             | tidak ada jam kerja pada hari MINGGU
            puskesmas | 2026-03-02T07:45 | 2026-03-02 | CHECK_IN         | Ramadan 1447 H
            nurse     | 2026-08-31T20:00 | 2026-08-31 | CHECK_IN         | shift M
            nurse     | 2026-08-31T21:30 | 2026-08-31 | CHECK_IN_AND_OUT | shift M
            nurse     | 2026-09-01T06:30 | 2026-08-31 | CHECK_IN_AND_OUT | shift M
            nurse     | 2026-09-01T08:30 | 2026-08-31 | CHECK_OUT        | shift M
            nurse     | 2026-09-01T09:00 | 2026-08-31 | CHECK_OUT        | shift M
            nurse     | 2026-09-01T09:01 | 2026-09-01 | NONE             | L (libur)
            nurse     | 2026-08-30T22:59 | 2026-08-30 | CHECK_OUT        | shift S
            nurse     | 2026-08-17T07:05 | 2026-08-17 | CHECK_IN_AND_OUT | shift P
            nurse     | 2026-09-02T10:00 | 2026-09-02 | NONE             | belum ada jadwal dinas
            """)
    void the_situation_at_a_local_time(String who, LocalDateTime at, LocalDate workDate, OpenWindow open, String says) {
        Situation situation = RuleResolver.at(person(who), at);

        assertThat(situation.plan().date()).isEqualTo(workDate);
        assertThat(situation.open()).isEqualTo(open);
        String told = situation.plan().expected().map(Expected::source).orElse("") + " | " + situation.closedReason();
        assertThat(told).contains(says);
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            office | 2026-09-19 | WEEKEND
            office | 2026-08-17 | HOLIDAY
            nurse  | 2026-09-01 | ROSTER_OFF
            nurse  | 2026-09-02 | NOT_ROSTERED
            office | 2024-12-31 | NO_SCHEDULE
            """)
    void days_without_work_say_why(String who, LocalDate date, DayOffReason reason) {
        DayPlan plan = RuleResolver.plan(person(who), date);

        assertThat(plan.isWorkingDay()).isFalse();
        assertThat(plan.dayOff().orElseThrow().reason()).isEqualTo(reason);
    }

    @Test
    void a_night_shift_on_the_last_day_of_a_month_ends_on_the_first_of_the_next() {
        Expected night = RuleResolver.plan(person("nurse"), LocalDate.of(2026, 8, 31)).expected().orElseThrow();

        assertThat(night.workStart()).isEqualTo(LocalDateTime.of(2026, 8, 31, 21, 0));
        assertThat(night.workEnd()).isEqualTo(LocalDateTime.of(2026, 9, 1, 7, 0));
        assertThat(night.lateAfter()).isEqualTo(LocalDateTime.of(2026, 8, 31, 21, 15));
        assertThat(night.checkOut().closes()).isEqualTo(LocalDateTime.of(2026, 9, 1, 9, 0));
    }

    @Test
    void leave_is_reported_on_a_working_day_without_removing_its_hours() {
        DayPlan plan = RuleResolver.plan(person("office"), LocalDate.of(2026, 9, 8));

        assertThat(plan.isWorkingDay()).isTrue();
        assertThat(plan.leave().orElseThrow().type()).isEqualTo(LeaveType.CT);
    }

    @Test
    void work_from_home_widens_the_radius_only_within_its_period() {
        Situation during = RuleResolver.at(person("office"), LocalDateTime.of(2026, 4, 15, 7, 15));
        Situation after = RuleResolver.at(person("office"), LocalDateTime.of(2026, 5, 4, 7, 15));

        assertThat(during.wfh()).isPresent();
        assertThat(during.places()).extracting(RuleResolver.AcceptedPlace::radiusM).containsOnly(50_000);
        assertThat(after.wfh()).isEmpty();
        assertThat(after.places()).extracting(RuleResolver.AcceptedPlace::radiusM).containsOnly(100);
    }

    @Test
    void haversine_distance_matches_a_known_distance() {
        GeoPoint east = new GeoPoint(-1.9086, 116.2086); // 0.0108 degrees of longitude east at 1.9 S
        assertThat(KANTOR_BUPATI.distanceMeters(east)).isBetween(1_199.0, 1_202.0);
        assertThat(KANTOR_BUPATI.distanceMeters(KANTOR_BUPATI)).isZero();
    }

    private static PersonRules rules(String unit, List<String> chain, WorkPattern pattern, List<RosterDay> roster) {
        return new PersonRules(unit, chain, ZoneId.of("Asia/Makassar"), pattern, SCHEDULES, roster, HOLIDAYS, LEAVE,
                List.of(new WorkLocation(unit, "Kantor", KANTOR_BUPATI, 100)), WFH, Set.of(), 100, false, Optional.empty());
    }

    private static ShiftType shift(String code, String start, String end) {
        return new ShiftType(code, "Shift " + code, Optional.of("RSUD"), LocalTime.parse(start), LocalTime.parse(end), 60, 15, 0, 120);
    }

    /** Mon-Thu (and Fri with its own end), or Mon-Sat for a 6-day schedule; check-out stays open two hours. */
    private static WorkSchedule schedule(String name, Optional<String> unit, boolean special, ValidityPeriod validity,
                                         String opens, String closes, String start, String end, String fridayEnd, int days) {
        Map<DayOfWeek, ScheduleDay> hours = new EnumMap<>(DayOfWeek.class);
        for (int d = 1; d <= days; d++) {
            DayOfWeek weekday = DayOfWeek.of(d);
            LocalTime workEnd = LocalTime.parse(weekday == DayOfWeek.FRIDAY ? fridayEnd : end);
            hours.put(weekday, new ScheduleDay(weekday, LocalTime.parse(opens), LocalTime.parse(closes), LocalTime.parse(start),
                    0, workEnd, 0, workEnd, workEnd.plusHours(2)));
        }
        return new WorkSchedule(name, unit, special, validity, hours);
    }
}
