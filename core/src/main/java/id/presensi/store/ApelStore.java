package id.presensi.store;

import id.presensi.apel.Apel;
import id.presensi.apel.ApelRecurrence;
import id.presensi.apel.Hari;
import id.presensi.rules.GeoPoint;
import id.presensi.rules.WorkLocation;
import id.presensi.staff.EmployeeType;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Apel and ceremonies, their places and cancellations (V31). Every change goes through V31's functions, which check
 * the operator's scope and write the audit row; reads see what row security lets the operator see.
 */
public final class ApelStore {

    /** An apel as an operator writes it: names of units and locations, not ids. */
    public record Draft(String name, Optional<String> unitCode, ApelRecurrence when, LocalTime opens, LocalTime closes,
                        Set<EmployeeType> types, List<String> locations, boolean fingerprintCounts) {
    }

    /** Adds the apel, or changes the one of the same name and scope; its id. */
    public long put(Handle h, Audit audit, Draft d) {
        Optional<Long> unit = d.unitCode().map(code -> unitId(h, code));
        List<Long> locations = new ArrayList<>();
        for (String l : d.locations()) {
            locations.add(location(h, unit, l));
        }
        return h.createQuery("""
                        SELECT apel_put(:name, :unit, :onDate, CAST(:weekday AS smallint), CAST(:monthDay AS smallint), :opens, :closes,
                                        :types, :locations, :fingerprint, :startsOn, :operator, :command)""")
                .bind("name", d.name().strip()).bind("unit", unit.orElse(null))
                .bind("onDate", d.when() instanceof ApelRecurrence.Once o ? o.date() : null)
                .bind("weekday", d.when() instanceof ApelRecurrence.Weekly w ? (Integer) w.day().day().getValue() : null)
                .bind("monthDay", d.when() instanceof ApelRecurrence.Monthly m ? (Integer) m.dayOfMonth() : null)
                .bind("opens", d.opens()).bind("closes", d.closes())
                .bind("types", d.types().stream().map(Enum::name).sorted().toArray(String[]::new))
                .bind("locations", locations.toArray(Long[]::new)).bind("fingerprint", d.fingerprintCounts())
                .bind("startsOn", d.when().startsOn().orElse(null))
                .bind("operator", audit.operator()).bind("command", audit.command())
                .mapTo(Long.class).one();
    }

    /**
     * A work location by name: {@code UNIT:NAME}, or a NAME of the apel's unit (for a regency-wide apel, a name that only
     * one unit uses, such as the regency's field).
     */
    private long location(Handle h, Optional<Long> apelUnit, String text) {
        int colon = text.indexOf(':');
        Optional<Long> unit = colon > 0 ? Optional.of(unitId(h, text.substring(0, colon))) : apelUnit;
        String name = (colon > 0 ? text.substring(colon + 1) : text).strip();
        List<Long> found = h.createQuery("SELECT id FROM work_location WHERE name = :name AND (:unit IS NULL OR unit_id = :unit)")
                .bind("name", name).bind("unit", unit.orElse(null)).mapTo(Long.class).list();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("--location: no work location '" + name + "'" + (unit.isPresent() ? " in that unit" : "")
                    + " (see presensi location list)");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("--location: several units have a location '" + name + "'; write it as UNIT:" + name);
        }
        return found.get(0);
    }

    /** Every apel the session sees (an OPD admin: the regency's and their units'), with its places. */
    public List<Apel> all(Handle h) {
        Map<Long, List<WorkLocation>> places = new HashMap<>();
        h.createQuery("""
                        SELECT al.apel_id, u.code, l.name, l.latitude, l.longitude, l.radius_m
                          FROM apel_location al JOIN work_location l ON l.id = al.location_id JOIN unit u ON u.id = l.unit_id
                         ORDER BY al.apel_id, l.id""")
                .map((rs, ctx) -> places.computeIfAbsent(rs.getLong("apel_id"), k -> new ArrayList<>()).add(new WorkLocation(rs.getString("code"),
                        rs.getString("name"), new GeoPoint(rs.getDouble("latitude"), rs.getDouble("longitude")), rs.getInt("radius_m"))))
                .list();
        return h.createQuery("""
                        SELECT a.*, u.code AS unit_code FROM apel a LEFT JOIN unit u ON u.id = a.unit_id
                         ORDER BY a.unit_id NULLS FIRST, a.name""")
                .map((rs, ctx) -> apel(rs, places.getOrDefault(rs.getLong("id"), List.of())))
                .list();
    }

    private static Apel apel(ResultSet rs, List<WorkLocation> places) throws SQLException {
        ApelRecurrence when;
        if (rs.getObject("on_date") != null) {
            when = new ApelRecurrence.Once(rs.getObject("on_date", LocalDate.class));
        } else if (rs.getObject("weekday") != null) {
            when = new ApelRecurrence.Weekly(Hari.of(DayOfWeek.of(rs.getInt("weekday"))), Optional.ofNullable(rs.getObject("starts_on", LocalDate.class)));
        } else {
            when = new ApelRecurrence.Monthly(rs.getInt("month_day"), Optional.ofNullable(rs.getObject("starts_on", LocalDate.class)));
        }
        Set<EmployeeType> types = Arrays.stream((String[]) rs.getArray("employee_types").getArray()).map(EmployeeType::valueOf)
                .collect(Collectors.toSet());
        return new Apel(rs.getLong("id"), rs.getString("name"), when, rs.getObject("opens", LocalTime.class),
                rs.getObject("closes", LocalTime.class), Optional.ofNullable(rs.getString("unit_code")), types, places,
                rs.getBoolean("fingerprint_counts"));
    }

    /** The cancellations ("apel ditiadakan") of a date the operator sees: apel id to reason. */
    public Map<Long, String> cancellations(Handle h, LocalDate day) {
        Map<Long, String> cancelled = new HashMap<>();
        h.createQuery("SELECT apel_id, reason FROM apel_cancellation WHERE day = :day").bind("day", day)
                .map((rs, ctx) -> cancelled.put(rs.getLong("apel_id"), rs.getString("reason"))).list();
        return cancelled;
    }

    /** The cancellations of the dates from {@code from} to {@code to}: date, then apel id to reason. */
    public Map<LocalDate, Map<Long, String>> cancellations(Handle h, LocalDate from, LocalDate to) {
        Map<LocalDate, Map<Long, String>> cancelled = new HashMap<>();
        h.createQuery("SELECT day, apel_id, reason FROM apel_cancellation WHERE day BETWEEN :from AND :to")
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> cancelled.computeIfAbsent(rs.getObject("day", LocalDate.class), d -> new HashMap<>())
                        .put(rs.getLong("apel_id"), rs.getString("reason")))
                .list();
        return cancelled;
    }

    /** Who checked in to which apel on which date, from {@code from} to {@code to}: accepted check-ins only. */
    public Set<Attended> attended(Handle h, LocalDate from, LocalDate to) {
        return Set.copyOf(h.createQuery("""
                        SELECT apel_id, employee_id, work_date FROM apel_checkin
                         WHERE accepted AND work_date BETWEEN :from AND :to""")
                .bind("from", from).bind("to", to)
                .map(ConstructorMapper.of(Attended.class))
                .list());
    }

    /** An accepted apel check-in, as reconcile asks of it. */
    public record Attended(long apelId, long employeeId, LocalDate workDate) {
    }

    /** Every employee's type (PNS, PPPK, PTT), which an apel may call or not. */
    public Map<Long, EmployeeType> types(Handle h) {
        Map<Long, EmployeeType> types = new HashMap<>();
        h.createQuery("SELECT id, type FROM employee")
                .map((rs, ctx) -> types.put(rs.getLong("id"), EmployeeType.valueOf(rs.getString("type")))).list();
        return types;
    }

    public void cancel(Handle h, Audit audit, long apelId, LocalDate day, String reason) {
        h.createQuery("SELECT apel_cancel(:apel, :day, :reason, :operator, :command)")
                .bind("apel", apelId).bind("day", day).bind("reason", reason.strip())
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(String.class).one();
    }

    /** Whether the session's operator changes regency-wide apel (BKPSDM, the owner). */
    public boolean changesRegencyWide(Handle h) {
        return h.createQuery("SELECT operator_sees_all()").mapTo(Boolean.class).one();
    }

    /** The codes of the units the session's operator changes; empty for one who changes all. */
    public Set<String> operatorUnits(Handle h) {
        return Set.copyOf(h.createQuery("SELECT code FROM unit WHERE id IN (SELECT operator_units())").mapTo(String.class).list());
    }

    public long unitId(Handle h, String code) {
        try {
            return Lookups.unitId(h, "--unit", code);
        } catch (id.presensi.imports.RowRejected e) {
            throw new IllegalArgumentException("--unit: " + e.errors().get(0).reason());
        }
    }

    /** An apel check-in attempt from a phone, as stored. */
    public record CheckIn(UUID requestId, long apelId, long employeeId, long deviceId, Instant at, LocalDate workDate, double latitude,
                          double longitude, double accuracyM, Optional<Integer> distanceM, Optional<String> locationName, boolean accepted,
                          Optional<String> reason, String message) {
    }

    public EmployeeType typeOf(Handle h, long employeeId) {
        return EmployeeType.valueOf(h.createQuery("SELECT type FROM employee WHERE id = :id").bind("id", employeeId).mapTo(String.class).one());
    }

    /**
     * Stores an attempt once: the same requestId again, or a second accepted one for the same apel and day, stores
     * nothing. What is stored under the requestId (perhaps another employee's), if anything.
     */
    public Optional<CheckIn> record(Handle h, CheckIn c) {
        h.createUpdate("""
                        INSERT INTO apel_checkin (request_id, apel_id, employee_id, device_id, at, received_at, work_date, latitude, longitude,
                                                  accuracy_m, distance_m, location_name, accepted, reason, message)
                        VALUES (:requestId, :apelId, :employeeId, :deviceId, :at, now(), :workDate, :latitude, :longitude, :accuracyM,
                                :distanceM, :locationName, :accepted, :reason, :message)
                        ON CONFLICT DO NOTHING""")
                .bind("requestId", c.requestId()).bind("apelId", c.apelId()).bind("employeeId", c.employeeId()).bind("deviceId", c.deviceId())
                .bind("at", c.at().atOffset(java.time.ZoneOffset.UTC)).bind("workDate", c.workDate()).bind("latitude", c.latitude())
                .bind("longitude", c.longitude()).bind("accuracyM", (float) c.accuracyM()).bind("distanceM", c.distanceM().orElse(null))
                .bind("locationName", c.locationName().orElse(null)).bind("accepted", c.accepted()).bind("reason", c.reason().orElse(null))
                .bind("message", c.message()).execute();
        return byRequest(h, c.requestId());
    }

    public Optional<CheckIn> byRequest(Handle h, UUID requestId) {
        return h.createQuery("SELECT * FROM apel_checkin WHERE request_id = :id").bind("id", requestId).map((rs, ctx) -> checkIn(rs)).findOne();
    }

    /** The accepted check-in of an employee for an apel on a date, if there is one. */
    public Optional<CheckIn> accepted(Handle h, long apelId, long employeeId, LocalDate day) {
        return h.createQuery("SELECT * FROM apel_checkin WHERE apel_id = :apel AND employee_id = :employee AND work_date = :day AND accepted")
                .bind("apel", apelId).bind("employee", employeeId).bind("day", day).map((rs, ctx) -> checkIn(rs)).findOne();
    }

    private static CheckIn checkIn(ResultSet rs) throws SQLException {
        return new CheckIn(rs.getObject("request_id", UUID.class), rs.getLong("apel_id"), rs.getLong("employee_id"), rs.getLong("device_id"),
                rs.getObject("at", java.time.OffsetDateTime.class).toInstant(), rs.getObject("work_date", LocalDate.class), rs.getDouble("latitude"),
                rs.getDouble("longitude"), rs.getDouble("accuracy_m"), Optional.ofNullable((Integer) rs.getObject("distance_m")),
                Optional.ofNullable(rs.getString("location_name")), rs.getBoolean("accepted"), Optional.ofNullable(rs.getString("reason")),
                rs.getString("message"));
    }
}
