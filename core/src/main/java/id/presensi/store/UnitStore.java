package id.presensi.store;

import id.presensi.unit.ListedUnit;
import id.presensi.unit.Unit;
import id.presensi.unit.UnitNames;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Units (OPD) as stored. */
public final class UnitStore {

    private final Jdbi jdbi;

    /**
     * Makes an employee the head of a unit, with the title printed above their name (e.g. "Direktur RSUD"); without
     * one the recap prints "Kepala" and the unit's name.
     */
    public Optional<String> setHead(Handle h, Audit audit, String unitCode, String nipOrNik, Optional<String> title, LocalDate today) {
        long unitId = Lookups.unitId(h, "UNIT", unitCode);
        String shown = title.map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
        long employeeId = Lookups.employee(h, nipOrNik);
        Lookups.Person person = Lookups.person(h, employeeId);
        record Head(Long employeeId, String title) {
        }
        Head before = h.createQuery("SELECT head_employee_id, head_title FROM unit WHERE id = :id").bind("id", unitId)
                .map((rs, ctx) -> new Head((Long) rs.getObject("head_employee_id"), rs.getString("head_title"))).one();
        h.createUpdate("UPDATE unit SET head_employee_id = :e, head_title = :t, updated_at = now() WHERE id = :id")
                .bind("e", employeeId).bind("t", shown).bind("id", unitId).execute();
        Map<String, Object> was = new HashMap<>();
        was.put("head", before.employeeId());
        was.put("title", before.title());
        Map<String, Object> now = new HashMap<>();
        now.put("head", employeeId);
        now.put("title", shown);
        audit.record(h, "unit", unitCode.toUpperCase(), was, now);
        // set all the same: a head who retired last week may still sign the month he led; the operator is told
        return person.endedFrom().map(ended -> person.name() + "'s employment " + (ended.isAfter(today) ? "ends" : "ended") + " from "
                + ended + " (" + person.endReason().orElse("") + "); the unit's recaps will be signed by someone "
                + (ended.isAfter(today) ? "leaving" : "no longer employed") + " (set the new head with unit head set)");
    }

    public UnitStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every unit with its staff count: those still employed {@code today}, or everyone on its rolls. */
    public List<ListedUnit> list(boolean includeEnded, LocalDate today) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT u.code, u.name, p.code AS parent_code, u.time_zone, u.opd,
                               (SELECT count(*) FROM employee e WHERE e.unit_id = u.id AND e.active
                                   AND (:ended OR e.ended_from IS NULL OR e.ended_from > :today)) AS staff
                          FROM unit u LEFT JOIN unit p ON p.id = u.parent_id
                         ORDER BY u.code""")
                .bind("ended", includeEnded).bind("today", today)
                .map(ConstructorMapper.of(ListedUnit.class))
                .list());
    }

    /**
     * Marks a unit as an OPD or not (BKPSDM: only it may write units): the Kepala OPD of a request is the head of the
     * nearest unit so marked at or above the requester's unit (V49). Audited; false when it was so already.
     */
    public boolean setOpd(Handle h, Audit audit, String unitCode, boolean opd) {
        long unitId = Lookups.unitId(h, "UNIT", unitCode);
        boolean before = h.createQuery("SELECT opd FROM unit WHERE id = :id").bind("id", unitId).mapTo(Boolean.class).one();
        if (before == opd) {
            return false;
        }
        h.createUpdate("UPDATE unit SET opd = :opd, updated_at = now() WHERE id = :id").bind("opd", opd).bind("id", unitId).execute();
        auditOpd(h, audit, unitCode, before, opd);
        return true;
    }

    /** Records a unit's OPD mark changed (by {@link #setOpd}, or by the unit file after {@link #upsert}), filed under the unit. */
    public void auditOpd(Handle h, Audit audit, String unitCode, boolean before, boolean after) {
        audit.recordForUnit(h, Lookups.unitId(h, "UNIT", unitCode), "unit", unitCode.toUpperCase(Locale.ROOT),
                Map.of("opd", before), Map.of("opd", after));
    }

    /** Every unit's OPD mark by its code, as the caller's transaction sees them. */
    public Map<String, Boolean> opdByCode(Handle h) {
        Map<String, Boolean> marks = new HashMap<>();
        h.createQuery("SELECT code, opd FROM unit").map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getBoolean("opd")))
                .forEach(e -> marks.put(e.getKey(), e.getValue()));
        return marks;
    }

    /** Every unit's id by its code. */
    public Map<String, Long> idsByCode() {
        Map<String, Long> ids = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT code, id FROM unit").map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getLong("id")))
                .forEach(e -> ids.put(e.getKey(), e.getValue())));
        return ids;
    }

    /** Every unit's code and name, to find units as files name them. */
    public UnitNames names() {
        Map<String, String> names = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT code, name FROM unit").map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getString("name")))
                .forEach(e -> names.put(e.getKey(), e.getValue())));
        return new UnitNames(names);
    }

    /** Held until the import's transaction ends: two unit imports at once would race on parents. */
    public void lockForImport(Handle h) {
        h.execute("LOCK TABLE unit IN SHARE ROW EXCLUSIVE MODE");
    }

    public Map<String, String> parentByCode(Handle h) {
        Map<String, String> result = new HashMap<>();
        h.createQuery("SELECT u.code, p.code AS parent FROM unit u LEFT JOIN unit p ON p.id = u.parent_id")
                .map((rs, ctx) -> Map.entry(rs.getString("code"), Objects.requireNonNullElse(rs.getString("parent"), "")))
                .forEach(e -> result.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue()));
        return result;
    }

    /**
     * Inserts or updates one unit; returns 'I' inserted, 'U' updated or '=' unchanged. Parents must exist. Without an OPD
     * answer a new unit takes the database's default (V49) and a stored one keeps its own.
     */
    public char upsert(Handle h, Unit unit) {
        return h.createQuery("""
                        WITH parent AS (SELECT id FROM unit WHERE code = :parentCode),
                        existing AS (SELECT id, name, parent_id, time_zone, opd FROM unit WHERE code = :code),
                        ins AS (
                            INSERT INTO unit (code, name, parent_id, time_zone, opd)
                            SELECT :code, :name, (SELECT id FROM parent), :zone, CAST(:opd AS boolean)
                             WHERE NOT EXISTS (SELECT 1 FROM existing)
                            RETURNING 'I' AS outcome),
                        upd AS (
                            UPDATE unit u SET name = :name, parent_id = (SELECT id FROM parent), time_zone = :zone,
                                   opd = coalesce(CAST(:opd AS boolean), x.opd), updated_at = now()
                              FROM existing x
                             WHERE u.id = x.id
                               AND (x.name, x.parent_id, x.time_zone, x.opd)
                                   IS DISTINCT FROM (:name, (SELECT id FROM parent), :zone, coalesce(CAST(:opd AS boolean), x.opd))
                            RETURNING 'U' AS outcome)
                        SELECT coalesce((SELECT outcome FROM ins), (SELECT outcome FROM upd), '=')""")
                .bind("code", unit.code()).bind("name", unit.name()).bind("parentCode", unit.parentCode())
                .bind("zone", unit.timeZone().getId()).bind("opd", unit.opd().orElse(null))
                .mapTo(String.class).one().charAt(0);
    }
}
