package id.presensi.device;

import java.time.Duration;

/**
 * How long to wait after wrong activation codes: five tries are free, then the wait doubles from one
 * minute up to an hour. Counted per client address and per (address, employee) over the last day.
 */
public final class Throttle {
    public static final int FREE_TRIES = 5;
    public static final Duration WINDOW = Duration.ofDays(1);
    private static final Duration LONGEST = Duration.ofHours(1);

    private Throttle() {
    }

    public static Duration waitAfter(int failures) {
        if (failures < FREE_TRIES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - FREE_TRIES, 6);
        Duration wait = Duration.ofMinutes(1L << doublings);
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
