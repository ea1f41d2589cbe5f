package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.db.EmbeddedPostgres;
import id.presensi.db.EmbeddedWatchdog;
import id.presensi.server.CheckInServer;
import id.presensi.server.ServerSettings;
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

    @Override
    public Integer call() throws Exception {
        Database database = db.open(pool, Duration.ofSeconds(2));
        ServerSettings settings = ServerSettings.defaults(bind, port).withOfflineTolerance(Duration.ofMinutes(toleranceMinutes))
                .withSelfieSpool(db.home().resolve("spool").resolve("selfies"));
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
                stopped.countDown();
            }
        }, "presensi-shutdown"));
        spec.commandLine().getOut().printf("Presensi check-in service on http://%s:%d (Ctrl-C stops it)%n", bind, server.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
