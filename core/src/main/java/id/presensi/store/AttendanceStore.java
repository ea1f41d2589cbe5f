package id.presensi.store;

import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.StatusCode;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daily attendance records reconciliation makes: written a chunk of employees at a time, listed for
 * operators and counted for the day's report. Row-level security limits every query to the operator's units.
 */
public final class AttendanceStore {

    /** A computed day with what turns it into a row: the unit it is filed under and the zone of its times. */
    public record Computed(long employeeId, long unitId, ZoneId zone, DailyAttendance day) {
    }

    /** A stored record as operators read it, times in the unit's zone. */
    public record Listed(String employeeKey, String name, String unitCode, LocalDate date, List<String> codes,
                         Optional<LocalDateTime> firstIn, Optional<LocalDateTime> lastOut, int lateMin, int earlyMin,
                         List<String> flags, String explanation) {
    }

    /** A record of one day for the daily report: in progress or not, and on a shift or not. */
    public record OfDay(String employeeKey, String name, String unitCode, List<String> codes, Optional<String> shiftCode,
                        String explanation, Optional<InProgress> inProgress) {
    }

    /** Where a day still in progress (BELUM) stands. */
    public enum InProgress {
        NOT_STARTED("Belum mulai (shift nanti)"), NO_CHECK_IN("Belum presensi"), CHECKED_IN("Sudah masuk, belum pulang");

        private final String label;

        InProgress(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Jdbi jdbi;

    public AttendanceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Replaces the employees' records of the days with the computed ones, in the caller's transaction when
     * the Jdbi joins one (a batch chunk). A record written meanwhile by another run is updated, not duplicated.
     */
    public void replace(Collection<Long> employeeIds, LocalDate from, LocalDate to, List<Computed> days) {
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM attendance WHERE employee_id = ANY(:ids) AND work_date BETWEEN :from AND :to")
                    .bind("ids", employeeIds.toArray(Long[]::new)).bind("from", from).bind("to", to).execute();
            h.createUpdate("""
                            INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off,
                                                    first_in, last_out, late_min, early_min, codes, flags, explanation)
                            SELECT employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off, first_in,
                                   last_out, late_min, early_min, string_to_array(codes, ','), coalesce(string_to_array(nullif(flags, ''), ','), '{}'), explanation
                              FROM unnest(:employee::bigint[], :date::date[], :unit::bigint[], :start::timestamptz[], :end::timestamptz[],
                                          :shift::text[], :dayOff::text[], :in::timestamptz[], :out::timestamptz[], :late::int[],
                                          :early::int[], :codes::text[], :flags::text[], :explanation::text[])
                                   AS r(employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off, first_in,
                                        last_out, late_min, early_min, codes, flags, explanation)
                            ON CONFLICT (employee_id, work_date) DO UPDATE SET
                                unit_id = excluded.unit_id, expected_start = excluded.expected_start, expected_end = excluded.expected_end,
                                shift_code = excluded.shift_code, day_off = excluded.day_off, first_in = excluded.first_in,
                                last_out = excluded.last_out, late_min = excluded.late_min, early_min = excluded.early_min,
                                codes = excluded.codes, flags = excluded.flags, explanation = excluded.explanation,
                                computed_at = excluded.computed_at""")
                    .bind("employee", days.stream().map(Computed::employeeId).toArray(Long[]::new))
                    .bind("date", days.stream().map(r -> r.day().workDate().toString()).toArray(String[]::new))
                    .bind("unit", days.stream().map(Computed::unitId).toArray(Long[]::new))
                    .bind("start", days.stream().map(r -> instant(r.day().expectedStart(), r.zone())).toArray(String[]::new))
                    .bind("end", days.stream().map(r -> instant(r.day().expectedEnd(), r.zone())).toArray(String[]::new))
                    .bind("shift", days.stream().map(r -> r.day().shiftCode().orElse(null)).toArray(String[]::new))
                    .bind("dayOff", days.stream().map(r -> r.day().dayOff().map(Enum::name).orElse(null)).toArray(String[]::new))
                    .bind("in", days.stream().map(r -> instant(r.day().firstIn(), r.zone())).toArray(String[]::new))
                    .bind("out", days.stream().map(r -> instant(r.day().lastOut(), r.zone())).toArray(String[]::new))
                    .bind("late", days.stream().map(r -> (int) r.day().lateMin()).toArray(Integer[]::new))
                    .bind("early", days.stream().map(r -> (int) r.day().earlyMin()).toArray(Integer[]::new))
                    .bind("codes", days.stream().map(r -> String.join(",", r.day().codes())).toArray(String[]::new))
                    .bind("flags", days.stream().map(r -> String.join(",", r.day().flags().stream().map(Enum::name).sorted().toList())).toArray(String[]::new))
                    .bind("explanation", days.stream().map(r -> r.day().explanation()).toArray(String[]::new))
                    .execute();
        });
    }

    /** Drops the records of days on or after an employee's employment ended; returns how many went. */
    public int dropAfterEmploymentEnded(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM attendance a USING employee e
                         WHERE a.employee_id = e.id AND a.work_date >= e.ended_from AND a.work_date BETWEEN :from AND :to
                           AND e.unit_id IN (SELECT unit_scope(:unit))""")
                .bind("from", from).bind("to", to).bind("unit", unitCode.orElse(null)).execute());
    }

    /** How many records the days have, and how many of each code, in the codes' own order. */
    public record Counts(long records, Map<StatusCode, Long> byCode) {
    }

    public Counts counts(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return jdbi.withHandle(h -> {
            Map<String, Long> stored = new HashMap<>();
            h.createQuery("""
                            SELECT code, count(*) AS n FROM attendance, unnest(codes) AS code
                             WHERE work_date BETWEEN :from AND :to AND unit_id IN (SELECT unit_scope(:unit)) GROUP BY code""")
                    .bind("unit", unitCode.orElse(null)).bind("from", from).bind("to", to)
                    .map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getLong("n"))).forEach(e -> stored.put(e.getKey(), e.getValue()));
            long records = h.createQuery("""
                            SELECT count(*) FROM attendance WHERE work_date BETWEEN :from AND :to AND unit_id IN (SELECT unit_scope(:unit))""")
                    .bind("unit", unitCode.orElse(null)).bind("from", from).bind("to", to).mapTo(Long.class).one();
            Map<StatusCode, Long> byCode = new LinkedHashMap<>();
            Arrays.stream(StatusCode.values()).filter(c -> stored.containsKey(c.name())).forEach(c -> byCode.put(c, stored.get(c.name())));
            return new Counts(records, byCode);
        });
    }

    /** Records of a date range, a unit (and sub-units) or an employee; by unit, name, key and date, so equal names keep one order. */
    public List<Listed> list(LocalDate from, LocalDate to, Optional<String> unitCode, Optional<String> employeeKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee, e.name, u.code AS unit, u.time_zone, a.work_date, a.codes,
                               a.first_in, a.last_out, a.late_min, a.early_min, a.flags, a.explanation
                          FROM attendance a JOIN employee e ON e.id = a.employee_id JOIN unit u ON u.id = a.unit_id
                         WHERE a.work_date BETWEEN :from AND :to AND a.unit_id IN (SELECT unit_scope(:unit))
                           AND (:employee IS NULL OR e.nip = :employee OR e.nik = :employee)
                         ORDER BY u.code, e.name, coalesce(e.nip, e.nik), a.work_date""")
                .bind("unit", unitCode.orElse(null)).bind("from", from).bind("to", to).bind("employee", employeeKey.orElse(null))
                .map((rs, ctx) -> {
                    ZoneId zone = ZoneId.of(rs.getString("time_zone"));
                    return new Listed(rs.getString("employee"), rs.getString("name"), rs.getString("unit"),
                            rs.getObject("work_date", LocalDate.class), texts(rs, "codes"), local(rs, "first_in", zone),
                            local(rs, "last_out", zone), rs.getInt("late_min"), rs.getInt("early_min"), texts(rs, "flags"),
                            rs.getString("explanation"));
                }).list());
    }

    /** Everyone's record of one day, by unit, name and key. */
    public List<OfDay> ofDay(LocalDate day, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS key, e.name, u.code AS unit, a.codes, a.shift_code, a.explanation,
                               CASE WHEN NOT 'BELUM' = ANY(a.codes) THEN NULL
                                    WHEN a.expected_start > now() THEN 'NOT_STARTED'
                                    WHEN a.first_in IS NULL THEN 'NO_CHECK_IN'
                                    ELSE 'CHECKED_IN' END AS in_progress
                          FROM attendance a JOIN employee e ON e.id = a.employee_id JOIN unit u ON u.id = a.unit_id
                         WHERE a.work_date = :day AND a.unit_id IN (SELECT unit_scope(:unit)) ORDER BY u.code, e.name, key""")
                .bind("day", day).bind("unit", unitCode.orElse(null))
                .map((rs, ctx) -> new OfDay(rs.getString("key"), rs.getString("name"), rs.getString("unit"), texts(rs, "codes"),
                        Optional.ofNullable(rs.getString("shift_code")), rs.getString("explanation"),
                        Optional.ofNullable(rs.getString("in_progress")).map(InProgress::valueOf)))
                .list());
    }

    private static List<String> texts(ResultSet rs, String column) throws SQLException {
        return List.of((String[]) rs.getArray(column).getArray());
    }

    private static Optional<LocalDateTime> local(ResultSet rs, String column, ZoneId zone) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(t -> t.atZoneSameInstant(zone).toLocalDateTime());
    }

    /**
     * Dates and instants go to PostgreSQL as ISO text in text[] and are cast there: Jdbi's own array binding of
     * java.time values formats each element with String.format, which was most of reconcile's time in Java.
     */
    private static String instant(Optional<LocalDateTime> local, ZoneId zone) {
        return local.map(t -> t.atZone(zone).toOffsetDateTime().toString()).orElse(null);
    }
}
