package id.presensi.staff;

/** One valid staff row, ready to be stored. {@code nip} is null for PTT; {@code nik} may be null for PNS/PPPK. */
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
