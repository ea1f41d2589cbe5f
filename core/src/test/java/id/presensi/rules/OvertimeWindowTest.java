package id.presensi.rules;

import id.presensi.attendance.AttendanceRule;
import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.Punch;
import id.presensi.attendance.StatusBands;
import id.presensi.checkin.PunchType;
import id.presensi.rules.RuleResolver.Situation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An overtime order (SPL) keeps the day's check-out open until the end plus the ordered time plus the window's usual
 * grace after the end. The office's Monday ends 16:00 and its check-out closes 18:00 (2 h after); the nurse's night
 * shift M of 31 August runs 21:00-07:00 with check-out open 120 min after (09:00 on 1 September).
 */
class OvertimeWindowTest {

    @ParameterizedTest(name = "{0} with {2} min ordered on {1}, at {3}: work date {4}, {5}, check-out closes {6}")
    @CsvSource(delimiter = '|', textBlock = """
            office | -          | 0   | 2026-09-14T18:40 | 2026-09-14 | NONE      | 2026-09-14T18:00
            office | 2026-09-14 | 180 | 2026-09-14T18:40 | 2026-09-14 | CHECK_OUT | 2026-09-14T21:00
            office | 2026-09-14 | 180 | 2026-09-14T21:00 | 2026-09-14 | CHECK_OUT | 2026-09-14T21:00
            office | 2026-09-14 | 180 | 2026-09-14T21:01 | 2026-09-14 | NONE      | 2026-09-14T21:00
            office | 2026-09-14 | 30  | 2026-09-14T18:20 | 2026-09-14 | CHECK_OUT | 2026-09-14T18:30
            office | 2026-09-15 | 180 | 2026-09-14T18:40 | 2026-09-14 | NONE      | 2026-09-14T18:00
            office | 2026-09-19 | 180 | 2026-09-19T18:40 | 2026-09-19 | CHECK_IN_AND_OUT | -
            office | 2026-09-19 | 180 | 2026-09-19T06:00 | 2026-09-19 | CHECK_IN_AND_OUT | -
            office | 2026-09-19 | 180 | 2026-09-20T00:10 | 2026-09-20 | NONE      | -
            office | 2026-08-17 | 240 | 2026-08-17T09:00 | 2026-08-17 | CHECK_IN_AND_OUT | -
            nurse  | 2026-09-01 | 240 | 2026-09-01T13:00 | 2026-09-01 | CHECK_IN_AND_OUT | -
            nurse  | -          | 0   | 2026-09-01T10:30 | 2026-09-01 | NONE      | -
            nurse  | 2026-08-31 | 120 | 2026-09-01T08:30 | 2026-08-31 | CHECK_OUT | 2026-09-01T11:00
            nurse  | 2026-08-31 | 120 | 2026-09-01T10:30 | 2026-08-31 | CHECK_OUT | 2026-09-01T11:00
            nurse  | 2026-08-31 | 120 | 2026-09-01T11:01 | 2026-09-01 | NONE      | -
            """)
    void an_order_widens_that_days_check_out_only(String who, String orderedOn, int minutes, LocalDateTime at, LocalDate workDate,
                                                    RuleResolver.OpenWindow open, String closes) {
        Situation s = RuleResolver.at(ordered(who, orderedOn, minutes), at);

        assertThat(s.plan().date()).isEqualTo(workDate);
        assertThat(s.open()).isEqualTo(open);
        assertThat(s.plan().expected().map(e -> e.checkOut().closes().toString()).orElse("-")).isEqualTo(closes);
    }

    @Test
    void a_day_off_with_an_order_stays_a_day_off_for_the_attendance_rule() {
        LocalDate saturday = LocalDate.of(2026, 9, 19);
        PersonRules orderedSaturday = ordered("office", saturday.toString(), 180);
        List<Punch> punches = List.of(punch(saturday.atTime(8, 5), PunchType.IN), punch(saturday.atTime(11, 40), PunchType.OUT));

        DailyAttendance day = AttendanceRule.decide(RuleResolver.plan(orderedSaturday, saturday), punches, StatusBands.DEFAULT);
        DailyAttendance unordered = AttendanceRule.decide(RuleResolver.plan(ordered("office", "-", 0), saturday), punches, StatusBands.DEFAULT);

        assertThat(RuleResolver.plan(orderedSaturday, saturday).expected()).as("no hours expected: nobody is late or absent").isEmpty();
        assertThat(day.codes()).as("the order changes the phone's windows, not the day's codes").isEqualTo(unordered.codes());
        assertThat(RuleResolver.at(orderedSaturday, saturday.atTime(8, 5)).overtimeOnDayOff()).contains(Duration.ofMinutes(180));
    }

    @Test
    void reconciliation_counts_the_check_out_the_order_kept_open() {
        LocalDate monday = LocalDate.of(2026, 9, 14);
        List<Punch> punches = List.of(punch(monday.atTime(7, 25), PunchType.IN), punch(monday.atTime(18, 40), PunchType.OUT));

        DailyAttendance without = AttendanceRule.decide(RuleResolver.plan(ordered("office", "-", 0), monday), punches, StatusBands.DEFAULT);
        DailyAttendance with = AttendanceRule.decide(RuleResolver.plan(ordered("office", monday.toString(), 180), monday), punches,
                StatusBands.DEFAULT);

        assertThat(without.lastOut()).as("18:40 is past the day's own window").isEmpty();
        assertThat(with.lastOut()).contains(monday.atTime(18, 40));
        assertThat(with.expectedEnd()).as("the day still ends at 16:00: overtime is counted from there").contains(monday.atTime(16, 0));
        assertThat(with.codes()).containsExactly("H");
    }

    private static PersonRules ordered(String who, String date, int minutes) {
        PersonRules p = RuleResolverTest.person(who);
        Map<LocalDate, Duration> orders = date.equals("-") ? Map.of() : Map.of(LocalDate.parse(date), Duration.ofMinutes(minutes));
        return new PersonRules(p.unitCode(), p.unitChain(), p.zone(), p.pattern(), p.schedules(), p.roster(), p.holidays(), p.leave(),
                p.locations(), p.wfhPeriods(), p.wfaDays(), p.maxAccuracyM(), p.selfieRequired(), p.endedFrom(), p.earlierUnits(), orders);
    }

    private static Punch punch(LocalDateTime at, PunchType type) {
        return new Punch(at, Optional.of(type), false, false, false, Punch.Source.APP);
    }
}
