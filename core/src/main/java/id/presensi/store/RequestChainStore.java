package id.presensi.store;

import id.presensi.request.ApprovalChain;
import id.presensi.request.ApprovalStep;
import id.presensi.request.RequestKind;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Approval chains ({@code request_chain}, {@code request_chain_step}), the plt recorded for a unit's head
 * ({@code unit_head_deputy}) and each request's steps ({@code request_step}). The steps are the database's to write
 * (V35): a request takes its chain when it is made, a step is decided through {@code decide_request_step} or, by a
 * head from the phone, {@code phone_decide_request}, and overdue steps through {@code request_escalate}.
 */
public final class RequestChainStore {
    private final Jdbi jdbi;

    public RequestChainStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Where a step stands: waiting its turn, current (due by {@code dueAt}), or how it ended. */
    public enum StepStatus { WAITING, CURRENT, APPROVED, REJECTED, ESCALATED, LAPSED, CLOSED }

    /** A request's step as stored; {@code signer} names who is to sign (or signed) a HEAD or OPD_HEAD step. */
    public record Step(long requestId, int position, ApprovalStep.Actor actor, StepStatus status, Optional<Instant> dueAt,
                       Optional<Instant> decidedAt, Optional<String> decidedBy, Optional<String> note, Optional<String> signer) {
    }

    /** Sets (or replaces) a unit's chain for a kind and condition (BKPSDM). */
    public void set(Handle h, Audit audit, ApprovalChain chain) {
        long unitId = Lookups.unitId(h, "--unit", chain.unitCode());
        Optional<String> before = clear(h, unitId, chain.kind(), chain.minDays(), chain.closingMonth());
        long id = h.createQuery("""
                        INSERT INTO request_chain (unit_id, kind, min_days, closing_month) VALUES (:unit, :kind, :minDays, :closing) RETURNING id""")
                .bind("unit", unitId).bind("kind", chain.kind().name()).bind("minDays", chain.minDays()).bind("closing", chain.closingMonth())
                .mapTo(Long.class).one();
        int position = 1;
        for (ApprovalStep s : chain.steps()) {
            h.createUpdate("""
                            INSERT INTO request_chain_step (chain_id, position, actor, deadline, deadline_unit, overdue)
                            VALUES (:chain, :position, :actor, :deadline, :unit, :overdue)""")
                    .bind("chain", id).bind("position", position++).bind("actor", s.actor().name()).bind("deadline", s.deadline())
                    .bind("unit", s.unit().name()).bind("overdue", s.overdue().name()).execute();
        }
        audit.recordForUnit(h, unitId, "request_chain", key(chain.unitCode(), chain.kind(), chain.minDays(), chain.closingMonth()),
                before.map(b -> Map.of("steps", b)).orElse(null), Map.of("steps", chain.steps().toString()));
    }

    /** Removes a unit's chain for a kind and condition; false when there was none. */
    public boolean clear(Handle h, Audit audit, String unitCode, RequestKind kind, int minDays, boolean closingMonth) {
        long unitId = Lookups.unitId(h, "--unit", unitCode);
        Optional<String> before = clear(h, unitId, kind, minDays, closingMonth);
        before.ifPresent(b -> audit.recordForUnit(h, unitId, "request_chain", key(unitCode, kind, minDays, closingMonth), Map.of("steps", b), null));
        return before.isPresent();
    }

    private static String key(String unitCode, RequestKind kind, int minDays, boolean closingMonth) {
        return unitCode.strip().toUpperCase(Locale.ROOT) + "/" + kind + (minDays > 1 ? "/>=" + minDays : "") + (closingMonth ? "/closing" : "");
    }

    private Optional<String> clear(Handle h, long unitId, RequestKind kind, int minDays, boolean closingMonth) {
        Optional<ApprovalChain> before = chains(h, Optional.empty()).stream()
                .filter(c -> c.kind() == kind && c.minDays() == minDays && c.closingMonth() == closingMonth)
                .filter(c -> h.createQuery("SELECT id FROM unit WHERE code = :code").bind("code", c.unitCode()).mapTo(Long.class).one() == unitId)
                .findFirst();
        h.createUpdate("DELETE FROM request_chain WHERE unit_id = :unit AND kind = :kind AND min_days = :minDays AND closing_month = :closing")
                .bind("unit", unitId).bind("kind", kind.name()).bind("minDays", minDays).bind("closing", closingMonth).execute();
        return before.map(c -> c.steps().toString());
    }

    /** The chains of a unit (or all), by unit, kind and condition. */
    public List<ApprovalChain> chains(Optional<String> unitCode) {
        return jdbi.withHandle(h -> chains(h, unitCode));
    }

    private static List<ApprovalChain> chains(Handle h, Optional<String> unitCode) {
        record Row(long id, String unit, RequestKind kind, int minDays, boolean closing, ApprovalStep step) {
        }
        List<Row> rows = h.createQuery("""
                        SELECT c.id, u.code, c.kind, c.min_days, c.closing_month, s.actor, s.deadline, s.deadline_unit, s.overdue
                          FROM request_chain c JOIN unit u ON u.id = c.unit_id JOIN request_chain_step s ON s.chain_id = c.id
                         WHERE :unit::text IS NULL OR u.code = upper(:unit)
                         ORDER BY u.code, c.kind, c.min_days, c.closing_month, s.position""")
                .bind("unit", unitCode.orElse(null))
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), RequestKind.valueOf(rs.getString(3)), rs.getInt(4), rs.getBoolean(5),
                        new ApprovalStep(ApprovalStep.Actor.valueOf(rs.getString(6)), rs.getInt(7), ApprovalStep.DeadlineUnit.valueOf(rs.getString(8)),
                                ApprovalStep.Overdue.valueOf(rs.getString(9)))))
                .list();
        Map<Long, List<Row>> byChain = new LinkedHashMap<>();
        rows.forEach(r -> byChain.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r));
        return byChain.values().stream().map(rs -> new ApprovalChain(rs.get(0).unit(), rs.get(0).kind(), rs.get(0).minDays(), rs.get(0).closing(),
                rs.stream().map(Row::step).toList())).toList();
    }

    /** Records the plt who signs for a unit's head over a period; refused over a period another plt of the unit already has. */
    public void setDeputy(Handle h, Audit audit, String unitCode, String nipOrNik, LocalDate from, LocalDate to) {
        long unitId = Lookups.unitId(h, "--unit", unitCode);
        long employeeId = Lookups.employeeId(h, "--employee", nipOrNik);
        Optional<String> other = h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) || ' ' || d.date_from || ' .. ' || d.date_to FROM unit_head_deputy d JOIN employee e ON e.id = d.employee_id
                         WHERE d.unit_id = :unit AND d.date_from <= :to AND d.date_to >= :from LIMIT 1""")
                .bind("unit", unitId).bind("from", from).bind("to", to).mapTo(String.class).findOne();
        if (other.isPresent()) {
            throw new IllegalArgumentException("unit " + unitCode.toUpperCase(Locale.ROOT) + " already has a plt over " + other.get()
                    + "; remove it first (unit head deputy clear)");
        }
        h.createUpdate("INSERT INTO unit_head_deputy (unit_id, employee_id, date_from, date_to) VALUES (:unit, :employee, :from, :to)")
                .bind("unit", unitId).bind("employee", employeeId).bind("from", from).bind("to", to).execute();
        audit.recordForUnit(h, unitId, "unit_head_deputy", unitCode.toUpperCase(Locale.ROOT) + "/" + from, null,
                Map.of("employee", nipOrNik.strip(), "from", from.toString(), "to", to.toString()));
    }

    /** Removes a unit's plt periods that include a day; how many. */
    public int clearDeputy(Handle h, Audit audit, String unitCode, LocalDate day) {
        long unitId = Lookups.unitId(h, "--unit", unitCode);
        List<String> removed = h.createQuery("""
                        DELETE FROM unit_head_deputy d WHERE d.unit_id = :unit AND :day BETWEEN d.date_from AND d.date_to
                        RETURNING (SELECT coalesce(e.nip, e.nik) FROM employee e WHERE e.id = d.employee_id) || ' ' || d.date_from || ' .. ' || d.date_to""")
                .bind("unit", unitId).bind("day", day).mapTo(String.class).list();
        removed.forEach(r -> audit.recordForUnit(h, unitId, "unit_head_deputy", unitCode.toUpperCase(Locale.ROOT), Map.of("plt", r), null));
        return removed.size();
    }

    private static final String STEPS = """
            SELECT s.request_id, s.position, s.actor, s.status, s.due_at, s.decided_at, s.decided_by, s.note,
                   (SELECT e.name FROM employee_directory e
                     WHERE e.id = coalesce(s.signer_id, CASE WHEN s.status IN ('WAITING', 'CURRENT') THEN request_step_signer(r, s.actor) END)) AS signer
              FROM request_step s JOIN request r ON r.id = s.request_id""";

    private static Step step(ResultSet rs) throws SQLException {
        return new Step(rs.getLong("request_id"), rs.getInt("position"), ApprovalStep.Actor.valueOf(rs.getString("actor")),
                StepStatus.valueOf(rs.getString("status")), instant(rs, "due_at"), instant(rs, "decided_at"),
                Optional.ofNullable(rs.getString("decided_by")), Optional.ofNullable(rs.getString("note")), Optional.ofNullable(rs.getString("signer")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /** The steps of these requests (those the connection sees), in order, by request id; a request without a chain has none. */
    public Map<Long, List<Step>> steps(List<Long> requestIds) {
        return jdbi.withHandle(h -> steps(h, requestIds));
    }

    public static Map<Long, List<Step>> steps(Handle h, List<Long> requestIds) {
        Map<Long, List<Step>> steps = new LinkedHashMap<>();
        if (requestIds.isEmpty()) {
            return steps;
        }
        h.createQuery(STEPS + " WHERE s.request_id = ANY(:ids) ORDER BY s.request_id, s.position")
                .bind("ids", requestIds.stream().mapToLong(Long::longValue).toArray()).map((rs, ctx) -> step(rs))
                .forEach(s -> steps.computeIfAbsent(s.requestId(), k -> new ArrayList<>()).add(s));
        return steps;
    }

    /** Decides a request's step as the connection's operator (the database checks the turn, the actor and the lock). */
    public void decide(Handle h, Audit audit, long requestId, int position, boolean approve, Optional<String> note) {
        h.createQuery("SELECT decide_request_step(:id, :step, :status, :note, :operator, :command)")
                .bind("id", requestId).bind("step", position).bind("status", approve ? "APPROVED" : "REJECTED").bind("note", note.orElse(null))
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(String.class).one();
    }

    /** Escalates or lapses every step past its deadline; how many. Safe to run again (cron, the nightly run). */
    public static int escalate(Handle h, Audit audit) {
        return h.createQuery("SELECT request_escalate(:operator, :command)").bind("operator", audit.operator()).bind("command", audit.command())
                .mapTo(Integer.class).one();
    }

    /** The requests waiting for the phone's employee to sign now, as head or plt (the token as the phone sent it). */
    public List<Long> toSign(String token) {
        return jdbi.withHandle(h -> h.createQuery("SELECT request_id FROM phone_requests_to_sign(:token)").bind("token", new PhoneToken(token))
                .mapTo(Long.class).list());
    }

    /** A head's (or plt's) decision from the phone: the database takes the employee from the token. */
    public void decideFromPhone(String token, long requestId, boolean approve, Optional<String> note) {
        jdbi.useTransaction(h -> h.createQuery("SELECT phone_decide_request(:token, :id, :status, :note)")
                .bind("token", new PhoneToken(token)).bind("id", requestId).bind("status", approve ? "APPROVED" : "REJECTED").bind("note", note.orElse(null))
                .mapTo(String.class).one());
    }
}
