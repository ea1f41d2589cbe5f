package id.presensi.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One log line for many alike: each occurrence is counted, and at most one in each interval is let through, carrying
 * how many there were since the last (itself included). A flood of the same fact then writes one line an interval
 * instead of hundreds a second, and the count says how big the flood was.
 */
final class CountedLine {
    private final long intervalNanos;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong lastLogged;

    CountedLine(long intervalNanos, long nowNanos) {
        this.intervalNanos = intervalNanos;
        this.lastLogged = new AtomicLong(nowNanos - intervalNanos);
    }

    /** Counts one occurrence; returns how many to report now (at least 1), or 0 while the interval has not passed. */
    long count(long nowNanos) {
        long n = unlogged.incrementAndGet();
        long last = lastLogged.get();
        if (nowNanos - last >= intervalNanos && lastLogged.compareAndSet(last, nowNanos)) {
            unlogged.addAndGet(-n);
            return n;
        }
        return 0;
    }
}
