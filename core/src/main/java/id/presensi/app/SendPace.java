package id.presensi.app;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How fast the outbox is sent: fast enough that the rows due now are gone within {@link #SPREAD} of when the oldest of
 * them fell due, and no faster (sending is CPU: a fresh key pair and an ECDH per push, RFC 8291), so a regency's 16:00
 * reminders share the CPU with the check-out rush instead of taking it in a burst. A few rows (a decision, a head's
 * approval) go at once: the rate is never below {@link #FLOOR} a second, and that many may go in a burst.
 * The rate is per server: N servers send N times as fast, which only empties the outbox sooner.
 */
public final class SendPace {
    /** Most of the minute a regency's 16:00 has (issue 31: gone within 60 s), with 10 s left for a slow round or a retry. */
    static final Duration SPREAD = Duration.ofSeconds(50);
    static final double FLOOR = 20;
    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier nanos;
    private final Sleeper sleeper;
    private double rate = FLOOR;
    private long next; // the nanos at which the next send may go (a GCRA token bucket)

    /** Waits until a time on {@code nanos}'s scale (Thread.sleep in production; tests move a fake clock). */
    interface Sleeper {
        void sleepUntil(long nanos) throws InterruptedException;
    }

    public SendPace() {
        this(System::nanoTime, until -> {
            long wait = until - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        });
    }

    SendPace(LongSupplier nanos, Sleeper sleeper) {
        this.nanos = nanos;
        this.sleeper = sleeper;
        this.next = nanos.getAsLong();
    }

    /** The sends a second that empty {@code rows} due rows by SPREAD after the oldest fell due {@code oldest} ago. */
    static double rate(int rows, Duration oldest) {
        double left = Math.max(1.0, (SPREAD.toMillis() - oldest.toMillis()) / 1000.0);
        return Math.max(FLOOR, rows / left);
    }

    /** Sets the rate for the rows now due; returns how many to take for about a second of sending. */
    public synchronized int plan(int rows, Duration oldest) {
        rate = rate(rows, oldest);
        return (int) Math.ceil(rate);
    }

    /** Blocks until this send's turn. */
    public void acquire() throws InterruptedException {
        long at;
        synchronized (this) {
            long interval = (long) (SECOND / rate);
            long now = nanos.getAsLong();
            next = Math.max(next, now - (long) (FLOOR * interval)); // an idle bucket holds FLOOR sends, no more
            at = next;
            next += interval;
        }
        sleeper.sleepUntil(at);
    }
}
