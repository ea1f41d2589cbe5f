package id.presensi.app;

import id.presensi.staff.EndReason;
import id.presensi.store.Audit;
import id.presensi.store.EmployeeStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Ending an employment and moving an employee between units: `staff end`, `staff move` and a staff import's
 * --end-missing. Each write takes the caller's transaction and audit, so an operator's change commits whole.
 */
public final class StaffChanges {
    private final EmployeeStore employees;

    public StaffChanges(Jdbi jdbi) {
        this.employees = new EmployeeStore(jdbi);
    }

    /** Mutasi within the regency: the days before {@code from} stay with the old unit and in its recaps. */
    public void move(Handle h, Audit audit, String employee, String unitCode, LocalDate from) {
        employees.move(h, audit, employee, unitCode, from);
    }

    /** What ending an employment from a date would affect, for the operator to confirm. */
    public String endImpact(String employee, LocalDate from) {
        return employees.endImpact(employee, from);
    }

    /** Ends an employment from a date ({@code today} decides whether the phone goes now or waits for the date). */
    public EmployeeStore.Ended end(Handle h, Audit audit, String employee, LocalDate from, EndReason reason, LocalDate today) {
        return employees.end(h, audit, employee, from, reason, today);
    }

    /** The active staff of a unit and its sub-units a complete staff file leaves out (those --end-missing ends). */
    public List<EmployeeStore.Employee> missingFrom(Set<String> keysInFile, String unitCode) {
        return employees.notIn(keysInFile, unitCode.toUpperCase(Locale.ROOT));
    }

    /** Ends each of them, in the caller's one transaction. */
    public void endAll(Handle h, Audit audit, List<EmployeeStore.Employee> staff, LocalDate from, EndReason reason, LocalDate today) {
        staff.forEach(e -> employees.end(h, audit, e.nip() != null ? e.nip() : e.nik(), from, reason, today));
    }
}
