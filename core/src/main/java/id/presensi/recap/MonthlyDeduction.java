package id.presensi.recap;

import id.presensi.apel.ApelDeduction;
import id.presensi.attendance.StatusCode;
import id.presensi.recap.DeductionRules.Rates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One employee's allowance deduction for a month: each working day's late arrival, early departure, missing
 * check-in or check-out, TK and each missed apel (TA) at its rate, with the make-up, count and daily-cap rules applied, capped for the
 * month, plus any sanction running that month. Every amount comes with the line that explains it.
 */
public final class MonthlyDeduction {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** One line of the explanation: a date (none for the month's own lines), what was seen, and what it cost. */
    public record Line(Optional<LocalDate> date, String what, BigDecimal percent) {
    }

    /** The month's deduction (percent of the allowance, two decimals) and how it was reached. */
    public record Result(BigDecimal percent, List<Line> lines) {
    }

    private MonthlyDeduction() {
    }

    /** {@code sanctionLines}: what sanctions cost this month (from {@link SanctionHistory}), added after the monthly cap. */
    public static Result of(DeductionRules rules, List<EmployeeMonth.Day> days, List<Line> sanctionLines) {
        List<Line> lines = new ArrayList<>();
        BigDecimal attendance = BigDecimal.ZERO;
        int lates = 0;
        for (EmployeeMonth.Day day : days) {
            Optional<LocalDate> date = Optional.of(day.date());
            // a missed apel is its own event, charged beside whatever else the day cost and outside its daily cap
            if (rules.missedApel().isPresent() && day.codes().contains(StatusCode.TA)) {
                BigDecimal p = ApelDeduction.percent(1, rules.missedApel().get());
                lines.add(new Line(date, "TA: tidak mengikuti apel", p));
                attendance = attendance.add(p);
            }
            if (!day.workingDay()) {
                continue;
            }
            if (day.codes().contains(StatusCode.TK)) {
                lines.add(new Line(date, "TK: tanpa keterangan", rules.absentPerDay()));
                attendance = attendance.add(rules.absentPerDay());
                continue;
            }
            BigDecimal daySum = BigDecimal.ZERO;
            Optional<String> lateCode = codeOf(day, StatusCode.Kind.LATE);
            Optional<String> earlyCode = codeOf(day, StatusCode.Kind.EARLY);
            if (lateCode.isPresent() && day.noCheckIn()) {
                BigDecimal p = rules.missingIn().orElseGet(() -> rules.late().worst(StatusCode.TL4.name()));
                lines.add(new Line(date, lateCode.get() + ": tidak presensi masuk", p));
                daySum = daySum.add(p);
            } else if (lateCode.isPresent()) {
                String late = "terlambat " + day.lateMin() + " menit";
                if (rules.makeUp().filter(m -> m.forgives(day.lateMin(), day.stayedMin())).isPresent()) {
                    lines.add(new Line(date, late + ", diganti " + day.stayedMin() + " menit setelah jam pulang", BigDecimal.ZERO));
                } else if (++lates <= rules.freeLates()) {
                    lines.add(new Line(date, late + " (keterlambatan ke-" + lates + " bulan ini; " + rules.freeLates()
                            + " pertama tanpa potongan)", BigDecimal.ZERO));
                } else {
                    Rates.Rated r = rules.late().rate(lateCode.get(), day.lateMin());
                    lines.add(new Line(date, lateCode.get() + ": " + late + r.band(), r.percent()));
                    daySum = daySum.add(r.percent());
                }
            }
            if (earlyCode.isPresent() && day.noCheckOut()) {
                BigDecimal p = rules.missingOut().orElseGet(() -> rules.early().worst(StatusCode.PSW4.name()));
                lines.add(new Line(date, earlyCode.get() + ": tidak presensi pulang", p));
                daySum = daySum.add(p);
            } else if (earlyCode.isPresent()) {
                Rates.Rated r = rules.early().rate(earlyCode.get(), day.earlyMin());
                lines.add(new Line(date, earlyCode.get() + ": pulang " + day.earlyMin() + " menit sebelum waktunya" + r.band(), r.percent()));
                daySum = daySum.add(r.percent());
            }
            if (rules.dailyCap().isPresent() && daySum.compareTo(rules.dailyCap().get()) > 0) {
                BigDecimal cap = rules.dailyCap().get();
                lines.add(new Line(date, "batas harian " + Percent.text(cap) + " (jumlah hari ini " + Percent.text(daySum) + ")",
                        cap.subtract(daySum)));
                daySum = cap;
            }
            attendance = attendance.add(daySum);
        }
        if (attendance.compareTo(rules.monthlyCap()) > 0) {
            lines.add(new Line(Optional.empty(), "batas bulanan " + Percent.text(rules.monthlyCap()) + " (jumlah " + Percent.text(attendance)
                    + ")", rules.monthlyCap().subtract(attendance)));
            attendance = rules.monthlyCap();
        }
        BigDecimal total = attendance;
        for (Line sanction : sanctionLines) {
            lines.add(sanction);
            total = total.add(sanction.percent());
        }
        if (total.compareTo(HUNDRED) > 0) {
            lines.add(new Line(Optional.empty(), "potongan paling banyak 100 %", HUNDRED.subtract(total)));
            total = HUNDRED;
        }
        return new Result(total.setScale(2, RoundingMode.HALF_UP), List.copyOf(lines));
    }

    /** The day's code of that kind (TL1-4 or PSW1-4), by name as the deduction table keys its rates. */
    private static Optional<String> codeOf(EmployeeMonth.Day day, StatusCode.Kind kind) {
        return day.codes().stream().filter(c -> c.kind() == kind).findFirst().map(StatusCode::name);
    }
}
