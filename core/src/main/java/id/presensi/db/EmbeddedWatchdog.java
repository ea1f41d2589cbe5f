package id.presensi.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * For a long-running process on the embedded database (presensi serve): if its PostgreSQL dies (killed, out of
 * memory, a crash), start it again, so the service recovers by itself instead of answering 503 until someone
 * runs another command. Requests meanwhile get 503 with Retry-After from the service.
 */
public final class EmbeddedWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedWatchdog.class);

    private final EmbeddedPostgres postgres;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "embedded-db-watchdog");
        t.setDaemon(true);
        return t;
    });

    public EmbeddedWatchdog(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public EmbeddedWatchdog start() {
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void check() {
        try {
            if (!postgres.isRunning()) {
                log.warn("The embedded PostgreSQL in {} is not answering; starting it again", postgres.home());
                postgres.ensureRunning();
                log.info("The embedded PostgreSQL is back");
            }
        } catch (RuntimeException e) {
            log.warn("Could not start the embedded PostgreSQL yet ({}); trying again in a second", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
