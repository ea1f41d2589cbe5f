package id.presensi.store;

import id.presensi.push.ReminderKind;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reminder outbox (V36): rows enter through reminder_enqueue() only (which writes their text and checks the unit's
 * policy), are taken by any server with FOR UPDATE SKIP LOCKED under a lease, and end SENT, GONE, EXPIRED or FAILED
 * (a disabled webhook's rows: GONE).
 */
public final class OutboxStore {

    /** An event to enqueue: reminder_enqueue()'s arguments. kind is the SQL word (DECISION_APPROVED, CHECK_OUT, ...). */
    public record Event(long employeeId, String kind, String eventKey, Instant at, Duration ttl) {
    }

    /** A row taken to send: to a subscription, to a webhook, or to nothing any more (both gone). */
    public record Taken(long id, String dedupeKey, ReminderKind kind, String payload, int attempts,
                        Optional<String> endpoint, byte[] p256dh, byte[] auth, Optional<Long> subscriptionId,
                        Optional<Long> webhookUnit, Optional<String> webhookUrl, byte[] webhookSecret, Instant expiresAt) {
    }

    /** The ends of a row, as /metrics counts them. */
    public enum End { SENT, GONE, EXPIRED, FAILED }

    private final Jdbi jdbi;

    public OutboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Enqueues each event (once per dedupe key, and only where the unit turned its kind on); the rows added. */
    public int enqueue(List<Event> events) {
        if (events.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(sum(public.reminder_enqueue(e, k, key, to_timestamp(at), make_interval(secs => ttl))), 0)::int
                          FROM unnest(:employees, :kinds, :keys, :ats, :ttls) AS x(e, k, key, at, ttl)""")
                .bind("employees", PgArrays.binary(events.stream().mapToLong(Event::employeeId).toArray()))
                .bind("kinds", PgArrays.binary(events.stream().map(Event::kind).toArray(String[]::new)))
                .bind("keys", PgArrays.binary(events.stream().map(Event::eventKey).toArray(String[]::new)))
                .bind("ats", PgArrays.binary(events.stream().mapToDouble(e -> e.at().toEpochMilli() / 1000.0).toArray()))
                .bind("ttls", PgArrays.binary(events.stream().mapToDouble(e -> e.ttl().toMillis() / 1000.0).toArray()))
                .mapTo(Integer.class).one());
    }

    /** Rows past their TTL end EXPIRED, unsent; returns how many. */
    public int expire() {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE reminder_outbox SET status = 'EXPIRED', finished_at = now(), leased_until = NULL
                 WHERE status = 'PENDING' AND expires_at <= now()""").execute());
    }

    /**
     * Takes up to {@code max} due rows for this server for {@code lease}: rows another server holds are skipped, not
     * waited for; a row whose lease ran out (its server died mid-send) is due again.
     */
    public List<Taken> take(String server, int max, Duration lease) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH due AS (
                            SELECT o.id FROM reminder_outbox o
                             WHERE o.status = 'PENDING' AND o.next_attempt_at <= now() AND o.expires_at > now()
                             ORDER BY o.next_attempt_at LIMIT :max FOR UPDATE SKIP LOCKED)
                        UPDATE reminder_outbox o
                           SET leased_until = now() + make_interval(secs => :lease), next_attempt_at = now() + make_interval(secs => :lease),
                               leased_by = :server, attempts = o.attempts + 1
                          FROM due LEFT JOIN reminder_outbox r ON r.id = due.id
                               LEFT JOIN push_subscription s ON s.id = r.subscription_id
                               LEFT JOIN unit_webhook w ON w.unit_id = r.webhook_unit_id AND w.disabled_at IS NULL
                         WHERE o.id = due.id
                        RETURNING o.id, o.dedupe_key, o.kind, o.payload::text AS payload, o.attempts, s.endpoint, s.p256dh, s.auth,
                                  s.id AS subscription_id, w.unit_id AS webhook_unit, w.url, w.secret, o.expires_at""")
                .bind("max", max).bind("lease", (double) lease.toMillis() / 1000).bind("server", server)
                .map((rs, ctx) -> new Taken(rs.getLong("id"), rs.getString("dedupe_key"), ReminderKind.valueOf(rs.getString("kind")),
                        rs.getString("payload"), rs.getInt("attempts"), Optional.ofNullable(rs.getString("endpoint")),
                        rs.getBytes("p256dh"), rs.getBytes("auth"), Optional.ofNullable((Long) rs.getObject("subscription_id")),
                        Optional.ofNullable((Long) rs.getObject("webhook_unit")), Optional.ofNullable(rs.getString("url")), rs.getBytes("secret"), rs.getTimestamp("expires_at").toInstant()))
                .list());
    }

    /**
     * How a sent row ended, to record: {@code end} empty means "again after {@code again}" (the row stays PENDING);
     * {@code goneSubscription} is deleted (its push service said 404/410); {@code webhookUnit}'s webhook hears of the
     * answer (repeated 404/410 disable it, V42).
     */
    public record Result(long id, Optional<End> end, Duration again, int httpStatus, Optional<Long> goneSubscription,
                         Optional<Long> webhookUnit) {
        public static Result ended(long id, End end, int httpStatus) {
            return new Result(id, Optional.of(end), Duration.ZERO, httpStatus, Optional.empty(), Optional.empty());
        }

        public static Result again(long id, Duration wait, int httpStatus) {
            return new Result(id, Optional.empty(), wait, httpStatus, Optional.empty(), Optional.empty());
        }

        public Result gone(long subscription) {
            return new Result(id, end, again, httpStatus, Optional.of(subscription), webhookUnit);
        }

        public Result fromWebhook(long unit) {
            return new Result(id, end, again, httpStatus, goneSubscription, Optional.of(unit));
        }
    }

    /**
     * Records the results of sends in one transaction (one statement for all rows, not one per row: at a regency's
     * 16:00 that is thousands of round trips and commits fewer beside the check-out rush). A row whose lease passed
     * to another server meanwhile is left alone. Returns the rows recorded.
     */
    public int settle(String server, List<Result> results) {
        if (results.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(h -> {
            int settled = h.createUpdate("""
                            UPDATE reminder_outbox o
                               SET status = coalesce(x.ending, o.status),
                                   finished_at = CASE WHEN x.ending IS NULL THEN NULL ELSE now() END,
                                   next_attempt_at = CASE WHEN x.ending IS NULL THEN now() + make_interval(secs => x.wait) ELSE o.next_attempt_at END,
                                   leased_until = NULL, last_status = nullif(x.http, 0)
                              FROM unnest(:ids, :endings, :waits, :https) AS x(id, ending, wait, http)
                             WHERE o.id = x.id AND o.status = 'PENDING' AND o.leased_by = :server""")
                    .bind("ids", PgArrays.binary(results.stream().mapToLong(Result::id).toArray()))
                    .bind("endings", PgArrays.binary(results.stream().map(r -> r.end().map(End::name).orElse(null)).toArray(String[]::new)))
                    .bind("waits", PgArrays.binary(results.stream().mapToDouble(r -> r.again().toMillis() / 1000.0).toArray()))
                    .bind("https", PgArrays.binary(results.stream().mapToInt(Result::httpStatus).toArray()))
                    .bind("server", server).execute();
            long[] gone = results.stream().flatMap(r -> r.goneSubscription().stream()).mapToLong(Long::longValue).toArray();
            if (gone.length > 0) {
                h.createUpdate("DELETE FROM push_subscription WHERE id = ANY(:ids)").bind("ids", PgArrays.binary(gone)).execute();
            }
            List<Result> hooks = results.stream().filter(r -> r.webhookUnit().isPresent() && r.httpStatus() != 0).toList();
            if (!hooks.isEmpty()) { // in the order answered: three 404s in a row disable, a 2xx between them resets
                h.createQuery("""
                                SELECT count(*) FILTER (WHERE public.unit_webhook_answered(x.unit, x.http))
                                  FROM unnest(:units, :https) AS x(unit, http)""")
                        .bind("units", PgArrays.binary(hooks.stream().mapToLong(r -> r.webhookUnit().orElseThrow()).toArray()))
                        .bind("https", PgArrays.binary(hooks.stream().mapToInt(Result::httpStatus).toArray()))
                        .mapTo(Integer.class).one();
            }
            return settled;
        });
    }

    /** The due rows no server holds, and how long the oldest of them has been due: what the senders pace by. */
    public record Due(int rows, Duration oldest) {
    }

    public Due due() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0) AS oldest
                          FROM reminder_outbox WHERE status = 'PENDING' AND next_attempt_at <= now() AND expires_at > now()""")
                .map((rs, ctx) -> new Due(rs.getInt("n"), Duration.ofMillis(Math.round(rs.getDouble("oldest") * 1000)))).one());
    }

    /** Rows still to send (the /metrics gauge and the benchmark's "left the outbox"). */
    public int pending() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM reminder_outbox WHERE status = 'PENDING'").mapTo(Integer.class).one());
    }

    /** Rows by end, all time since the last purge. */
    public Map<End, Integer> ended() {
        Map<End, Integer> counts = new EnumMap<>(End.class);
        for (End e : End.values()) {
            counts.put(e, 0);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT status, count(*) AS n FROM reminder_outbox WHERE status <> 'PENDING' GROUP BY status")
                .map((rs, ctx) -> Map.entry(End.valueOf(rs.getString("status")), rs.getInt("n"))).forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** Deletes rows that ended more than {@code keep} ago. */
    public int purge(Duration keep) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM reminder_outbox WHERE status <> 'PENDING' AND finished_at < now() - make_interval(secs => :keep)""")
                .bind("keep", (double) keep.toSeconds()).execute());
    }
}
