package id.presensi.store;

import id.presensi.staff.Transfer;
import id.presensi.staff.EndReason;
import id.presensi.unit.TimeZones;
import id.presensi.text.StaffText;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Employees as stored, for listing and lookup. */
public final class EmployeeStore {

    private final Jdbi jdbi;

    public EmployeeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** An employee; {@code endedFrom} and {@code endReason} are set once their employment ends (staff end). */
    public record Employee(String type, String nip, String nik, String name, String position, String unitCode,
                           String unitName, String workPattern, boolean active, LocalDate endedFrom, String endReason) {
        public Employee {
            workPattern = tableWord(workPattern);
        }

        /** Whether the employment has ended by a date (a retirement recorded ahead has not, until its day). */
        public boolean endedBy(LocalDate day) {
            return endedFrom != null && !endedFrom.isAfter(day);
        }
    }

    /**
     * POLA_KERJA as the files and tables write it (REGULER, SHIFT), not the column's code REGULAR: what an operator
     * reads in a table reads the same in --json and in an import's changes.
     */
    static String tableWord(String value) {
        return "REGULAR".equals(value) ? StaffText.PATTERN_REGULAR.format() : value;
    }

    private static final String SELECT = """
            SELECT e.type, e.nip, e.nik, e.name, e.position, u.code AS unit_code, u.name AS unit_name,
                   e.work_pattern, e.active, e.ended_from, e.end_reason
              FROM employee e JOIN unit u ON u.id = e.unit_id
            """;

    /** Everyone on the rolls of a unit and every unit under it, or of all units, ended employments included. */
    public List<Employee> list(Optional<String> unitCode) {
        return list(unitCode, true, LocalDate.now(TimeZones.DEFAULT));
    }

    /** Staff of a unit and every unit under it, or of all units; those whose employment ended by {@code today} only if asked. */
    public List<Employee> list(Optional<String> unitCode, boolean includeEnded, LocalDate today) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + """
                         WHERE e.unit_id IN (SELECT unit_scope(:unit)) AND (:ended OR e.ended_from IS NULL OR e.ended_from > :today)
                         ORDER BY u.code, e.name, e.employee_key""")
                .bind("unit", unitCode.orElse(null)).bind("ended", includeEnded).bind("today", today)
                .map(ConstructorMapper.of(Employee.class)).list());
    }

    /** By NIP or NIK, whichever the number is. */
    public Optional<Employee> find(String nipOrNik) {
        String key = nipOrNik.replace(" ", "");
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE e.nip = :key OR e.nik = :key")
                .bind("key", key).map(ConstructorMapper.of(Employee.class)).findFirst());
    }

    /** Active staff of a unit and its sub-units whose NIP or NIK is not among the given keys (not yet ended). */
    public List<Employee> notIn(Set<String> keys, String unitCode) {
        return jdbi.withHandle(h -> {
            Lookups.unitId(h, "--unit", unitCode);
            return h.createQuery(SELECT + """
                             WHERE e.active AND e.ended_from IS NULL AND e.unit_id IN (SELECT unit_scope(:unit))
                               AND e.employee_key <> ALL(:keys) ORDER BY u.code, e.name, e.employee_key""")
                    .bind("unit", unitCode).bind("keys", keys.toArray(String[]::new))
                    .map(ConstructorMapper.of(Employee.class)).list();
        });
    }

    /** What ending an employment did: who, from when, and how many records of theirs from that date were dropped. */
    public record Ended(String key, String name, String unitCode, LocalDate from, EndReason reason, boolean deviceRevoked,
                        int recordsDropped) {
    }

    /**
     * Moves an employee to another unit from a date (mutasi within the regency): days before it stay with the old
     * unit, in its recaps, even when reconciled again (migration V13 records the move).
     */
    public void move(Handle h, Audit audit, String nipOrNik, String unitCode, LocalDate from) {
        long id = Lookups.employee(h, nipOrNik);
        long to = Lookups.unitId(h, "--to", unitCode);
        Lookups.Person before = Lookups.person(h, id);
        if (before.unitId() == to) {
            throw new IllegalArgumentException(before.key() + " is already in " + unitCode.toUpperCase(Locale.ROOT));
        }
        h.createQuery("SELECT set_config('presensi.move_effective', :d, true)").bind("d", from.toString()).mapTo(String.class).one();
        h.createUpdate("UPDATE employee SET unit_id = :to, updated_at = now() WHERE id = :id").bind("to", to).bind("id", id).execute();
        h.createQuery("SELECT set_config('presensi.move_effective', '', true)").mapTo(String.class).one();
        audit.recordForEmployee(h, id, "employee", before.key(), Map.of("unit", before.unitCode()),
                Map.of("unit", unitCode.toUpperCase(Locale.ROOT), "from", from.toString()));
    }

    /** What ending an employment would affect. */
    public String endImpact(String nipOrNik, LocalDate from) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT e.name, u.code, (SELECT count(*) FROM attendance a WHERE a.employee_id = e.id AND a.work_date >= :from) AS records,
                               EXISTS (SELECT 1 FROM device d WHERE d.employee_id = e.id AND d.retired_at IS NULL) AS device
                          FROM employee e JOIN unit u ON u.id = e.unit_id WHERE e.nip = :key OR e.nik = :key""")
                .bind("key", nipOrNik.replace(" ", "")).bind("from", from)
                .map((rs, ctx) -> rs.getString("name") + " (" + rs.getString("code") + ") stops working from " + from + ": "
                        + rs.getLong("records") + " attendance record(s) from that date are dropped"
                        + (rs.getBoolean("device") ? ", and their phone is revoked once the date has come." : "."))
                .findOne().orElseThrow(() -> new IllegalArgumentException("no employee with NIP or NIK " + nipOrNik)));
    }

    /**
     * Ends an employment from a date: no work is expected from then on, the records already made for those days
     * go, and a device is revoked once the date has come (a retirement recorded in advance keeps the phone until
     * then; check-ins from the date are refused anyway). Earlier days are kept as they are.
     */
    public Ended end(Handle h, Audit audit, String nipOrNik, LocalDate from, EndReason reason, LocalDate today) {
        long id = Lookups.employee(h, nipOrNik);
        Lookups.Person before = Lookups.person(h, id);
        h.createUpdate("UPDATE employee SET ended_from = :from, end_reason = :reason, updated_at = now() WHERE id = :id")
                .bind("from", from).bind("reason", reason.name()).bind("id", id).execute();
        int dropped = h.createUpdate("DELETE FROM attendance WHERE employee_id = :id AND work_date >= :from")
                .bind("id", id).bind("from", from).execute();
        boolean revoked = !from.isAfter(today) && h.createUpdate("""
                        UPDATE device SET retired_at = now(), retired_reason = 'REVOKED' WHERE employee_id = :id AND retired_at IS NULL""")
                .bind("id", id).execute() > 0;
        h.createUpdate("DELETE FROM activation_code WHERE employee_id = :id AND used_at IS NULL").bind("id", id).execute();
        Map<String, Object> was = new LinkedHashMap<>();
        was.put("endedFrom", before.endedFrom().map(LocalDate::toString).orElse(null));
        was.put("reason", before.endReason().orElse(null));
        audit.recordForEmployee(h, id, "employee", before.key(), was,
                Map.of("endedFrom", from.toString(), "reason", reason.name(), "deviceRevoked", revoked));
        return new Ended(before.key(), before.name(), before.unitCode(), from, reason, revoked, dropped);
    }

    /** The active employees of a unit and its sub-units (all: none given) still employed on a date, by id. */
    public List<Long> idsEmployedOn(LocalDate date, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM employee WHERE active AND (ended_from IS NULL OR ended_from > :from)
                           AND unit_id IN (SELECT unit_scope(:unit)) ORDER BY id""")
                .bind("unit", unitCode.orElse(null)).bind("from", date).mapTo(Long.class).list());
    }

    /** A move between units, effective from a date (recorded by a trigger on every change of an employee's unit). */
    public record UnitChange(LocalDate effective, long fromUnitId, long toUnitId) {
    }

    /** Every employee's moves, oldest first. */
    public Map<Long, List<UnitChange>> unitChanges() {
        Map<Long, List<UnitChange>> changes = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT employee_id, effective, from_unit_id, to_unit_id FROM employee_unit_change
                         ORDER BY employee_id, effective, recorded_at""")
                .map((rs, ctx) -> Map.entry(rs.getLong("employee_id"), new UnitChange(rs.getObject("effective", LocalDate.class),
                        rs.getLong("from_unit_id"), rs.getLong("to_unit_id"))))
                .forEach(e -> changes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        return changes;
    }

    /** An employee's transfers, oldest first (as far as the operator may see the employee). */
    public List<Transfer> moves(String key) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.effective, f.code AS from_unit, t.code AS to_unit
                          FROM employee_unit_change c JOIN employee e ON e.id = c.employee_id
                               JOIN unit f ON f.id = c.from_unit_id JOIN unit t ON t.id = c.to_unit_id
                         WHERE e.nip = :key OR e.nik = :key ORDER BY c.effective, c.recorded_at""")
                .bind("key", key)
                .map(ConstructorMapper.of(Transfer.class))
                .list());
    }

    /** An employee and the position of their unit's first work location: where a simulated phone checks in from. */
    public record Placed(String key, double latitude, double longitude) {
    }

    /** Active employees whose unit has a work location, by id, leaving out the first {@code skip}. */
    public List<Placed> placedAtWork(int skip, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS key, l.latitude::float8 AS latitude, l.longitude::float8 AS longitude
                          FROM employee e JOIN LATERAL (SELECT latitude, longitude FROM work_location w WHERE w.unit_id = e.unit_id
                                                          ORDER BY w.id LIMIT 1) l ON true
                         WHERE e.active ORDER BY e.id OFFSET :skip LIMIT :n""")
                .bind("skip", skip).bind("n", limit)
                .map(ConstructorMapper.of(Placed.class)).list());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM employee").mapTo(Long.class).one());
    }
}
