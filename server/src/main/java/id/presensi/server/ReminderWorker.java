package id.presensi.server;

import id.presensi.app.HttpPushTransport;
import id.presensi.app.OutboxDelivery;
import id.presensi.app.PushTransport;
import id.presensi.app.ReminderScan;
import id.presensi.push.PushEndpointGuard;
import id.presensi.push.Vapid;
import id.presensi.rules.PersonRules;
import id.presensi.store.OutboxStore;
import id.presensi.store.ReminderStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The reminders' two loops on each server: a scan of the day's windows every minute (every server scans; the outbox's
 * dedupe keys keep one row per reminder) and the outbox's delivery every second (each row taken by one server under a
 * lease). Both are daemon work: a failing round is logged and the next one runs.
 */
final class ReminderWorker implements AutoCloseable {
    static final Duration SCAN_EVERY = Duration.ofMinutes(1);
    static final Duration DELIVER_EVERY = Duration.ofSeconds(1);
    static final int BATCH = 500;
    /** Few: the outbox's pace (OutboxDelivery, SendPace), not the number of threads, sets how fast pushes go. */
    static final int SENDERS = 4;
    private static final Logger log = LoggerFactory.getLogger(ReminderWorker.class);

    private final ReminderScan scan;
    private final OutboxDelivery delivery;
    private final OutboxStore outbox;
    private final ScheduledExecutorService loops = Executors.newScheduledThreadPool(2, daemon("presensi-reminders"));
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, daemon("presensi-push-send"));

    ReminderWorker(Jdbi jdbi, Vapid vapid, PushSettings settings, LongFunction<PersonRules> rules, Clock clock, MeterRegistry metrics) {
        this.outbox = new OutboxStore(jdbi);
        this.scan = new ReminderScan(new ReminderStore(jdbi), outbox, id -> {
            try {
                return rules.apply(id);
            } catch (RuntimeException e) { // one employee's rules that cannot be read (employment ended meanwhile) skip them only
                log.debug("reminders: no rules for employee #{}", id, e);
                return null;
            }
        }, clock);
        // the scan reads the work clock (the day's windows; a demo's or test's clock), the sending the real one: a push
        // service checks the VAPID expiry against its own time, and leases and TTLs are the database's now()
        this.delivery = new OutboxDelivery(outbox, transport(settings), vapid, serverName(), Clock.systemUTC(), senders);
        Gauge.builder("presensi_reminder_outbox_pending", outbox, OutboxStore::pending).register(metrics);
        for (OutboxDelivery.Outcome outcome : OutboxDelivery.Outcome.values()) {
            FunctionCounter.builder("presensi_reminders", delivery, d -> d.count(outcome)).tag("outcome", outcome.name().toLowerCase())
                    .description("outbox rows by how their send ended on this server").register(metrics);
        }
    }

    void start() {
        loops.scheduleWithFixedDelay(this::scanOnce, 5, SCAN_EVERY.toSeconds(), TimeUnit.SECONDS);
        loops.scheduleWithFixedDelay(this::deliverAll, 1_000, DELIVER_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scanOnce() {
        try {
            int added = scan.scan();
            if (added > 0) {
                log.info("reminders: {} enqueued", added);
            }
        } catch (RuntimeException e) {
            log.warn("reminder scan failed; the next runs in {}", SCAN_EVERY, e);
        }
    }

    private void deliverAll() {
        try {
            while (delivery.deliver(BATCH) > 0) {
                Thread.onSpinWait(); // a paced round takes about a second; more may be due
            }
            outbox.purge(Duration.ofDays(14));
        } catch (RuntimeException e) {
            log.warn("reminder delivery failed; the next round runs in {}", DELIVER_EVERY, e);
        }
    }

    private static PushTransport transport(PushSettings settings) {
        PushEndpointGuard guard = new PushEndpointGuard(settings.extraHosts());
        if (settings.relay().isEmpty()) {
            return new HttpPushTransport(guard);
        }
        URI relay = settings.relay().get();
        log.warn("PRESENSI_PUSH_RELAY is set: every push and webhook goes to {} instead of its host (benchmarks and tests only)", relay);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return (uri, headers, body) -> {
            guard.check(uri.toString());
            HttpRequest.Builder r = HttpRequest.newBuilder(relay.resolve(uri.getRawPath())).timeout(Duration.ofSeconds(10))
                    .header("X-Test-Origin", uri.getScheme() + "://" + uri.getRawAuthority()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(r::header);
            try {
                HttpResponse<Void> response = client.send(r.build(), HttpResponse.BodyHandlers.discarding());
                return new PushTransport.Answer(response.statusCode(), response.headers().firstValue("Retry-After"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        };
    }

    /** This server in the outbox's leases: host, process and a random part (two servers in one container differ). */
    private static String serverName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "server";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + HexFormat.of().formatHex(random);
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        loops.shutdownNow();
        senders.shutdownNow();
    }
}
