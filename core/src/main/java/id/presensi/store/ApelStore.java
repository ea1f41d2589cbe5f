package id.presensi.store;

import id.presensi.apel.Apel;
import id.presensi.apel.ApelRecurrence;
import id.presensi.apel.Hari;
import id.presensi.rules.GeoPoint;
import id.presensi.rules.WorkLocation;
import id.presensi.staff.EmployeeType;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
                                        :types, :locations, :fingerprint, :operator, :command)""")
                .bind("name", d.name().strip()).bind("unit", unit.orElse(null))
                .bind("onDate", d.when() instanceof ApelRecurrence.Once o ? o.date() : null)
                .bind("weekday", d.when() instanceof ApelRecurrence.Weekly w ? (Integer) w.day().day().getValue() : null)
                .bind("monthDay", d.when() instanceof ApelRecurrence.Monthly m ? (Integer) m.dayOfMonth() : null)
                .bind("opens", d.opens()).bind("closes", d.closes())
                .bind("types", d.types().stream().map(Enum::name).sorted().toArray(String[]::new))
                .bind("locations", locations.toArray(Long[]::new)).bind("fingerprint", d.fingerprintCounts())
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
            when = new ApelRecurrence.Weekly(Hari.of(DayOfWeek.of(rs.getInt("weekday"))));
        } else {
            when = new ApelRecurrence.Monthly(rs.getInt("month_day"));
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
}
