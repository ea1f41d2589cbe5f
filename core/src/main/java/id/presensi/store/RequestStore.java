package id.presensi.store;

import id.presensi.checkin.PunchType;
import id.presensi.photo.Photo;
import id.presensi.request.RequestKind;
import id.presensi.request.RequestPolicy;
import id.presensi.text.Text;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Requests employees make from the phone ({@code request}, {@code request_attachment}, {@code request_rule}): taken
 * once per request id, listed for the employee and for their OPD admin (row-level security), and decided. An
 * approval writes its effect in the same transaction: leave for an absence, a correction punch for a correction.
 */
public final class RequestStore {
    private final Jdbi jdbi;

    public RequestStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The working days (weekdays that are no holiday) of an employee's requests of a kind still waiting for a decision,
     * within a year: days already asked for, which a balance must still cover.
     */
    public int pendingWorkingDays(long employeeId, RequestKind kind, int year) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*)::int
                          FROM request r CROSS JOIN LATERAL generate_series(r.date_from, r.date_to, interval '1 day') AS d(day)
                         WHERE r.employee_id = :employee AND r.kind = :kind AND r.status = 'PENDING'
                           AND d.day >= make_date(:year, 1, 1) AND d.day < make_date(:year + 1, 1, 1)
                           AND extract(isodow FROM d.day) < 6 AND NOT EXISTS (SELECT 1 FROM holiday x WHERE x.day = d.day::date)""")
                .bind("employee", employeeId).bind("kind", kind.name()).bind("year", year).mapTo(Integer.class).one());
    }


    /** What the phone sends, checked by the service. */
    public record Submission(UUID requestId, long employeeId, long deviceId, RequestKind kind, LocalDate from, LocalDate to,
                             Optional<Instant> at, Optional<PunchType> punchType, String reason, Optional<Photo> attachment) {
        /** The reason as typed on a phone, without control characters (it reaches operators' terminals and files). */
        public Submission {
            reason = Text.cleanOrMarked(reason);
        }
    }

    /** A request as its employee and the admins see it, under the unit the employee was in on its first day. */
    public record Stored(long id, UUID requestId, long employeeId, String employeeKey, String name, String unitCode, RequestKind kind,
                         LocalDate from, LocalDate to, Optional<Instant> at, Optional<PunchType> punchType, String reason, String status,
                         Instant submittedAt, Optional<Instant> decidedAt, Optional<String> decidedBy, Optional<String> note,
                         Optional<Long> attachmentBytes) {
    }

    private static final String SELECT = """
            SELECT r.id, r.request_id, r.employee_id, coalesce(e.nip, e.nik) AS key, e.name, u.code, r.kind, r.date_from, r.date_to,
                   r.at, r.punch_type, r.reason, r.status, r.submitted_at, r.decided_at, r.decided_by, r.note,
                   (SELECT octet_length(a.bytes) FROM request_attachment a WHERE a.request_id = r.id) AS attachment_bytes
              FROM request r JOIN employee_directory e ON e.id = r.employee_id
                   JOIN unit u ON u.id = CASE WHEN r.employee_id IN (SELECT moved_employees()) THEN unit_on(r.employee_id, r.date_from)
                                             ELSE e.unit_id END""";

    private static Stored map(ResultSet rs) throws SQLException {
        return new Stored(rs.getLong("id"), rs.getObject("request_id", UUID.class), rs.getLong("employee_id"), rs.getString("key"),
                rs.getString("name"), rs.getString("code"), RequestKind.valueOf(rs.getString("kind")),
                rs.getObject("date_from", LocalDate.class), rs.getObject("date_to", LocalDate.class), instant(rs, "at"),
                Optional.ofNullable(rs.getString("punch_type")).map(PunchType::valueOf), rs.getString("reason"), rs.getString("status"),
                rs.getObject("submitted_at", OffsetDateTime.class).toInstant(), instant(rs, "decided_at"),
                Optional.ofNullable(rs.getString("decided_by")), Optional.ofNullable(rs.getString("note")),
                Optional.ofNullable((Number) rs.getObject("attachment_bytes")).map(Number::longValue));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /**
     * The rules of the employee's unit (or the defaults), the holidays around, the corrections already asked that
     * month, and whether a month of these days is closed.
     */
    public record Context(RequestPolicy policy, Set<LocalDate> holidays, long correctionsThatMonth, boolean closed) {
    }

    public Context context(long employeeId, LocalDate day, LocalDate lastDay) {
        return jdbi.withHandle(h -> {
            RequestPolicy policy = h.createQuery("""
                            SELECT r.deadline_workdays, r.monthly_corrections FROM request_rule r JOIN employee e ON e.unit_id = r.unit_id
                             WHERE e.id = :employee""")
                    .bind("employee", employeeId)
                    .map((rs, ctx) -> new RequestPolicy(rs.getInt(1), rs.getInt(2))).findOne().orElse(RequestPolicy.DEFAULT);
            Set<LocalDate> holidays = new HashSet<>();
            CalendarStore.between(h, day.minusDays(1), day.plusDays(62)).forEach(hd -> holidays.add(hd.day()));
            long corrections = h.createQuery("""
                            SELECT count(*) FROM request WHERE employee_id = :employee AND status <> 'REJECTED'
                               AND kind IN ('LUPA_MASUK', 'LUPA_PULANG', 'DI_LUAR_LOKASI') AND date_trunc('month', date_from) = date_trunc('month', :day::date)""")
                    .bind("employee", employeeId).bind("day", day).mapTo(Long.class).one();
            boolean closed = h.createQuery("SELECT day_is_closed(:employee, :from) OR day_is_closed(:employee, :to)")
                    .bind("employee", employeeId).bind("from", day).bind("to", lastDay).mapTo(Boolean.class).one();
            return new Context(policy, holidays, corrections, closed);
        });
    }

    /**
     * What a submission came to: stored (or found, sent earlier under the same request id), or refused because the
     * employee already has a request of the same kind for one of its days ({@code sameKind}, the first), or
     * {@code sameDays} requests naming its days reach the bound.
     */
    public record Submitted(Optional<Stored> stored, Optional<Stored> sameKind, long sameDays) {
    }

    /**
     * Stores a request unless one of the same kind (pending or approved) already covers any of its days, or
     * {@code maxSameDays} requests of any kind and status name them: one phone cannot pile up requests for one day
     * in an admin's queue. A request sent again under its request id answers the one stored. Checked and stored in
     * one transaction under a lock per employee, so two sent at once cannot both pass; the bound holds across restarts.
     */
    public Submitted submit(Submission s, int maxSameDays) {
        return jdbi.inTransaction(h -> {
            h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('request'), :employee::int)").bind("employee", s.employeeId())
                    .mapTo(Integer.class).one();
            Optional<Stored> earlier = h.createQuery(SELECT + " WHERE r.request_id = :requestId").bind("requestId", s.requestId())
                    .map((rs, ctx) -> map(rs)).findOne();
            if (earlier.isPresent()) {
                return new Submitted(earlier, Optional.empty(), 0);
            }
            List<Stored> overlapping = h.createQuery(SELECT
                            + " WHERE r.employee_id = :employee AND r.date_from <= :to AND r.date_to >= :from ORDER BY r.submitted_at, r.id")
                    .bind("employee", s.employeeId()).bind("from", s.from()).bind("to", s.to()).map((rs, ctx) -> map(rs)).list();
            Optional<Stored> sameKind = overlapping.stream().filter(r -> r.kind() == s.kind() && !r.status().equals("REJECTED")).findFirst();
            if (sameKind.isPresent() || overlapping.size() >= maxSameDays) {
                return new Submitted(Optional.empty(), sameKind, overlapping.size());
            }
            Optional<Long> id = h.createQuery("""
                            INSERT INTO request (request_id, employee_id, device_id, kind, date_from, date_to, at, punch_type, reason)
                            VALUES (:requestId, :employee, :device, :kind, :from, :to, :at, :punchType, :reason)
                            ON CONFLICT (request_id) DO NOTHING RETURNING id""")
                    .bind("requestId", s.requestId()).bind("employee", s.employeeId()).bind("device", s.deviceId())
                    .bind("kind", s.kind().name()).bind("from", s.from()).bind("to", s.to())
                    .bind("at", s.at().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null))
                    .bind("punchType", s.punchType().map(Enum::name).orElse(null)).bind("reason", s.reason())
                    .mapTo(Long.class).findOne();
            id.ifPresent(requestId -> s.attachment().ifPresent(a -> h.createUpdate("""
                            INSERT INTO request_attachment (request_id, content_type, bytes, sha256) VALUES (:request, :type, :bytes, :sha)""")
                    .bind("request", requestId).bind("type", a.contentType()).bind("bytes", a.bytes()).bind("sha", a.sha256())
                    .execute()));
            return new Submitted(Optional.of(h.createQuery(SELECT + " WHERE r.request_id = :requestId").bind("requestId", s.requestId())
                    .map((rs, ctx) -> map(rs)).one()), Optional.empty(), overlapping.size());
        });
    }

    /** An employee's own requests, newest first. */
    public List<Stored> ofEmployee(long employeeId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE r.employee_id = :employee ORDER BY r.submitted_at DESC LIMIT 100")
                .bind("employee", employeeId).map((rs, ctx) -> map(rs)).list());
    }

    /** The attachment of a request, only for the employee it belongs to (the phone) or an operator who sees it. */
    public Optional<Photo> attachment(long id, Optional<Long> employeeId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.content_type, a.bytes FROM request_attachment a JOIN request r ON r.id = a.request_id
                         WHERE r.id = :id AND (:employee::bigint IS NULL OR r.employee_id = :employee)""")
                .bind("id", id).bind("employee", employeeId.orElse(null))
                .map((rs, ctx) -> new Photo(rs.getString(1), rs.getBytes(2))).findOne());
    }

    /** Requests of a unit (and the units under it) or all the operator sees, optionally of one status; oldest pending first. */
    public List<Stored> list(Optional<String> unitCode, Optional<String> status) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE u.id IN (SELECT unit_scope(:unit)) AND (:status::text IS NULL OR r.status = :status)"
                        + " ORDER BY r.status <> 'PENDING', r.submitted_at")
                .bind("unit", unitCode.orElse(null)).bind("status", status.orElse(null)).map((rs, ctx) -> map(rs)).list());
    }

    /**
     * A request's deadline: the last day it could be made under its unit's rules (or the defaults), and whether a
     * month of its days is closed, so that a decision can no longer take effect until BKPSDM reopens it.
     */
    public record Deadline(LocalDate submitBy, int workdays, boolean monthClosed) {
    }

    /** The deadlines of these requests (those the connection sees), by request id. */
    public Map<Long, Deadline> deadlines(List<Stored> requests) {
        if (requests.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            LocalDate first = requests.stream().map(Stored::to).min(Comparator.naturalOrder()).orElseThrow();
            LocalDate last = requests.stream().map(Stored::to).max(Comparator.naturalOrder()).orElseThrow();
            Set<LocalDate> holidays = new HashSet<>();
            CalendarStore.between(h, first, last.plusDays(62)).forEach(hd -> holidays.add(hd.day()));
            Map<Long, Deadline> deadlines = new HashMap<>();
            Map<Long, Stored> byId = new HashMap<>();
            requests.forEach(r -> byId.put(r.id(), r));
            h.createQuery("""
                            SELECT r.id, q.deadline_workdays, q.monthly_corrections,
                                   day_is_closed(r.employee_id, r.date_from) OR day_is_closed(r.employee_id, r.date_to) AS closed
                              FROM request r JOIN employee_directory e ON e.id = r.employee_id LEFT JOIN request_rule q ON q.unit_id = e.unit_id
                             WHERE r.id = ANY(:ids)""")
                    .bind("ids", byId.keySet().stream().mapToLong(Long::longValue).toArray())
                    .map((rs, ctx) -> {
                        RequestPolicy policy = rs.getObject("deadline_workdays") == null ? RequestPolicy.DEFAULT
                                : new RequestPolicy(rs.getInt("deadline_workdays"), rs.getInt("monthly_corrections"));
                        long id = rs.getLong("id");
                        return Map.entry(id, new Deadline(policy.deadline(byId.get(id).to(), holidays), policy.deadlineWorkdays(), rs.getBoolean("closed")));
                    })
                    .forEach(e -> deadlines.put(e.getKey(), e.getValue()));
            return deadlines;
        });
    }

    public Optional<Stored> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public static Optional<Stored> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE r.id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    /**
     * Approves a pending request and writes its effect: leave (I, S, DL) over its days, or the correction punch at
     * the time asked for, filed under the request's day. Refused for a request the operator does not see, one
     * already decided, their own, or a day in a closed month (the database says which).
     */
    public Stored approve(Handle h, Audit audit, long id, Optional<String> note) {
        return decide(h, audit, id, "APPROVED", note);
    }

    public Stored reject(Handle h, Audit audit, long id, String note) {
        return decide(h, audit, id, "REJECTED", Optional.of(note));
    }

    /**
     * The decision, its effect and their audit rows are the database's one function (V20), which takes the effect's
     * employee, days and time from the request itself; here only the clear answer for one not pending.
     */
    private static Stored decide(Handle h, Audit audit, long id, String status, Optional<String> note) {
        pending(h, id);
        h.createQuery("SELECT decide_request(:id, :status, :note, :operator, :command)")
                .bind("id", id).bind("status", status).bind("note", note.map(Text::clean).orElse(null))
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(String.class).one();
        return find(h, id).orElseThrow();
    }

    private static Stored pending(Handle h, long id) {
        Stored r = find(h, id).orElseThrow(() -> new IllegalArgumentException("no request #" + id + " in your units"));
        if (!r.status().equals("PENDING")) {
            throw new IllegalArgumentException("request #" + id + " was already " + r.status().toLowerCase(Locale.ROOT)
                    + r.decidedBy().map(b -> " by " + b).orElse(""));
        }
        return r;
    }

    /** Sets a unit's request rules (BKPSDM). */
    public void setRules(Handle h, Audit audit, String unitCode, RequestPolicy policy) {
        long unitId = Lookups.unitId(h, "--unit", unitCode);
        Optional<RequestPolicy> before = h.createQuery("SELECT deadline_workdays, monthly_corrections FROM request_rule WHERE unit_id = :unit")
                .bind("unit", unitId).map((rs, ctx) -> new RequestPolicy(rs.getInt(1), rs.getInt(2))).findOne();
        h.createUpdate("""
                        INSERT INTO request_rule (unit_id, deadline_workdays, monthly_corrections) VALUES (:unit, :deadline, :quota)
                        ON CONFLICT (unit_id) DO UPDATE SET deadline_workdays = excluded.deadline_workdays,
                                                            monthly_corrections = excluded.monthly_corrections""")
                .bind("unit", unitId).bind("deadline", policy.deadlineWorkdays()).bind("quota", policy.monthlyCorrections()).execute();
        audit.recordForUnit(h, unitId, "request_rule", unitCode, before.orElse(null), policy);
    }
}
