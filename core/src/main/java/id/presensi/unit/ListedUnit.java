package id.presensi.unit;

/** A unit with its parent's code, its zone, whether it is an OPD and its staff count, as listed to operators. */
public record ListedUnit(String code, String name, String parentCode, String timeZone, boolean opd, int staff) {
}
