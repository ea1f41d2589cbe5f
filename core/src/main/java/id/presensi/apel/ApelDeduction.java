package id.presensi.apel;

import java.math.BigDecimal;

/**
 * What missed apel cost in a month: the rule file's {@code tidak_apel} percent for each TA, e.g. Tulang Bawang's
 * TPP formula, -2% per missed Monday apel or working-day ceremony. Not capped per day: a TA is its own event, as TK is.
 */
public final class ApelDeduction {
    private ApelDeduction() {
    }

    public static BigDecimal percent(int missed, BigDecimal perMissedApel) {
        if (missed < 0) {
            throw new IllegalArgumentException("missed apel cannot be negative: " + missed);
        }
        return perMissedApel.multiply(BigDecimal.valueOf(missed));
    }
}
