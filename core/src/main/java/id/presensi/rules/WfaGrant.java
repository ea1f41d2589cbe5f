package id.presensi.rules;

import java.time.LocalDate;

/** A work-from-anywhere day granted to an employee, as operators list it. */
public record WfaGrant(String employeeKey, String name, String unitCode, LocalDate date, String grantedBy) {
}
