package id.presensi.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most so many of something a second, across all threads: a fixed one-second window, two atomic numbers, no
 * lock and no queue, for a bound that must cost nothing on the path it guards.
 */
final class PerSecond {
    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanos;
    /** The window's start, and how many were taken in it. */
    private final AtomicLong window;
    private final AtomicLong taken = new AtomicLong();

    PerSecond(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    PerSecond(int perSecond, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.nanos = nanos;
        this.window = new AtomicLong(nanos.getAsLong());
    }

    /** Takes one if the second has room for it. */
    boolean tryTake() {
        long now = nanos.getAsLong();
        long start = window.get();
        if (now - start >= SECOND && window.compareAndSet(start, now)) {
            taken.set(0);
        }
        return taken.incrementAndGet() <= perSecond;
    }
}
