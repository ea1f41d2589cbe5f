package id.presensi.machine;

import java.time.Duration;
import java.time.Instant;

/**
 * Which punch times a machine may send, by the server's clock (the official one): a machine back online sends a
 * backlog of weeks, never months, and its clock may run a little fast, never a month ahead. A punch outside the
 * window (year 1990, 0001 or 9999, next month) is a wrong clock or a forgery, and is counted and dropped.
 */
public record PunchWindow(Duration back, Duration ahead) {
    public static final PunchWindow DEFAULT = new PunchWindow(Duration.ofDays(40), Duration.ofMinutes(10));

    public boolean contains(Instant at, Instant now) {
        return !at.isBefore(now.minus(back)) && !at.isAfter(now.plus(ahead));
    }
}
