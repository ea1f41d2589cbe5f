package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.store.Audit;
import id.presensi.store.LocationStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/**
 * The places staff may check in at: a unit's own locations, the units whose locations it may also use, and the units
 * left with none (their check-ins are refused NO_LOCATION). Writes take the caller's transaction and audit.
 */
public final class Locations {
    private final LocationStore locations;

    public Locations(Jdbi jdbi) {
        this.locations = new LocationStore(jdbi);
    }

    public Change put(Handle h, Audit audit, LocationStore.Location location) {
        return locations.upsert(h, audit, location);
    }

    /**
     * Every unit's own locations, or with a unit the ones its staff may check in at and why: its own, allowed, or
     * (having neither) its nearest parent's.
     */
    public List<LocationStore.Usable> listed(Optional<String> unitCode) {
        return unitCode.isEmpty()
                ? locations.list(Optional.empty()).stream().map(l -> new LocationStore.Usable(l, LocationStore.Source.OWN, l.unitCode())).toList()
                : locations.usable(unitCode.get());
    }

    public Optional<String> removalImpact(String unitCode, String name) {
        return locations.removalImpact(unitCode, name);
    }

    public boolean remove(Handle h, Audit audit, String unitCode, String name) {
        return locations.remove(h, audit, unitCode, name);
    }

    /** Lets staff of one unit also check in at another's locations. */
    public Change allow(Handle h, Audit audit, String unitCode, String alsoUnitCode) {
        return locations.allow(h, audit, unitCode, alsoUnitCode);
    }

    public List<LocationStore.Allowance> allowances(Optional<String> unitCode) {
        return locations.allowances(unitCode);
    }

    /** Units whose staff have no location at all, with their staff counts. */
    public List<LocationStore.Unplaced> unplaced() {
        return locations.unitsWithoutLocation();
    }
}
