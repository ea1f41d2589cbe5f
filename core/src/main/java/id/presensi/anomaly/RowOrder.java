package id.presensi.anomaly;

import java.util.Arrays;

/**
 * Row numbers sorted by int keys, most significant key first: a stable LSD radix sort, 16 bits a pass, so a month of
 * check-ins is ordered in a few linear passes and rows equal in every key keep the order they were given in. A key is
 * a column of the month (an int per row, read at the row's number), not a function: the step runs in a fresh JVM,
 * compiled by the quick compiler only, where a function called twice a row a pass was an interface call each time
 * (a third of the sorts' time in a profile of the noise month).
 */
final class RowOrder {
    private static final int DIGITS = 1 << 16;

    private RowOrder() {
    }

    /** The rows ordered by the keys (each read as a signed int), ties in the order given. */
    static int[] sort(int[] rows, int[]... keys) {
        int n = rows.length;
        int[] from = rows.clone();
        int[] to = new int[n];
        int[] count = new int[DIGITS + 1];
        for (int k = keys.length - 1; k >= 0; k--) {
            int[] key = keys[k];
            for (int shift = 0; shift < 32; shift += 16) {
                Arrays.fill(count, 0);
                for (int i = 0; i < n; i++) {
                    count[digit(key[from[i]], shift) + 1]++;
                }
                if (n == 0 || count[digit(key[from[0]], shift) + 1] == n) {
                    continue; // every row has this digit: the pass would change nothing
                }
                for (int d = 0; d < DIGITS; d++) {
                    count[d + 1] += count[d];
                }
                for (int i = 0; i < n; i++) {
                    to[count[digit(key[from[i]], shift)]++] = from[i];
                }
                int[] swap = from;
                from = to;
                to = swap;
            }
        }
        return from;
    }

    /** The high half of a long key, for ordering by a long as two int keys (high, then {@link #low}). */
    static int high(long value) {
        return (int) (value >> 32);
    }

    /** The low half of a long key, shifted so that signed order of the result is unsigned order of the half. */
    static int low(long value) {
        return (int) value ^ Integer.MIN_VALUE;
    }

    private static int digit(int key, int shift) {
        return ((key ^ Integer.MIN_VALUE) >>> shift) & (DIGITS - 1);
    }
}
