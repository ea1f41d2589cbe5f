package id.presensi.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * How the check-in service runs. Everything is bounded: the queue of check-ins waiting for the writer, how
 * long a request waits for its commit, and the database pool.
 *
 * @param offlineTolerance how much earlier than the server's clock a queued check-in may claim to be
 * @param clock the official time (the system clock; tests set it)
 * @param selfieSpool where selfies wait, durable, for PostgreSQL (the server's home; by default a fresh folder in the
 *                    temporary directory, made when the server starts)
 * @param limits what one phone may ask in a day, and the spool's size
 * @param rate how fast one phone may send requests
 */
public record ServerSettings(String bind, int port, Duration offlineTolerance, int queueCapacity, int maxBatch,
                             Duration commitTimeout, int maxThreads, int maxConnections, Clock clock, Path selfieSpool,
                             PhoneLimits limits, PhoneRate rate) {

    public static ServerSettings defaults(String bind, int port) {
        return new ServerSettings(bind, port, Duration.ofMinutes(10), 4_096, 256, Duration.ofSeconds(5), 256, 10_000, Clock.systemUTC(),
                Path.of(System.getProperty("java.io.tmpdir"), "presensi-selfies-" + UUID.randomUUID()), PhoneLimits.DEFAULTS, PhoneRate.DEFAULT);
    }

    public ServerSettings withOfflineTolerance(Duration tolerance) {
        return new ServerSettings(bind, port, tolerance, queueCapacity, maxBatch, commitTimeout, maxThreads, maxConnections, clock, selfieSpool, limits, rate);
    }

    public ServerSettings withClock(Clock newClock) {
        return new ServerSettings(bind, port, offlineTolerance, queueCapacity, maxBatch, commitTimeout, maxThreads, maxConnections, newClock,
                selfieSpool, limits, rate);
    }

    public ServerSettings withSelfieSpool(Path dir) {
        return new ServerSettings(bind, port, offlineTolerance, queueCapacity, maxBatch, commitTimeout, maxThreads, maxConnections, clock, dir, limits, rate);
    }

    public ServerSettings withLimits(PhoneLimits newLimits) {
        return new ServerSettings(bind, port, offlineTolerance, queueCapacity, maxBatch, commitTimeout, maxThreads, maxConnections, clock, selfieSpool,
                newLimits, rate);
    }

    public ServerSettings withRate(PhoneRate newRate) {
        return new ServerSettings(bind, port, offlineTolerance, queueCapacity, maxBatch, commitTimeout, maxThreads, maxConnections, clock, selfieSpool,
                limits, newRate);
    }
}
