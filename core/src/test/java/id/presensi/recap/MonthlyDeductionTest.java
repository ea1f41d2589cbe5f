package id.presensi.recap;

import id.presensi.attendance.StatusBands;
import id.presensi.attendance.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each example rule file of docs/rules on months written day by day, the expected amounts worked out by hand
 * in the comment of each row. A month is written one word a day, its parts joined by '+': H present on time,
 * L45 45 minutes late, E20 left 20 minutes early, S50 stayed 50 minutes after the end, NI no check-in, NO no
 * check-out, TK absent, CT on leave, LIBUR a day off.
 */
class MonthlyDeductionTest {

    static DeductionRules example(String file) throws IOException {
        Path path = Path.of("..", "docs", "rules", file);
        return DeductionRuleFile.parse(Files.readString(path), path.toString());
    }

    @ParameterizedTest(name = "Banjarmasin: {0} -> {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            # TL1 0.5 + TL2 1 + PSW1 0.5 + TK 3 + no check-in as TL4 1.5 = 6.5
            H L10 L45 E20 TK NI                | 6.50
            # TL4 1.5 + PSW4 1.5, no daily cap = 3
            L100+E100                          | 3.00
            # leave, days off and the on-time cost nothing
            CT CT LIBUR H                      | 0.00
            # 34 TK x 3 = 102, capped at 100 a month
            TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK TK | 100.00
            """)
    void banjarmasin(String month, BigDecimal percent) throws IOException {
        assertThat(MonthlyDeduction.of(example("banjarmasin.yaml"), days(month), List.of()).percent()).isEqualByComparingTo(percent);
    }

    @ParameterizedTest(name = "Kementan: {0} -> {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            # TL1 0.5 + TL3 1.5 + TL4 2 + no check-in 2 + no check-out 2 + TK 4 = 12
            L10 L75 L91 NI NO TK               | 12.00
            # TL1 0.5 + PSW2 1 on one day = 1.5
            L20+E45                            | 1.50
            # 30 minutes is still band 1 (0.5), 31 is band 2 (1) = 1.5
            L30 L31                            | 1.50
            """)
    void kementan(String month, BigDecimal percent) throws IOException {
        assertThat(MonthlyDeduction.of(example("kementan-permentan-68-2012.yaml"), days(month), List.of()).percent()).isEqualByComparingTo(percent);
    }

    @ParameterizedTest(name = "daily cap: {0} -> {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            # the guideline's own example: TL4 2.5 + PSW2 1 = 3.5 on one day, charged 2.5
            L95+E45                            | 2.50
            # 2.5 (capped day) + TL1 0.5 + TK 3 (absence is not capped by the day's cap) = 6
            L95+E45 L10 TK                     | 6.00
            # PSW1 0.5 + TL1 0.5 = 1, under the cap
            L20+E20                            | 1.00
            """)
    void daily_cap(String month, BigDecimal percent) throws IOException {
        assertThat(MonthlyDeduction.of(example("batas-harian-pedoman-tukin.yaml"), days(month), List.of()).percent()).isEqualByComparingTo(percent);
    }

    @ParameterizedTest(name = "count and make-up: {0} -> {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            # N-1 = 4 late arrivals: all free
            L10 L10 L10 L10                    | 0.00
            # N = 5: all free
            L10 L10 L10 L10 L10                | 0.00
            # N+1 = 6: the sixth costs TL1 0.5
            L10 L10 L10 L10 L10 L10            | 0.50
            # made up exactly (20 late, 20 stayed) six times: forgiven, and not counted
            L20+S20 L20+S20 L20+S20 L20+S20 L20+S20 L20+S20 | 0.00
            # one minute short on the sixth: it counts, and it is the sixth: TL1 0.5
            L10 L10 L10 L10 L10 L20+S19        | 0.50
            # 40 minutes late is more than the 30 that may be made up: the sixth, TL2 1
            L10 L10 L10 L10 L10 L40+S45        | 1.00
            # early leaving is neither counted nor made up: PSW1 0.5
            E10                                | 0.50
            """)
    void count_and_make_up(String month, BigDecimal percent) throws IOException {
        assertThat(MonthlyDeduction.of(example("hitungan-kemenpanrb.yaml"), days(month), List.of()).percent()).isEqualByComparingTo(percent);
    }

    static final String FREE_BAND_AND_DAILY_CAP = """
            nama: Pita bebas dan batas harian
            berlaku_mulai: 2026-01-01
            terlambat:
              - { dari: 1, sampai: 30, persen: 0 }
              - { dari: 31, sampai: 60, persen: 0.5 }
              - { dari: 61, sampai: 90, persen: 1.25 }
              - { dari: 91, persen: 2.5 }
            pulang_cepat:
              - { dari: 1, sampai: 60, persen: 0.5 }
              - { dari: 61, persen: 2.5 }
            tidak_presensi_masuk: 2.5
            tidak_presensi_pulang: 2.5
            tanpa_keterangan: 5
            batas_harian: 2.5
            """;

    @ParameterizedTest(name = "free band + daily cap: {0} -> {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            # 20 minutes is in the free band
            L20                                | 0.00
            # 31 minutes: 0.5
            L31                                | 0.50
            # 2.5 + 2.5 = 5 on one day, capped 2.5
            L100+E100                          | 2.50
            # no check-in 2.5 + no check-out 2.5 = 5, capped 2.5
            NI+NO                              | 2.50
            # 0.5 + TK 5 = 5.5
            L45 TK                             | 5.50
            # free band and PSW 0.5 on one day: 0.5
            L20+E20                            | 0.50
            """)
    void free_band_and_daily_cap(String month, BigDecimal percent) {
        DeductionRules rules = DeductionRuleFile.parse(FREE_BAND_AND_DAILY_CAP, "test");
        assertThat(MonthlyDeduction.of(rules, days(month), List.of()).percent()).isEqualByComparingTo(percent);
    }

    /** Tulang Bawang's way: each missed apel or ceremony (TA) costs 2 % of the TPP (rules-research.md). */
    static final String WITH_APEL = FREE_BAND_AND_DAILY_CAP + "tidak_apel: 2\n";

    @ParameterizedTest(name = "apel: {0} -> {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            # on time, but the Monday apel missed: TA 2
            H+TA                               | 2.00
            # a day already at its daily cap: 2.5 (capped) + TA 2, which the day's cap does not hold = 4.5
            L100+E100+TA                       | 4.50
            # absent, so the apel missed too: TK 5 + TA 2 = 7
            TK+TA                              | 7.00
            # an apel missed on the 1st and the ceremony of the 17th (Hari Kesadaran Nasional), the rest on time: 2 + 2 = 4
            H+TA H H H H H H H H H H H H H H H H+TA | 4.00
            """)
    void missed_apel(String month, BigDecimal percent) {
        DeductionRules rules = DeductionRuleFile.parse(WITH_APEL, "test");
        assertThat(MonthlyDeduction.of(rules, days(month), List.of()).percent()).isEqualByComparingTo(percent);
    }

    @Test
    void a_missed_apel_costs_nothing_where_the_rules_do_not_say_what_it_costs() {
        DeductionRules rules = DeductionRuleFile.parse(FREE_BAND_AND_DAILY_CAP, "test");

        assertThat(MonthlyDeduction.of(rules, days("H+TA TA"), List.of()).percent()).isEqualByComparingTo("0");
        assertThat(MonthlyDeduction.of(DeductionRuleFile.parse(WITH_APEL, "test"), days("H+TA"), List.of()).lines())
                .extracting(MonthlyDeduction.Line::what).containsExactly("TA: tidak mengikuti apel");
    }

    @Test
    void every_amount_is_explained_by_a_line_and_the_lines_add_up() throws IOException {
        var result = MonthlyDeduction.of(example("batas-harian-pedoman-tukin.yaml"), days("L95+E45 L10 TK H"), List.of());

        assertThat(result.lines()).extracting(MonthlyDeduction.Line::what).containsExactly(
                "TL4: terlambat 95 menit (pita >= 91 menit)", "PSW2: pulang 45 menit sebelum waktunya (pita 31-60 menit)",
                "batas harian 2,5 % (jumlah hari ini 3,5 %)", "TL1: terlambat 10 menit (pita 1-30 menit)", "TK: tanpa keterangan");
        assertThat(result.lines().stream().map(MonthlyDeduction.Line::percent).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(result.percent());
    }

    @Test
    void a_sanction_is_added_after_the_monthly_cap_and_the_total_stops_at_100() throws IOException {
        var sanction = new MonthlyDeduction.Line(java.util.Optional.empty(), "hukuman disiplin", new BigDecimal("25"));
        // 30 TK x 4 = 120, capped at 100; + 25 = 125, at most 100
        var result = MonthlyDeduction.of(example("kementan-permentan-68-2012.yaml"), days("TK ".repeat(30).strip()), List.of(sanction));

        assertThat(result.percent()).isEqualByComparingTo("100");
        // 2 TK x 4 = 8 + 25 = 33
        assertThat(MonthlyDeduction.of(example("kementan-permentan-68-2012.yaml"), days("TK TK"), List.of(sanction)).percent())
                .isEqualByComparingTo("33");
    }

    @Test
    void a_csv_table_gives_what_it_always_gave() {
        var rules = DeductionRules.of(EmployeeMonthTest.BANJARMASIN);
        // TL2 1 + PSW4 1.5 + TK 3 + TL4 (no check-in) 1.5 = 7
        assertThat(MonthlyDeduction.of(rules, days("L45+NO TK NI"), List.of()).percent()).isEqualByComparingTo("7");
    }

    /**
     * The recap's sheets take the percent without the lines ({@link MonthlyDeduction#percent}), --explain and the
     * desk take the lines: the same number, scale included, for every rule file on months that reach each step
     * (free lates, make-up, the daily and monthly caps, missing punches, apel, TK, a sanction over 100).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"banjarmasin.yaml", "batas-harian-pedoman-tukin.yaml", "hitungan-kemenpanrb.yaml", "kementan-permentan-68-2012.yaml",
            "FREE_BAND_AND_DAILY_CAP", "WITH_APEL", "CSV"})
    void the_percent_without_lines_is_the_explained_percent(String file) throws IOException {
        DeductionRules rules = switch (file) {
            case "FREE_BAND_AND_DAILY_CAP" -> DeductionRuleFile.parse(FREE_BAND_AND_DAILY_CAP, "test");
            case "WITH_APEL" -> DeductionRuleFile.parse(WITH_APEL, "test");
            case "CSV" -> DeductionRules.of(EmployeeMonthTest.BANJARMASIN);
            default -> example(file);
        };
        var sanction = new MonthlyDeduction.Line(java.util.Optional.empty(), "hukuman disiplin", new BigDecimal("25"));
        for (String month : List.of("H L10 L45 E20 TK NI", "L95+E45 L10 TK H+TA", "L10 L20 L30+S40 L5+S2 L100+NO", "CT CT LIBUR H TA",
                "TK ".repeat(34).strip(), "L45+NO TK NI L91+E91 E5 NO")) {
            for (List<MonthlyDeduction.Line> sanctions : List.of(List.<MonthlyDeduction.Line>of(), List.of(sanction))) {
                BigDecimal explained = MonthlyDeduction.of(rules, days(month), sanctions).percent();
                assertThat(MonthlyDeduction.percent(rules, days(month), sanctions)).as(month).isEqualTo(explained);
            }
        }
    }

    /** One day per word, from 1 September 2026; see the class comment. */
    static List<EmployeeMonth.Day> days(String month) {
        List<EmployeeMonth.Day> days = new ArrayList<>();
        LocalDate date = LocalDate.of(2026, 9, 1);
        for (String word : month.trim().split("\\s+")) {
            List<String> codes = new ArrayList<>();
            long late = 0;
            long early = 0;
            long stayed = 0;
            boolean noIn = false;
            boolean noOut = false;
            for (String part : word.split("\\+")) {
                switch (part.replaceAll("\\d", "")) {
                    case "L" -> late = Long.parseLong(part.substring(1));
                    case "E" -> early = Long.parseLong(part.substring(1));
                    case "S" -> stayed = Long.parseLong(part.substring(1));
                    case "NI" -> noIn = true;
                    case "NO" -> noOut = true;
                    default -> codes.add(part);
                }
            }
            if (noIn || late > 0) {
                codes.add(noIn ? "TL4" : StatusCode.late(StatusBands.DEFAULT.band(late)).name());
            }
            if (noOut || early > 0) {
                codes.add(noOut ? "PSW4" : StatusCode.early(StatusBands.DEFAULT.band(early)).name());
            }
            if (codes.isEmpty()) {
                codes.add("H");
            }
            days.add(new EmployeeMonth.Day(date, codes.stream().map(StatusCode::valueOf).toList(), !codes.contains("LIBUR"), late, early, noIn, noOut, stayed, false, false));
            date = date.plusDays(1);
        }
        return days;
    }
}
