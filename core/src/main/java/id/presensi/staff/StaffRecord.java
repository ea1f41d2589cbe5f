package id.presensi.staff;

/**
 * One valid staff row, ready to be stored. {@code nip} is null for PTT; {@code nik} may be null for PNS/PPPK;
 * {@code position} and {@code workPattern} are null when the file does not say (blank or no such column), and
 * then the stored value stays (a new employee works REGULER).
 */
public record StaffRecord(int rowNumber, EmployeeType type, String nip, String nik, String name, String unitCode,
                          String position, WorkPattern workPattern) {

    /** The identity an employee is matched on: NIP for PNS and PPPK, NIK for PTT. */
    public String key() {
        return type.keyedByNip() ? nip : nik;
    }

    public String keyLabel() {
        return type.keyedByNip() ? "NIP" : "NIK";
    }
}
