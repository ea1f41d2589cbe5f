package id.presensi.recap;

import id.presensi.attendance.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmployeeMonthTest {
    static final DeductionTable BANJARMASIN = new DeductionTable("Bawaan", LocalDate.of(2000, 1, 1), Map.of(
            "TL1", new BigDecimal("0.5"), "TL2", new BigDecimal("1"), "TL3", new BigDecimal("1.25"), "TL4", new BigDecimal("1.5"),
            "PSW1", new BigDecimal("0.5"), "PSW2", new BigDecimal("1"), "PSW3", new BigDecimal("1.25"), "PSW4", new BigDecimal("1.5"),
            "TK", new BigDecimal("3")), new BigDecimal("100"));

    @ParameterizedTest(name = "{0} -> {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            H H H H H                   | 0.00
            TL1 H H                     | 0.50
            TL1+PSW1 H                  | 1.00
            TL2 TL3 TL4                 | 3.75
            PSW4 PSW4                   | 3.00
            TK TK TK                    | 9.00
            CT CT S DL LIBUR            | 0.00
            TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK | 100.00
            """)
    void the_deduction_adds_each_days_rate_and_is_capped(String days, BigDecimal percent) {
        EmployeeMonth month = EmployeeMonth.of("198503152010011001", "Budi", "Analis", "PNS", days(days), DeductionRules.of(BANJARMASIN),
                List.of());

        assertThat(month.deductionPercent()).isEqualByComparingTo(percent);
    }

    @Test
    void counts_working_days_codes_and_minutes() {
        List<EmployeeMonth.Day> days = new ArrayList<>(days("H TL2+PSW1 TK CT LIBUR"));
        EmployeeMonth month = EmployeeMonth.of("k", "n", "p", "PNS", days, DeductionRules.of(BANJARMASIN), List.of());

        assertThat(month.workingDays()).isEqualTo(4);
        assertThat(month.count("TL2")).isEqualTo(1);
        assertThat(month.count("PSW1")).isEqualTo(1);
        assertThat(month.count("TK")).isEqualTo(1);
        assertThat(month.lateMinutes()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}: {1} cuti bersama day(s) taken from annual leave")
    @CsvSource({"PNS, 2", "PPPK, 2", "PTT, 0"})
    void cuti_bersama_days_off_count_as_annual_leave_for_asn(String type, int days) {
        EmployeeMonth month = EmployeeMonth.of("k", "n", "p", type, days("H LIBUR-CB LIBUR-CB LIBUR H"), DeductionRules.of(BANJARMASIN), List.of());

        assertThat(month.cutiBersamaDays()).isEqualTo(days);
        assertThat(month.count("LIBUR")).isEqualTo(3);
    }

    @Test
    void a_rule_file_may_say_cuti_bersama_is_not_taken_from_annual_leave() {
        var rules = DeductionRuleFile.parse(MonthlyDeductionTest.FREE_BAND_AND_DAILY_CAP + "cuti_bersama_potong_cuti_tahunan: false\n", "test");

        assertThat(EmployeeMonth.of("k", "n", "p", "PNS", days("LIBUR-CB H"), rules, List.of()).cutiBersamaDays()).isZero();
    }

    @ParameterizedTest(name = "{0} TK days: {1}")
    @CsvSource({"0, NONE", "2, NONE", "3, VERBAL_WARNING", "4, WRITTEN_WARNING", "6, WRITTEN_WARNING", "7, STATEMENT_OF_DISSATISFACTION",
            "10, STATEMENT_OF_DISSATISFACTION", "11, ALLOWANCE_CUT_6_MONTHS", "14, ALLOWANCE_CUT_9_MONTHS", "17, ALLOWANCE_CUT_12_MONTHS",
            "20, ALLOWANCE_CUT_12_MONTHS", "21, DEMOTION", "25, NON_MANAGERIAL_POST", "27, NON_MANAGERIAL_POST", "28, DISMISSAL", "40, DISMISSAL"})
    void discipline_levels_follow_pp_94_2021(int tkDays, DisciplineLevel level) {
        assertThat(DisciplineLevel.forTkDays(tkDays)).isEqualTo(level);
    }

    /**
     * "H TL1+PSW1 LIBUR": one day per word, codes joined by +; LIBUR is a day off, LIBUR-CB a cuti bersama day off;
     * TL days are 10 minutes late.
     */
    static List<EmployeeMonth.Day> days(String text) {
        List<EmployeeMonth.Day> days = new ArrayList<>();
        LocalDate date = LocalDate.of(2026, 9, 1);
        for (String word : text.split(" ")) {
            List<String> codes = word.equals("LIBUR-CB") ? List.of("LIBUR") : Arrays.asList(word.split("\\+"));
            days.add(new EmployeeMonth.Day(date, codes.stream().map(StatusCode::valueOf).toList(), !codes.contains("LIBUR"), codes.stream().anyMatch(c -> c.startsWith("TL")) ? 10 : 0, 0,
                    false, false, 0, false, word.equals("LIBUR-CB")));
            date = date.plusDays(1);
        }
        return days;
    }
}
