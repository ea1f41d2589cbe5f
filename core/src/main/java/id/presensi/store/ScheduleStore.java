package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.imports.RowRejected;
import id.presensi.rules.ScheduleDay;
import id.presensi.rules.ValidityPeriod;
import id.presensi.rules.WorkSchedule;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Office-hour schedules with their validity periods, and the hours of each weekday. */
public final class ScheduleStore {

    private final Jdbi jdbi;

    public ScheduleStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A schedule's identity and period, without its hours. */
    public record Header(String name, Optional<String> unitCode, boolean special, ValidityPeriod validity) {
    }

    /**
     * Creates the schedule or brings its period up to date, then sets the hours of the given weekdays (other
     * weekdays keep theirs). An overlap with another schedule of the same unit and kind is refused by name.
     */
    public Change define(Handle h, Audit audit, Header header, List<ScheduleDay> days) {
        Long unitId = header.unitCode().map(u -> Lookups.unitId(h, "KODE_UNIT", u)).orElse(null);
        Optional<WorkSchedule> before = load(h, header.name());
        refuseOverlap(h, header, unitId);
        Optional<Long> id = h.createQuery("SELECT id FROM work_schedule WHERE name = :name").bind("name", header.name())
                .mapTo(Long.class).findOne();
        long scheduleId = id.orElseGet(() -> h.createQuery("""
                        INSERT INTO work_schedule (unit_id, name, kind, valid_from, valid_to)
                        VALUES (:unitId, :name, :kind, :from, :to) RETURNING id""")
                .bind("unitId", unitId).bind("name", header.name()).bind("kind", header.special() ? "KHUSUS" : "REGULER")
                .bind("from", header.validity().from()).bind("to", header.validity().to().orElse(null))
                .mapTo(Long.class).one());
        h.createUpdate("""
                        UPDATE work_schedule SET unit_id = :unitId, kind = :kind, valid_from = :from, valid_to = :to
                         WHERE id = :id""")
                .bind("unitId", unitId).bind("kind", header.special() ? "KHUSUS" : "REGULER")
                .bind("from", header.validity().from()).bind("to", header.validity().to().orElse(null))
                .bind("id", scheduleId).execute();
        for (ScheduleDay day : days) {
            h.createUpdate("""
                            INSERT INTO schedule_day (schedule_id, weekday, checkin_opens, checkin_closes, work_start,
                                                      late_grace_min, work_end, early_grace_min, checkout_opens, checkout_closes)
                            VALUES (:id, :weekday, :checkinOpens, :checkinCloses, :workStart, :lateGraceMin, :workEnd,
                                    :earlyGraceMin, :checkoutOpens, :checkoutCloses)
                            ON CONFLICT (schedule_id, weekday) DO UPDATE
                               SET checkin_opens = excluded.checkin_opens, checkin_closes = excluded.checkin_closes,
                                   work_start = excluded.work_start, late_grace_min = excluded.late_grace_min,
                                   work_end = excluded.work_end, early_grace_min = excluded.early_grace_min,
                                   checkout_opens = excluded.checkout_opens, checkout_closes = excluded.checkout_closes""")
                    .bind("id", scheduleId).bind("weekday", day.weekday().getValue()).bindMethods(day).execute();
        }
        WorkSchedule after = load(h, header.name()).orElseThrow();
        if (before.equals(Optional.of(after))) {
            return Change.UNCHANGED;
        }
        audit.record(h, "work_schedule", header.name(), before.orElse(null), after);
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    private static void refuseOverlap(Handle h, Header header, Long unitId) {
        h.createQuery("""
                        SELECT name || ' (valid ' || valid_from || ' .. ' || coalesce(valid_to::text, '(open)') || ')'
                          FROM work_schedule
                         WHERE scope = coalesce(:unitId, 0) AND kind = :kind AND name <> :name
                           AND daterange(valid_from, valid_to, '[]') && daterange(:from, :to, '[]')""")
                .bind("unitId", unitId).bind("kind", header.special() ? "KHUSUS" : "REGULER").bind("name", header.name())
                .bind("from", header.validity().from()).bind("to", header.validity().to().orElse(null))
                .mapTo(String.class).findFirst()
                .ifPresent(other -> {
                    throw new RowRejected("BERLAKU_MULAI", "the period " + header.validity() + " overlaps schedule "
                            + other + " of the same " + (unitId == null ? "regency-wide scope" : "unit")
                            + " and kind; end that one first (set its BERLAKU_SAMPAI)");
                });
    }

    /** What removing a schedule would affect, in words, before anything is removed; empty when there is no such schedule. */
    public Optional<String> removalImpact(String name) {
        return jdbi.withHandle(h -> load(h, name).map(s -> {
            long staff = h.createQuery("""
                            SELECT count(*) FROM employee WHERE active AND ended_from IS NULL AND work_pattern = 'REGULAR'
                               AND unit_id IN (SELECT unit_scope(:unit))""")
                    .bind("unit", s.unitCode().orElse(null)).mapTo(Long.class).one();
            return "Schedule '" + s.name() + "' is " + s.unitCode().map(u -> "the " + (s.special() ? "KHUSUS" : "REGULER") + " schedule of unit " + u
                            + " and its sub-units").orElse("the regency-wide " + (s.special() ? "KHUSUS" : "REGULER") + " schedule")
                    + " (" + s.validity() + "): " + String.format("%,d", staff) + " office staff follow it unless a nearer or special schedule"
                    + " applies; without it, days it covers have no office hours (no TK, no attendance expected).";
        }));
    }

    public boolean remove(Handle h, Audit audit, String name) {
        Optional<WorkSchedule> before = load(h, name);
        before.ifPresent(b -> {
            h.createUpdate("DELETE FROM work_schedule WHERE name = :name").bind("name", name).execute();
            audit.record(h, "work_schedule", name, b, null);
        });
        return before.isPresent();
    }

    public List<WorkSchedule> list() {
        return jdbi.withHandle(h -> all(h));
    }

    static List<WorkSchedule> all(Handle h) {
        return h.createQuery("SELECT name FROM work_schedule ORDER BY scope, kind, valid_from").mapTo(String.class).list()
                .stream().map(name -> load(h, name).orElseThrow()).toList();
    }

    static Optional<WorkSchedule> load(Handle h, String name) {
        Optional<Header> header = h.createQuery("""
                        SELECT s.name, u.code AS unit_code, s.kind, s.valid_from, s.valid_to
                          FROM work_schedule s LEFT JOIN unit u ON u.id = s.unit_id WHERE s.name = :name""")
                .bind("name", name)
                .map((rs, ctx) -> new Header(rs.getString("name"), Optional.ofNullable(rs.getString("unit_code")),
                        "KHUSUS".equals(rs.getString("kind")), new ValidityPeriod(rs.getObject("valid_from", LocalDate.class),
                        Optional.ofNullable(rs.getObject("valid_to", LocalDate.class)))))
                .findOne();
        return header.map(hd -> {
            Map<DayOfWeek, ScheduleDay> days = new EnumMap<>(DayOfWeek.class);
            h.createQuery("""
                            SELECT d.* FROM schedule_day d JOIN work_schedule s ON s.id = d.schedule_id
                             WHERE s.name = :name ORDER BY d.weekday""")
                    .bind("name", name)
                    .map((rs, ctx) -> new ScheduleDay(DayOfWeek.of(rs.getInt("weekday")), time(rs, "checkin_opens"),
                            time(rs, "checkin_closes"), time(rs, "work_start"), rs.getInt("late_grace_min"),
                            time(rs, "work_end"), rs.getInt("early_grace_min"), time(rs, "checkout_opens"),
                            time(rs, "checkout_closes")))
                    .forEach(d -> days.put(d.weekday(), d));
            return new WorkSchedule(hd.name(), hd.unitCode(), hd.special(), hd.validity(), days);
        });
    }

    private static LocalTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalTime.class);
    }
}
