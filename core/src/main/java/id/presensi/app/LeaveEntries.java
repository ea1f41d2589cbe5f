package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.rules.Leave;
import id.presensi.rules.LeaveEntry;
import id.presensi.store.Audit;
import id.presensi.store.LeaveStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Leave and absence one entry at a time (the leave file goes through {@link RulesImports#leave}); an entry is known by
 * its employee (NIP or NIK) and first day. Writes take the caller's transaction and audit.
 */
public final class LeaveEntries {
    private final LeaveStore leave;

    public LeaveEntries(Jdbi jdbi) {
        this.leave = new LeaveStore(jdbi);
    }

    /** Records the leave, replacing the employee's leave starting that day; refused when it overlaps another. */
    public Change put(Handle h, Audit audit, String employeeKey, Leave entry) {
        return leave.upsert(h, audit, employeeKey, entry);
    }

    /** The leave of a unit and the units under it (empty: all), touching the year (empty: any). */
    public List<LeaveEntry> list(Optional<String> unitCode, Optional<Integer> year) {
        return leave.list(unitCode, year);
    }

    /** What removing the leave would change, for the operator to confirm; empty when there is none. */
    public Optional<String> removalImpact(String employeeKey, LocalDate from) {
        return leave.removalImpact(employeeKey, from);
    }

    public boolean remove(Handle h, Audit audit, String employeeKey, LocalDate from) {
        return leave.remove(h, audit, employeeKey, from);
    }
}
