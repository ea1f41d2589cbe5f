package id.presensi.recap;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An employee's days absent without reason (TK) as PP 94/2021 counts them: the sanctions that follow a year's
 * total, and the runs of ten consecutive working days absent (weekends, holidays and days off in between do not
 * break a run; a day present or on leave does).
 *
 * @param tkDays      TK days, in date order, from January of the year before the months asked about
 * @param workingDays the working days (TK or not) of the weeks in which a run could have reached ten
 */
public record SanctionHistory(List<LocalDate> tkDays, List<WorkingDay> workingDays) {
    public static final SanctionHistory NONE = new SanctionHistory(List.of(), List.of());
    public static final int CONSECUTIVE = 10;

    public record WorkingDay(LocalDate date, boolean tk) {
    }

    /** A cut of the allowance: the level reached, the day it was reached, and the months it runs. */
    public record Cut(DisciplineLevel level, LocalDate reachedOn, YearMonth from, int months) {
        public YearMonth until() {
            return from.plusMonths(months - 1L);
        }

        boolean covers(YearMonth month) {
            return !month.isBefore(from) && !month.isAfter(until());
        }
    }

    /** Each cut level reached in a calendar year (11, 14, 17 TK days), running from the month after. */
    public List<Cut> cuts() {
        List<Cut> cuts = new ArrayList<>();
        int count = 0;
        int year = Integer.MIN_VALUE;
        for (LocalDate day : tkDays) {
            if (day.getYear() != year) {
                year = day.getYear();
                count = 0;
            }
            DisciplineLevel level = DisciplineLevel.forTkDays(++count);
            if (level.allowanceCutMonths() > 0 && level.fromDays() == count) {
                cuts.add(new Cut(level, day, YearMonth.from(day).plusMonths(1), level.allowanceCutMonths()));
            }
        }
        return cuts;
    }

    /** The cut running in a month: a later (higher) one replaces an earlier one, they are not added. */
    public Optional<Cut> cutIn(YearMonth month) {
        return cuts().stream().filter(c -> c.covers(month)).max(Comparator.comparing(Cut::reachedOn));
    }

    /** The days on which a run of TK working days reached ten. */
    public List<LocalDate> tenthConsecutiveTk() {
        List<LocalDate> reached = new ArrayList<>();
        int run = 0;
        for (WorkingDay day : workingDays) {
            run = day.tk() ? run + 1 : 0;
            if (run == CONSECUTIVE) {
                reached.add(day.date());
            }
        }
        return reached;
    }

    /** What the rules' sanctions cost in a month, one line each. */
    public List<MonthlyDeduction.Line> lines(YearMonth month, DeductionRules.Sanctions sanctions) {
        List<MonthlyDeduction.Line> lines = new ArrayList<>();
        cutIn(month).ifPresent(cut -> lines.add(new MonthlyDeduction.Line(Optional.empty(), "hukuman disiplin PP 94/2021: "
                + cut.level().sanction() + " (" + cut.level().fromDays() + " hari TK pada " + cut.reachedOn() + "; " + cut.from() + " s.d. "
                + cut.until() + ")", sanctions.allowanceCutPercent())));
        if (sanctions.stopAfterTenConsecutive()) {
            tenthConsecutiveTk().stream().filter(d -> YearMonth.from(d).plusMonths(1).equals(month)).findFirst()
                    .ifPresent(d -> lines.add(new MonthlyDeduction.Line(Optional.empty(), "TPP dihentikan: 10 hari kerja berturut-turut TK sampai "
                            + d + " (Perban BKN 6/2022 Pasal 12)", BigDecimal.valueOf(100))));
        }
        return lines;
    }
}
