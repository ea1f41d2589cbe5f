package id.presensi.imports;

public enum ImportKind {
    UNIT, STAFF
}
