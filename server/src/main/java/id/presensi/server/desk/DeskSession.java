package id.presensi.server.desk;

import id.presensi.store.OperatorStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One signed-in operator: their own database connection (opened with their password at sign-in, the password then
 * forgotten), so every query of the session runs as their role and row-level security decides what they see. One
 * connection, used by one request at a time: a person's browser polls and clicks, it does not need a pool.
 */
final class DeskSession implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicLong OPENED = new java.util.concurrent.atomic.AtomicLong();
    /** Which came later, of sessions used at the same instant. */
    final long sequence = OPENED.incrementAndGet();
    final String cookieHash;
    final String csrf;
    /** As the database saw them at sign-in, their units read again when needed ({@link #renew}). */
    volatile OperatorStore.SignedIn operator;
    private final Connection connection;
    private final Jdbi jdbi;
    private volatile Instant lastUsed;
    private boolean closed;

    DeskSession(String cookieHash, String csrf, OperatorStore.SignedIn operator, Connection connection, Instant now) {
        this.cookieHash = cookieHash;
        this.csrf = csrf;
        this.operator = operator;
        this.connection = connection;
        this.jdbi = Jdbi.create(connection).installPlugin(new PostgresPlugin());
        this.lastUsed = now;
    }

    /** Runs work on the operator's connection, one request at a time. */
    synchronized <T> T use(Instant now, Function<Jdbi, T> work) {
        if (closed) {
            throw new DeskException(401, "SIGNED_OUT", "Sesi sudah berakhir, silakan masuk lagi.");
        }
        lastUsed = now;
        return work.apply(jdbi);
    }

    /** The operator as read again on their connection: a unit imported since sign-in is in their list from now on. */
    void renew(OperatorStore.SignedIn fresh) {
        operator = fresh;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    /** Whether the operator may look at a unit: one of theirs (BKPSDM: any). Row-level security holds regardless. */
    boolean inScope(String unitCode) {
        return operator.units().stream().anyMatch(u -> u.code().equals(unitCode));
    }

    /** The unit the desk opens on: an OPD admin's own unit; everything (none) for BKPSDM. */
    Optional<String> homeUnit() {
        return operator.seesAll() || operator.units().isEmpty() ? Optional.empty() : Optional.of(operator.units().get(0).code());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the connection is gone either way
        }
    }
}
