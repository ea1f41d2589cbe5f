package id.presensi.imports;

/** What an import run loaded; the database keeps the same list in import_run's check. */
public enum ImportKind {
    UNIT, STAFF, LOCATION, HOLIDAY, SCHEDULE, SHIFT, ROSTER, LEAVE, PUNCH, MACHINE_PIN
}
