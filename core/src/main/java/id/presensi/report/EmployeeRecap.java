package id.presensi.report;

import id.presensi.recap.DeductionRules;
import id.presensi.recap.EmployeeMonth;
import id.presensi.store.RecapStore;
import org.jdbi.v3.core.Jdbi;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One employee's month as the recap computes it: the deduction lines of {@code report monthly --explain}, and what the
 * phone's Riwayat shows of its own month, from the same {@link RecapBasis} as the scope's recap. After a transfer mid-month, each unit's part as that unit's recap charges it.
 *
 * @param byUnit the employee's month per unit code, in unit code order; empty when the month has no records of them
 */
public record EmployeeRecap(YearMonth month, DeductionRules rules, Map<String, EmployeeMonth> byUnit) {

    /** The employee (NIP or NIK as the recap keys them) in the units under {@code unitCode}, or in all the connection sees. */
    public static EmployeeRecap of(Jdbi jdbi, YearMonth month, String employeeKey, Optional<String> unitCode) {
        RecapStore store = new RecapStore(jdbi);
        // only the units holding the employee's records: every other unit's recap would be read for nothing
        Set<Long> recording = store.unitsRecording(employeeKey, month);
        if (recording.isEmpty()) {
            return new EmployeeRecap(month, store.deductionRules(month.atEndOfMonth()), Map.of());
        }
        RecapBasis basis = RecapBasis.ofEmployee(store, month, unitCode, employeeKey);
        Map<String, EmployeeMonth> byUnit = new LinkedHashMap<>();
        for (RecapStore.Unit u : store.units(unitCode)) {
            if (recording.contains(u.id())) {
                store.employeeMonth(u, month, basis.rules(), basis.calendarJhk(), basis.histories(), employeeKey)
                        .ifPresent(m -> byUnit.put(u.code(), m));
            }
        }
        return new EmployeeRecap(month, basis.rules(), byUnit);
    }
}
