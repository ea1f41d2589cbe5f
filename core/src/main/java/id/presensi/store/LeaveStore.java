package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.imports.RowRejected;
import id.presensi.rules.Leave;
import id.presensi.rules.LeaveEntry;
import id.presensi.rules.LeaveType;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Leave and absence of employees. A leave is known by its employee and first day. */
public final class LeaveStore {

    private final Jdbi jdbi;

    public LeaveStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Change upsert(Handle h, Audit audit, String employeeKey, Leave leave) {
        long employeeId = Lookups.employeeId(h, "NIP/NIK", employeeKey);
        Optional<Leave> before = of(h, employeeId, leave.from(), leave.from()).stream()
                .filter(l -> l.from().equals(leave.from())).findFirst();
        if (before.equals(Optional.of(leave))) {
            return Change.UNCHANGED;
        }
        of(h, employeeId, leave.from(), leave.to()).stream().filter(other -> !other.from().equals(leave.from())).findFirst().ifPresent(other -> {
            throw new RowRejected("TANGGAL_MULAI", leave.from() + " .. " + leave.to() + " overlaps " + other.type() + " ("
                    + other.type().description() + ") " + other.from() + " .. " + other.to() + other.reference().map(r -> ", " + r).orElse("")
                    + " already recorded for " + employeeKey.strip() + "; remove or shorten that leave first");
        });
        // the function replaces the leave starting that day and writes the audit row (V20: OPD admins have no direct write)
        h.createQuery("SELECT leave_put(:employee, :from, :to, :type, :reference, :operator, :command)")
                .bind("employee", employeeId).bind("from", leave.from()).bind("to", leave.to())
                .bind("type", leave.type().name()).bind("reference", leave.reference().orElse(null))
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(String.class).one();
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    /** What removing a leave would affect; empty when the employee has no leave starting that day. */
    public Optional<String> removalImpact(String employeeKey, LocalDate from) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT e.name, l.type, l.date_to FROM leave l JOIN employee e ON e.id = l.employee_id
                         WHERE (e.nip = :key OR e.nik = :key) AND l.date_from = :from""")
                .bind("key", employeeKey.replace(" ", "")).bind("from", from)
                .map((rs, ctx) -> "Leave " + rs.getString("type") + " of " + rs.getString("name") + " from " + from + " to "
                        + rs.getObject("date_to", LocalDate.class) + ": its working days become TK unless there are check-ins"
                        + " (after the next reconcile).")
                .findOne());
    }

    public boolean remove(Handle h, Audit audit, String employeeKey, LocalDate from) {
        long employeeId = Lookups.employeeId(h, "NIP/NIK", employeeKey);
        return h.createQuery("SELECT leave_remove(:employee, :from, :operator, :command)")
                .bind("employee", employeeId).bind("from", from).bind("operator", audit.operator()).bind("command", audit.command())
                .mapTo(Boolean.class).one();
    }

    public List<LeaveEntry> list(Optional<String> unitCode, Optional<Integer> year) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee_key, e.name, u.code AS unit_code, l.date_from AS "from",
                               l.date_to AS "to", l.type, l.reference
                          FROM leave l JOIN employee e ON e.id = l.employee_id JOIN unit u ON u.id = e.unit_id
                         WHERE e.unit_id IN (SELECT unit_scope(:unit))
                           AND (:year IS NULL OR extract(year FROM l.date_from) = :year OR extract(year FROM l.date_to) = :year)
                         ORDER BY l.date_from, e.name""")
                .bind("unit", unitCode.orElse(null)).bind("year", year.orElse(null))
                .map(ConstructorMapper.of(LeaveEntry.class))
                .list());
    }

    /** Everyone's leave overlapping the dates, by employee, oldest first: one statement, not one per employee. */
    static Map<Long, List<Leave>> ofAll(Handle h, Optional<String> underUnit, LocalDate from, LocalDate to) {
        Map<Long, List<Leave>> byEmployee = new HashMap<>();
        h.createQuery("""
                        SELECT employee_id, date_from, date_to, type, reference FROM leave
                         WHERE date_from <= :to AND date_to >= :from AND """ + RulesLoader.UNDER_UNIT + """
                         ORDER BY employee_id, date_from""")
                .bind("from", from).bind("to", to).bind("unit", underUnit.orElse(null))
                .map((rs, ctx) -> Map.entry(rs.getLong("employee_id"), map(rs)))
                .forEach(e -> byEmployee.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byEmployee;
    }

    static List<Leave> of(Handle h, long employeeId, LocalDate from, LocalDate to) {
        return h.createQuery("""
                        SELECT date_from, date_to, type, reference FROM leave
                         WHERE employee_id = :employee AND date_from <= :to AND date_to >= :from ORDER BY date_from""")
                .bind("employee", employeeId).bind("from", from).bind("to", to)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    private static Leave map(ResultSet rs) throws SQLException {
        return new Leave(rs.getObject("date_from", LocalDate.class), rs.getObject("date_to", LocalDate.class),
                LeaveType.valueOf(rs.getString("type")), Optional.ofNullable(rs.getString("reference")));
    }
}
