package id.presensi.app;

import id.presensi.staff.Transfer;
import id.presensi.store.EmployeeStore;
import id.presensi.store.EmployeeStore.Employee;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Who is on the rolls, as far as the operator may see: the staff of a unit, one employee, their transfers. */
public final class StaffDirectory {
    private final EmployeeStore employees;

    public StaffDirectory(Jdbi jdbi) {
        this.employees = new EmployeeStore(jdbi);
    }

    /** Staff of a unit and every unit under it (empty: all units); those ended by {@code today} only if asked. */
    public List<Employee> list(Optional<String> unitCode, boolean includeEnded, LocalDate today) {
        return employees.list(unitCode, includeEnded, today);
    }

    /** By NIP or NIK, whichever the number is. */
    public Optional<Employee> find(String nipOrNik) {
        return employees.find(nipOrNik);
    }

    /** The employee's transfers (mutasi), oldest first. */
    public List<Transfer> transfers(String nipOrNik) {
        return employees.moves(nipOrNik);
    }
}
