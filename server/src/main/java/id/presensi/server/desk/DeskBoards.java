package id.presensi.server.desk;

import id.presensi.store.OperatorStore;
import id.presensi.unit.TimeZones;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * "Hari ini" boards, shared by every poll whose database scope is the same, and answered at once. 40 admins each
 * polling every 10 s during the morning's rush would otherwise each wait for a board of up to thousands of people to
 * be computed beside the check-ins (p99 over a second). So a poll is answered with the last board of its scope, unit
 * and day, whatever its age (the page shows when it was computed); when that board is older
 * than {@link #ttl}, one refresh of it runs meanwhile on a single background thread, so boards never take more than
 * one of the server's processors from the check-ins, and the next poll gets it. Only a scope's first board (or one
 * nobody polled for {@link #maxStale}) is computed in the request, and polls arriving meanwhile wait for that one.
 * <p>
 * Every board is computed on the connection of a session of its scope (row-level security stays the source of what
 * is in it). The scope is what the database says the asking connection may read ({@link OperatorStore.Scope}), read
 * afresh at every poll, and read again after a computation, which is filed only if it has not changed: an admin is
 * only ever given a board computed under their own scope. A poll does not wait for its connection, though, while a
 * board's background refresh holds it (up to seconds on a heavy morning): it goes by the scope last read on that
 * connection if that is at most {@link #SCOPE_TRUSTED} old, since the board it is given may be older than that anyway.
 * While no refresh runs, other work on the connection (the operator's own clicks, a first board) is waited for; while
 * one runs, a poll goes by that recent scope whatever holds the connection at that moment. A session's first board
 * is started in the background at sign-in ({@link #warm}), so the page's first poll usually finds it computed or under
 * way instead of computing it in the request.
 */
final class DeskBoards implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskBoards.class);

    /** A board as sent: its JSON, and the tag a page sends back to hear "unchanged" (304) instead of the same bytes. */
    record Answer(Instant at, String json, String etag) {
    }

    private record Key(OperatorStore.Scope scope, Optional<String> unit, LocalDate day) {
        /** The board of the regency's day at {@code now}: a new day's boards are started at its midnight, when it is quiet. */
        static Key of(OperatorStore.Scope scope, Optional<String> unit, Instant now) {
            return new Key(scope, unit, LocalDate.ofInstant(now, TimeZones.DEFAULT));
        }
    }

    /** One scope's board of one unit and day: the first, computed in a request, then its refreshes. */
    private static final class Slot {
        final CompletableFuture<Answer> first = new CompletableFuture<>();
        volatile Answer latest;
        /** When it was last asked for (a poll, or the sign-in that warmed it). */
        volatile Instant polled;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Slot(Instant now) {
            this.polled = now;
        }

        /**
         * Dropped (a new first board is computed in the request): its first failed, or nobody polled it for long, or it
         * is older than {@link #MAX_AGE} with no refresh under way (its refreshes keep failing). Not merely because the
         * board is old: on a heavy morning its refresh may wait minutes behind the others' and their rests, and
         * computing it in the request instead would spend, during the rush, what those rests spare.
         */
        boolean expired(Instant now, Duration maxStale) {
            Answer board = latest;
            return first.isCompletedExceptionally() || !polled.plus(maxStale).isAfter(now)
                    || board != null && !refreshing.get() && !board.at().plus(MAX_AGE).isAfter(now);
        }
    }

    /**
     * How long a scope read on a session's connection is gone by while a refresh holds the connection: two of the
     * page's polls. An operator moved to another unit meanwhile may see their old unit's board that much longer.
     */
    static final Duration SCOPE_TRUSTED = Duration.ofMinutes(1);

    /** How many times its own time the background thread rests after each board (so boards have at most 1/(1 + REST) of it). */
    static final int REST = 3;
    /**
     * The rest while check-ins are arriving: the refresher then works at most a twentieth of the time (the board's
     * work is mostly the database's), where a quarter would be an eighth of a two-processor server during the rush. A
     * board is then refreshed less often, not answered slower.
     */
    static final int REST_IN_RUSH = 19;
    /**
     * The longest rest: a refresh's time includes waiting (for its operator's own export on the connection, for a lock),
     * and 19 times a 45 s wait would stop every board for a quarter of an hour.
     */
    static final Duration MAX_REST = Duration.ofSeconds(20);
    /** A board older than this with no refresh under way (they failed) is computed again in the request. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final Duration ttl;
    private final Duration maxStale;
    private final BooleanSupplier rushOn;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
    /** One thread: refreshes queue behind each other instead of competing with the check-ins for both processors. */
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "desk-boards");
        t.setDaemon(true);
        return t;
    });

    /** {@code rushOn}: whether check-ins are arriving now, when boards give way to them ({@link #REST_IN_RUSH}). */
    DeskBoards(Duration ttl, Duration maxStale, BooleanSupplier rushOn) {
        this.ttl = ttl;
        this.maxStale = maxStale;
        this.rushOn = rushOn;
    }

    /**
     * The board of {@code unit} for the session: the last one computed under the same scope (refreshed in the
     * background when older than {@link #ttl}), or, if there is none, {@code compute} (which reads on the session's
     * connection and returns the board's JSON) run now.
     */
    Answer board(Desk desk, DeskSession session, Optional<String> unit, Function<Instant, String> compute) {
        Instant now = desk.now();
        OperatorStore.Scope scope = pollScope(desk, session, now);
        Key key = Key.of(scope, unit, now);
        Slot mine = new Slot(now);
        Slot held = claim(key, mine, now);
        if (held == mine) {
            return first(desk, session, scope, mine, key, compute, now);
        }
        held.polled = now;
        Answer latest = held.latest;
        if (latest == null) {
            try {
                return held.first.join();
            } catch (CompletionException e) {
                // the session computing it failed (signed out, connection lost) or was moved meanwhile: this one computes its own
                return answer(now, compute.apply(now));
            }
        }
        // one refresh queued per session, however many units or scopes it polls: a script polling every unit of the
        // regency fills the queue with its own refreshes only, not ahead of everyone else's boards
        if (!latest.at().plus(ttl).isAfter(now) && session.queueRefresh()) {
            if (held.refreshing.compareAndSet(false, true)) {
                background(() -> refresh(desk, session, scope, held, compute));
            } else {
                session.refreshDone();
            }
        }
        return latest;
    }

    /**
     * Starts a session's first board in the background (at sign-in), so that the page's first poll is not the one
     * computing it; nothing is done if the scope's board is already there. A poll arriving meanwhile waits for it (one
     * arriving before the warm-up has started computes its own, and the warm-up then finds it there). Unlike a refresh,
     * a warm-up does not rest after itself: it is work the first poll would do anyway, and with rests the warm-ups of
     * 40 admins signing in together (the desk bench) were mostly still queued a minute later, so the polls of the rush
     * that followed computed those boards in the request after all (0.3 to 2.9 s each on the shared machine).
     */
    void warm(Desk desk, DeskSession session, Optional<String> unit, Function<Instant, String> compute) {
        refresher.execute(() -> {
            try {
                Instant now = desk.now();
                OperatorStore.Scope scope = scope(desk, session, now);
                Key key = Key.of(scope, unit, now);
                Slot mine = new Slot(now);
                if (claim(key, mine, now) == mine) {
                    first(desk, session, scope, mine, key, compute, now);
                }
            } catch (RuntimeException e) {
                // signed out meanwhile, or the database is away: the first poll computes it
                log.debug("a first board could not be computed ahead: {}", e.toString());
            }
        });
    }

    /** The slot filed under {@code key}: {@code mine} if there was none (or only an expired one), which the caller computes. */
    private Slot claim(Key key, Slot mine, Instant now) {
        Slot held = slots.compute(key, (k, v) -> v == null || v.expired(now, maxStale) ? mine : v);
        if (held == mine) {
            slots.entrySet().removeIf(e -> e.getValue() != mine && e.getValue().expired(now, maxStale));
        }
        return held;
    }

    private Answer first(Desk desk, DeskSession session, OperatorStore.Scope scope, Slot slot, Key key, Function<Instant, String> compute,
                         Instant now) {
        Answer answer = null;
        boolean shared = false;
        try {
            answer = answer(now, compute.apply(now));
            // shared only if the operator's scope is still the one it is filed under (not moved to another unit meanwhile)
            shared = scope(desk, session, desk.now()).equals(scope);
            return answer;
        } finally {
            // whatever happened, those waiting are answered: with this board, or told to compute their own
            if (shared) {
                slot.latest = answer;
                slot.first.complete(answer);
            } else {
                slots.remove(key, slot);
                slot.first.completeExceptionally(new IllegalStateException("not shared"));
            }
        }
    }

    /**
     * Runs a board's computation on the background thread, which then rests {@link #REST} times as long as it took
     * ({@link #REST_IN_RUSH} times while check-ins are arriving): however many admins poll, boards take a bounded share
     * of the processors from the check-ins, and on a busy morning (when each takes longer) they are simply refreshed
     * less often.
     */
    private void background(Runnable job) {
        refresher.execute(() -> {
            long started = System.nanoTime();
            try {
                job.run();
            } finally {
                try {
                    Thread.sleep(restAfter(Duration.ofNanos(System.nanoTime() - started)).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    /** How long the background thread rests after a board that took {@code took}, now. */
    Duration restAfter(Duration took) {
        Duration rest = took.multipliedBy(rushOn.getAsBoolean() ? REST_IN_RUSH : REST);
        return rest.compareTo(MAX_REST) > 0 ? MAX_REST : rest;
    }

    /** Computes a slot's board again on the session whose poll found it old; kept only if the session's scope is unchanged. */
    private void refresh(Desk desk, DeskSession session, OperatorStore.Scope scope, Slot slot, Function<Instant, String> compute) {
        session.refreshing(true);
        try {
            Instant now = desk.now();
            Answer answer = answer(now, compute.apply(now));
            if (scope(desk, session, desk.now()).equals(scope)) {
                slot.latest = answer;
            }
        } catch (RuntimeException e) {
            // signed out or connection lost meanwhile: the old board stays, and the next poll starts another refresh
            log.info("a board's refresh failed: {}", e.toString());
        } finally {
            session.refreshing(false);
            slot.refreshing.set(false);
            session.refreshDone();
        }
    }

    /** The session's scope as its connection reads it now. */
    private static OperatorStore.Scope scope(Desk desk, DeskSession session, Instant now) {
        OperatorStore.Scope scope = desk.as(session, jdbi -> new OperatorStore(jdbi).scope());
        session.scopeSeen(scope, now);
        return scope;
    }

    /** As {@link #scope}, or, while a board's refresh holds the connection, the scope it read at most {@link #SCOPE_TRUSTED} ago. */
    private static OperatorStore.Scope pollScope(Desk desk, DeskSession session, Instant now) {
        Optional<OperatorStore.Scope> fresh = desk.asIfFree(session, jdbi -> new OperatorStore(jdbi).scope());
        if (fresh.isPresent()) {
            session.scopeSeen(fresh.get(), now);
            return fresh.get();
        }
        Optional<OperatorStore.Scope> recent = session.refreshing() ? session.scopeSeenSince(now.minus(SCOPE_TRUSTED)) : Optional.empty();
        if (recent.isPresent()) {
            session.touch(now);
            return recent.get();
        }
        return scope(desk, session, now);
    }

    private static Answer answer(Instant at, String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return new Answer(at, json, "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
