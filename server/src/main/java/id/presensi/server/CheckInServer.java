package id.presensi.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.zaxxer.hikari.HikariDataSource;
import id.presensi.app.PhoneCheckIn;
import id.presensi.app.LeaveBalances;
import id.presensi.app.RequestDecisions;
import id.presensi.checkin.CheckInDecision;
import id.presensi.checkin.CheckInRequest;
import id.presensi.checkin.PunchType;
import id.presensi.db.Database;
import id.presensi.photo.Photo;
import id.presensi.rules.GeoPoint;
import id.presensi.rules.ResolvedDays;
import id.presensi.rules.RuleResolver;
import id.presensi.rules.SituationView;
import id.presensi.server.desk.Desk;
import id.presensi.push.PushEndpointGuard;
import id.presensi.push.Vapid;
import id.presensi.store.PushStore;
import id.presensi.store.CheckInStore;
import id.presensi.store.DeviceStore;
import id.presensi.store.MachinePinStore;
import id.presensi.store.MachineStore;
import id.presensi.store.RequestStore;
import id.presensi.store.RulesLoader;
import id.presensi.store.SelfieStore;
import id.presensi.text.StaffText;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The check-in service: device activation, check-ins, "who am I today", health and metrics, as a versioned
 * JSON API. Every answer to bad input is a 4xx JSON error; a database that is away gives a quick 503.
 */
public final class CheckInServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckInServer.class);
    private final DatabaseBusy databaseBusy = new DatabaseBusy(System.nanoTime());
    /** One line per request, by route (a path a scanner made up is "unmatched"), never a token or a body. */
    private static final Logger access = LoggerFactory.getLogger("id.presensi.access");
    private static final long MIN_REQUEST_BYTES_PER_SECOND = 256;
    /** Set once an answer's error body is written, so the 404 for unknown addresses leaves an endpoint's own 404 alone. */
    private static final String ANSWERED = "presensi.error-answered";
    private static final long IDLE_TIMEOUT_MS = 10_000;
    /** A request's line and headers (2 KB from a phone) must all arrive within this, however they trickle. */
    private static final long HEADER_TIMEOUT_MS = 5_000;
    /**
     * A selfie resized on the phone is about 20 KB (30 KB from a page before 2026-12, whose queued check-ins still
     * come); twice that is the most taken, and its base64 fits the body.
     */
    private static final int MAX_SELFIE = 64 * 1024;
    private static final int CHECKIN_MAX_BODY = 96 * 1024;
    /** Bytes read from a connection at a time (Jetty's default is 16 KB). */
    private static final int INPUT_BUFFER = 32 * 1024;
    /** With a photo as the body ({@code Content-Type: image/jpeg}), the check-in's JSON fields come in this header. */
    static final String CHECKIN_HEADER = "Presensi-Checkin";
    /** The fields each body takes, as the OpenAPI document (api/openapi.json) lists them; any other is refused, named. */
    static final Set<String> ACTIVATION_FIELDS = Set.of("employee", "code", "deviceName");
    static final Set<String> CHECKIN_HEADER_FIELDS = Set.of("type", "lat", "lon", "accuracy", "clientTime", "requestId", "mock");
    static final Set<String> CHECKIN_FIELDS = Set.of("type", "lat", "lon", "accuracy", "clientTime", "requestId", "mock", "selfie");
    /** The phone API described in OpenAPI 3, served as it is in the jar. */
    private static final byte[] OPENAPI = openApi();
    /**
     * Photos after which the spool's writer takes no more check-in batches' photos for one synchronous write. A check-in
     * batch's photos (up to {@link #CHECKIN_BATCH}) come as one and are never split, so a write carries up to 63 photos
     * of {@link #MAX_SELFIE} (a record of 4,132,864 bytes), still within a lane's 4 MiB buffer. Capped, the photos of a
     * rush are spread over the spool's lanes, flushed at the same time, instead of all waiting for one writer's flush.
     */
    private static final int SELFIES_PER_BATCH = 32;
    /**
     * Group commits of check-ins in flight at once, each on its own connection of the pool: two, so that one batch is
     * inserted while the other waits for its fsync. More writers split the same rush into smaller batches, and a
     * statement, its trigger call and its commit cost PostgreSQL nearly as much for a few rows as for many: the table's
     * rows inserted 5 a statement took 71-83 us of its CPU a row, 32 a statement 31-35 us (pgbench into a copy of
     * checkin with its keys and trigger). At a rush of 64 phones (scripts/bench/rush on a quiet machine) 8 writers
     * committed about 5 rows at a time, 4 writers 8 and 2 writers 15-17; PostgreSQL's CPU per check-in fell from 74-80
     * us to 59-61 and to 44-46 us, the server's with it, and the rush went from 0.86 of pgbench to 1.02 and to 1.09.
     */
    static final int CHECKIN_WRITERS = 2;
    /**
     * Rows one writer takes at a time. Without a cap the first writer took everyone waiting, the others stayed idle, and
     * the phones moved in one convoy: all waiting for one commit, then all sending at once. Capped, a rush is spread
     * over both writers' commits in flight, which PostgreSQL still flushes together.
     */
    static final int CHECKIN_BATCH = 32;
    /** A check-in within this long ago means the rush is on: selfies wait in the spool, and the desk's boards give way. */
    private static final long RUSH_NANOS = 500_000_000L;

    private final Database database;
    private final ServerSettings settings;
    private final DeviceStore devices;
    private final CheckInStore checkins;
    private final SelfieSpool selfies;
    private final GroupCommit<SelfieStore.Taken, Boolean> selfieWriter;
    private final GroupCommit<Arrival, CheckInStore.Row> writer;
    private volatile long lastCheckIn = System.nanoTime() - RUSH_NANOS;
    /** Check-in attempts per device and local day, photos kept per employee and work day: the phones' daily bounds. */
    private final DailyCounts checkInsOfDevice = new DailyCounts();
    private final DailyCounts selfiesOfEmployee = new DailyCounts();
    private final HeaderTimeout headerTimeout = new HeaderTimeout(HEADER_TIMEOUT_MS);
    private final Caches caches;
    private final MachinePush machines;
    private final RequestEndpoints requests;
    private final ApprovalEndpoints approvals;
    private final HistoryEndpoint history;
    private final ApelEndpoints apel;
    private final PushEndpoints push;
    private final ReminderWorker reminders;
    private final Desk desk;
    /** Answers held back from phones over their request rate: at most this many, and this many per client address. */
    private static final int TARPIT_HELD = 1_024;
    private static final int TARPIT_HELD_PER_ADDRESS = 64;
    private final Tarpit tarpit = new Tarpit(TARPIT_HELD, TARPIT_HELD_PER_ADDRESS);
    private final PhoneGate gate;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Meters by route and status, and by outcome: looked up once, not built on every request. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Javalin app;

    private CheckInServer(Database database, ServerSettings settings) {
        this.database = database;
        this.settings = settings;
        this.devices = new DeviceStore(database.jdbi());
        this.checkins = new CheckInStore(database.jdbi());
        // a photo waits for its check-in while that may still commit: within the commit timeout, or the phone was answered
        // 503 and sends both again
        this.selfies = new SelfieSpool(settings.selfieSpool(), new SelfieStore(database.jdbi()),
                this::rushOn, settings.limits().spoolBytes(), settings.commitTimeout().plusSeconds(1));
        // a batch the spool cannot write is never one photo's fault, and it has given the batch's room back: written
        // again one by one, each photo's room was given back twice and the spool could pass its cap
        this.selfieWriter = new GroupCommit<>("selfie", selfies::write, () -> false, settings.queueCapacity(), SELFIES_PER_BATCH,
                SelfieSpool.LANES);
        this.writer = checkInWriter(checkins, settings.queueCapacity(), settings.maxBatch(), this::keepPhotos);
        this.caches = new Caches(database.jdbi(), settings.clock());
        this.machines = new MachinePush(new MachineStore(database.jdbi()), new MachinePinStore(database.jdbi()),
                new RulesLoader(database.jdbi()), checkins, caches, settings, metrics);
        this.requests = new RequestEndpoints(new RequestStore(database.jdbi()), new LeaveBalances(database.jdbi()), new RequestDecisions(database.jdbi()), new RulesLoader(database.jdbi()), settings.clock(),
                settings.limits(), this::authenticate, this::knownDevice, employee -> caches.rules(employee).rules().zone());
        this.approvals = new ApprovalEndpoints(new RequestDecisions(database.jdbi()), this::authenticate, CheckInServer::bearer);
        this.history = new HistoryEndpoint(database.jdbi(), caches::rules, settings.clock(), settings.limits(), this::authenticate);
        this.apel = new ApelEndpoints(database.jdbi(), caches::rules, settings.clock(), settings.limits(), this::authenticate);
        this.desk = new Desk(database, settings.clock(), this::rushOn);
        PushSettings pushSettings = PushSettings.fromEnvironment();
        Vapid vapid = new PushStore(database.jdbi()).vapid(pushSettings.contact());
        this.push = new PushEndpoints(new PushStore(database.jdbi()), new PushEndpointGuard(pushSettings.extraHosts()), vapid::publicKeyBase64, this::authenticate);
        this.reminders = new ReminderWorker(database.jdbi(), vapid, pushSettings, id -> caches.rules(id).rules(), settings.clock(), metrics);
        if (pushSettings.enabled()) {
            reminders.start();
        }
        this.gate = new PhoneGate(new RequestRate(settings.rate()), tarpit, this::deviceInMemory, this::authenticate);
        Gauge.builder("presensi_tarpit_held", tarpit, Tarpit::held).register(metrics);
        Gauge.builder("presensi_tarpit_closed", tarpit, Tarpit::closed).register(metrics);
        Gauge.builder("presensi_machine_queue_depth", machines, MachinePush::queued).register(metrics);
        Gauge.builder("presensi_checkin_queue_depth", writer, GroupCommit::queued).register(metrics);
        Gauge.builder("presensi_selfie_spool_files", selfies, SelfieSpool::pending).register(metrics);
        Gauge.builder("presensi_selfie_spool_bytes", selfies, SelfieSpool::bytes).register(metrics);
        if (database.dataSource() instanceof HikariDataSource hikari) {
            Gauge.builder("presensi_db_pool_active", hikari, h -> h.getHikariPoolMXBean().getActiveConnections()).register(metrics);
            Gauge.builder("presensi_db_pool_idle", hikari, h -> h.getHikariPoolMXBean().getIdleConnections()).register(metrics);
            Gauge.builder("presensi_db_pool_waiting", hikari, h -> h.getHikariPoolMXBean().getThreadsAwaitingConnection()).register(metrics);
        }
        this.app = Javalin.create(config -> {
            config.jetty.host = settings.bind();
            config.jetty.port = settings.port();
            config.jetty.threadPool = new QueuedThreadPool(settings.maxThreads(), 8);
            // the largest body of any route (a machine's backlog); each route reads with its own cap (Bodies)
            config.http.maxRequestSize = MachinePush.MAX_BODY;
            // Javalin copies every answer into the response through a new buffer of this size (Jetty's 32 KB output
            // buffer by default): a check-in's answer of 400 bytes made 32 KB of garbage, a third of a rush's
            // allocation. Larger answers (exports, attachments) are copied in more, smaller passes.
            config.http.responseBufferSize = 4096;
            config.http.compressionStrategy = compression();
            // Slow clients: a request must arrive at a minimum rate (a 16 KB body in well under a second on 3G; a
            // trickle of bytes is cut off), a silent connection is closed, and the connections are bounded.
            config.jetty.modifyHttpConfiguration(http -> {
                http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
                http.setIdleTimeout(IDLE_TIMEOUT_MS);
                // Jetty caches a connection's Authorization header to reuse when it repeats; on a connection that
                // carries many phones (a TLS proxy's, a load generator's) every request adds a new token, the cache
                // fills and is wiped (a 64 KB array filled) every few requests: 9% of a rush's CPU in a profile
                http.setHeaderCacheSize(0);
                // a selfie check-in (20 KB of photo after its headers) read in one pass rather than two or three
                http.setInputBufferSize(INPUT_BUFFER);
            });
            config.jetty.modifyServer(server -> {
                server.addBean(new ConnectionLimit(settings.maxConnections(), server));
                headerTimeout.install(server);
            });
            config.startup.showJavalinBanner = false;
            // the check-in page: plain files from the jar, no CDN, so it loads on an office network without internet
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            config.routes.post("/api/v1/activate", this::activate);
            config.routes.post("/api/v1/checkins", gate.sends(this::checkIn, CHECKIN_MAX_BODY));
            config.routes.get("/api/v1/me", gate.reads(this::me));
            config.routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
            config.routes.get("/healthz", this::health);
            config.routes.post("/api/v1/requests", gate.sends(requests::submit, RequestEndpoints.MAX_BODY));
            config.routes.get("/api/v1/requests", gate.reads(requests::list));
            config.routes.get("/api/v1/requests/{id}/attachment", gate.reads(requests::attachment));
            config.routes.get("/api/v1/approvals", gate.reads(approvals::list));
            config.routes.post("/api/v1/approvals/{id}", gate.sends(approvals::decide, ApprovalEndpoints.MAX_BODY));
            config.routes.get("/api/v1/history", gate.reads(history::history));
            config.routes.get("/api/v1/apel", gate.reads(apel::today));
            config.routes.post("/api/v1/apel/checkins", gate.sends(apel::checkIn, ApelEndpoints.MAX_BODY));
            config.routes.get("/api/v1/push/key", gate.reads(push::key));
            config.routes.post("/api/v1/push/subscriptions", gate.sends(push::subscribe, PushEndpoints.MAX_BODY));
            config.routes.delete("/api/v1/push/subscriptions", gate.sends(push::unsubscribe, PushEndpoints.MAX_BODY));
            config.routes.get("/iclock/cdata", machines::handshake);
            config.routes.post("/iclock/cdata", machines::upload);
            config.routes.get("/iclock/getrequest", machines::getRequest);
            config.routes.post("/iclock/devicecmd", machines::deviceCommand);
            config.routes.exception(MachinePush.PlainTextError.class, (e, ctx) ->
                    ctx.status(e.status).contentType("text/plain; charset=UTF-8").result(e.getMessage()));
            desk.register(config);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.error, e.getMessage(), e.headers));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (Bodies.isCutOff(e)) { // a body that timed out or stopped, read outside Bodies: the client's doing
                    ApiException cut = Bodies.cutOff(ctx, e, ApiException::cutOff);
                    error(ctx, cut.status, cut.error, cut.getMessage(), cut.headers);
                    return;
                }
                if (DatabaseBusy.is(e)) {
                    databaseBusy.note(log, String.valueOf(ctx.method()), ctx.path(), System.nanoTime());
                } else {
                    log.error("{} {} failed", ctx.method(), ctx.path(), e);
                }
                error(ctx, 503, "UNAVAILABLE", "Layanan sedang bermasalah, coba lagi sebentar.", Map.of("Retry-After", "5"));
            });
            // errors on /iclock/ are plain text (see error()): machines read nothing else
            // an endpoint's own 404 (no such request, apel or attachment) keeps its words: this is for addresses nobody serves
            config.routes.error(404, "*", ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    error(ctx, 404, "NOT_FOUND", StaffText.NO_SUCH_ENDPOINT.format(ctx.method(), ctx.path()), Map.of());
                }
            });
            config.routes.error(405, "*", ctx -> error(ctx, 405, "METHOD_NOT_ALLOWED", StaffText.METHOD_NOT_ALLOWED.format(ctx.method(), ctx.path()), Map.of()));
            config.routes.error(413, "*", ctx -> error(ctx, 413, "PAYLOAD_TOO_LARGE", StaffText.BODY_TOO_LARGE_ANY.format(), Map.of()));
            config.requestLogger.http((ctx, ms) -> {
                String route = route(ctx);
                timers.computeIfAbsent(route + " " + ctx.statusCode(), k -> Timer.builder("presensi_http_requests").tag("route", route)
                                .tag("status", Integer.toString(ctx.statusCode())).publishPercentileHistogram().register(metrics))
                        .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
                if (!UnreadBody.logged(ctx, access, route, Math.round(ms))) {
                    access.info("{} {} {} {}", ctx.method(), route, ctx.statusCode(), Math.round(ms));
                }
            });
        });
    }

    /**
     * Gzip, as Javalin's default, for answers of 1,500 bytes and more. JSON is named as always compressible: otherwise
     * every answer's type is compared, ignoring case, with each of ten excluded types before its size is looked at,
     * 2% of a rush's CPU in a profile for answers of 300 bytes that are never compressed.
     */
    private static CompressionStrategy compression() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        gzip.setAllowedMimeTypes(List.of("image/svg+xml", "application/json"));
        return gzip;
    }

    /**
     * A check-in on its way to the database, with its photo if one is to be kept (its room in the spool already
     * reserved).
     */
    record Arrival(CheckInStore.Row row, Optional<SelfieStore.Taken> photo) {
    }

    /**
     * Check-ins, each answered with the row as stored: the new one, or the one stored earlier under its request id. Each
     * batch's photos are handed to the spool as one batch while its rows are committed: queued one by one, the spool's
     * writers took what had come during their last write, 5 or 6 photos at a saturated rush, and each synchronous write
     * has a cost of its own (a write and a flush through the virtual disk, about 30 us of the kernel's CPU besides its
     * bytes); a check-in batch brings 10 or more.
     */
    static GroupCommit<Arrival, CheckInStore.Row> checkInWriter(CheckInStore checkins, int capacity, int maxBatch,
                                                                 Function<List<SelfieStore.Taken>, CompletableFuture<?>> keepPhotos) {
        return new GroupCommit<>("checkin", arrivals -> {
            Map<UUID, CheckInStore.Row> stored = checkins.insertAll(arrivals.stream().map(Arrival::row).toList());
            return arrivals.stream().map(a -> stored.get(a.row().requestId())).toList();
        }, checkins::isAvailable, capacity, Math.min(maxBatch, CHECKIN_BATCH), CHECKIN_WRITERS,
                arrivals -> keepPhotos.apply(arrivals.stream().flatMap(a -> a.photo().stream()).toList()), a -> a.photo().isPresent());
    }

    public static CheckInServer start(Database database, ServerSettings settings) {
        CheckInServer server = new CheckInServer(database, settings);
        server.app.start();
        return server;
    }

    public int port() {
        return app.port();
    }

    /** "METHOD /path" of every route registered, for the test that holds the OpenAPI document to them. */
    List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).toList();
    }

    private static byte[] openApi() {
        try (var in = CheckInServer.class.getResourceAsStream("/api/openapi.json")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("api/openapi.json is missing from the jar", e);
        }
    }

    private void activate(Context ctx) {
        Json body = Json.body(ctx).only(ACTIVATION_FIELDS);
        String employee = body.text("employee", 32);
        String code = body.text("code", 32);
        String deviceName = body.text("deviceName", 100);
        DeviceStore.Activation result = devices.activate(employee, code, deviceName, ClientAddress.client(ctx));
        if (result.failure().isPresent()) {
            switch (result.failure().get()) {
                case THROTTLED -> throw new ApiException(429, "TOO_MANY_ATTEMPTS", "Terlalu banyak percobaan. Coba lagi dalam "
                        + Math.max(1, result.retryAfter().toMinutes()) + " menit.", Map.of("Retry-After", Long.toString(result.retryAfter().toSeconds())));
                case EXPIRED_CODE -> throw new ApiException(410, "EXPIRED_CODE", "Kode aktivasi sudah kedaluwarsa. Minta kode baru ke admin OPD.");
                case USED_CODE -> throw new ApiException(410, "USED_CODE", "Kode aktivasi sudah dipakai. Minta kode baru ke admin OPD.");
                default -> throw new ApiException(401, "INVALID_CODE", "NIP/NIK atau kode aktivasi salah.");
            }
        }
        caches.activated(result.token().orElseThrow(), result.deviceId().orElseThrow(), result.employeeId().orElseThrow());
        ctx.status(201).contentType("application/json").result(Json.write(Map.of("deviceId", result.deviceId().orElseThrow(),
                "token", result.token().orElseThrow())));
    }

    private DeviceStore.Authenticated authenticate(Context ctx) {
        DeviceStore.Authenticated device = deviceOfToken(ctx)
                .orElseThrow(() -> new ApiException(401, "UNAUTHORIZED", "Perangkat belum terdaftar: aktifkan dengan kode dari admin OPD."));
        if (device.revoked()) {
            throw new ApiException(403, "DEVICE_REVOKED", "Perangkat ini sudah tidak terdaftar, hubungi admin OPD.");
        }
        return device;
    }

    /**
     * The device of the request's token if it is one in use, refusing nothing (a body of a check-in's fields is read
     * before its 401 or 403; a larger one was refused unread by the {@link PhoneGate}).
     */
    private Optional<DeviceStore.Authenticated> knownDevice(Context ctx) {
        return deviceOfToken(ctx).filter(d -> !d.revoked());
    }

    /**
     * The device of the request's token, looked up once per request: a token unknown here costs a query, and both
     * the look before the body and the one after it ask.
     */
    private Optional<DeviceStore.Authenticated> deviceOfToken(Context ctx) {
        Optional<DeviceStore.Authenticated> seen = ctx.attribute(DEVICE_OF_TOKEN);
        if (seen == null) {
            seen = bearer(ctx).flatMap(caches::device);
            ctx.attribute(DEVICE_OF_TOKEN, seen);
        }
        return seen;
    }

    /** The device of the request's token if it is in memory, for decisions that may cost no query (remembered if found). */
    private Optional<DeviceStore.Authenticated> deviceInMemory(Context ctx) {
        Optional<DeviceStore.Authenticated> seen = ctx.attribute(DEVICE_OF_TOKEN);
        if (seen != null) {
            return seen;
        }
        Optional<DeviceStore.Authenticated> cached = bearer(ctx).flatMap(caches::cached);
        cached.ifPresent(d -> ctx.attribute(DEVICE_OF_TOKEN, cached));
        return cached;
    }

    private static Optional<String> bearer(Context ctx) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() >= 20 && header.length() <= 200;
        return bearer ? Optional.of(header.substring(7).strip()) : Optional.empty();
    }

    private static final String DEVICE_OF_TOKEN = "presensi.device";

    private void checkIn(Context ctx) {
        if (answeredUnread(ctx)) {
            return; // nor is it the rush: a flood of these must not keep the spool's photos from the database
        }
        Json body;
        Optional<Photo> selfie;
        if (Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT).startsWith("image/")) {
            // the page's way: the photo as the body, as taken (a third smaller than its base64), the fields in a header;
            // the body is read first, as for JSON, so an answer never leaves a body unread on a connection kept open
            byte[] photo = Bodies.read(ctx, MAX_SELFIE, () -> Photos.tooLarge(MAX_SELFIE), ApiException::cutOff);
            body = checkInHeader(ctx);
            selfie = Optional.of(Photos.photo(photo, MAX_SELFIE));
        } else {
            body = Json.body(ctx, CHECKIN_MAX_BODY, Set.of("selfie")).only(CHECKIN_FIELDS);
            selfie = body.base64("selfie").map(bytes -> Photos.photo(bytes, MAX_SELFIE));
        }
        DeviceStore.Authenticated device = authenticate(ctx);
        // a phone's check-in, not a stranger's request, is what makes the rush (the spool and the desk give way to it)
        lastCheckIn = System.nanoTime();
        Instant now = settings.clock().instant().truncatedTo(ChronoUnit.MICROS);
        ResolvedDays who = caches.days(device.employeeId());
        ZoneId zone = who.rules().zone();
        LocalDate today = LocalDate.ofInstant(now, zone);
        CheckInRequest request;
        try {
            request = checkInRequest(body, selfie.isPresent());
            UnreadBody.idempotencyKey(ctx).filter(key -> !key.equals(request.requestId())).ifPresent(key -> {
                throw ApiException.badRequest(StaffText.FIELD_CONTRADICTS.format(UnreadBody.IDEMPOTENCY_KEY, "requestId"));
            });
        } catch (ApiException invalid) {
            countCheckIn(ctx, device, today, now, zone); // an attempt all the same: over the bound, it is the 429
            throw invalid;
        }
        Optional<DailyCounts.Answer> again = checkInsOfDevice.answered(device.deviceId(), today, request.requestId());
        if (again.isPresent()) {
            again.get().send(ctx);
            return;
        }
        countCheckIn(ctx, device, today, now, zone);
        CheckInStore.Row row = PhoneCheckIn.decide(who, request, device.employeeId(), device.deviceId(), now,
                settings.offlineTolerance(), ClientAddress.address(ClientAddress.client(ctx)));
        // kept only where the unit asks for it (a photo nobody asked for is personal data with no purpose); made
        // durable beside the check-in's commit, and the answer waits for both
        Optional<SelfieStore.Taken> photo = selfie.filter(p -> who.rules().selfieRequired())
                .map(p -> reserve(new SelfieStore.Taken(row.requestId(), device.employeeId(), row.workDate(), now, p), zone));
        CompletableFuture<List<CheckInStore.Row>> committed;
        try {
            committed = writer.submit(List.of(new Arrival(row, photo)));
        } catch (RuntimeException busy) {
            photo.ifPresent(this::release);
            throw busy;
        }
        CheckInStore.Row stored = await(committed);
        if (stored.employeeId() != device.employeeId()) {
            // someone else's requestId: say nothing of their check-in
            throw new ApiException(409, "REQUEST_ID_IN_USE", "requestId ini sudah dipakai perangkat lain; kirim ulang dengan requestId baru.");
        }
        outcomes.computeIfAbsent(stored.reason().map(Enum::name).orElse("ACCEPTED"), o -> Counter.builder("presensi_checkins").tag("outcome", o).register(metrics))
                .increment();
        DailyCounts.Answer given = new DailyCounts.Answer(stored.accepted() ? 201 : 422, answerJson(stored));
        checkInsOfDevice.answered(device.deviceId(), today, request.requestId(), given);
        given.send(ctx);
    }

    /** Whether the rush is on: a check-in arrived within {@link #RUSH_NANOS}. */
    private boolean rushOn() {
        return System.nanoTime() - lastCheckIn < RUSH_NANOS;
    }

    /**
     * Answers from the request's line and headers alone, leaving the body (a 30 KB photo) unparsed, when the phone
     * sends again a check-in already answered today (its requestId in the Idempotency-Key header, or in the
     * Presensi-Checkin header of a photo), or is over its day's check-ins with more than a check-in's fields to
     * send. Anything else is read and decided as usual (an unknown token's larger body never gets here: PhoneGate).
     */
    private boolean answeredUnread(Context ctx) {
        Optional<DeviceStore.Authenticated> device = knownDevice(ctx);
        if (device.isEmpty()) {
            return false;
        }
        Instant now = settings.clock().instant();
        ZoneId zone = caches.rules(device.get().employeeId()).rules().zone();
        LocalDate today = LocalDate.ofInstant(now, zone);
        long id = device.get().deviceId();
        int sent = checkInsOfDevice.count(id, today);
        if (sent == 0) {
            return false; // the day's first: nothing to send again, no bound reached
        }
        Optional<DailyCounts.Answer> again = UnreadBody.idempotencyKey(ctx).or(() -> photoRequestId(ctx))
                .flatMap(requestId -> checkInsOfDevice.answered(id, today, requestId));
        if (again.isPresent()) {
            UnreadBody.answer(ctx, again.get(), Map.of(), CHECKIN_MAX_BODY);
            return true;
        }
        if (sent >= settings.limits().checkInsPerDay() && !UnreadBody.isSmall(ctx)) {
            UnreadBody.refuse(ctx, tooManyCheckIns(now, zone), CHECKIN_MAX_BODY);
            return true;
        }
        return false;
    }

    /** The requestId in the Presensi-Checkin header of a check-in whose body is its photo, if the header is a valid one. */
    private static Optional<UUID> photoRequestId(Context ctx) {
        if (ctx.header(CHECKIN_HEADER) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(checkInRequest(checkInHeader(ctx), true).requestId());
        } catch (ApiException malformed) {
            return Optional.empty(); // refused with its reason once the body is read, if it ever is
        }
    }

    /**
     * The fields of a check-in whose body is its photo, from its header: parsed once a request, though read twice (for
     * a requestId already answered, before the body; then to decide).
     */
    private static Json checkInHeader(Context ctx) {
        Json fields = ctx.attribute(CHECKIN_HEADER);
        if (fields == null) {
            fields = Json.header(ctx, CHECKIN_HEADER).only(CHECKIN_HEADER_FIELDS);
            ctx.attribute(CHECKIN_HEADER, fields);
        }
        return fields;
    }

    /** The check-in's fields, each checked (a 400 naming the first one wrong). */
    private static CheckInRequest checkInRequest(Json body, boolean withSelfie) {
        PunchType type = PunchType.parse(body.text("type", 3))
                .orElseThrow(() -> ApiException.badRequest(StaffText.FIELD_ONE_OF.format("type", "IN, OUT")));
        return new CheckInRequest(body.uuid("requestId"), type,
                new GeoPoint(body.number("lat", -90, 90), body.number("lon", -180, 180)), body.number("accuracy", 0, 100_000),
                body.instant("clientTime"), body.flag("mock"), withSelfie);
    }

    /** Counts a check-in attempt of the device's day; over the bound, the 429. */
    private void countCheckIn(Context ctx, DeviceStore.Authenticated device, LocalDate today, Instant now, ZoneId zone) {
        if (checkInsOfDevice.add(device.deviceId(), today) > settings.limits().checkInsPerDay()) {
            UnreadBody.quiet(ctx);
            throw tooManyCheckIns(now, zone);
        }
    }

    private ApiException tooManyCheckIns(Instant now, ZoneId zone) {
        return ApiException.tooMany("TOO_MANY_CHECKINS", "Perangkat ini sudah mengirim " + settings.limits().checkInsPerDay()
                + " presensi hari ini, batas sehari. Coba lagi besok; bila presensi Anda belum tercatat, hubungi admin OPD.", now, zone);
    }

    /**
     * Reserves a photo's room in the spool, within its bounds: room on disk (else a 503: the page keeps the check-in
     * and sends it again) and the photos of the employee's work day (else a 429). Refused, the check-in is not stored
     * either.
     */
    private SelfieStore.Taken reserve(SelfieStore.Taken taken, ZoneId zone) {
        int size = taken.photo().bytes().length;
        if (!selfies.reserve(size)) {
            throw new ApiException(503, "PHOTO_STORAGE_FULL", "Penyimpanan swafoto di server sedang penuh; presensi Anda akan dikirim ulang otomatis.",
                    Map.of("Retry-After", "60"));
        }
        try {
            LocalDate day = taken.workDate().orElseGet(() -> LocalDate.ofInstant(taken.receivedAt(), zone));
            if (selfiesOfEmployee.add(taken.employeeId(), day) > settings.limits().selfiesPerDay()) {
                throw ApiException.tooMany("TOO_MANY_SELFIES", "Sudah " + settings.limits().selfiesPerDay()
                        + " swafoto dikirim untuk hari kerja ini, batas sehari. Hubungi admin OPD bila presensi Anda belum tercatat.", taken.receivedAt(), zone);
            }
            return taken;
        } catch (RuntimeException e) {
            selfies.release(size);
            throw e;
        }
    }

    /** A check-in batch's photos, reserved, queued for the spool as one batch; their room is given back if refused. */
    private CompletableFuture<List<Boolean>> keepPhotos(List<SelfieStore.Taken> photos) {
        try {
            return selfieWriter.submit(photos);
        } catch (RuntimeException e) {
            photos.forEach(this::release);
            throw e;
        }
    }

    private void release(SelfieStore.Taken photo) {
        selfies.release(photo.photo().bytes().length);
    }

    private <R> R await(CompletableFuture<List<R>> stored) {
        try {
            return stored.get(settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS).get(0);
        } catch (TimeoutException e) {
            throw ApiException.unavailable("Server sedang sibuk, presensi Anda akan dikirim ulang otomatis.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupCommit.RefusedRow) {
                throw ApiException.badRequest(StaffText.UNSTORABLE_CHECKIN.format());
            }
            if (e.getCause() instanceof ApiException refusal) {
                throw refusal; // said already (the photos' queue full): the writer handed the batch's photos on
            }
            throw ApiException.unavailable("Basis data tidak dapat dihubungi, presensi Anda akan dikirim ulang otomatis.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Server sedang berhenti.");
        }
    }

    /**
     * {@link #answer(CheckInStore.Row)} as JSON, written field by field: the same text as the map through the mapper,
     * without a map and a serializer looked up per entry for every check-in of a rush.
     */
    static String answerJson(CheckInStore.Row row) {
        StringWriter out = new StringWriter(320);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("requestId", row.requestId().toString());
            json.writeStringField("type", row.type().map(Enum::name).orElse(null));
            json.writeBooleanField("accepted", row.accepted());
            if (row.reason().isPresent()) {
                json.writeStringField("reason", row.reason().get().name());
            }
            json.writeStringField("message", row.message());
            json.writeStringField("at", row.at().toString());
            if (row.workDate().isPresent()) {
                json.writeStringField("workDate", row.workDate().get().toString());
            }
            if (row.distanceM().isPresent()) {
                json.writeNumberField("distanceM", row.distanceM().get());
            }
            if (row.locationName().isPresent()) {
                json.writeStringField("location", row.locationName().get());
            }
            json.writeBooleanField("offlineSynced", row.offlineSynced());
            json.writeBooleanField("workFromHome", row.workFromHome());
            json.writeBooleanField("workFromAnywhere", row.workFromAnywhere());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    static Map<String, Object> answer(CheckInStore.Row row) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", row.requestId().toString());
        answer.put("type", row.type().map(Enum::name).orElse(null));
        answer.put("accepted", row.accepted());
        row.reason().ifPresent(r -> answer.put("reason", r.name()));
        answer.put("message", row.message());
        answer.put("at", row.at().toString());
        row.workDate().ifPresent(d -> answer.put("workDate", d.toString()));
        row.distanceM().ifPresent(d -> answer.put("distanceM", d));
        row.locationName().ifPresent(l -> answer.put("location", l));
        answer.put("offlineSynced", row.offlineSynced());
        answer.put("workFromHome", row.workFromHome());
        answer.put("workFromAnywhere", row.workFromAnywhere());
        return answer;
    }

    private void me(Context ctx) {
        DeviceStore.Authenticated device = authenticate(ctx);
        Caches.Cached cached = caches.person(device.employeeId());
        RulesLoader.Loaded who = cached.loaded();
        LocalDateTime local = LocalDateTime.now(settings.clock().withZone(who.rules().zone()));
        RuleResolver.Situation s = cached.days().at(local);
        Map<String, Object> me = new LinkedHashMap<>(SituationView.of(who.person(), s));
        me.put("checkins", checkins.ofWorkDate(device.employeeId(), s.plan().date()).stream().map(row -> {
            Map<String, Object> answer = answer(row);
            answer.put("localTime", LocalDateTime.ofInstant(row.at(), who.rules().zone()).withNano(0).toString());
            return answer;
        }).toList());
        ctx.contentType("application/json").result(Json.write(me));
    }

    private void health(Context ctx) {
        if (checkins.isAvailable()) {
            ctx.contentType("application/json").result("{\"status\":\"UP\"}");
        } else {
            ctx.status(503).header("Retry-After", "5").contentType("application/json").result("{\"status\":\"DOWN\"}");
        }
    }

    /** The route pattern for metrics; unmatched paths are one series, so scanners cannot flood the registry. */
    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (NoSuchElementException e) {
            return "unmatched";
        }
    }

    private static void error(Context ctx, int status, String error, String message, Map<String, String> headers) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        headers.forEach(ctx::header);
        // a machine reads plain text only: an endpoint of a later push protocol (/iclock/registry), a body too large
        if (ctx.path().startsWith("/iclock/")) {
            ctx.status(status).contentType("text/plain; charset=UTF-8").result(status == 404 ? "unknown endpoint" : error.toLowerCase(Locale.ROOT));
            return;
        }
        ctx.status(status).contentType("application/json").result(Json.write(Map.of("error", error, "message", message)));
    }

    @Override
    public void close() throws InterruptedException {
        app.stop();
        reminders.close();
        tarpit.close();
        writer.close();
        selfieWriter.close();
        selfies.close();
        machines.close();
        caches.close();
        desk.close();
    }
}
