package id.presensi.recap;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SanctionHistoryTest {
    static final DeductionRules.Sanctions PP_94 = new DeductionRules.Sanctions(new BigDecimal("25"), true);

    @Test
    void eleven_tk_days_cut_the_allowance_for_six_months_from_the_next_month() {
        var history = new SanctionHistory(tkDays(LocalDate.of(2026, 3, 1), 11), List.of()); // the 11th on 11 March

        assertThat(history.cutIn(YearMonth.of(2026, 3))).isEmpty();
        assertThat(history.cutIn(YearMonth.of(2026, 4))).get().extracting(SanctionHistory.Cut::level).isEqualTo(DisciplineLevel.ALLOWANCE_CUT_6_MONTHS);
        assertThat(history.cutIn(YearMonth.of(2026, 9))).isPresent();
        assertThat(history.cutIn(YearMonth.of(2026, 10))).isEmpty();
        assertThat(history.lines(YearMonth.of(2026, 4), PP_94)).singleElement().satisfies(line -> {
            assertThat(line.percent()).isEqualByComparingTo("25");
            assertThat(line.what()).contains("pemotongan tunjangan kinerja 25% selama 6 bulan", "2026-03-11", "2026-04 s.d. 2026-09");
        });
    }

    @Test
    void a_cut_reached_in_november_runs_into_the_next_year() {
        var history = new SanctionHistory(tkDays(LocalDate.of(2026, 11, 10), 11), List.of()); // the 11th on 20 November

        assertThat(history.cutIn(YearMonth.of(2026, 12))).isPresent();
        assertThat(history.cutIn(YearMonth.of(2027, 1))).get().extracting(SanctionHistory.Cut::until).isEqualTo(YearMonth.of(2027, 5));
        assertThat(history.cutIn(YearMonth.of(2027, 6))).isEmpty();
    }

    @Test
    void the_count_starts_again_each_year() {
        List<LocalDate> days = new ArrayList<>(tkDays(LocalDate.of(2026, 12, 20), 10)); // ten in 2026 (20-29 Dec)
        days.addAll(tkDays(LocalDate.of(2027, 1, 4), 1)); // and one in 2027

        assertThat(new SanctionHistory(days, List.of()).cuts()).isEmpty();
    }

    @Test
    void a_higher_level_replaces_the_running_cut_rather_than_adding_to_it() {
        List<LocalDate> days = new ArrayList<>(tkDays(LocalDate.of(2026, 3, 1), 11)); // 11 by 11 March: Apr-Sep
        days.addAll(tkDays(LocalDate.of(2026, 5, 1), 3)); // 14 by 3 May: Jun 2026 - Feb 2027
        var history = new SanctionHistory(days, List.of());

        assertThat(history.lines(YearMonth.of(2026, 7), PP_94)).singleElement()
                .satisfies(line -> assertThat(line.what()).contains("selama 9 bulan", "2026-06 s.d. 2027-02"));
        assertThat(history.cutIn(YearMonth.of(2027, 2))).isPresent();
        assertThat(history.cutIn(YearMonth.of(2027, 3))).isEmpty();
    }

    @Test
    void ten_consecutive_working_days_across_a_weekend_and_a_holiday_stop_the_allowance_the_next_month() {
        // Monday 7 September 2026 on; Wednesday 16 September a holiday: the 10th working day absent is Monday 21 September
        var history = new SanctionHistory(List.of(), workingDays(LocalDate.of(2026, 9, 7), 10, Set.of(LocalDate.of(2026, 9, 16)), -1));

        assertThat(history.tenthConsecutiveTk()).containsExactly(LocalDate.of(2026, 9, 21));
        assertThat(history.lines(YearMonth.of(2026, 9), PP_94)).isEmpty();
        assertThat(history.lines(YearMonth.of(2026, 10), PP_94)).singleElement().satisfies(line -> {
            assertThat(line.percent()).isEqualByComparingTo("100");
            assertThat(line.what()).contains("10 hari kerja berturut-turut", "2026-09-21");
        });
    }

    @Test
    void a_day_present_breaks_the_run() {
        // ten working days absent but the sixth present: runs of 5 and 4
        var history = new SanctionHistory(List.of(), workingDays(LocalDate.of(2026, 9, 7), 10, Set.of(), 5));

        assertThat(history.tenthConsecutiveTk()).isEmpty();
    }

    /** {@code count} TK days, one a calendar day from {@code from}. */
    static List<LocalDate> tkDays(LocalDate from, int count) {
        return from.datesUntil(from.plusDays(count)).toList();
    }

    /** {@code count} working days (Monday to Friday, not holidays) from {@code from}, all TK but the one at {@code presentAt}. */
    static List<SanctionHistory.WorkingDay> workingDays(LocalDate from, int count, Set<LocalDate> holidays, int presentAt) {
        List<SanctionHistory.WorkingDay> days = new ArrayList<>();
        for (LocalDate d = from; days.size() < count; d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() < DayOfWeek.SATURDAY.getValue() && !holidays.contains(d)) {
                days.add(new SanctionHistory.WorkingDay(d, days.size() != presentAt));
            }
        }
        return days;
    }
}
