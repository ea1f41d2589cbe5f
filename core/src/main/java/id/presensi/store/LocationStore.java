package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.imports.RowRejected;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Work locations (geofences) of units, and which units may also use another unit's locations. */
public final class LocationStore {

    public record Location(String unitCode, String name, double latitude, double longitude, int radiusM) {
        public Location {
            if (latitude < -90 || latitude > 90) {
                throw new RowRejected("LINTANG", "latitude must be between -90 and 90, got " + latitude);
            }
            if (longitude < -180 || longitude > 180) {
                throw new RowRejected("BUJUR", "longitude must be between -180 and 180, got " + longitude);
            }
            if (radiusM < 1 || radiusM > 100_000) {
                throw new RowRejected("RADIUS_M", "radius must be 1 to 100,000 metres, got " + radiusM);
            }
            if (name.isBlank()) {
                throw new RowRejected("NAMA_LOKASI", "is empty");
            }
        }
    }

    private static final String SELECT = """
            SELECT u.code AS unit_code, l.name, l.latitude::float8 AS latitude, l.longitude::float8 AS longitude, l.radius_m
              FROM work_location l JOIN unit u ON u.id = l.unit_id""";

    private final Jdbi jdbi;

    public LocationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Change upsert(Handle h, Audit audit, Location location) {
        long unitId = Lookups.unitId(h, "KODE_UNIT", location.unitCode());
        Optional<Location> before = find(h, location.unitCode(), location.name());
        Location after = new Location(location.unitCode().toUpperCase(), location.name().strip(),
                location.latitude(), location.longitude(), location.radiusM());
        if (before.equals(Optional.of(after))) {
            return Change.UNCHANGED;
        }
        h.createUpdate("""
                        INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m)
                        VALUES (:unitId, :name, :latitude, :longitude, :radiusM)
                        ON CONFLICT (unit_id, name) DO UPDATE
                           SET latitude = excluded.latitude, longitude = excluded.longitude, radius_m = excluded.radius_m""")
                .bind("unitId", unitId).bindMethods(after).execute();
        audit.record(h, "work_location", after.unitCode() + "/" + after.name(), before.orElse(null), after);
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    /** What removing a location would affect; empty when the unit has no location by that name. */
    public Optional<String> removalImpact(String unitCode, String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT (SELECT count(*) FROM work_location o WHERE o.unit_id = l.unit_id) AS locations,
                               (SELECT count(*) FROM employee e WHERE e.active AND e.ended_from IS NULL
                                   AND (e.unit_id = l.unit_id OR e.unit_id IN (SELECT unit_id FROM location_access WHERE also_unit_id = l.unit_id))) AS staff
                          FROM work_location l JOIN unit u ON u.id = l.unit_id WHERE u.code = :unit AND l.name = :name""")
                .bind("unit", unitCode.toUpperCase()).bind("name", name)
                .map((rs, ctx) -> "Location '" + name + "' of " + unitCode.toUpperCase() + " is one of its " + rs.getLong("locations")
                        + " location(s); " + String.format("%,d", rs.getLong("staff")) + " staff may check in there"
                        + (rs.getLong("locations") == 1 ? ", and without it the unit has none: every check-in of its staff would be refused." : "."))
                .findOne());
    }

    public boolean remove(Handle h, Audit audit, String unitCode, String name) {
        Optional<Location> before = find(h, unitCode, name);
        before.ifPresent(b -> {
            h.createUpdate("DELETE FROM work_location l USING unit u WHERE u.id = l.unit_id AND u.code = :unit AND l.name = :name")
                    .bind("unit", b.unitCode()).bind("name", b.name()).execute();
            audit.record(h, "work_location", b.unitCode() + "/" + b.name(), b, null);
        });
        return before.isPresent();
    }

    /** Lets staff of {@code unitCode} also check in at the locations of {@code alsoUnitCode}. */
    public Change allow(Handle h, Audit audit, String unitCode, String alsoUnitCode) {
        long unit = Lookups.unitId(h, "--unit", unitCode);
        long also = Lookups.unitId(h, "--also", alsoUnitCode);
        int inserted = h.createUpdate("INSERT INTO location_access VALUES (:unit, :also) ON CONFLICT DO NOTHING")
                .bind("unit", unit).bind("also", also).execute();
        if (inserted == 0) {
            return Change.UNCHANGED;
        }
        audit.record(h, "location_access", unitCode.toUpperCase() + "->" + alsoUnitCode.toUpperCase(), null,
                Map.of("unit", unitCode.toUpperCase(), "alsoAt", alsoUnitCode.toUpperCase()));
        return Change.INSERTED;
    }

    public List<Location> list(Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE :unit IS NULL OR u.code = :unit ORDER BY u.code, l.name")
                .bind("unit", unitCode.map(String::toUpperCase).orElse(null))
                .map(ConstructorMapper.of(Location.class)).list());
    }

    /** The locations staff of a unit may use: their own unit's and those of the units they are allowed at. */
    static List<Location> usableBy(Handle h, String unitCode) {
        return h.createQuery(SELECT + "\n" + """
                         WHERE u.code = :unit
                            OR u.id IN (SELECT a.also_unit_id FROM location_access a JOIN unit x ON x.id = a.unit_id
                                         WHERE x.code = :unit)
                         ORDER BY u.code, l.name""")
                .bind("unit", unitCode).map(ConstructorMapper.of(Location.class)).list();
    }

    private static Optional<Location> find(Handle h, String unitCode, String name) {
        return h.createQuery(SELECT + " WHERE u.code = :unit AND l.name = :name")
                .bind("unit", unitCode.strip().toUpperCase()).bind("name", name.strip())
                .map(ConstructorMapper.of(Location.class)).findOne();
    }
}
