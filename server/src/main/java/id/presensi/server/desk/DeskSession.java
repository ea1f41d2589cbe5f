package id.presensi.server.desk;

import id.presensi.store.OperatorStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
    /** One request at a time on the connection; a board's poll may go without it when it is busy ({@link #useIfFree}). */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Instant lastUsed;
    private volatile boolean closed;
    /** The database scope last read on this connection, and when: what a poll may go by while its board's refresh runs. */
    private volatile ScopeSeen scopeSeen;
    /** Whether a background refresh of a board holds the connection (or is about to). */
    private volatile boolean refreshing;
    /** Whether one of this session's board refreshes is queued or running: a session never has more than one in the queue. */
    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    private record ScopeSeen(OperatorStore.Scope scope, Instant at) {
    }

    DeskSession(String cookieHash, String csrf, OperatorStore.SignedIn operator, Connection connection, Instant now) {
        this.cookieHash = cookieHash;
        this.csrf = csrf;
        this.operator = operator;
        this.connection = connection;
        this.lastUsed = now;
    }

    /** Runs work on the operator's connection, one request at a time. */
    <T> T use(Instant now, Function<Jdbi, T> work) {
        lock.lock();
        try {
            return run(now, work);
        } finally {
            lock.unlock();
        }
    }

    /** Runs work on the operator's connection if no other work holds it now; empty (nothing run) if one does. */
    <T> Optional<T> useIfFree(Instant now, Function<Jdbi, T> work) {
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.of(run(now, work));
        } finally {
            lock.unlock();
        }
    }

    private <T> T run(Instant now, Function<Jdbi, T> work) {
        touch(now);
        return DeskJdbi.on(connection, work);
    }

    /** The operator is active (a request without the connection counts too); refused once signed out. */
    void touch(Instant now) {
        if (closed) {
            throw new DeskException(401, "SIGNED_OUT", "Sesi sudah berakhir, silakan masuk lagi.");
        }
        lastUsed = now;
    }

    void refreshing(boolean running) {
        refreshing = running;
    }

    boolean refreshing() {
        return refreshing;
    }

    /** Takes this session's one place in the boards' refresh queue; false if it holds it already. */
    boolean queueRefresh() {
        return refreshQueued.compareAndSet(false, true);
    }

    void refreshDone() {
        refreshQueued.set(false);
    }

    void scopeSeen(OperatorStore.Scope scope, Instant at) {
        scopeSeen = new ScopeSeen(scope, at);
    }

    /** The scope read on this connection at or after {@code since}, if any. */
    Optional<OperatorStore.Scope> scopeSeenSince(Instant since) {
        ScopeSeen seen = scopeSeen;
        return seen == null || seen.at().isBefore(since) ? Optional.empty() : Optional.of(seen.scope());
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
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection.close();
        } catch (SQLException ignored) {
            // the connection is gone either way
        } finally {
            lock.unlock();
        }
    }
}
