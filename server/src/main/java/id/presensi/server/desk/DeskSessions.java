package id.presensi.server.desk;

import id.presensi.db.Failures;
import id.presensi.device.Secrets;
import id.presensi.store.OperatorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Signed-in operators, by the SHA-256 of their cookie (the cookie itself is kept nowhere on the server). A session
 * idle longer than the timeout is closed, its connection with it; so is one signed out.
 */
final class DeskSessions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskSessions.class);
    static final int MAX_PER_OPERATOR = 3;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]{2,40}");

    private final String url;
    private final Clock clock;
    private final Duration idleTimeout;
    private final SignInThrottle throttle = new SignInThrottle();
    private final Map<String, DeskSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "desk-sessions");
        t.setDaemon(true);
        return t;
    });

    DeskSessions(String url, Clock clock, Duration idleTimeout) {
        this.url = url;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        reaper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.MINUTES);
    }

    /** A new session and the cookie that names it (given to the browser once, never stored). */
    record Opened(String cookie, DeskSession session) {
    }

    Opened signIn(String address, String name, char[] password) {
        Instant now = clock.instant();
        Duration wait = throttle.wait(address, name, now);
        if (!wait.isZero()) {
            throw new DeskException(429, "TOO_MANY_ATTEMPTS", "Terlalu banyak percobaan. Coba lagi dalam "
                    + Math.max(1, wait.toMinutes()) + " menit.", Map.of("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
        }
        if (!NAME.matcher(name).matches()) {
            throttle.failed(address, name, now);
            throw wrongPassword();
        }
        Connection connection = connect(name, password, address, now);
        boolean kept = false;
        try {
            OperatorStore.SignedIn operator = DeskJdbi.on(connection, jdbi -> new OperatorStore(jdbi).signedIn()).orElse(null);
            if (operator == null) {
                // the schema's owner or the check-in service: real logins, but not operators; the desk is not theirs
                throttle.failed(address, name, now);
                throw wrongPassword();
            }
            throttle.succeeded(name);
            // each session holds a database connection: an operator keeps a few (two browsers, a laptop and a phone),
            // never enough to use up the server's connections by signing in again and again
            sessions.values().stream().filter(s -> s.operator.name().equals(operator.name()))
                    .sorted(Comparator.comparing(DeskSession::lastUsed).thenComparingLong(t -> t.sequence).reversed()).skip(MAX_PER_OPERATOR - 1)
                    .toList().forEach(this::end);
            String cookie = Secrets.newToken() + Secrets.newToken();
            DeskSession session = new DeskSession(hash(cookie), Secrets.newToken(), operator, connection, now);
            sessions.put(session.cookieHash, session);
            kept = true;
            log.info("desk: {} signed in from {}", name, address);
            return new Opened(cookie, session);
        } finally {
            if (!kept) {
                // not an operator, or the login worked and its first query did not (the database going away, a role set
                // up wrongly): no session, so no connection kept either
                closeQuietly(connection);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("a refused sign-in's connection did not close cleanly: {}", e.toString());
        }
    }

    private Connection connect(String name, char[] password, String address, Instant now) {
        Properties properties = new Properties();
        properties.setProperty("user", name);
        properties.setProperty("password", new String(password));
        properties.setProperty("ApplicationName", "presensi-desk");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            // 28P01 a wrong password, 28000 no such login or one that may not log in (a disabled operator)
            if (Failures.hasSqlState(e, state -> state.startsWith("28"))) {
                throttle.failed(address, name, now);
                throw wrongPassword();
            }
            throw unavailable(e);
        } finally {
            properties.clear();
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static DeskException wrongPassword() {
        return new DeskException(401, "WRONG_PASSWORD", "Nama operator atau kata sandi salah.");
    }

    private static DeskException unavailable(SQLException e) {
        log.warn("desk: cannot reach the database: {}", Failures.rootMessage(e));
        return new DeskException(503, "UNAVAILABLE", "Basis data tidak dapat dihubungi, coba lagi sebentar.", Map.of("Retry-After", "5"));
    }

    /** The live session a cookie names; empty when it never was one, was signed out or sat idle too long. */
    Optional<DeskSession> find(String cookie) {
        if (cookie == null || cookie.length() < 20 || cookie.length() > 200) {
            return Optional.empty();
        }
        DeskSession session = sessions.get(hash(cookie));
        if (session == null) {
            return Optional.empty();
        }
        if (session.lastUsed().plus(idleTimeout).isBefore(clock.instant())) {
            end(session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    void end(DeskSession session) {
        sessions.remove(session.cookieHash);
        session.close();
    }

    void endAll(String operator) {
        sessions.values().stream().filter(s -> s.operator.name().equals(operator)).toList().forEach(this::end);
    }

    Instant now() {
        return clock.instant();
    }

    private void closeIdle() {
        Instant cutoff = clock.instant().minus(idleTimeout);
        sessions.values().stream().filter(s -> s.lastUsed().isBefore(cutoff)).toList().forEach(this::end);
    }

    static String hash(String cookie) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        sessions.values().forEach(DeskSession::close);
        sessions.clear();
    }
}
