package id.presensi.cli.demo;

/** Latency percentiles of a load test, from nanosecond samples sorted ascending. */
final class Latency {
    private Latency() {
    }

    /** The nearest-rank percentile, in milliseconds. */
    static double percentileMs(long[] sortedNanos, int percentile) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        return sortedNanos[Math.max(0, (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1)] / 1e6;
    }

    /** "p50 9.4  p95 24.2  p99 38.8". */
    static String summary(long[] sortedNanos) {
        return String.format("p50 %.1f  p95 %.1f  p99 %.1f", percentileMs(sortedNanos, 50), percentileMs(sortedNanos, 95),
                percentileMs(sortedNanos, 99));
    }
}
