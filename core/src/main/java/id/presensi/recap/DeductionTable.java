package id.presensi.recap;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/** A regency's allowance (TPP) deduction rates by status code, valid from a date, with a monthly cap. */
public record DeductionTable(String name, LocalDate validFrom, Map<String, BigDecimal> rates, BigDecimal monthlyCap) {
    public static final Set<String> CODES = Set.of("TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "TK");

    public BigDecimal rate(String code) {
        return rates.getOrDefault(code, BigDecimal.ZERO);
    }
}
