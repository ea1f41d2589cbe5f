package id.presensi.unit;

import java.time.ZoneId;
import java.util.Optional;

/**
 * A perangkat daerah (OPD) or a place under one (puskesmas, UPT, bidang), with the zone its work dates are counted in
 * and, when the file says, whether it is an OPD (its head is the Kepala OPD of the units under it).
 */
public record Unit(String code, String name, String parentCode, ZoneId timeZone, Optional<Boolean> opd) {
}
