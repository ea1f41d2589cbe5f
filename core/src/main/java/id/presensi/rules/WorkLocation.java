package id.presensi.rules;

/** A place staff of a unit check in at: head office, puskesmas branch, fire post. */
public record WorkLocation(String unitCode, String name, GeoPoint point, int radiusM) {
}
