package id.presensi.report;

import id.presensi.recap.DeductionRules;
import id.presensi.recap.SanctionHistory;
import id.presensi.store.RecapStore;

import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * What a month's recap reads once before its employees, assembled here only, so that a scope's recap and one
 * employee's month (report monthly --explain, the phone's Riwayat) are computed alike: the deduction rules in force at
 * the month's end, the sanction histories, and, while the scope's month has days without records, JHK from the calendar.
 */
record RecapBasis(RecapStore.Completeness completeness, DeductionRules rules, Map<Long, Integer> calendarJhk,
                  Map<Long, SanctionHistory> histories) {

    /** The basis of a scope's recap: the calendar's JHK of everyone in it. */
    static RecapBasis ofScope(RecapStore store, YearMonth month, Optional<String> unitCode) {
        return read(store, month, unitCode, Optional.empty());
    }

    /** The basis of one employee's month in the same scope: the calendar's JHK of that employee alone. */
    static RecapBasis ofEmployee(RecapStore store, YearMonth month, Optional<String> unitCode, String employeeKey) {
        return read(store, month, unitCode, Optional.of(employeeKey));
    }

    private static RecapBasis read(RecapStore store, YearMonth month, Optional<String> unitCode, Optional<String> employeeKey) {
        RecapStore.Completeness completeness = store.completeness(month, unitCode);
        // a month not yet complete: JHK from the calendar, so it does not shrink to the days reconciled so far
        Map<Long, Integer> calendarJhk = completeness.daysWithoutRecords() == 0 ? Map.of()
                : employeeKey.map(key -> store.calendarWorkingDays(month, key)).orElseGet(() -> store.calendarWorkingDays(month));
        DeductionRules rules = store.deductionRules(month.atEndOfMonth());
        return new RecapBasis(completeness, rules, calendarJhk, store.sanctionHistories(month, rules));
    }
}
