package id.presensi.server.desk;

import id.presensi.store.OperatorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * "Hari ini" boards, shared by every poll whose database scope is the same, and answered at once. 40 admins each
 * polling every 10 s during the morning's rush would otherwise each wait for a board of up to thousands of people to
 * be computed beside the check-ins (p99 over a second). So a poll is answered with the last board of its scope, unit
 * and day, whatever its age up to {@link #maxStale} (the page shows when it was computed); when that board is older
 * than {@link #ttl}, one refresh of it runs meanwhile on a single background thread, so boards never take more than
 * one of the server's processors from the check-ins, and the next poll gets it. Only a scope's first board (or one
 * nobody polled for {@link #maxStale}) is computed in the request, and polls arriving meanwhile wait for that one.
 * <p>
 * Every board is computed on the connection of a session of its scope (row-level security stays the source of what
 * is in it). The scope is what the database says the asking connection may read ({@link OperatorStore.Scope}), read
 * afresh at every poll, and read again after a computation, which is filed only if it has not changed: an admin is
 * only ever given a board computed under their own scope.
 */
final class DeskBoards implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeskBoards.class);

    /** A board as sent: its JSON, and the tag a page sends back to hear "unchanged" (304) instead of the same bytes. */
    record Answer(Instant at, String json, String etag) {
    }

    private record Key(OperatorStore.Scope scope, Optional<String> unit, LocalDate day) {
    }

    /** One scope's board of one unit and day: the first, computed in a request, then its refreshes. */
    private static final class Slot {
        final CompletableFuture<Answer> first = new CompletableFuture<>();
        volatile Answer latest;
        final AtomicBoolean refreshing = new AtomicBoolean();

        /** Dropped (a new first board is computed in the request): its first failed, or nobody polled it for long. */
        boolean expired(Instant now, Duration maxStale) {
            if (first.isCompletedExceptionally()) {
                return true;
            }
            Answer board = latest;
            return board != null && !board.at().plus(maxStale).isAfter(now);
        }
    }

    private final Duration ttl;
    private final Duration maxStale;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
    /** One thread: refreshes queue behind each other instead of competing with the check-ins for both processors. */
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "desk-boards");
        t.setDaemon(true);
        return t;
    });

    DeskBoards(Duration ttl, Duration maxStale) {
        this.ttl = ttl;
        this.maxStale = maxStale;
    }

    /**
     * The board of {@code unit} for the session: the last one computed under the same scope (refreshed in the
     * background when older than {@link #ttl}), or, if there is none, {@code compute} (which reads on the session's
     * connection and returns the board's JSON) run now.
     */
    Answer board(Desk desk, DeskSession session, Optional<String> unit, Function<Instant, String> compute) {
        Instant now = desk.now();
        OperatorStore.Scope scope = scope(desk, session);
        Key key = new Key(scope, unit, LocalDate.ofInstant(now, ZoneOffset.UTC));
        Slot mine = new Slot();
        Slot held = slots.compute(key, (k, v) -> v == null || v.expired(now, maxStale) ? mine : v);
        if (held == mine) {
            slots.entrySet().removeIf(e -> e.getValue() != mine && e.getValue().expired(now, maxStale));
            return first(desk, session, scope, mine, key, compute, now);
        }
        Answer latest = held.latest;
        if (latest == null) {
            try {
                return held.first.join();
            } catch (CompletionException e) {
                // the session computing it failed (signed out, connection lost) or was moved meanwhile: this one computes its own
                return answer(now, compute.apply(now));
            }
        }
        if (!latest.at().plus(ttl).isAfter(now) && held.refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> refresh(desk, session, scope, held, compute));
        }
        return latest;
    }

    private Answer first(Desk desk, DeskSession session, OperatorStore.Scope scope, Slot slot, Key key, Function<Instant, String> compute,
                         Instant now) {
        Answer answer = null;
        boolean shared = false;
        try {
            answer = answer(now, compute.apply(now));
            // shared only if the operator's scope is still the one it is filed under (not moved to another unit meanwhile)
            shared = scope(desk, session).equals(scope);
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

    /** Computes a slot's board again on the session whose poll found it old; kept only if the session's scope is unchanged. */
    private void refresh(Desk desk, DeskSession session, OperatorStore.Scope scope, Slot slot, Function<Instant, String> compute) {
        try {
            Instant now = desk.now();
            Answer answer = answer(now, compute.apply(now));
            if (scope(desk, session).equals(scope)) {
                slot.latest = answer;
            }
        } catch (RuntimeException e) {
            // signed out or connection lost meanwhile: the old board stays, and the next poll starts another refresh
            log.debug("a board's refresh failed: {}", e.toString());
        } finally {
            slot.refreshing.set(false);
        }
    }

    private static OperatorStore.Scope scope(Desk desk, DeskSession session) {
        return desk.as(session, jdbi -> new OperatorStore(jdbi).scope());
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
