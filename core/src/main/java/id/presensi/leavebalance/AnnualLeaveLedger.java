package id.presensi.leavebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cuti tahunan ledger of one employee, year by year. Pure.
 *
 * <p>A year's days are its entitlement (12 working days for a PNS with a year of service, PP 11/2017 Pasal 311;
 * a PPPK's by PP 49/2018 and the rule file) plus what is carried over from the year before, unless the regency gave
 * an opening balance for that year, which then stands for both. PP 11/2017 Pasal 313 (as PP 17/2020 left it) limits
 * the carry-over: unused days may be used in the next year up to 18 working days including the year's own (ayat 1);
 * after two or more consecutive years without cuti tahunan, up to 24 (ayat 2). Cuti bersama days, where the rule file
 * says they count as cuti tahunan, and leave taken (recorded or approved on request) are subtracted.
 */
public final class AnnualLeaveLedger {
    static final int CAP = 18;
    static final int CAP_AFTER_TWO_UNUSED_YEARS = 24;

    /** What one year brings: its entitlement, an opening balance if any, cuti bersama days charged, CT days taken. */
    public record YearFacts(int year, int entitlement, Optional<Integer> opening, int cutiBersamaDays, int takenDays) {
    }

    /** One year of the ledger; {@code remaining} may be below zero when more was taken than there was. */
    public record Year(int year, int entitlement, int carriedOver, Optional<Integer> opening, int cutiBersamaDays, int takenDays,
                       int remaining) {
        public int available() {
            return opening.orElse(entitlement + carriedOver);
        }
    }

    private AnnualLeaveLedger() {
    }

    /** The ledger over consecutive years, oldest first; the first year carries nothing over unless it has an opening balance. */
    public static List<Year> of(List<YearFacts> years) {
        List<Year> ledger = new ArrayList<>();
        for (YearFacts facts : years) {
            if (!ledger.isEmpty() && ledger.get(ledger.size() - 1).year() + 1 != facts.year()) {
                throw new IllegalArgumentException("the ledger's years must follow each other; " + facts.year() + " follows "
                        + ledger.get(ledger.size() - 1).year());
            }
            int carried = ledger.isEmpty() || facts.entitlement() == 0 ? 0 : carriedOver(ledger, facts.entitlement());
            int available = facts.opening().orElse(facts.entitlement() + carried);
            ledger.add(new Year(facts.year(), facts.entitlement(), carried, facts.opening(), facts.cutiBersamaDays(), facts.takenDays(),
                    available - facts.cutiBersamaDays() - facts.takenDays()));
        }
        return ledger;
    }

    /** Pasal 313: what the year before leaves, within 18 days in all, or 24 after two years without cuti tahunan. */
    private static int carriedOver(List<Year> ledger, int entitlement) {
        Year last = ledger.get(ledger.size() - 1);
        boolean twoUnused = ledger.size() >= 2 && last.takenDays() == 0 && ledger.get(ledger.size() - 2).takenDays() == 0;
        int cap = twoUnused ? CAP_AFTER_TWO_UNUSED_YEARS : CAP;
        return Math.max(0, Math.min(last.remaining(), cap - entitlement));
    }
}
