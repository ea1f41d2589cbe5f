package id.presensi.app;

import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Phones for staff: activation codes issued to one employee or to the staff of a unit (or all), the active phones
 * listed, and a phone retired. Writes take the caller's transaction and audit.
 */
public final class DeviceEnrolment {
    private final DeviceStore devices;

    public DeviceEnrolment(Jdbi jdbi) {
        this.devices = new DeviceStore(jdbi);
    }

    /** The codes issued, and how many staff of the unit were skipped because their employment has ended. */
    public record Enrolled(List<DeviceStore.Issued> issued, int endedSkipped) {
    }

    /** A code for one employee. */
    public Enrolled enroll(Handle h, Audit audit, String employeeKey, Duration validity, String operator) {
        return new Enrolled(devices.enroll(h, audit, List.of(employeeKey), validity, operator), 0);
    }

    /** A code for each employee still employed in the unit and its sub-units, or in the regency when none is given. */
    public Enrolled enrollStaffOf(Handle h, Audit audit, Optional<String> unitCode, Duration validity, String operator) {
        DeviceStore.Staff staff = devices.staffOf(h, unitCode);
        return new Enrolled(devices.enroll(h, audit, staff.keys(), validity, operator), staff.ended());
    }

    public List<DeviceStore.Listed> active(Optional<String> unitCode) {
        return devices.list(unitCode);
    }

    public Optional<String> revocationImpact(String employeeKey) {
        return devices.revocationImpact(employeeKey);
    }

    public boolean revoke(Handle h, Audit audit, String employeeKey) {
        return devices.revoke(h, audit, employeeKey);
    }
}
