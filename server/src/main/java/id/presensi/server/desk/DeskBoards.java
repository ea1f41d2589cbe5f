package id.presensi.server.desk;

import id.presensi.store.OperatorStore;

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
import java.util.function.Function;

/**
 * "Hari ini" boards computed lately, shared by every poll whose database scope is the same: 40 admins each polling
 * every 10 s, several of one OPD or a few tabs each, would otherwise compute the same board of thousands of people
 * again and again. A board is computed at most once per {@link #ttl} for a scope, a unit and a day, on the connection of
 * the session that asks first (row-level security stays the source of what is in it); the others asking meanwhile wait
 * for that one. The scope is what the database says the asking connection may read ({@link OperatorStore.Scope}), read
 * afresh at every poll, so an admin is only ever given a board computed under their own scope.
 */
final class DeskBoards {

    /** A board as sent: its JSON, and the tag a page sends back to hear "unchanged" (304) instead of the same bytes. */
    record Answer(Instant at, String json, String etag) {
    }

    private record Key(OperatorStore.Scope scope, Optional<String> unit, LocalDate day) {
    }

    private final Duration ttl;
    private final Map<Key, CompletableFuture<Answer>> boards = new ConcurrentHashMap<>();

    DeskBoards(Duration ttl) {
        this.ttl = ttl;
    }

    /**
     * The board of {@code unit} for the session: the one computed under the same scope less than {@link #ttl} ago, or
     * {@code compute} (which reads on the session's connection and returns the board's JSON) run now.
     */
    Answer board(Desk desk, DeskSession session, Optional<String> unit, Function<Instant, String> compute) {
        Instant now = desk.now();
        OperatorStore.Scope scope = desk.as(session, jdbi -> new OperatorStore(jdbi).scope());
        Key key = new Key(scope, unit, LocalDate.ofInstant(now, ZoneOffset.UTC));
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> held = boards.compute(key, (k, v) -> v == null || stale(v, now) ? mine : v);
        if (held != mine) {
            try {
                return held.join();
            } catch (CompletionException e) {
                // the session computing it failed (signed out, connection lost) or was moved meanwhile: this one computes its own
                return answer(now, compute.apply(now));
            }
        }
        boards.entrySet().removeIf(e -> e.getValue() != mine && stale(e.getValue(), now));
        Answer answer = null;
        boolean shared = false;
        try {
            answer = answer(now, compute.apply(now));
            // shared only if the operator's scope is still the one it is filed under (not moved to another unit meanwhile)
            shared = desk.as(session, jdbi -> new OperatorStore(jdbi).scope()).equals(scope);
            return answer;
        } finally {
            // whatever happened, those waiting are answered: with this board, or told to compute their own
            if (shared) {
                mine.complete(answer);
            } else {
                boards.remove(key, mine);
                mine.completeExceptionally(new IllegalStateException("not shared"));
            }
        }
    }

    /** A board still being computed is not stale: it is waited for. */
    private boolean stale(CompletableFuture<Answer> board, Instant now) {
        if (!board.isDone()) {
            return false;
        }
        if (board.isCompletedExceptionally()) {
            return true;
        }
        return !board.join().at().plus(ttl).isAfter(now);
    }

    private static Answer answer(Instant at, String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return new Answer(at, json, "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
