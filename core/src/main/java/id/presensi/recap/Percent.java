package id.presensi.recap;

import java.math.BigDecimal;

/** A percentage as Indonesian readers write it: "1,25 %". */
public final class Percent {
    private Percent() {
    }

    public static String text(BigDecimal percent) {
        return percent.stripTrailingZeros().toPlainString().replace('.', ',') + " %";
    }
}
