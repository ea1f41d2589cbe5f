package id.presensi.recap;

import id.presensi.attendance.StatusCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A regency's allowance (TPP) deduction rates by status code, valid from a date, with a monthly cap. */
public record DeductionTable(String name, LocalDate validFrom, Map<String, BigDecimal> rates, BigDecimal monthlyCap) {
    public static final Set<String> CODES = StatusCode.deductibles().stream().map(StatusCode::name).collect(Collectors.toUnmodifiableSet());

    public BigDecimal rate(String code) {
        return rates.getOrDefault(code, BigDecimal.ZERO);
    }
}
