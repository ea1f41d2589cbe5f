package id.presensi.rules;

import java.util.Set;

/** A period when check-in is accepted within a wide radius of the unit's locations (work from home). */
public record WfhPeriod(String name, ValidityPeriod validity, int radiusM, Set<String> unitCodes) {

    /** An empty unit list means every unit. */
    public boolean appliesTo(String unitCode) {
        return unitCodes.isEmpty() || unitCodes.contains(unitCode);
    }
}
