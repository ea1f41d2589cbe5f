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
                        + (rs.getLong("locations") == 1 ? ", and without it the unit has none of its own: its staff (and its sub-units' without "
                        + "locations) then use those of a parent unit, or, with none, have every check-in refused." : "."))
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

    /** Why staff of a unit may use a location: it is their unit's, their unit is allowed at it, or a parent's is. */
    public enum Source {
        OWN, ALLOWED, INHERITED
    }

    /** A location as staff of a unit may use it; {@code through} is the unit whose own or allowed location it is. */
    public record Usable(Location location, Source source, String through) {
        public String sourceText() {
            return switch (source) {
                case OWN -> "own";
                case ALLOWED -> "allowed (location allow)";
                case INHERITED -> "inherited from " + through;
            };
        }
    }

    /**
     * The locations staff of a unit may use, as schedules, shifts and the selfie setting are found: the unit's own
     * and those it is allowed at, or, when it has neither, those of its nearest ancestor that has (a ward of a
     * hospital checks in at the hospital until it gets locations of its own).
     */
    public List<Usable> usable(String unitCode) {
        return jdbi.withHandle(h -> usable(h, unitCode.strip().toUpperCase()));
    }

    static List<Usable> usable(Handle h, String unitCode) {
        return h.createQuery("""
                        WITH RECURSIVE chain AS (
                            SELECT id, code, parent_id, 0 AS depth FROM unit WHERE code = :unit
                            UNION ALL SELECT p.id, p.code, p.parent_id, c.depth + 1 FROM unit p JOIN chain c ON p.id = c.parent_id
                             WHERE c.depth < 50),
                        usable AS (
                            SELECT c.depth, c.code AS holder, l.unit_id = c.id AS own, l.*
                              FROM chain c JOIN work_location l
                                ON l.unit_id = c.id OR l.unit_id IN (SELECT a.also_unit_id FROM location_access a WHERE a.unit_id = c.id))
                        SELECT s.depth, s.holder, s.own, u.code AS unit_code, s.name, s.latitude::float8 AS latitude,
                               s.longitude::float8 AS longitude, s.radius_m
                          FROM usable s JOIN unit u ON u.id = s.unit_id
                         WHERE s.depth = (SELECT min(depth) FROM usable) ORDER BY NOT s.own, u.code, s.name""")
                .bind("unit", unitCode)
                .map((rs, ctx) -> new Usable(new Location(rs.getString("unit_code"), rs.getString("name"), rs.getDouble("latitude"),
                        rs.getDouble("longitude"), rs.getInt("radius_m")),
                        rs.getInt("depth") > 0 ? Source.INHERITED : rs.getBoolean("own") ? Source.OWN : Source.ALLOWED, rs.getString("holder")))
                .list();
    }

    /** A unit whose staff have nowhere to check in: no location of its own, none allowed, none up its parents. */
    public record Unplaced(String unitCode, long staff) {
    }

    /** Units with active staff and no usable location (their check-ins would all be refused, NO_LOCATION). */
    public List<Unplaced> unitsWithoutLocation() {
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH RECURSIVE up AS (
                            SELECT u.id AS unit_id, u.id AS ancestor, u.parent_id, 0 AS depth FROM unit u
                            UNION ALL SELECT up.unit_id, p.id, p.parent_id, up.depth + 1 FROM up JOIN unit p ON p.id = up.parent_id
                             WHERE up.depth < 50),
                        placed AS (SELECT DISTINCT up.unit_id FROM up
                                    WHERE EXISTS (SELECT 1 FROM work_location l WHERE l.unit_id = up.ancestor)
                                       OR EXISTS (SELECT 1 FROM location_access a JOIN work_location l ON l.unit_id = a.also_unit_id
                                                   WHERE a.unit_id = up.ancestor))
                        SELECT u.code AS unit_code, count(*) AS staff FROM employee e JOIN unit u ON u.id = e.unit_id
                         WHERE e.active AND e.ended_from IS NULL AND u.id NOT IN (SELECT unit_id FROM placed)
                         GROUP BY u.code ORDER BY u.code""")
                .map(ConstructorMapper.of(Unplaced.class)).list());
    }

    /** Which units may also use which units' locations (location allow), by unit code. */
    public record Allowance(String unitCode, String alsoAtUnitCode) {
    }

    public List<Allowance> allowances(Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT x.code AS unit_code, y.code AS also_at_unit_code
                          FROM location_access a JOIN unit x ON x.id = a.unit_id JOIN unit y ON y.id = a.also_unit_id
                         WHERE :unit IS NULL OR x.code = :unit OR y.code = :unit ORDER BY x.code, y.code""")
                .bind("unit", unitCode.map(u -> u.strip().toUpperCase()).orElse(null))
                .map(ConstructorMapper.of(Allowance.class)).list());
    }

    private static Optional<Location> find(Handle h, String unitCode, String name) {
        return h.createQuery(SELECT + " WHERE u.code = :unit AND l.name = :name")
                .bind("unit", unitCode.strip().toUpperCase()).bind("name", name.strip())
                .map(ConstructorMapper.of(Location.class)).findOne();
    }
}
