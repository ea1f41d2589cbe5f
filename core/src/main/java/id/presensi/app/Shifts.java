package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.rules.ShiftType;
import id.presensi.store.Audit;
import id.presensi.store.ShiftStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/**
 * Shift types, a unit's or regency-wide (no unit): kept, listed and removed; a shift rosters still use is not
 * removed. Writes take the caller's transaction and audit.
 */
public final class Shifts {
    private final ShiftStore shifts;

    public Shifts(Jdbi jdbi) {
        this.shifts = new ShiftStore(jdbi);
    }

    public Change put(Handle h, Audit audit, ShiftType shift) {
        return shifts.upsert(h, audit, shift);
    }

    /** A unit's shift types and the regency-wide ones, or all. */
    public List<ShiftType> list(Optional<String> unitCode) {
        return shifts.list(unitCode);
    }

    /** Why the shift may not be removed (rosters use it), if so. */
    public Optional<String> removalBlocker(Optional<String> unitCode, String code) {
        return shifts.removalBlocker(unitCode, code);
    }

    public Optional<String> removalImpact(Optional<String> unitCode, String code) {
        return shifts.removalImpact(unitCode, code);
    }

    public boolean remove(Handle h, Audit audit, Optional<String> unitCode, String code) {
        return shifts.remove(h, audit, unitCode, code);
    }
}
