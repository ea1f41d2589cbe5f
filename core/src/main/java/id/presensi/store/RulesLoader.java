package id.presensi.store;

import id.presensi.rules.GeoPoint;
import id.presensi.rules.PersonRules;
import id.presensi.rules.WorkLocation;
import id.presensi.staff.WorkPattern;
import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Gathers from storage every rule that bears on one employee around some dates. */
public final class RulesLoader {

    private RulesLoader() {
    }

    /** The employee's identity and the rules for dates {@code from}..{@code to}. */
    public record Loaded(long employeeId, String key, String name, String unitName, PersonRules rules) {
    }

    public static Loaded load(Handle h, String nipOrNik, LocalDate from, LocalDate to) {
        return load(h, Lookups.employee(h, nipOrNik), from, to);
    }

    /**
     * The rules of every active employee for dates {@code from}..{@code to}, in a dozen queries rather than
     * a dozen per employee: what the check-in service keeps in memory for the morning rush.
     */
    public static Map<Long, Loaded> loadAll(Handle h, LocalDate from, LocalDate to) {
        Map<String, String> parentByCode = new java.util.HashMap<>();
        h.createQuery("SELECT u.code, p.code AS parent FROM unit u LEFT JOIN unit p ON p.id = u.parent_id")
                .mapToMap().forEach(r -> parentByCode.put((String) r.get("code"), (String) r.get("parent")));
        Map<String, List<WorkLocation>> locationsByUnit = new java.util.HashMap<>();
        h.createQuery("""
                        SELECT x.code AS unit, u.code AS location_unit, l.name, l.latitude::float8 AS lat, l.longitude::float8 AS lon, l.radius_m
                          FROM unit x JOIN work_location l ON l.unit_id = x.id
                                      OR l.unit_id IN (SELECT also_unit_id FROM location_access WHERE unit_id = x.id)
                          JOIN unit u ON u.id = l.unit_id ORDER BY x.code, u.code, l.name""")
                .mapToMap().forEach(r -> locationsByUnit.computeIfAbsent((String) r.get("unit"), k -> new java.util.ArrayList<>())
                        .add(new WorkLocation((String) r.get("location_unit"), (String) r.get("name"),
                                new GeoPoint((Double) r.get("lat"), (Double) r.get("lon")), (Integer) r.get("radius_m"))));
        Map<Long, List<id.presensi.rules.RosterDay>> rosterByEmployee = RosterStore.ofAll(h, java.util.Optional.empty(), from, to);
        Map<Long, List<id.presensi.rules.Leave>> leaveByEmployee = new java.util.HashMap<>();
        h.createQuery("SELECT DISTINCT employee_id FROM leave WHERE date_from <= :to AND date_to >= :from")
                .bind("from", from).bind("to", to).mapTo(Long.class)
                .forEach(id -> leaveByEmployee.put(id, LeaveStore.of(h, id, from, to)));
        var schedules = ScheduleStore.all(h);
        var holidays = CalendarStore.between(h, from, to);
        var wfh = PolicyStore.wfh(h);
        int accuracy = PolicyStore.maxAccuracy(h);
        Map<Long, Loaded> all = new java.util.HashMap<>();
        h.createQuery("""
                        SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, e.work_pattern, u.code, u.name AS unit_name, u.time_zone,
                               e.ended_from
                          FROM employee e JOIN unit u ON u.id = e.unit_id
                         WHERE e.active AND (e.ended_from IS NULL OR e.ended_from > :from)""")
                .bind("from", from)
                .mapToMap().forEach(e -> {
                    long id = ((Number) e.get("id")).longValue();
                    String unit = (String) e.get("code");
                    List<String> chain = new java.util.ArrayList<>();
                    for (String u = unit; u != null && !chain.contains(u); u = parentByCode.get(u)) {
                        chain.add(u);
                    }
                    PersonRules rules = new PersonRules(unit, chain, ZoneId.of((String) e.get("time_zone")),
                            "SHIFT".equals(e.get("work_pattern")) ? WorkPattern.SHIFT : WorkPattern.REGULAR, schedules,
                            rosterByEmployee.getOrDefault(id, List.of()), holidays, leaveByEmployee.getOrDefault(id, List.of()),
                            locationsByUnit.getOrDefault(unit, List.of()), wfh, accuracy, endedFrom(e));
                    all.put(id, new Loaded(id, (String) e.get("key"), (String) e.get("name"), (String) e.get("unit_name"), rules));
                });
        return all;
    }

    private static java.util.Optional<LocalDate> endedFrom(Map<String, Object> employee) {
        return java.util.Optional.ofNullable((java.sql.Date) employee.get("ended_from")).map(java.sql.Date::toLocalDate);
    }

    /** The time zone of the employee's unit, in which their work dates are counted. */
    public static ZoneId zoneOf(Handle h, long employeeId) {
        return ZoneId.of(h.createQuery("SELECT u.time_zone FROM employee e JOIN unit u ON u.id = e.unit_id WHERE e.id = :id")
                .bind("id", employeeId).mapTo(String.class).one());
    }

    public static Loaded load(Handle h, long employeeId, LocalDate from, LocalDate to) {
        Map<String, Object> e = h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS key, e.name, e.work_pattern, u.code, u.name AS unit_name, u.time_zone,
                               e.ended_from
                          FROM employee e JOIN unit u ON u.id = e.unit_id WHERE e.id = :id""")
                .bind("id", employeeId).mapToMap().one();
        String unit = (String) e.get("code");
        List<String> chain = h.createQuery("""
                        WITH RECURSIVE chain AS (
                            SELECT id, code, parent_id, 0 AS depth FROM unit WHERE code = :unit
                            UNION ALL SELECT p.id, p.code, p.parent_id, c.depth + 1 FROM unit p JOIN chain c ON p.id = c.parent_id)
                        SELECT code FROM chain ORDER BY depth""")
                .bind("unit", unit).mapTo(String.class).list();
        List<WorkLocation> locations = LocationStore.usableBy(h, unit).stream()
                .map(l -> new WorkLocation(l.unitCode(), l.name(), new GeoPoint(l.latitude(), l.longitude()), l.radiusM()))
                .toList();
        PersonRules rules = new PersonRules(unit, chain, ZoneId.of((String) e.get("time_zone")),
                "SHIFT".equals(e.get("work_pattern")) ? WorkPattern.SHIFT : WorkPattern.REGULAR,
                ScheduleStore.all(h), RosterStore.of(h, employeeId, from, to), CalendarStore.between(h, from, to),
                LeaveStore.of(h, employeeId, from, to), locations, PolicyStore.wfh(h), PolicyStore.maxAccuracy(h), endedFrom(e));
        return new Loaded(employeeId, (String) e.get("key"), (String) e.get("name"), (String) e.get("unit_name"), rules);
    }
}
