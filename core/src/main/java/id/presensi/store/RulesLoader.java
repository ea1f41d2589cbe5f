package id.presensi.store;

import id.presensi.rules.GeoPoint;
import id.presensi.rules.Leave;
import id.presensi.rules.PersonRules;
import id.presensi.rules.RosterDay;
import id.presensi.rules.SituationView;
import id.presensi.rules.WorkLocation;
import id.presensi.staff.WorkPattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Gathers from storage every rule that bears on one employee (or everyone) around some dates, overtime orders included. */
public final class RulesLoader {

    /** The employee's identity and the rules for dates {@code from}..{@code to}. */
    public record Loaded(long employeeId, String key, String name, String unitName, PersonRules rules) {
        /** The employee as their situation names them. */
        public SituationView.Person person() {
            return new SituationView.Person(key, name, rules.unitCode(), unitName, rules);
        }
    }

    private final Jdbi jdbi;

    public RulesLoader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Loaded load(String nipOrNik, LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> load(h, Lookups.employee(h, nipOrNik), from, to));
    }

    public Loaded load(long employeeId, LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> load(h, employeeId, from, to));
    }

    /**
     * The rules of every active employee for dates {@code from}..{@code to}, in a dozen queries rather than
     * a dozen per employee: what the check-in service keeps in memory for the morning rush.
     */
    public Map<Long, Loaded> loadAll(LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> loadAll(h, from, to));
    }

    /**
     * As {@link #loadAll(LocalDate, LocalDate)}, for the employees of one unit and the units under it only (empty:
     * everyone the connection sees): one OPD's board opened by BKPSDM builds its own staff's rules, not the regency's.
     */
    public Map<Long, Loaded> loadAll(LocalDate from, LocalDate to, Optional<String> underUnit) {
        return jdbi.withHandle(h -> loadAll(h, from, to, underUnit));
    }

    /** The time zone of the employee's unit, in which their work dates are counted. */
    public ZoneId zoneOf(long employeeId) {
        return jdbi.withHandle(h -> ZoneId.of(h.createQuery("SELECT u.time_zone FROM employee e JOIN unit u ON u.id = e.unit_id WHERE e.id = :id")
                .bind("id", employeeId).mapTo(String.class).one()));
    }

    /** A number that grows whenever any work rule changes (one statement trigger per rules table, V9). */
    public long version() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(version), 0) FROM change_version WHERE kind = 'rules'")
                .mapTo(Long.class).one());
    }

    /** An employee row with what the rules need of it. */
    private record Person(long id, String key, String name, WorkPattern pattern, String unitCode, String unitName, ZoneId zone,
                          Optional<LocalDate> endedFrom) {
        static Person map(ResultSet rs) throws SQLException {
            return new Person(rs.getLong("id"), rs.getString("key"), rs.getString("name"),
                    "SHIFT".equals(rs.getString("work_pattern")) ? WorkPattern.SHIFT : WorkPattern.REGULAR, rs.getString("code"),
                    rs.getString("unit_name"), ZoneId.of(rs.getString("time_zone")),
                    Optional.ofNullable(rs.getObject("ended_from", LocalDate.class)));
        }
    }

    /** An employee_id condition: in the subtree of {@code :unit}, or anyone when it is null. */
    static final String UNDER_UNIT = "(CAST(:unit AS text) IS NULL OR employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit))))";

    private static final String PERSON = """
            SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, e.work_pattern, u.code, u.name AS unit_name, u.time_zone, e.ended_from
              FROM employee e JOIN unit u ON u.id = e.unit_id""";

    static Map<Long, Loaded> loadAll(Handle h, LocalDate from, LocalDate to) {
        return loadAll(h, from, to, Optional.empty());
    }

    private static Map<Long, Loaded> loadAll(Handle h, LocalDate from, LocalDate to, Optional<String> underUnit) {
        Map<String, String> parentByCode = new HashMap<>();
        h.createQuery("SELECT u.code, p.code AS parent FROM unit u LEFT JOIN unit p ON p.id = u.parent_id")
                .map((rs, ctx) -> Map.entry(rs.getString("code"), Optional.ofNullable(rs.getString("parent"))))
                .forEach(e -> e.getValue().ifPresent(parent -> parentByCode.put(e.getKey(), parent)));
        Map<String, List<WorkLocation>> locationsByUnit = new HashMap<>();
        h.createQuery("""
                        SELECT x.code AS unit, u.code AS location_unit, l.name, l.latitude::float8 AS lat, l.longitude::float8 AS lon, l.radius_m
                          FROM unit x JOIN work_location l ON l.unit_id = x.id
                                      OR l.unit_id IN (SELECT also_unit_id FROM location_access WHERE unit_id = x.id)
                          JOIN unit u ON u.id = l.unit_id ORDER BY x.code, u.code, l.name""")
                .map((rs, ctx) -> Map.entry(rs.getString("unit"), new WorkLocation(rs.getString("location_unit"), rs.getString("name"),
                        new GeoPoint(rs.getDouble("lat"), rs.getDouble("lon")), rs.getInt("radius_m"))))
                .forEach(e -> locationsByUnit.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<Long, List<RosterDay>> rosterByEmployee = RosterStore.ofAll(h, Optional.empty(), underUnit, from, to);
        Map<Long, List<Leave>> leaveByEmployee = LeaveStore.ofAll(h, underUnit, from, to);
        Map<Long, Map<LocalDate, Duration>> overtimeByEmployee = OvertimeStore.ordered(h, Optional.empty(), underUnit, from, to);
        var schedules = ScheduleStore.all(h);
        var holidays = CalendarStore.between(h, from, to);
        var wfh = PolicyStore.wfh(h);
        Map<Long, Set<LocalDate>> wfaByEmployee = new HashMap<>();
        h.createQuery("SELECT employee_id, work_date FROM wfa_day WHERE work_date BETWEEN :from AND :to AND " + UNDER_UNIT)
                .bind("from", from).bind("to", to).bind("unit", underUnit.orElse(null))
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getObject(2, LocalDate.class)))
                .forEach(e -> wfaByEmployee.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
        int accuracy = PolicyStore.maxAccuracy(h);
        Map<String, Boolean> selfie = SelfieStore.policies(h);
        Map<Long, List<Move>> moves = moves(h, Optional.empty(), from);
        Map<Long, Loaded> all = new HashMap<>();
        h.createQuery(PERSON + " WHERE e.active AND (e.ended_from IS NULL OR e.ended_from > :from)"
                        + " AND (CAST(:unit AS text) IS NULL OR e.unit_id IN (SELECT unit_scope(:unit)))")
                .bind("from", from).bind("unit", underUnit.orElse(null))
                .map((rs, ctx) -> Person.map(rs))
                .forEach(p -> {
                    List<String> chain = chain(p.unitCode(), parentByCode);
                    List<PersonRules.EarlierUnit> earlier = moves.getOrDefault(p.id(), List.of()).stream()
                            .map(m -> new PersonRules.EarlierUnit(m.until(), m.unitCode(), chain(m.unitCode(), parentByCode),
                                    nearest(chain(m.unitCode(), parentByCode), locationsByUnit),
                                    SelfieStore.required(selfie, chain(m.unitCode(), parentByCode))))
                            .toList();
                    PersonRules rules = new PersonRules(p.unitCode(), chain, p.zone(), p.pattern(), schedules,
                            rosterByEmployee.getOrDefault(p.id(), List.of()), holidays, leaveByEmployee.getOrDefault(p.id(), List.of()),
                            nearest(chain, locationsByUnit), wfh, wfaByEmployee.getOrDefault(p.id(), Set.of()), accuracy,
                            SelfieStore.required(selfie, chain), p.endedFrom(), earlier, overtimeByEmployee.getOrDefault(p.id(), Map.of()));
                    all.put(p.id(), new Loaded(p.id(), p.key(), p.name(), p.unitName(), rules));
                });
        return all;
    }

    /** The locations of the nearest unit up the chain with locations of its own or allowed (as LocationStore.usable). */
    private static List<WorkLocation> nearest(List<String> chain, Map<String, List<WorkLocation>> locationsByUnit) {
        return chain.stream().map(u -> locationsByUnit.getOrDefault(u, List.of())).filter(l -> !l.isEmpty()).findFirst().orElse(List.of());
    }

    private static List<String> chain(String unitCode, Map<String, String> parentByCode) {
        List<String> chain = new ArrayList<>();
        for (String u = unitCode; u != null && !chain.contains(u); u = parentByCode.get(u)) {
            chain.add(u);
        }
        return chain;
    }

    /** A unit an employee was in until the day before {@code until}. */
    private record Move(String unitCode, LocalDate until) {
    }

    /**
     * The units employees were in before their moves that are still in effect on or after {@code from}, oldest
     * first: each move's date ends the unit before it (the first move's "from" unit, then each earlier move's "to").
     */
    private static Map<Long, List<Move>> moves(Handle h, Optional<Long> employeeId, LocalDate from) {
        Map<Long, List<Move>> moves = new HashMap<>();
        h.createQuery("""
                        SELECT c.employee_id, c.effective, coalesce(lag(t.code) OVER w, f.code) AS unit
                          FROM employee_unit_change c JOIN unit f ON f.id = c.from_unit_id JOIN unit t ON t.id = c.to_unit_id
                         WHERE :employee::bigint IS NULL OR c.employee_id = :employee
                        WINDOW w AS (PARTITION BY c.employee_id ORDER BY c.effective, c.recorded_at)
                         ORDER BY c.employee_id, c.effective, c.recorded_at""")
                .bind("employee", employeeId.orElse(null))
                .map((rs, ctx) -> Map.entry(rs.getLong("employee_id"), new Move(rs.getString("unit"), rs.getObject("effective", LocalDate.class))))
                .forEach(e -> {
                    if (e.getValue().until().isAfter(from)) {
                        moves.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                    }
                });
        return moves;
    }

    static Loaded load(Handle h, long employeeId, LocalDate from, LocalDate to) {
        Person p = h.createQuery(PERSON + " WHERE e.id = :id").bind("id", employeeId).map((rs, ctx) -> Person.map(rs)).one();
        List<String> chain = h.createQuery("""
                        WITH RECURSIVE chain AS (
                            SELECT id, code, parent_id, 0 AS depth FROM unit WHERE code = :unit
                            UNION ALL SELECT p.id, p.code, p.parent_id, c.depth + 1 FROM unit p JOIN chain c ON p.id = c.parent_id)
                        SELECT code FROM chain ORDER BY depth""")
                .bind("unit", p.unitCode()).mapTo(String.class).list();
        List<WorkLocation> locations = LocationStore.usable(h, p.unitCode()).stream().map(LocationStore.Usable::location)
                .map(l -> new WorkLocation(l.unitCode(), l.name(), new GeoPoint(l.latitude(), l.longitude()), l.radiusM()))
                .toList();
        Map<String, Boolean> selfie = SelfieStore.policies(h);
        Map<String, String> parentByCode = new HashMap<>();
        h.createQuery("SELECT u.code, p.code AS parent FROM unit u JOIN unit p ON p.id = u.parent_id")
                .map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getString("parent")))
                .forEach(e -> parentByCode.put(e.getKey(), e.getValue()));
        List<PersonRules.EarlierUnit> earlier = moves(h, Optional.of(employeeId), from).getOrDefault(employeeId, List.of()).stream()
                .map(m -> new PersonRules.EarlierUnit(m.until(), m.unitCode(), chain(m.unitCode(), parentByCode),
                        LocationStore.usable(h, m.unitCode()).stream().map(LocationStore.Usable::location)
                                .map(l -> new WorkLocation(l.unitCode(), l.name(), new GeoPoint(l.latitude(), l.longitude()), l.radiusM()))
                                .toList(),
                        SelfieStore.required(selfie, chain(m.unitCode(), parentByCode))))
                .toList();
        PersonRules rules = new PersonRules(p.unitCode(), chain, p.zone(), p.pattern(),
                ScheduleStore.all(h), RosterStore.of(h, employeeId, from, to), CalendarStore.between(h, from, to),
                LeaveStore.of(h, employeeId, from, to), locations, PolicyStore.wfh(h), WfaStore.of(h, employeeId, from, to),
                PolicyStore.maxAccuracy(h), SelfieStore.required(selfie, chain), p.endedFrom(), earlier,
                OvertimeStore.ordered(h, Optional.of(employeeId), Optional.empty(), from, to).getOrDefault(employeeId, Map.of()));
        return new Loaded(employeeId, p.key(), p.name(), p.unitName(), rules);
    }
}
