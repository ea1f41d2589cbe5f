package id.presensi.app;

import id.presensi.store.EmployeeStore;
import id.presensi.store.OperatorStore;
import id.presensi.store.RulesLoader;
import id.presensi.store.UnitStore;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everyone's rules for the days being reconciled, loaded once per run in a dozen queries; the moves between
 * units, so each day is filed under the unit the employee was in that day; and the units the operator may
 * write (empty: all), so an OPD admin's run skips days a moved employee spent elsewhere; and the days' apel.
 */
record RulesSnapshot(Map<Long, RulesLoader.Loaded> byEmployee, Map<String, Long> unitIds, List<Long> employeeIds,
                     Map<Long, List<EmployeeStore.UnitChange>> unitChanges, Optional<Set<Long>> writableUnits, ApelSnapshot apel) {

    /** The unit an employee belonged to on a date: before their first move, the unit they left; else the last move's. */
    long unitOn(long employeeId, long currentUnitId, LocalDate date) {
        List<EmployeeStore.UnitChange> changes = unitChanges.getOrDefault(employeeId, List.of());
        if (changes.isEmpty()) {
            return currentUnitId;
        }
        long unit = changes.get(0).fromUnitId();
        for (EmployeeStore.UnitChange change : changes) {
            if (!date.isBefore(change.effective())) {
                unit = change.toUnitId();
            }
        }
        return unit;
    }

    boolean mayWrite(long unitId) {
        return writableUnits.map(units -> units.contains(unitId)).orElse(true);
    }

    static RulesSnapshot load(Jdbi jdbi, LocalDate from, LocalDate to, Optional<String> unitCode) {
        return new RulesSnapshot(new RulesLoader(jdbi).loadAll(from.minusDays(1), to.plusDays(1)),
                new UnitStore(jdbi).idsByCode(), new EmployeeStore(jdbi).idsEmployedOn(from, unitCode),
                new EmployeeStore(jdbi).unitChanges(), new OperatorStore(jdbi).writableUnits(),
                ApelSnapshot.load(jdbi, from, to));
    }
}
