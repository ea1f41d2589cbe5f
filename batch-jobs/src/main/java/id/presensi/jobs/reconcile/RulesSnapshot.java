package id.presensi.jobs.reconcile;

import id.presensi.store.RulesLoader;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everyone's rules for the days being reconciled, loaded once per run in a dozen queries; the moves between
 * units, so each day is filed under the unit the employee was in that day; and the units the operator may
 * write (empty: all), so an OPD admin's run skips days a moved employee spent elsewhere.
 */
record RulesSnapshot(Map<Long, RulesLoader.Loaded> byEmployee, Map<String, Long> unitIds, List<Long> employeeIds,
                     Map<Long, List<UnitChange>> unitChanges, Optional<Set<Long>> writableUnits) {

    /** A move between units, effective from a date. */
    record UnitChange(LocalDate effective, long fromUnitId, long toUnitId) {
    }

    /** The unit an employee belonged to on a date: before their first move, the unit they left; else the last move's. */
    long unitOn(long employeeId, long currentUnitId, LocalDate date) {
        List<UnitChange> changes = unitChanges.getOrDefault(employeeId, List.of());
        if (changes.isEmpty()) {
            return currentUnitId;
        }
        long unit = changes.get(0).fromUnitId();
        for (UnitChange change : changes) {
            if (!date.isBefore(change.effective())) {
                unit = change.toUnitId();
            }
        }
        return unit;
    }

    boolean mayWrite(long unitId) {
        return writableUnits.map(units -> units.contains(unitId)).orElse(true);
    }

    static RulesSnapshot load(Jdbi jdbi, ReconcileRequest request) {
        return jdbi.withHandle(h -> {
            Map<Long, RulesLoader.Loaded> all = RulesLoader.loadAll(h, request.from().minusDays(1), request.to().plusDays(1));
            List<Long> inScope = h.createQuery("""
                            SELECT id FROM employee WHERE active AND (ended_from IS NULL OR ended_from > :from)
                               AND unit_id IN (SELECT unit_scope(:unit)) ORDER BY id""")
                    .bind("unit", request.unitCode().orElse(null)).bind("from", request.from()).mapTo(Long.class).list();
            Map<String, Long> unitIds = new java.util.HashMap<>();
            h.createQuery("SELECT code, id FROM unit").mapToMap().forEach(r -> unitIds.put((String) r.get("code"), ((Number) r.get("id")).longValue()));
            Map<Long, List<UnitChange>> changes = new java.util.HashMap<>();
            h.createQuery("SELECT employee_id, effective, from_unit_id, to_unit_id FROM employee_unit_change ORDER BY employee_id, effective, recorded_at")
                    .map((rs, ctx) -> Map.entry(rs.getLong("employee_id"), new UnitChange(rs.getObject("effective", LocalDate.class),
                            rs.getLong("from_unit_id"), rs.getLong("to_unit_id"))))
                    .forEach(e -> changes.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
            boolean seesAll = h.createQuery("SELECT operator_sees_all()").mapTo(Boolean.class).one();
            Optional<Set<Long>> writable = seesAll ? Optional.empty()
                    : Optional.of(Set.copyOf(h.createQuery("SELECT operator_units()").mapTo(Long.class).list()));
            return new RulesSnapshot(all, unitIds, inScope, changes, writable);
        });
    }
}
