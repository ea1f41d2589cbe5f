package id.presensi.staff;

import java.util.Arrays;
import java.util.Locale;

/** Why employment ends, as personnel decrees say it (V10's CHECK on employee.end_reason lists the same words). */
public enum EndReason {
    PENSIUN, MUTASI, MENINGGAL, BERHENTI, DIBERHENTIKAN, LAINNYA;

    /** The reason an operator wrote, in any case; refused with the list of reasons. */
    public static EndReason parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--reason must be one of " + Arrays.toString(values()) + ", got '" + text + "'");
        }
    }
}
