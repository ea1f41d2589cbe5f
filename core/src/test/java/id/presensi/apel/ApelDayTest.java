package id.presensi.apel;

import id.presensi.apel.ApelRecurrence.Monthly;
import id.presensi.apel.ApelRecurrence.Once;
import id.presensi.apel.ApelRecurrence.Weekly;
import id.presensi.recap.DeductionRuleFile;
import id.presensi.recap.DeductionRules;
import id.presensi.rules.Holiday;
import id.presensi.rules.LeaveType;
import id.presensi.staff.EmployeeType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which apel applies to an employee on a date: written cases, one row each. */
class ApelDayTest {
    static final String DINKES = "DINKES";
    static final String PUSKESMAS = "PKM-1"; // under DINKES
    static final String SETDA = "SETDA";
    static final List<String> NURSE_UNITS = List.of(PUSKESMAS, DINKES);

    static final Apel APEL_PAGI = apel(1, "Apel pagi", new Weekly(Hari.SENIN), Optional.empty(), Set.of(), false);
    static final Apel HKN = apel(2, "Upacara Hari Kesadaran Nasional", new Monthly(17), Optional.empty(), Set.of(EmployeeType.PNS, EmployeeType.PPPK), false);
    static final Apel DINKES_APEL = apel(3, "Apel Dinkes", new Weekly(Hari.JUMAT), Optional.of(DINKES), Set.of(), true);
    static final Apel SETDA_APEL = apel(4, "Apel Setda", new Weekly(Hari.SENIN), Optional.of(SETDA), Set.of(), false);
    static final Apel HUT_RI = apel(5, "Upacara HUT RI", new Once(LocalDate.of(2026, 8, 17)), Optional.empty(), Set.of(), false);

    static Apel apel(long id, String name, ApelRecurrence when, Optional<String> unit, Set<EmployeeType> types, boolean fingerprint) {
        return new Apel(id, name, when, LocalTime.of(7, 15), LocalTime.of(8, 0), unit, types, List.of(), fingerprint);
    }

    record Case(String story, Apel apel, String date, EmployeeType type, Optional<Holiday.Kind> holiday, Optional<String> cancelled,
                Optional<LeaveType> leave, boolean rosterDayOff, ApelDuty expected, String reasonContains) {
        ApelDay.Facts facts() {
            LocalDate d = LocalDate.parse(date);
            return new ApelDay.Facts(d, NURSE_UNITS, type, holiday.map(k -> new Holiday(d, "Hari libur", k)),
                    cancelled.map(r -> Map.of(apel.id(), r)).orElse(Map.of()), leave, rosterDayOff);
        }

        @Override
        public String toString() {
            return story;
        }
    }

    static Case when(String story, Apel apel, String date, ApelDuty expected, String reason) {
        return new Case(story, apel, date, EmployeeType.PNS, Optional.empty(), Optional.empty(), Optional.empty(), false, expected, reason);
    }

    static Stream<Case> cases() {
        return Stream.of(
                when("a Monday apel pagi on an ordinary Monday: required", APEL_PAGI, "2026-09-07", ApelDuty.REQUIRED, "wajib hadir 07:15-08:00"),
                when("the Monday apel on a Tuesday: none", APEL_PAGI, "2026-09-08", ApelDuty.NONE, ""),
                // an apel on a holiday: Maulid Nabi falls on a Monday; nobody is called, with no cancellation row
                new Case("an apel on a holiday cancels itself", APEL_PAGI, "2026-08-24", EmployeeType.PNS, Optional.of(Holiday.Kind.LIBUR_NASIONAL),
                        Optional.empty(), Optional.empty(), false, ApelDuty.CANCELLED, "hari libur"),
                new Case("an apel on cuti bersama cancels itself", HKN, "2026-12-17", EmployeeType.PNS, Optional.of(Holiday.Kind.CUTI_BERSAMA),
                        Optional.empty(), Optional.empty(), false, ApelDuty.CANCELLED, "cuti bersama"),
                new Case("apel ditiadakan for rain", APEL_PAGI, "2026-09-07", EmployeeType.PNS, Optional.empty(), Optional.of("hujan deras"),
                        Optional.empty(), false, ApelDuty.CANCELLED, "hujan deras"),
                // an apel while on leave: excused, not cancelled (the others still attend)
                new Case("an apel while on cuti tahunan is excused", APEL_PAGI, "2026-09-07", EmployeeType.PNS, Optional.empty(), Optional.empty(),
                        Optional.of(LeaveType.CT), false, ApelDuty.EXCUSED, "CT (cuti tahunan)"),
                new Case("an apel while on dinas luar is excused", HKN, "2026-09-17", EmployeeType.PNS, Optional.empty(), Optional.empty(),
                        Optional.of(LeaveType.DL), false, ApelDuty.EXCUSED, "dinas luar"),
                new Case("a nurse's roster day off excuses her", APEL_PAGI, "2026-09-07", EmployeeType.PNS, Optional.empty(), Optional.empty(),
                        Optional.empty(), true, ApelDuty.EXCUSED, "jadwal dinas"),
                new Case("a holiday wins over leave: the apel is cancelled for all", APEL_PAGI, "2026-08-24", EmployeeType.PNS,
                        Optional.of(Holiday.Kind.LIBUR_NASIONAL), Optional.empty(), Optional.of(LeaveType.CT), false, ApelDuty.CANCELLED, "hari libur"),
                when("the 17th ceremony on a 17th", HKN, "2026-09-17", ApelDuty.REQUIRED, "wajib"),
                new Case("the 17th ceremony does not call PTT staff", HKN, "2026-09-17", EmployeeType.PTT, Optional.empty(), Optional.empty(),
                        Optional.empty(), false, ApelDuty.NONE, ""),
                when("a Dinkes apel calls the puskesmas under it (sub-units inherit)", DINKES_APEL, "2026-09-11", ApelDuty.REQUIRED, "wajib"),
                when("the Setda's apel does not call Dinkes staff", SETDA_APEL, "2026-09-07", ApelDuty.NONE, ""),
                when("17 August's ceremony on its date", HUT_RI, "2026-08-17", ApelDuty.REQUIRED, "wajib"),
                when("17 August's ceremony is once only", HUT_RI, "2027-08-17", ApelDuty.NONE, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void duty_of_the_day(Case c) {
        ApelDay day = ApelDay.decide(c.apel(), c.facts());
        assertThat(day.duty()).isEqualTo(c.expected());
        assertThat(day.reason()).contains(c.reasonContains());
    }

    @Test
    void the_day_lists_only_the_apel_held_for_the_employee() {
        var facts = when("", APEL_PAGI, "2026-09-07", ApelDuty.REQUIRED, "").facts();
        assertThat(ApelDay.of(List.of(APEL_PAGI, HKN, DINKES_APEL, SETDA_APEL), facts)).extracting(d -> d.apel().name()).containsExactly("Apel pagi");
    }

    @Test
    void a_fingerprint_punch_in_the_window_counts_only_where_the_apel_says_so() {
        var friday = when("", DINKES_APEL, "2026-09-11", ApelDuty.REQUIRED, "").facts();
        ApelDay dinkes = ApelDay.decide(DINKES_APEL, friday);
        assertThat(dinkes.missed(false, List.of(LocalTime.of(7, 20)))).as("punched at 07:20, inside 07:15-08:00").isFalse();
        assertThat(dinkes.missed(false, List.of(LocalTime.of(8, 5)))).as("punched at 08:05, after the window").isTrue();
        ApelDay pagi = ApelDay.decide(APEL_PAGI, when("", APEL_PAGI, "2026-09-07", ApelDuty.REQUIRED, "").facts());
        assertThat(pagi.missed(false, List.of(LocalTime.of(7, 20)))).as("the Monday apel counts phone check-ins only").isTrue();
        assertThat(pagi.missed(true, List.of())).isFalse();
        ApelDay onLeave = ApelDay.decide(APEL_PAGI, new Case("", APEL_PAGI, "2026-09-07", EmployeeType.PNS, Optional.empty(), Optional.empty(),
                Optional.of(LeaveType.CT), false, ApelDuty.EXCUSED, "").facts());
        assertThat(onLeave.missed(false, List.of())).as("excused: never TA").isFalse();
    }

    /**
     * A missed 17th ceremony, with Tulang Bawang's rule (siaptuba TPP formula: -2% per missed Monday apel or
     * working-day ceremony). By hand, for September 2026:
     * <pre>
     *   Mondays 7, 14, 21, 28: apel pagi; the 14th on cuti tahunan (excused), the 21st missed  -> 1 TA
     *   Thursday 17th: Hari Kesadaran Nasional ceremony, missed                                  -> 1 TA
     *   2 TA x tidak_apel 2% = 4% of the month's TPP; Rp 3.000.000 TPP loses Rp 120.000
     * </pre>
     */
    @Test
    void a_missed_17th_ceremony_costs_what_the_rule_file_says() {
        DeductionRules rules = DeductionRuleFile.parse("""
                nama: Pola Kabupaten Tulang Bawang
                berlaku_mulai: 2026-01-01
                terlambat:
                  - { dari: 1, sampai: 30, persen: 0.5 }
                  - { dari: 31, persen: 1.5 }
                pulang_cepat:
                  - { dari: 1, persen: 0.5 }
                tanpa_keterangan: 3
                tidak_apel: 2
                """, "tulang-bawang.yaml");
        int missed = 0;
        for (int day = 1; day <= 30; day++) {
            LocalDate date = LocalDate.of(2026, 9, day);
            Optional<LeaveType> leave = day == 14 ? Optional.of(LeaveType.CT) : Optional.empty();
            boolean attended = day == 7 || day == 28; // came to the apel on the 7th and the 28th only
            var facts = new ApelDay.Facts(date, NURSE_UNITS, EmployeeType.PNS, Optional.empty(), Map.of(), leave, false);
            for (ApelDay a : ApelDay.of(List.of(APEL_PAGI, HKN), facts)) {
                missed += a.missed(attended, List.of()) ? 1 : 0;
            }
        }
        assertThat(missed).isEqualTo(2);
        BigDecimal percent = ApelDeduction.percent(missed, rules.missedApel().orElseThrow());
        assertThat(percent).isEqualByComparingTo("4");
        assertThat(new BigDecimal("3000000").multiply(percent).movePointLeft(2)).isEqualByComparingTo("120000");
    }

    @Test
    void a_rule_file_refuses_a_tidak_apel_that_is_not_a_percent() {
        assertThatThrownBy(() -> DeductionRuleFile.parse("""
                nama: x
                berlaku_mulai: 2026-01-01
                terlambat: []
                pulang_cepat: []
                tanpa_keterangan: 3
                tidak_apel: 150
                """, "x.yaml")).hasMessageContaining("tidak_apel: must be 0 to 100");
    }
}
