package id.presensi.store;

import id.presensi.apel.Apel;
import id.presensi.apel.ApelRecurrence;
import id.presensi.apel.Hari;
import id.presensi.staff.EmployeeType;
import org.jdbi.v3.core.Handle;

import java.sql.Array;
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

    /** An apel as listings show it. */
    public record Listed(Apel apel, Optional<String> unitCode, List<String> locationNames) {
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

    /** Every apel the operator sees, with its unit and places. */
    public List<Listed> list(Handle h) {
        return h.createQuery("""
                        SELECT a.*, u.code AS unit_code,
                               coalesce(array_agg(l.id ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS location_ids,
                               coalesce(array_agg(lu.code || ':' || l.name ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS location_names
                          FROM apel a LEFT JOIN unit u ON u.id = a.unit_id
                          LEFT JOIN apel_location al ON al.apel_id = a.id LEFT JOIN work_location l ON l.id = al.location_id
                          LEFT JOIN unit lu ON lu.id = l.unit_id
                         GROUP BY a.id, u.code ORDER BY a.unit_id NULLS FIRST, a.name""")
                .map((rs, ctx) -> new Listed(apel(rs), Optional.ofNullable(rs.getString("unit_code")),
                        Arrays.asList((String[]) rs.getArray("location_names").getArray())))
                .list();
    }

    public List<Apel> all(Handle h) {
        return list(h).stream().map(Listed::apel).toList();
    }

    private static Apel apel(ResultSet rs) throws SQLException {
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
        Array locations = rs.getArray("location_ids");
        return new Apel(rs.getLong("id"), rs.getString("name"), when, rs.getObject("opens", LocalTime.class),
                rs.getObject("closes", LocalTime.class), Optional.ofNullable((Long) rs.getObject("unit_id")), types,
                Arrays.asList((Long[]) locations.getArray()), rs.getBoolean("fingerprint_counts"));
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

    /** The units the session's operator changes; empty for one who changes all. */
    public Set<Long> operatorUnits(Handle h) {
        return Set.copyOf(h.createQuery("SELECT operator_units()").mapTo(Long.class).list());
    }

    public long unitId(Handle h, String code) {
        try {
            return Lookups.unitId(h, "--unit", code);
        } catch (id.presensi.imports.RowRejected e) {
            throw new IllegalArgumentException("--unit: " + e.errors().get(0).reason());
        }
    }
}
