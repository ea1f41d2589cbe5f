package id.presensi.cli;

import ch.qos.logback.classic.LoggerContext;
import id.presensi.db.Database;
import id.presensi.db.EmbeddedPostgres;
import id.presensi.db.EmbeddedWatchdog;
import id.presensi.server.CheckInServer;
import id.presensi.server.PhoneLimits;
import id.presensi.server.PhoneRate;
import id.presensi.server.ServerSettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the check-in service (JSON API under /api/v1, /healthz, /metrics) until Ctrl-C or SIGTERM.")
class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    @Option(names = "--port", defaultValue = "8080") int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default 127.0.0.1; put a TLS proxy in front).") String bind;
    @Option(names = "--offline-tolerance", defaultValue = "10", paramLabel = "MINUTES",
            description = "How much earlier than the server's clock a check-in queued offline may be (default 10).") int toleranceMinutes;
    @Option(names = "--pool", defaultValue = "16", description = "Database connections (default 16).") int pool;
    @Option(names = "--checkins-per-day", defaultValue = "20", paramLabel = "N",
            description = "Check-in attempts one phone may send in a day; more get 429 (default 20).") int checkInsPerDay;
    @Option(names = "--selfies-per-day", defaultValue = "6", paramLabel = "N",
            description = "Selfies kept for one employee's work day; more get 429 (default 6).") int selfiesPerDay;
    @Option(names = "--requests-per-day", defaultValue = "10", paramLabel = "N",
            description = "Requests (izin, koreksi) one phone may send in a day; more get 429 (default 10).") int requestsPerDay;
    @Option(names = "--requests-per-date", defaultValue = "3", paramLabel = "N",
            description = "Requests of one employee that may name the same date; more get 429 (default 3). "
                    + "A second request of the same kind for any of the same dates is always a 409.") int requestsPerDate;
    @Option(names = "--spool-max", defaultValue = "256", paramLabel = "MB",
            description = "Size of the selfie spool on disk; when full, check-ins with a photo get 503 and those without "
                    + "still commit (default 256).") long spoolMegabytes;
    @Option(names = "--history-per-day", defaultValue = "60", paramLabel = "N",
            description = "Reads of the employee's own record (Riwayat) one phone may make in a day; more get 429 (default 60).")
    int historyPerDay;
    @Option(names = "--phone-rate", defaultValue = "2", paramLabel = "PER_SECOND",
            description = "Requests one phone may send a second, after a burst of --phone-burst; faster ones get 429, "
                    + "answered after a second or two (default 2).") double phoneRate;
    @Option(names = "--phone-burst", defaultValue = "12", paramLabel = "N",
            description = "Requests one phone may send at once before --phone-rate applies (default 12).") int phoneBurst;

    @Override
    public Integer call() throws Exception {
        Database database = db.open(pool, Duration.ofSeconds(2));
        ServerSettings settings = ServerSettings.defaults(bind, port).withOfflineTolerance(Duration.ofMinutes(toleranceMinutes))
                .withSelfieSpool(db.home().resolve("spool").resolve("selfies"))
                .withLimits(new PhoneLimits(checkInsPerDay, selfiesPerDay, requestsPerDay, requestsPerDate, spoolMegabytes * 1024 * 1024,
                        historyPerDay))
                .withRate(new PhoneRate(phoneRate, phoneBurst));
        CheckInServer server = CheckInServer.start(database, settings);
        // on the embedded database, a PostgreSQL that died is started again (an external one is its operator's)
        EmbeddedWatchdog watchdog = db.settings().port() > 0 ? new EmbeddedWatchdog(new EmbeddedPostgres(db.home())).start() : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (watchdog != null) {
                    watchdog.close();
                }
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                database.close();
                // the access log's last lines: those still queued and those buffered (BlockWrittenFile), written now
                if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
                    logging.stop();
                }
                stopped.countDown();
            }
        }, "presensi-shutdown"));
        spec.commandLine().getOut().printf("Presensi check-in service on http://%s:%d (Ctrl-C stops it)%n", bind, server.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
