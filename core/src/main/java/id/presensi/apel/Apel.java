package id.presensi.apel;

import id.presensi.rules.WorkLocation;
import id.presensi.staff.EmployeeType;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An apel or ceremony: when it is held, its own short window, its place(s), and who must attend.
 *
 * @param unitCode          the unit whose staff (and its sub-units' staff) must attend; empty: the whole regency
 * @param types             the employee types that must attend; empty: every type
 * @param locations         work locations (the geofence model) where it is held; empty: each employee's own unit's
 *                          locations (the apel in each OPD's yard)
 * @param fingerprintCounts a fingerprint punch within the window counts as attendance
 */
public record Apel(long id, String name, ApelRecurrence when, LocalTime opens, LocalTime closes, Optional<String> unitCode,
                   Set<EmployeeType> types, List<WorkLocation> locations, boolean fingerprintCounts) {
    public Apel {
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("an apel's window opens before it closes, got " + opens + "-" + closes);
        }
        types = Set.copyOf(types);
        locations = List.copyOf(locations);
    }

    /** Whether this employee is among those called: their unit or one above it is the apel's, and their type is listed. */
    public boolean calls(List<String> unitChain, EmployeeType type) {
        return unitCode.map(unitChain::contains).orElse(true) && (types.isEmpty() || types.contains(type));
    }

    public boolean within(LocalTime time) {
        return !time.isBefore(opens) && !time.isAfter(closes);
    }
}
