package id.presensi.server;

import org.slf4j.Logger;

import java.sql.SQLTransientConnectionException;

/**
 * A request that found no free database connection in time. At a saturated moment every request fails the same way,
 * hundreds a second: a stack trace each would flood the log (and keep its writer busy) with one fact. So such a
 * failure is one warning line, at most one every ten seconds, saying how many there were; the phone gets a 503 and
 * tries again. Any other failure is still logged whole: it is a defect to find.
 */
final class DatabaseBusy {
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final CountedLine line;

    DatabaseBusy(long nowNanos) {
        this.line = new CountedLine(LOG_EVERY_NANOS, nowNanos);
    }

    /** Whether {@code failure} is, at its root, the connection pool's time-out (Hikari's, wrapped by Jdbi). */
    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** Counts one; writes the warning when ten seconds have passed since the last. Returns whether it wrote. */
    boolean note(Logger log, String method, String path, long nowNanos) {
        long n = line.count(nowNanos);
        if (n > 0) {
            log.warn("{} {}: no database connection free in time ({} such request(s) in the last 10 s answered 503)", method, path, n);
        }
        return n > 0;
    }
}
