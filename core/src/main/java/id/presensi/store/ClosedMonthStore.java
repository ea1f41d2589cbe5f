package id.presensi.store;

import id.presensi.attendance.ClosedMonth;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Months closed after their recap went to payroll ({@code closed_month}): for the whole regency or a unit and the
 * units under it. The database refuses any change to a closed month's days (leave, rosters, punches, corrections,
 * attendance records) until BKPSDM reopens it.
 */
public final class ClosedMonthStore {
    private final Jdbi jdbi;

    public ClosedMonthStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether the employee's month is closed (its recap final): for the regency, or for their unit or one above it. */
    public boolean isClosed(long employeeId, YearMonth month) {
        return jdbi.withHandle(h -> h.createQuery("SELECT day_is_closed(:employee, :day)").bind("employee", employeeId)
                .bind("day", month.atDay(1)).mapTo(Boolean.class).one());
    }

    public List<ClosedMonth> list() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.month, u.code, c.closed_at, c.closed_by, c.reason FROM closed_month c LEFT JOIN unit u ON u.id = c.unit_id
                         ORDER BY c.month DESC, u.code NULLS FIRST""")
                .map((rs, ctx) -> new ClosedMonth(YearMonth.from(rs.getObject("month", LocalDate.class)), Optional.ofNullable(rs.getString("code")),
                        rs.getObject("closed_at", OffsetDateTime.class).toInstant(), rs.getString("closed_by"),
                        Optional.ofNullable(rs.getString("reason"))))
                .list());
    }

    /** Closes a month for a unit (and the units under it) or, without one, for the whole regency; false if already closed. */
    public boolean close(Handle h, Audit audit, YearMonth month, Optional<String> unitCode) {
        Long unitId = unitCode.map(c -> Lookups.unitId(h, "--unit", c)).orElse(null);
        int added = h.createUpdate("""
                        INSERT INTO closed_month (month, unit_id, closed_by) VALUES (:month, :unit, %s) ON CONFLICT DO NOTHING""".formatted(Audit.BY))
                .bind("month", month.atDay(1)).bind("unit", unitId).bind("by", audit.operator()).execute();
        if (added == 1) {
            record(h, audit, month, unitCode, unitId, null, Map.of("closed", true));
        }
        return added == 1;
    }

    /** Reopens a month (BKPSDM, with a reason); false if it was not closed so. */
    public boolean reopen(Handle h, Audit audit, YearMonth month, Optional<String> unitCode, String reason) {
        Long unitId = unitCode.map(c -> Lookups.unitId(h, "--unit", c)).orElse(null);
        int removed = h.createUpdate("DELETE FROM closed_month WHERE month = :month AND unit_id IS NOT DISTINCT FROM :unit")
                .bind("month", month.atDay(1)).bind("unit", unitId).execute();
        if (removed == 1) {
            record(h, audit, month, unitCode, unitId, Map.of("closed", true), Map.of("closed", false, "reason", reason));
        }
        return removed == 1;
    }

    private static void record(Handle h, Audit audit, YearMonth month, Optional<String> unitCode, Long unitId, Object before, Object after) {
        String key = month + unitCode.map(c -> "/" + c).orElse("");
        if (unitId == null) {
            audit.record(h, "closed_month", key, before, after);
        } else {
            audit.recordForUnit(h, unitId, "closed_month", key, before, after);
        }
    }

    /**
     * The closed months that touch a reconciliation of these days and this unit (or all): a closed month for the
     * whole regency, for the unit, for a unit above it, or (a run over all) for any unit.
     */
    public List<String> touching(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return touchingMonths(from, to, unitCode).stream().map(c -> c.month() + c.unitCode().map(u -> " (" + u + ")").orElse("")).toList();
    }

    /** A closed month that touches a reconciliation: the month, and the unit it was closed for (none: the whole regency). */
    public record Touching(YearMonth month, Optional<String> unitCode) {
    }

    /** As {@link #touching}, by month, oldest first. */
    public List<Touching> touchingMonths(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.month, u.code FROM closed_month c LEFT JOIN unit u ON u.id = c.unit_id
                         WHERE c.month BETWEEN date_trunc('month', :from::date) AND :to
                           AND (c.unit_id IS NULL OR :unit::text IS NULL
                                OR (SELECT id FROM unit WHERE code = :unit) IN (SELECT unit_scope(u.code))
                                OR c.unit_id IN (SELECT unit_scope(:unit)))
                         ORDER BY c.month, u.code NULLS FIRST""")
                .bind("from", from).bind("to", to).bind("unit", unitCode.orElse(null))
                .map((rs, ctx) -> new Touching(YearMonth.from(rs.getObject("month", LocalDate.class)), Optional.ofNullable(rs.getString("code"))))
                .list());
    }
}
