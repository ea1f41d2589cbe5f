package id.presensi.app;

import id.presensi.store.Audit;
import id.presensi.store.UnitStore;
import id.presensi.unit.ListedUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The units as operators list them, their heads (who sign a unit's recap) and which of them are OPDs; the unit file goes through {@link UnitFile}. */
public final class Units {
    private final UnitStore units;

    public Units(Jdbi jdbi) {
        this.units = new UnitStore(jdbi);
    }

    /** Every unit with its staff count: those still employed {@code today}, or everyone on its rolls. */
    public List<ListedUnit> list(boolean includeEnded, LocalDate today) {
        return units.list(includeEnded, today);
    }

    /** Makes the employee the unit's head, in the caller's transaction; a warning for the operator, if any. */
    public Optional<String> setHead(Handle h, Audit audit, String unitCode, String nipOrNik, Optional<String> title, LocalDate today) {
        return units.setHead(h, audit, unitCode, nipOrNik, title, today);
    }

    /** Marks the unit as an OPD or not, in the caller's transaction; false when it was so already. */
    public boolean setOpd(Handle h, Audit audit, String unitCode, boolean opd) {
        return units.setOpd(h, audit, unitCode, opd);
    }
}
