package id.presensi.attendance;

import id.presensi.checkin.PunchType;
import id.presensi.rules.DayPlan;
import id.presensi.rules.Holiday;
import id.presensi.rules.Leave;
import id.presensi.rules.LeaveType;
import id.presensi.rules.PersonRules;
import id.presensi.rules.RosterDay;
import id.presensi.rules.RuleResolver;
import id.presensi.rules.ScheduleDay;
import id.presensi.rules.ShiftType;
import id.presensi.rules.ValidityPeriod;
import id.presensi.rules.WorkSchedule;
import id.presensi.staff.WorkPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AttendanceRuleTest {

    static final ShiftType PAGI = shift("P", "07:00", "14:00");
    static final ShiftType MALAM = shift("M", "21:00", "07:00");

    static final List<WorkSchedule> SCHEDULES = List.of(
            schedule("Perbup 2025", false, ValidityPeriod.between(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 9, 30)), "07:30", "16:00", "16:30"),
            schedule("Perbup 2026-10", false, ValidityPeriod.from(LocalDate.of(2026, 10, 1)), "07:45", "16:00", "16:30"),
            schedule("Ramadan 1447 H", true, ValidityPeriod.between(LocalDate.of(2026, 2, 18), LocalDate.of(2026, 3, 19)), "08:00", "15:00", "15:30"));

    static final List<Holiday> HOLIDAYS = List.of(
            new Holiday(LocalDate.of(2026, 8, 17), "Hari Kemerdekaan RI", Holiday.Kind.LIBUR_NASIONAL),
            new Holiday(LocalDate.of(2026, 12, 24), "Cuti Bersama Natal", Holiday.Kind.CUTI_BERSAMA));

    static final List<Leave> LEAVE = List.of(
            new Leave(LocalDate.of(2026, 9, 7), LocalDate.of(2026, 9, 11), LeaveType.CT, Optional.of("800/123/BKPSDM")),
            new Leave(LocalDate.of(2026, 9, 25), LocalDate.of(2026, 9, 27), LeaveType.S, Optional.empty()));

    static final List<RosterDay> ROSTER = List.of(
            new RosterDay(LocalDate.of(2026, 8, 17), Optional.of(PAGI)),
            new RosterDay(LocalDate.of(2026, 8, 31), Optional.of(MALAM)),
            new RosterDay(LocalDate.of(2026, 9, 1), Optional.empty()),
            new RosterDay(LocalDate.of(2026, 9, 15), Optional.of(MALAM)));

    @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            office | 2026-09-14 | IN 07:30; OUT 16:00                 | H          | 0  | 0  | -              | Masuk 07.30, pulang 16.00
            office | 2026-09-14 | IN 07:29; OUT 16:30                 | H          | 0  | 0  | -              | -
            office | 2026-09-14 | IN 07:30:01; OUT 16:00              | TL1        | 1  | 0  | -              | terlambat 1 menit
            office | 2026-09-14 | IN 07:31; OUT 16:00                 | TL1        | 1  | 0  | -              | -
            office | 2026-09-14 | IN 08:00; OUT 16:00                 | TL1        | 30 | 0  | -              | -
            office | 2026-09-14 | IN 08:01; OUT 16:00                 | TL2        | 31 | 0  | -              | -
            office | 2026-09-14 | IN 08:30; OUT 16:00                 | TL2        | 60 | 0  | -              | -
            office | 2026-09-14 | IN 08:31; OUT 16:00                 | TL3        | 61 | 0  | -              | -
            office | 2026-09-14 | IN 09:00; OUT 16:00                 | TL3        | 90 | 0  | -              | -
            office | 2026-09-14 | IN 09:01; OUT 16:00                 | TL4        | 91 | 0  | -              | -
            office | 2026-09-14 | IN 07:00; OUT 15:59                 | PSW1       | 0  | 1  | -              | 1 menit sebelum waktunya
            office | 2026-09-14 | IN 07:00; OUT 15:30                 | PSW1       | 0  | 30 | -              | -
            office | 2026-09-14 | IN 07:00; OUT 15:29                 | PSW2       | 0  | 31 | -              | -
            office | 2026-09-14 | IN 07:00; OUT 15:00                 | PSW2       | 0  | 60 | -              | -
            office | 2026-09-14 | IN 07:00; OUT 14:59                 | PSW3       | 0  | 61 | -              | -
            office | 2026-09-14 | IN 07:00; OUT 14:30                 | PSW3       | 0  | 90 | -              | -
            office | 2026-09-14 | IN 07:00; OUT 14:29                 | PSW4       | 0  | 91 | -              | -
            office | 2026-09-14 | IN 08:10; OUT 15:50                 | TL2 PSW1   | 40 | 10 | -              | -
            office | 2026-09-14 | IN 07:10                            | PSW4       | 0  | 0  | -              | tidak presensi pulang
            office | 2026-09-14 | OUT 16:10                           | TL4        | 0  | 0  | -              | Tidak presensi masuk
            office | 2026-09-14 | -                                   | TK         | 0  | 0  | -              | Tanpa keterangan
            office | 2026-09-14 | IN 05:30; OUT 21:00                 | TK         | 0  | 0  | -              | -
            office | 2026-09-14 | IN 07:10; IN 07:20; OUT 16:05; OUT 17:00 | H     | 0  | 0  | -              | Masuk 07.10, pulang 17.00
            office | 2026-09-14 | IN 07:10; IN 07:10                  | PSW4       | 0  | 0  | -              | -
            office | 2026-09-08 | -                                   | CT         | 0  | 0  | -              | Cuti tahunan (800/123/BKPSDM)
            office | 2026-09-08 | IN 07:10; OUT 16:00                 | CT         | 0  | 0  | -              | -
            office | 2026-09-25 | -                                   | S          | 0  | 0  | -              | Sakit
            office | 2026-09-26 | -                                   | LIBUR      | 0  | 0  | -              | tidak ada jam kerja pada hari SABTU
            office | 2026-09-19 | -                                   | LIBUR      | 0  | 0  | -              | -
            office | 2026-08-17 | -                                   | LIBUR      | 0  | 0  | -              | Libur: Hari Kemerdekaan RI
            office | 2026-08-17 | IN 07:10; OUT 16:00                 | LIBUR      | 0  | 0  | WORKED_ON_DAY_OFF | ada presensi pada hari libur
            office | 2026-12-24 | -                                   | LIBUR      | 0  | 0  | -              | Cuti Bersama Natal
            office | 2026-09-18 | IN 07:20; OUT 16:00                 | PSW1       | 0  | 30 | -              | -
            office | 2026-03-02 | IN 08:00; OUT 15:00                 | H          | 0  | 0  | -              | -
            office | 2026-03-02 | IN 07:45; OUT 15:10                 | H          | 0  | 0  | -              | -
            office | 2026-03-02 | IN 08:20; OUT 15:00                 | TL1        | 20 | 0  | -              | -
            office | 2026-09-30 | IN 07:40; OUT 16:00                 | TL1        | 10 | 0  | -              | -
            office | 2026-10-01 | IN 07:40; OUT 16:00                 | H          | 0  | 0  | -              | -
            office | 2026-09-14 | IN 07:10 offline; OUT 16:00 wfh     | H          | 0  | 0  | OFFLINE_SYNCED WORK_FROM_HOME | -
            office | 2026-09-16 | IN 07:25 wfa; OUT 16:05 wfa         | H          | 0  | 0  | WORK_FROM_ANYWHERE          | -
            office | 2026-09-14 | ANY 07:20 fp; ANY 16:10 fp          | H          | 0  | 0  | FINGERPRINT    | -
            office | 2026-09-14 | ANY 07:20 fp                        | PSW4       | 0  | 0  | FINGERPRINT    | -
            nurse  | 2026-08-31 | IN 20:55; +1 OUT 07:05              | H          | 0  | 0  | -              | Masuk 20.55, pulang 07.05
            nurse  | 2026-08-31 | IN 21:20; +1 OUT 06:40              | TL1 PSW1   | 5  | 20 | -              | -
            nurse  | 2026-08-17 | IN 06:58; OUT 13:59:50              | PSW1       | 0  | 1  | -              | 1 menit sebelum waktunya
            nurse  | 2026-09-15 | IN 21:10                            | PSW4       | 0  | 0  | -              | -
            nurse  | 2026-08-17 | IN 06:58; OUT 14:02                 | H          | 0  | 0  | -              | -
            nurse  | 2026-09-01 | IN 07:00                            | LIBUR      | 0  | 0  | WORKED_ON_DAY_OFF | jadwal dinas 2026-09-01: L
            nurse  | 2026-09-02 | -                                   | LIBUR      | 0  | 0  | -              | belum ada jadwal dinas
            """)
    void a_day_is_recorded_as_recaps_count_it(String who, LocalDate date, String punches, String codes, long late, long early,
                                              String flags, String explains) {
        DayPlan plan = RuleResolver.plan(person(who), date);

        DailyAttendance day = AttendanceRule.decide(plan, punches(date, punches), StatusBands.DEFAULT);

        assertThat(day.codes()).containsExactly(codes.split(" "));
        assertThat(day.lateMin()).isEqualTo(late);
        assertThat(day.earlyMin()).isEqualTo(early);
        assertThat(day.flags()).extracting(Enum::name).containsExactlyInAnyOrder(flags == null ? new String[0] : flags.split(" "));
        if (explains != null) {
            assertThat(day.explanation()).contains(explains);
        }
    }

    @Test
    void the_bands_are_configuration() {
        DayPlan plan = RuleResolver.plan(person("office"), LocalDate.of(2026, 9, 14));
        StatusBands stricter = new StatusBands(new int[] {15, 30, 60});

        DailyAttendance day = AttendanceRule.decide(plan, punches(plan.date(), "IN 07:50; OUT 16:00"), stricter);

        assertThat(day.codes()).containsExactly("TL2");
    }

    @Test
    void a_night_shift_records_its_times_on_the_date_it_started() {
        DayPlan plan = RuleResolver.plan(person("nurse"), LocalDate.of(2026, 8, 31));

        DailyAttendance day = AttendanceRule.decide(plan, punches(plan.date(), "IN 20:55; +1 OUT 07:05"), StatusBands.DEFAULT);

        assertThat(day.workDate()).isEqualTo(LocalDate.of(2026, 8, 31));
        assertThat(day.lastOut()).contains(LocalDate.of(2026, 9, 1).atTime(7, 5));
        assertThat(day.shiftCode()).contains("M");
    }

    /** "IN 07:30; +1 OUT 06:40 offline; ANY 07:20 fp": type, local time (next day with +1), and flags. */
    static List<Punch> punches(LocalDate date, String text) {
        List<Punch> punches = new ArrayList<>();
        if (text == null) {
            return punches;
        }
        for (String part : text.split(";")) {
            List<String> words = new ArrayList<>(Arrays.asList(part.strip().split("\\s+")));
            LocalDate day = date;
            if (words.get(0).equals("+1")) {
                day = date.plusDays(1);
                words.remove(0);
            }
            Optional<PunchType> type = words.get(0).equals("ANY") ? Optional.empty() : Optional.of(PunchType.valueOf(words.get(0)));
            punches.add(new Punch(day.atTime(LocalTime.parse(words.get(1))), type, words.contains("offline"), words.contains("wfh"), words.contains("wfa"),
                    words.contains("fp") ? Punch.Source.FINGERPRINT : words.contains("koreksi") ? Punch.Source.KOREKSI : Punch.Source.APP));
        }
        return punches;
    }

    static PersonRules person(String who) {
        boolean nurse = who.equals("nurse");
        return new PersonRules(nurse ? "RSUD" : "BKPSDM", List.of(nurse ? "RSUD" : "BKPSDM"), ZoneId.of("Asia/Makassar"),
                nurse ? WorkPattern.SHIFT : WorkPattern.REGULAR, SCHEDULES, nurse ? ROSTER : List.of(), HOLIDAYS, nurse ? List.of() : LEAVE,
                List.of(), List.of(), Set.of(), 100, false, Optional.empty());
    }

    private static ShiftType shift(String code, String start, String end) {
        return new ShiftType(code, "Shift " + code, Optional.of("RSUD"), LocalTime.parse(start), LocalTime.parse(end), 60, 15, 0, 120);
    }

    /** Mon-Fri with wide windows (check-in 06:00-12:00, check-out 12:00-20:00) so every band can be reached. */
    private static WorkSchedule schedule(String name, boolean special, ValidityPeriod validity, String start, String end, String fridayEnd) {
        Map<DayOfWeek, ScheduleDay> days = new EnumMap<>(DayOfWeek.class);
        for (int d = 1; d <= 5; d++) {
            DayOfWeek weekday = DayOfWeek.of(d);
            days.put(weekday, new ScheduleDay(weekday, LocalTime.of(6, 0), LocalTime.of(12, 0), LocalTime.parse(start), 0,
                    LocalTime.parse(weekday == DayOfWeek.FRIDAY ? fridayEnd : end), 0, LocalTime.of(12, 0), LocalTime.of(20, 0)));
        }
        return new WorkSchedule(name, Optional.empty(), special, validity, days);
    }
}
