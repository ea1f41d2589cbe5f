package id.presensi.store;

import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.StatusCode;
import id.presensi.unit.LocalInstants;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

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
        NOT_STARTED("Belum mulai (shift nanti)"), NO_CHECK_IN("Belum presensi"), CHECKED_IN("Sudah masuk, belum pulang"),
        /** Checked out while the check-out window is still open: a later check-out would replace it, so the day stays BELUM. */
        CHECKED_OUT("Sudah pulang");

        private final String label;

        InProgress(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Jdbi jdbi;
    private final LocalInstants instants = new LocalInstants();
    private volatile Boolean writesDirectly;

    public AttendanceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Replaces the employees' records of the days with the computed ones, in the caller's transaction when
     * the Jdbi joins one (a batch chunk). A record written meanwhile by another run is updated, not duplicated.
     * BKPSDM and the owner write the table directly; an OPD admin, who may not (V20), writes through
     * {@code attendance_write}, which holds them to their units and the late-data window and audits each call.
     */
    public void replace(Collection<Long> employeeIds, LocalDate from, LocalDate to, List<Computed> days) {
        jdbi.useHandle(h -> {
            // No wait for the disk at each chunk's commit: a chunk lost to a crash is lost with its restart point
            // (same transaction), so the run redoes it; and the job's own synchronous COMPLETED commit comes after
            // every chunk in the WAL, so a run reported complete is on disk whole.
            h.execute("SET LOCAL synchronous_commit = off");
            Object ids = PgArrays.binary(employeeIds.stream().mapToLong(Long::longValue).toArray());
            if (!writesDirectly(h)) {
                var write = h.createQuery("""
                        SELECT attendance_write(:ids::bigint[], :from, :to, :employee::bigint[], :day::int[], :unit::bigint[], :start::bigint[],
                                                :end::bigint[], :shift::text[], :dayOff::text[], :in::bigint[], :out::bigint[], :late::int[],
                                                :early::int[], :codes::text[], :flags::text[], :explanation::text[])""")
                        .bind("ids", ids).bind("from", from).bind("to", to);
                columns(days).forEach((name, values) -> write.bind(name, PgArrays.binary(values)));
                write.mapTo(Integer.class).one();
                return;
            }
            h.createUpdate("DELETE FROM attendance WHERE employee_id = ANY(:ids) AND work_date BETWEEN :from AND :to")
                    .bind("ids", ids).bind("from", from).bind("to", to).execute();
            Update insert = h.createUpdate("""
                            INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off,
                                                    first_in, last_out, late_min, early_min, codes, flags, explanation)
                            SELECT employee_id, date '1970-01-01' + work_day, unit_id, %1$s(expected_start), %1$s(expected_end), shift_code, day_off,
                                   %1$s(first_in), %1$s(last_out), late_min, early_min, string_to_array(codes, ','),
                                   coalesce(string_to_array(nullif(flags, ''), ','), '{}'), explanation
                              FROM unnest(:employee::bigint[], :day::int[], :unit::bigint[], :start::bigint[], :end::bigint[],
                                          :shift::text[], :dayOff::text[], :in::bigint[], :out::bigint[], :late::int[],
                                          :early::int[], :codes::text[], :flags::text[], :explanation::text[])
                                   AS r(employee_id, work_day, unit_id, expected_start, expected_end, shift_code, day_off, first_in,
                                        last_out, late_min, early_min, codes, flags, explanation)
                            ON CONFLICT (employee_id, work_date) DO UPDATE SET
                                unit_id = excluded.unit_id, expected_start = excluded.expected_start, expected_end = excluded.expected_end,
                                shift_code = excluded.shift_code, day_off = excluded.day_off, first_in = excluded.first_in,
                                last_out = excluded.last_out, late_min = excluded.late_min, early_min = excluded.early_min,
                                codes = excluded.codes, flags = excluded.flags, explanation = excluded.explanation,
                                computed_at = excluded.computed_at""".replace("%1$s(", "timestamptz 'epoch' + interval '1 microsecond' * ("));
            columns(days).forEach((name, values) -> insert.bind(name, PgArrays.binary(values)));
            insert.execute();
        });
    }

    /** Whether the session may write records itself (BKPSDM, the owner) rather than through the function; asked once. */
    private boolean writesDirectly(Handle h) {
        Boolean known = writesDirectly;
        if (known == null) {
            known = h.createQuery("SELECT has_table_privilege('attendance', 'INSERT')").mapTo(Boolean.class).one();
            writesDirectly = known;
        }
        return known;
    }

    /** The first and last day an OPD admin may reconcile (the nightly run's late-data window); empty for BKPSDM and the owner. */
    public record Window(LocalDate first, LocalDate last) {
    }

    public Optional<Window> lateDataWindow() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT lower(w) AS first, upper(w) - 1 AS last FROM attendance_late_data_window() w WHERE w IS NOT NULL""")
                .map((rs, ctx) -> new Window(rs.getObject("first", LocalDate.class), rs.getObject("last", LocalDate.class))).findOne());
    }

    /**
     * A chunk's records as one array per column, in one pass, each sent in binary. Dates go as days and times as
     * microseconds since the epoch: formatting and parsing them as text was most of what storing a reconciliation cost.
     */
    private Map<String, Object> columns(List<Computed> days) {
        int n = days.size();
        long[] employee = new long[n];
        int[] day = new int[n];
        long[] unit = new long[n];
        Long[] start = new Long[n];
        Long[] end = new Long[n];
        String[] shift = new String[n];
        String[] dayOff = new String[n];
        Long[] in = new Long[n];
        Long[] out = new Long[n];
        int[] late = new int[n];
        int[] early = new int[n];
        String[] codes = new String[n];
        String[] flags = new String[n];
        String[] explanation = new String[n];
        for (int i = 0; i < n; i++) {
            Computed r = days.get(i);
            DailyAttendance d = r.day();
            employee[i] = r.employeeId();
            day[i] = (int) d.workDate().toEpochDay();
            unit[i] = r.unitId();
            start[i] = micros(d.expectedStart(), r.zone());
            end[i] = micros(d.expectedEnd(), r.zone());
            shift[i] = d.shiftCode().orElse(null);
            dayOff[i] = d.dayOff().map(Enum::name).orElse(null);
            in[i] = micros(d.firstIn(), r.zone());
            out[i] = micros(d.lastOut(), r.zone());
            late[i] = (int) d.lateMin();
            early[i] = (int) d.earlyMin();
            codes[i] = String.join(",", d.codes());
            flags[i] = d.flags().isEmpty() ? "" : String.join(",", d.flags().stream().map(Enum::name).sorted().toList());
            explanation[i] = d.explanation();
        }
        Map<String, Object> columns = new HashMap<>();
        columns.put("employee", employee);
        columns.put("day", day);
        columns.put("unit", unit);
        columns.put("start", start);
        columns.put("end", end);
        columns.put("shift", shift);
        columns.put("dayOff", dayOff);
        columns.put("in", in);
        columns.put("out", out);
        columns.put("late", late);
        columns.put("early", early);
        columns.put("codes", codes);
        columns.put("flags", flags);
        columns.put("explanation", explanation);
        return columns;
    }

    private Long micros(Optional<LocalDateTime> local, ZoneId zone) {
        return local.map(t -> instants.epochMicros(t, zone)).orElse(null);
    }

    /** Drops the records of days on or after an employee's employment ended (an OPD admin's: of their units, audited); returns how many went. */
    public int dropAfterEmploymentEnded(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("SELECT attendance_drop_after_employment_ended(:from, :to, :unit)")
                .bind("from", from).bind("to", to).bind("unit", unitCode.orElse(null)).mapTo(Integer.class).one());
    }

    /** How many records the days have, and how many of each code, in the codes' own order. */
    public record Counts(long records, Map<StatusCode, Long> byCode) {
    }

    public Counts counts(LocalDate from, LocalDate to, Optional<String> unitCode) {
        Map<String, Long> stored = new HashMap<>();
        long[] records = {0};
        // one pass over the records, grouped by their few distinct code lists, then tallied per code here
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT codes, count(*) AS n FROM attendance
                         WHERE work_date BETWEEN :from AND :to AND unit_id IN (SELECT unit_scope(:unit)) GROUP BY codes""")
                .bind("unit", unitCode.orElse(null)).bind("from", from).bind("to", to)
                .map((rs, ctx) -> Map.entry((String[]) rs.getArray("codes").getArray(), rs.getLong("n")))
                .forEach(e -> {
                    records[0] += e.getValue();
                    Arrays.stream(e.getKey()).forEach(code -> stored.merge(code, e.getValue(), Long::sum));
                }));
        Map<StatusCode, Long> byCode = new LinkedHashMap<>();
        Arrays.stream(StatusCode.values()).filter(c -> stored.containsKey(c.name())).forEach(c -> byCode.put(c, stored.get(c.name())));
        return new Counts(records[0], byCode);
    }

    /** Records of a date range, a unit (and sub-units) or an employee; by unit, name, key and date, so equal names keep one order. */
    public List<Listed> list(LocalDate from, LocalDate to, Optional<String> unitCode, Optional<String> employeeKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee, e.name, u.code AS unit, u.time_zone, a.work_date, a.codes,
                               a.first_in, a.last_out, a.late_min, a.early_min, a.flags, a.explanation
                          FROM attendance a JOIN employee_directory e ON e.id = a.employee_id JOIN unit u ON u.id = a.unit_id
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
                                    WHEN a.last_out IS NOT NULL THEN 'CHECKED_OUT'
                                    WHEN a.first_in IS NULL THEN 'NO_CHECK_IN'
                                    ELSE 'CHECKED_IN' END AS in_progress
                          FROM attendance a JOIN employee_directory e ON e.id = a.employee_id JOIN unit u ON u.id = a.unit_id
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
}
