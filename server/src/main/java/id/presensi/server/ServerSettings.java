package id.presensi.server;

import java.time.Clock;
import java.time.Duration;

/**
 * How the check-in service runs. Everything is bounded: the queue of check-ins waiting for the writer, how
 * long a request waits for its commit, and the database pool.
 *
 * @param offlineTolerance how much earlier than the server's clock a queued check-in may claim to be
 * @param clock the official time (the system clock; tests set it)
 */
public record ServerSettings(String bind, int port, Duration offlineTolerance, int queueCapacity, int maxBatch,
                             Duration commitTimeout, int maxThreads, int maxConnections, Clock clock) {

    public static ServerSettings defaults(String bind, int port) {
        return new ServerSettings(bind, port, Duration.ofMinutes(10), 4_096, 256, Duration.ofSeconds(5), 256, 10_000, Clock.systemUTC());
    }

    public ServerSettings withOfflineTolerance(Duration tolerance) {
        return new ServerSettings(bind, port, tolerance, queueCapacity, maxBatch, commitTimeout, maxThreads, maxConnections, clock);
    }

    public ServerSettings withClock(Clock newClock) {
        return new ServerSettings(bind, port, offlineTolerance, queueCapacity, maxBatch, commitTimeout, maxThreads, maxConnections, newClock);
    }
}
