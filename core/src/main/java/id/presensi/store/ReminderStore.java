package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.push.ReminderKind;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reminder policies per unit and the units' webhooks (V36); and who, right now, a scan of the day's windows considers. */
public final class ReminderStore {

    /** A unit's own row for a kind (inherited rows are not listed here). */
    public record Policy(String unitCode, ReminderKind kind, boolean enabled, int minutes) {
    }

    /** An employee a scan considers: their minutes for each kind that is on (null: off), and today's accepted punches. */
    public record Candidate(long employeeId, Integer checkOutMinutes, Integer checkInMinutes, boolean checkedIn, boolean checkedOut) {
    }

    private final Jdbi jdbi;

    public ReminderStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Change setPolicy(Handle h, Audit audit, String unitCode, ReminderKind kind, boolean enabled, int minutes) {
        if (minutes < 0 || minutes > 720) {
            throw new IllegalArgumentException("minutes must be 0 to 720, got " + minutes);
        }
        long unit = Lookups.unitId(h, "--unit", unitCode);
        Optional<Policy> before = policy(h, unit, kind);
        Policy after = new Policy(unitCode, kind, enabled, minutes);
        if (before.equals(Optional.of(after))) {
            return Change.UNCHANGED;
        }
        h.createUpdate("""
                        INSERT INTO reminder_policy (unit_id, kind, enabled, minutes, changed_by) VALUES (:unit, :kind, :enabled, :minutes, """ + Audit.BY + """
                        ) ON CONFLICT (unit_id, kind) DO UPDATE SET enabled = excluded.enabled, minutes = excluded.minutes,
                               changed_by = excluded.changed_by, changed_at = now()""")
                .bind("unit", unit).bind("kind", kind.name()).bind("enabled", enabled).bind("minutes", minutes)
                .bind("by", audit.operator()).execute();
        audit.recordForUnit(h, unit, "reminder_policy", unitCode + "/" + kind, before.orElse(null), after);
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    /** Removes a unit's own row: the unit inherits again. */
    public boolean clearPolicy(Handle h, Audit audit, String unitCode, ReminderKind kind) {
        long unit = Lookups.unitId(h, "--unit", unitCode);
        Optional<Policy> before = policy(h, unit, kind);
        before.ifPresent(b -> {
            h.createUpdate("DELETE FROM reminder_policy WHERE unit_id = :unit AND kind = :kind").bind("unit", unit).bind("kind", kind.name()).execute();
            audit.recordForUnit(h, unit, "reminder_policy", unitCode + "/" + kind, b, null);
        });
        return before.isPresent();
    }

    public List<Policy> policies() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT u.code, r.kind, r.enabled, r.minutes FROM reminder_policy r JOIN unit u ON u.id = r.unit_id ORDER BY u.code, r.kind""")
                .map((rs, ctx) -> new Policy(rs.getString("code"), ReminderKind.valueOf(rs.getString("kind")), rs.getBoolean("enabled"),
                        rs.getInt("minutes"))).list());
    }

    private static Optional<Policy> policy(Handle h, long unit, ReminderKind kind) {
        return h.createQuery("""
                        SELECT u.code, r.kind, r.enabled, r.minutes FROM reminder_policy r JOIN unit u ON u.id = r.unit_id
                         WHERE r.unit_id = :unit AND r.kind = :kind""")
                .bind("unit", unit).bind("kind", kind.name())
                .map((rs, ctx) -> new Policy(rs.getString("code"), ReminderKind.valueOf(rs.getString("kind")), rs.getBoolean("enabled"),
                        rs.getInt("minutes"))).findOne();
    }

    /** Sets a unit's webhook with a new secret (through unit_webhook_put(), which checks the caller and audits). */
    public void putWebhook(Handle h, Audit audit, String unitCode, String url, byte[] secret) {
        long unit = Lookups.unitId(h, "--unit", unitCode);
        h.createQuery("SELECT public.unit_webhook_put(:unit, :url, :secret, :who, :command)::text")
                .bind("unit", unit).bind("url", url).bind("secret", secret).bind("who", audit.operator()).bind("command", audit.command())
                .mapTo(String.class).one();
    }

    /** A unit's webhook as listed: disabled (V42) when it answered 404/410 three times in a row, until set again. */
    public record Webhook(String unitCode, String url, int refusals, Optional<Instant> disabledAt, Optional<String> disabledReason) {
    }

    /** The webhooks (for BKPSDM; empty for anyone else), through unit_webhook_list(): no secret leaves the table. */
    public List<Webhook> webhooks() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM public.unit_webhook_list()")
                .map((rs, ctx) -> new Webhook(rs.getString("unit_code"), rs.getString("url"), rs.getInt("refusals"),
                        Optional.ofNullable(rs.getTimestamp("disabled_at")).map(java.sql.Timestamp::toInstant),
                        Optional.ofNullable(rs.getString("disabled_reason")))).list());
    }

    public boolean removeWebhook(Handle h, Audit audit, String unitCode) {
        long unit = Lookups.unitId(h, "--unit", unitCode);
        return h.createQuery("SELECT public.unit_webhook_remove(:unit, :who, :command)")
                .bind("unit", unit).bind("who", audit.operator()).bind("command", audit.command()).mapTo(Boolean.class).one();
    }

    /**
     * Everyone for whom a window reminder is on, with today's punches: "today" is {@code now}'s date in each one's unit
     * zone. Only people with a phone subscribed or a webhook up their chain could receive anything; the enqueue
     * function skips the others, so they are not filtered here.
     */
    public List<Candidate> candidates(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH p AS (
                            SELECT e.id, public.reminder_minutes(e.id, 'CHECK_OUT') AS out_min, public.reminder_minutes(e.id, 'CHECK_IN') AS in_min,
                                   (:now AT TIME ZONE u.time_zone)::date AS today
                              FROM employee e JOIN unit u ON u.id = e.unit_id
                             WHERE EXISTS (SELECT 1 FROM reminder_policy r WHERE r.enabled AND r.kind IN ('CHECK_OUT', 'CHECK_IN')))
                        SELECT p.id, p.out_min, p.in_min,
                               EXISTS (SELECT 1 FROM checkin c WHERE c.employee_id = p.id AND c.work_date = p.today AND c.accepted AND c.type = 'IN') AS checked_in,
                               EXISTS (SELECT 1 FROM checkin c WHERE c.employee_id = p.id AND c.work_date = p.today AND c.accepted AND c.type = 'OUT') AS checked_out
                          FROM p WHERE p.out_min IS NOT NULL OR p.in_min IS NOT NULL""")
                .bind("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                .map((rs, ctx) -> new Candidate(rs.getLong("id"), (Integer) rs.getObject("out_min", Integer.class),
                        (Integer) rs.getObject("in_min", Integer.class), rs.getBoolean("checked_in"), rs.getBoolean("checked_out")))
                .list());
    }

    /** For the report of a scan: how many phones and webhooks could receive anything. */
    public Map<String, Integer> reach() {
        return jdbi.withHandle(h -> Map.of(
                "subscriptions", h.createQuery("SELECT count(*) FROM push_subscription").mapTo(Integer.class).one(),
                "webhooks", h.createQuery("SELECT count(*) FROM unit_webhook").mapTo(Integer.class).one()));
    }
}
