package id.presensi.unit;

import java.time.ZoneId;

/** A perangkat daerah (OPD) or a place under one (puskesmas, UPT), with the zone its work dates are counted in. */
public record Unit(String code, String name, String parentCode, ZoneId timeZone) {
}
