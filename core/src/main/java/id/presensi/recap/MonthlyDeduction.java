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
        return new Result(compute(rules, days, sanctionLines, lines), List.copyOf(lines));
    }

    /**
     * The same percent as {@link #of} by the same steps, without writing the lines: a recap sheet shows the sum only,
     * and a regency's month is hundreds of thousands of days whose sentences nobody would read.
     */
    public static BigDecimal percent(DeductionRules rules, List<EmployeeMonth.Day> days, List<Line> sanctionLines) {
        return compute(rules, days, sanctionLines, null);
    }

    /** The month's percent; each step's line added to {@code lines} unless it is null (then no text is made). */
    private static BigDecimal compute(DeductionRules rules, List<EmployeeMonth.Day> days, List<Line> sanctionLines, List<Line> lines) {
        boolean explain = lines != null;
        BigDecimal attendance = BigDecimal.ZERO;
        Optional<BigDecimal> apel = rules.missedApel();
        BigDecimal apelPercent = apel.map(a -> ApelDeduction.percent(1, a)).orElse(null);
        int lates = 0;
        for (EmployeeMonth.Day day : days) {
            Optional<LocalDate> date = explain ? Optional.of(day.date()) : Optional.empty();
            // a missed apel is its own event, charged beside whatever else the day cost and outside its daily cap
            if (apelPercent != null && day.codes().contains(StatusCode.TA)) {
                if (explain) {
                    lines.add(new Line(date, "TA: tidak mengikuti apel", apelPercent));
                }
                attendance = plus(attendance, apelPercent);
            }
            if (!day.workingDay()) {
                continue;
            }
            if (day.codes().contains(StatusCode.TK)) {
                if (explain) {
                    lines.add(new Line(date, "TK: tanpa keterangan", rules.absentPerDay()));
                }
                attendance = plus(attendance, rules.absentPerDay());
                continue;
            }
            BigDecimal daySum = BigDecimal.ZERO;
            StatusCode lateCode = codeOf(day, StatusCode.Kind.LATE);
            StatusCode earlyCode = codeOf(day, StatusCode.Kind.EARLY);
            if (lateCode != null && day.noCheckIn()) {
                BigDecimal p = rules.missingIn().orElseGet(() -> rules.late().worst(StatusCode.TL4.name()));
                if (explain) {
                    lines.add(new Line(date, lateCode.name() + ": tidak presensi masuk", p));
                }
                daySum = plus(daySum, p);
            } else if (lateCode != null) {
                if (rules.makeUp().isPresent() && rules.makeUp().get().forgives(day.lateMin(), day.stayedMin())) {
                    if (explain) {
                        lines.add(new Line(date, late(day) + ", diganti " + day.stayedMin() + " menit setelah jam pulang", BigDecimal.ZERO));
                    }
                } else if (++lates <= rules.freeLates()) {
                    if (explain) {
                        lines.add(new Line(date, late(day) + " (keterlambatan ke-" + lates + " bulan ini; " + rules.freeLates()
                                + " pertama tanpa potongan)", BigDecimal.ZERO));
                    }
                } else {
                    Rates.Rated r = rules.late().rate(lateCode.name(), day.lateMin());
                    if (explain) {
                        lines.add(new Line(date, lateCode.name() + ": " + late(day) + r.band(), r.percent()));
                    }
                    daySum = plus(daySum, r.percent());
                }
            }
            if (earlyCode != null && day.noCheckOut()) {
                BigDecimal p = rules.missingOut().orElseGet(() -> rules.early().worst(StatusCode.PSW4.name()));
                if (explain) {
                    lines.add(new Line(date, earlyCode.name() + ": tidak presensi pulang", p));
                }
                daySum = plus(daySum, p);
            } else if (earlyCode != null) {
                Rates.Rated r = rules.early().rate(earlyCode.name(), day.earlyMin());
                if (explain) {
                    lines.add(new Line(date, earlyCode.name() + ": pulang " + day.earlyMin() + " menit sebelum waktunya" + r.band(), r.percent()));
                }
                daySum = plus(daySum, r.percent());
            }
            if (rules.dailyCap().isPresent() && daySum.compareTo(rules.dailyCap().get()) > 0) {
                BigDecimal cap = rules.dailyCap().get();
                if (explain) {
                    lines.add(new Line(date, "batas harian " + Percent.text(cap) + " (jumlah hari ini " + Percent.text(daySum) + ")",
                            cap.subtract(daySum)));
                }
                daySum = cap;
            }
            attendance = plus(attendance, daySum);
        }
        if (attendance.compareTo(rules.monthlyCap()) > 0) {
            if (explain) {
                lines.add(new Line(Optional.empty(), "batas bulanan " + Percent.text(rules.monthlyCap()) + " (jumlah " + Percent.text(attendance)
                        + ")", rules.monthlyCap().subtract(attendance)));
            }
            attendance = rules.monthlyCap();
        }
        BigDecimal total = attendance;
        for (Line sanction : sanctionLines) {
            if (explain) {
                lines.add(sanction);
            }
            total = total.add(sanction.percent());
        }
        if (total.compareTo(HUNDRED) > 0) {
            if (explain) {
                lines.add(new Line(Optional.empty(), "potongan paling banyak 100 %", HUNDRED.subtract(total)));
            }
            total = HUNDRED;
        }
        return total.setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * {@code a.add(b)}, without a new number when either is a zero of scale 0 and the other's scale is not negative,
     * where add would give the other, scale and all: most of a regency's days cost nothing.
     */
    private static BigDecimal plus(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0 && b.scale() == 0 && a.scale() >= 0) {
            return a;
        }
        if (a.signum() == 0 && a.scale() == 0 && b.scale() >= 0) {
            return b;
        }
        return a.add(b);
    }

    private static String late(EmployeeMonth.Day day) {
        return "terlambat " + day.lateMin() + " menit";
    }

    /** The day's code of that kind (TL1-4 or PSW1-4), whose name the deduction table keys its rates by; null when it has none. */
    private static StatusCode codeOf(EmployeeMonth.Day day, StatusCode.Kind kind) {
        for (StatusCode code : day.codes()) {
            if (code.kind() == kind) {
                return code;
            }
        }
        return null;
    }
}
