package id.presensi.attendance;

import java.util.Arrays;

/**
 * Minute bands for TL (late) and PSW (left early): with the default 30/60/90, 1-30 minutes is band 1, 31-60
 * band 2, 61-90 band 3, 91 and more band 4. A missing punch is band 4. Regencies set their own bands.
 */
public record StatusBands(int[] upperBounds) {
    public static final StatusBands DEFAULT = new StatusBands(new int[] {30, 60, 90});

    public StatusBands {
        if (upperBounds.length != 3 || upperBounds[0] < 1 || upperBounds[0] >= upperBounds[1] || upperBounds[1] >= upperBounds[2]) {
            throw new IllegalArgumentException("bands need three increasing upper bounds, e.g. 30,60,90; got " + Arrays.toString(upperBounds));
        }
    }

    /** Band 1-4 for a positive number of minutes. */
    public int band(long minutes) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (minutes <= upperBounds[i]) {
                return i + 1;
            }
        }
        return 4;
    }
}
