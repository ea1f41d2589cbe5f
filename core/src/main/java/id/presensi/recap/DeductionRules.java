package id.presensi.recap;

import id.presensi.overtime.OvertimeRule;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A regency's allowance (TPP) deduction rules as its Perbup writes them, valid from a date: what a late arrival,
 * an early departure, a missing check-in or check-out and a day absent (TK) cost, the caps per day and per
 * month, the count and make-up rules, and the PP 94/2021 sanctions that run for months. Percentages are of the
 * month's allowance.
 *
 * @param late           TL by minutes late (a rule file) or by the recorded code (a CSV table)
 * @param missingIn      a working day without a check-in; empty: what the late rates give the day's TL4
 * @param dailyCap       late, early and missing check-in/out of one day together at most this; TK is not capped
 * @param freeLates      the first this many late arrivals of a month cost nothing (0: none is free)
 * @param makeUp         lateness made up the same day (staying after the end at least as many minutes) is forgiven
 * @param sanctions      the PP 94/2021 cuts that follow a year's TK days, if the rules apply them
 * @param cutiBersamaIsAnnualLeave a cuti bersama day off counts as annual leave (cuti tahunan) taken, for ASN (PNS, PPPK)
 * @param missedApel     each TA (a required apel or ceremony missed) costs this; empty: apel cost nothing
 * @param overtimeCaps   overtime (lembur) counted at most this much per day and per month
 * @param pppkAnnualLeaveDays a PPPK's cuti tahunan entitlement in working days (PP 49/2018; 12 unless the file says)
 */
public record DeductionRules(String name, LocalDate validFrom, Optional<String> source, Rates late, Rates early,
                             Optional<BigDecimal> missingIn, Optional<BigDecimal> missingOut, BigDecimal absentPerDay,
                             Optional<BigDecimal> dailyCap, BigDecimal monthlyCap, int freeLates, Optional<MakeUp> makeUp,
                             Optional<Sanctions> sanctions, boolean cutiBersamaIsAnnualLeave, Optional<BigDecimal> missedApel,
                             OvertimeRule.Caps overtimeCaps, int pppkAnnualLeaveDays) {
    /** PP 49/2018 gives PPPK with a year of service 12 working days, as PNS have. */
    public static final int PPPK_ANNUAL_LEAVE_DAYS = 12;

    /** What a late arrival or an early departure costs. */
    public sealed interface Rates {
        /** What a day's minutes cost, and the band that says so (empty for a rate by code). */
        record Rated(BigDecimal percent, String band) {
        }

        Rated rate(String code, long minutes);

        /** What a missing check-in or check-out costs when the rules give it no rate of its own: the worst band's. */
        BigDecimal worst(String worstCode);

        /** The rate of a day's TL or PSW code (the CSV tables: the code was decided by reconciliation's bands). */
        record ByCode(Map<String, BigDecimal> rates) implements Rates {
            @Override
            public Rated rate(String code, long minutes) {
                return new Rated(rates.getOrDefault(code, BigDecimal.ZERO), "");
            }

            @Override
            public BigDecimal worst(String worstCode) {
                return rates.getOrDefault(worstCode, BigDecimal.ZERO);
            }
        }

        /** The rate of the band holding the minutes; minutes in no band cost nothing (a free first band). */
        record ByMinutes(List<Band> bands) implements Rates {
            @Override
            public Rated rate(String code, long minutes) {
                return bands.stream().filter(b -> b.holds(minutes)).findFirst()
                        .map(b -> new Rated(b.percent(), " (pita " + b.describe() + ")"))
                        .orElse(new Rated(BigDecimal.ZERO, " (di luar pita potongan)"));
            }

            @Override
            public BigDecimal worst(String worstCode) {
                return bands.isEmpty() ? BigDecimal.ZERO : bands.get(bands.size() - 1).percent();
            }
        }
    }

    /** From {@code fromMin} to {@code toMin} minutes inclusive (open-ended when empty). */
    public record Band(int fromMin, Optional<Integer> toMin, BigDecimal percent) {
        boolean holds(long minutes) {
            return minutes >= fromMin && toMin.map(t -> minutes <= t).orElse(true);
        }

        public String describe() {
            return toMin.map(t -> fromMin + "-" + t).orElse(">= " + fromMin) + " menit";
        }
    }

    /** Lateness made up the same day is forgiven, when it was at most {@code upToMin} minutes (any, when empty). */
    public record MakeUp(Optional<Integer> upToMin) {
        public boolean forgives(long lateMin, long stayedMin) {
            return stayedMin >= lateMin && upToMin.map(max -> lateMin <= max).orElse(true);
        }
    }

    /**
     * PP 94/2021: {@code allowanceCutPercent} for 6, 9 or 12 months from the month after a year's TK days reach
     * 11, 14 or 17; and, when {@code stopAfterTenConsecutive}, no allowance the month after ten consecutive working
     * days of TK (Perban BKN 6/2022 Pasal 12: pay stops without waiting for the decision).
     */
    public record Sanctions(BigDecimal allowanceCutPercent, boolean stopAfterTenConsecutive) {
    }

    /** A deduction table of the CSV kind: a rate per code, a monthly cap, nothing else. */
    public static DeductionRules of(DeductionTable table) {
        return new DeductionRules(table.name(), table.validFrom(), Optional.empty(), new Rates.ByCode(table.rates()),
                new Rates.ByCode(table.rates()), Optional.empty(), Optional.empty(), table.rate("TK"), Optional.empty(),
                table.monthlyCap(), 0, Optional.empty(), Optional.empty(), true, Optional.empty(), OvertimeRule.Caps.NONE,
                PPPK_ANNUAL_LEAVE_DAYS);
    }
}
