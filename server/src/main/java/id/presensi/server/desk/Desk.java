package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.db.Database;
import id.presensi.store.OperatorStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The desk ({@code /admin}) for OPD admins and BKPSDM operators: sign-in with their own database login, then "Hari ini",
 * "Rekap", "Permohonan", "Titip absen" and "Perangkat", and for BKPSDM all units, month close and operators. Every query
 * runs on the operator's own connection ({@link DeskSession}), so row-level security is the one authority on what they
 * see and change; the desk adds no permission of its own beyond refusing early a unit outside the operator's list, and
 * the BKPSDM pages to an OPD admin. Pages are plain files (no inline script); the API answers JSON.
 */
public final class Desk implements AutoCloseable {
    static final String COOKIE = "presensi_desk";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int MAX_BODY = 16 * 1024;
    /**
     * How long one computed "Hari ini" board answers every poll of the same scope before a poll starts its refresh: just
     * under the page's poll (30 s), so each poll of one page still starts a refresh while the refresh queue is short
     * (and the page asks again 3 s later for it), while more tabs, admins of one OPD or a faster poller do not multiply
     * the work. At 5 s, 40 admins polling every 10 s (the desk bench) refreshed every board at every poll, during the
     * morning's rush too.
     */
    static final Duration BOARD_TTL = Duration.ofSeconds(25);
    /**
     * How long a board may go unpolled and still be answered at once (however old the board itself) while it is computed
     * again in the background: a few of the page's polls. One nobody asked for that long (a desk opened after lunch) is
     * computed afresh in the request.
     */
    static final Duration BOARD_MAX_STALE = Duration.ofMinutes(2);
    static final ObjectMapper JSON = new ObjectMapper();
    /** No script but our own files, no framing, nothing loaded from elsewhere; letters are shown from our own URLs. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final DeskSessions sessions;
    private final DeskToday today;
    private final DeskRecap recap;
    private final DeskRequests requests;
    private final DeskSignals signals;
    private final DeskDevices devices;
    private final DeskBkpsdm bkpsdm;
    private final DeskOperators operators;

    /** {@code rushOn}: whether check-ins are arriving now (the boards' background refreshes then give way to them). */
    public Desk(Database service, Clock clock, BooleanSupplier rushOn) {
        this(service, clock, Duration.ofMinutes(30), rushOn);
    }

    public Desk(Database service, Clock clock, Duration idleTimeout, BooleanSupplier rushOn) {
        this.sessions = new DeskSessions(service.url(), clock, idleTimeout);
        this.today = new DeskToday(this, BOARD_TTL, BOARD_MAX_STALE, rushOn);
        this.recap = new DeskRecap(this);
        this.requests = new DeskRequests(this);
        this.signals = new DeskSignals(this);
        this.devices = new DeskDevices(this);
        this.bkpsdm = new DeskBkpsdm(this);
        this.operators = new DeskOperators(this);
    }

    /** Adds the desk's pages, API and error answers to the server being configured. */
    public void register(JavalinConfig config) {
        var routes = config.routes;
        routes.before("/admin*", ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
        });
        routes.get("/admin", ctx -> file(ctx, "desk.html", "text/html; charset=UTF-8"));
        routes.get("/admin/desk.js", ctx -> file(ctx, "desk.js", "text/javascript; charset=UTF-8"));
        routes.get("/admin/desk.css", ctx -> file(ctx, "desk.css", "text/css; charset=UTF-8"));
        routes.get("/admin/desk-signals.js", ctx -> file(ctx, "desk-signals.js", "text/javascript; charset=UTF-8"));
        routes.get("/admin/desk-devices.js", ctx -> file(ctx, "desk-devices.js", "text/javascript; charset=UTF-8"));
        routes.get("/admin/desk-bkpsdm.js", ctx -> file(ctx, "desk-bkpsdm.js", "text/javascript; charset=UTF-8"));
        routes.post("/admin/api/signin", this::signIn);
        routes.post("/admin/api/signout", this::signOut);
        routes.get("/admin/api/session", ctx -> json(ctx, sessionView(renewUnits(session(ctx)))));
        routes.get("/admin/api/today", today::board);
        routes.get("/admin/api/today/person", today::person);
        routes.get("/admin/api/recap", recap::grid);
        routes.get("/admin/api/recap/explain", recap::explain);
        routes.get("/admin/api/recap.xlsx", recap::xlsx);
        routes.get("/admin/api/recap.csv", recap::csv);
        routes.get("/admin/api/requests", requests::list);
        routes.get("/admin/api/requests/{id}/attachment", requests::attachment);
        routes.post("/admin/api/requests/decide", requests::decide);
        routes.get("/admin/api/signals", signals::list);
        routes.post("/admin/api/signals/review", signals::review);
        routes.get("/admin/api/devices", devices::list);
        routes.get("/admin/api/devices/preview", devices::preview);
        routes.post("/admin/api/devices/revoke", devices::revoke);
        routes.post("/admin/api/devices/code", devices::code);
        routes.get("/admin/api/machines", devices::machines);
        routes.get("/admin/api/bkpsdm/units", bkpsdm::units);
        routes.get("/admin/api/bkpsdm/months", bkpsdm::months);
        routes.post("/admin/api/bkpsdm/months/close", bkpsdm::close);
        routes.post("/admin/api/bkpsdm/months/reopen", bkpsdm::reopen);
        routes.get("/admin/api/bkpsdm/operators", operators::list);
        routes.post("/admin/api/bkpsdm/operators", operators::add);
        routes.post("/admin/api/bkpsdm/operators/disable", operators::disable);
        routes.post("/admin/api/bkpsdm/operators/password", operators::password);
        routes.exception(DeskException.class, (e, ctx) -> {
            e.headers.forEach(ctx::header);
            ctx.status(e.status).contentType("application/json").result(write(Map.of("error", e.error, "message", e.getMessage())));
        });
    }

    private void file(Context ctx, String name, String type) throws IOException {
        try (InputStream in = Desk.class.getResourceAsStream("/desk/" + name)) {
            if (in == null) {
                throw DeskException.notFound("no such file");
            }
            ctx.contentType(type).result(in.readAllBytes());
        }
    }

    private void signIn(Context ctx) {
        JsonNode body = body(ctx);
        String name = text(body, "name", 64).toLowerCase(Locale.ROOT);
        String password = text(body, "password", 200);
        DeskSessions.Opened opened = sessions.signIn(CheckInAddress.of(ctx), name, password.toCharArray());
        ctx.header("Set-Cookie", COOKIE + "=" + opened.cookie() + "; Path=/admin; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
        json(ctx, sessionView(opened.session()));
        today.warm(opened.session());
    }

    private void signOut(Context ctx) {
        DeskSession session = changing(ctx);
        sessions.end(session);
        ctx.header("Set-Cookie", COOKIE + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0" + (secure(ctx) ? "; Secure" : ""));
        json(ctx, Map.of("signedOut", true));
    }

    /** Behind the TLS proxy on this machine (the only one whose forwarded headers are believed), or TLS here. */
    private static boolean secure(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        return "https".equalsIgnoreCase(ctx.scheme()) || (CheckInAddress.fromLocalProxy(ctx) && "https".equalsIgnoreCase(forwarded));
    }

    private static Map<String, Object> sessionView(DeskSession s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", s.operator.name());
        v.put("role", s.operator.seesAll() ? "BKPSDM" : "OPD_ADMIN");
        v.put("home", s.homeUnit().orElse(null));
        v.put("units", s.operator.units().stream().map(u -> {
            Map<String, Object> unit = new LinkedHashMap<>();
            unit.put("code", u.code());
            unit.put("name", u.name());
            unit.put("parent", u.parentCode().orElse(null));
            return unit;
        }).toList());
        v.put("csrf", s.csrf);
        return v;
    }

    /** The signed-in session of a request, or a 401. */
    DeskSession session(Context ctx) {
        return sessions.find(ctx.cookie(COOKIE))
                .orElseThrow(() -> new DeskException(401, "SIGNED_OUT", "Belum masuk atau sesi sudah berakhir, silakan masuk lagi."));
    }

    /** A change: signed in, with the session's CSRF token in its header and a JSON body (which no other site's form can send). */
    DeskSession changing(Context ctx) {
        DeskSession session = session(ctx);
        String token = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElse("");
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), session.csrf.getBytes(StandardCharsets.UTF_8))) {
            throw new DeskException(403, "CSRF", "Token formulir tidak cocok; muat ulang halaman.");
        }
        return session;
    }

    /** Work on the session's own connection, database refusals turned into answers. */
    <T> T as(DeskSession session, Function<org.jdbi.v3.core.Jdbi, T> work) {
        try {
            return session.use(sessions.now(), work);
        } catch (DeskException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DeskErrors.answer(e, () -> sessions.end(session));
        }
    }

    /** As {@link #as}, but only if the session's connection is free now: empty (nothing run) while other work holds it. */
    <T> Optional<T> asIfFree(DeskSession session, Function<org.jdbi.v3.core.Jdbi, T> work) {
        try {
            return session.useIfFree(sessions.now(), work);
        } catch (DeskException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DeskErrors.answer(e, () -> sessions.end(session));
        }
    }

    /** Ends every desk session of an operator (disabled, or given a new password): their cookies stop working at once. */
    void signOutEverywhere(String operator) {
        sessions.endAll(operator);
    }

    java.time.Instant now() {
        return sessions.now();
    }

    /**
     * The session with its operator's units read again (a few small queries on their connection): the list was read at
     * sign-in, and a unit imported since is shown without signing in again.
     */
    DeskSession renewUnits(DeskSession session) {
        as(session, jdbi -> new OperatorStore(jdbi).signedIn()).ifPresent(session::renew);
        return session;
    }

    /** Whether a unit is the operator's; one not in their list is looked for again, in case it was imported since sign-in. */
    boolean inScope(DeskSession session, String code) {
        return session.inScope(code) || renewUnits(session).inScope(code);
    }

    /** The unit a request asks about: one of the operator's, or (none given) their own; another's is refused. */
    Optional<String> unit(Context ctx, DeskSession session) {
        String asked = ctx.queryParam("unit");
        if (asked == null || asked.isBlank()) {
            return session.homeUnit();
        }
        String code = asked.strip().toUpperCase(Locale.ROOT);
        if (!inScope(session, code)) {
            throw new DeskException(403, "OUT_OF_SCOPE", "Unit " + (code.length() > 32 ? code.substring(0, 32) : code) + " bukan unit Anda.");
        }
        return Optional.of(code);
    }

    static JsonNode body(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new DeskException(415, "UNSUPPORTED_MEDIA_TYPE", "Kirim JSON (Content-Type: application/json).");
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw DeskException.badRequest("badan permintaan tidak terbaca");
        }
        if (bytes.length > MAX_BODY) {
            throw new DeskException(413, "PAYLOAD_TOO_LARGE", "Permintaan terlalu besar.");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw DeskException.badRequest("badan permintaan harus objek JSON");
            }
            return node;
        } catch (IOException e) {
            throw DeskException.badRequest("badan permintaan bukan JSON yang sah");
        }
    }

    static String text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw DeskException.badRequest(field + " wajib diisi");
        }
        String text = value.asText().strip();
        if (text.length() > maxLength) {
            throw DeskException.badRequest(field + " terlalu panjang (paling banyak " + maxLength + " huruf)");
        }
        return text;
    }

    static void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(write(value));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        today.close();
        sessions.close();
    }
}
