package id.presensi.store;

import id.presensi.machine.MachinePunch;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Punches a registered machine pushed under a PIN no employee has ({@code machine_unmatched_punch}). The machine
 * was answered OK, so they are kept here until the PIN is enrolled, then filed by the database's own function
 * (migration V19: only for days from the enrolment on, unless the backlog is asked for). At most
 * {@link #KEPT_PER_MACHINE} are kept per machine, so pushes of made-up PINs fill nothing.
 */
public final class UnmatchedPunchStore {
    /** Unmatched punches kept per machine: a machine's users not enrolled yet for weeks, not a forger's megabytes. */
    public static final int KEPT_PER_MACHINE = 5_000;

    private UnmatchedPunchStore() {
    }

    /** A machine's punch by what identifies it: the machine, the PIN and the machine's time. */
    public record Key(long machineId, String pin, LocalDateTime time) {
        static Key of(ResultSet rs) throws SQLException {
            return new Key(rs.getLong("machine_id"), rs.getString("pin"), rs.getObject("local_time", LocalDateTime.class));
        }

        public static Key of(long machineId, MachinePunch p) {
            return new Key(machineId, p.pin(), p.time());
        }
    }

    /** A pushed punch whose PIN names nobody on its machine. */
    public record Unmatched(long machineId, MachinePunch punch) implements CheckInStore.MachineRecord {
    }

    /** Keeps punches in the caller's transaction up to the cap; the same punch pushed again is kept once. Answers which were kept. */
    static Set<Key> keep(Handle h, List<Unmatched> punches) {
        if (punches.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(h.createQuery("""
                        WITH n AS (SELECT u.*, row_number() OVER (PARTITION BY u.machine ORDER BY u.ord) AS nth
                                     FROM unnest(:machine::bigint[], :pin::text[], :time::timestamp[], :status::smallint[],
                                                 :verify::smallint[], :code::text[]) WITH ORDINALITY AS u(machine, pin, time, status, verify, code, ord)),
                             kept AS (SELECT machine_id, count(*) AS n FROM machine_unmatched_punch
                                       WHERE machine_id = ANY(:machine::bigint[]) GROUP BY machine_id)
                        INSERT INTO machine_unmatched_punch (machine_id, pin, local_time, status, verify_mode, work_code)
                        SELECT n.machine, n.pin, n.time, n.status, n.verify, n.code
                          FROM n LEFT JOIN kept ON kept.machine_id = n.machine
                         WHERE n.nth <= :cap - coalesce(kept.n, 0)
                        ON CONFLICT DO NOTHING
                        RETURNING machine_id, pin, local_time""")
                .bind("machine", punches.stream().map(Unmatched::machineId).toArray(Long[]::new))
                .bind("pin", punches.stream().map(u -> u.punch().pin()).toArray(String[]::new))
                .bind("time", punches.stream().map(u -> u.punch().time().toString()).toArray(String[]::new))
                .bind("status", punches.stream().map(u -> u.punch().status().orElse(null)).toArray(Integer[]::new))
                .bind("verify", punches.stream().map(u -> u.punch().verifyMode().orElse(null)).toArray(Integer[]::new))
                .bind("code", punches.stream().map(u -> u.punch().workCode().orElse(null)).toArray(String[]::new))
                .bind("cap", KEPT_PER_MACHINE)
                .map((rs, ctx) -> Key.of(rs)).list());
    }

    /** A kept punch that may now be filed, with the machine it came from, its clock's zone, and whom it is filed under. */
    record Fileable(long machineId, String serial, ZoneId zone, MachinePunch punch, long employeeId) {
    }

    /** The kept punches of the operator's machines whose PIN now names someone they may be filed under (V19). */
    static List<Fileable> fileable(Handle h, boolean withBacklog) {
        return h.createQuery("SELECT * FROM machine_fileable_punches(:backlog) ORDER BY machine_id, local_time, pin")
                .bind("backlog", withBacklog)
                .map((rs, ctx) -> new Fileable(rs.getLong("machine_id"), rs.getString("serial"), ZoneId.of(rs.getString("time_zone")),
                        new MachinePunch(rs.getString("pin"), rs.getObject("local_time", LocalDateTime.class),
                                Optional.ofNullable((Integer) rs.getObject("status")),
                                Optional.ofNullable((Integer) rs.getObject("verify_mode")),
                                Optional.ofNullable(rs.getString("work_code"))),
                        rs.getLong("employee_id")))
                .list();
    }

    /**
     * Files these kept punches in the caller's transaction through the database's function, which files only what
     * {@link #fileable} allows and writes the audit row; the work date asked for is its day or the day before.
     */
    static int file(Handle h, Audit audit, List<Fileable> punches, List<LocalDate> workDates, boolean withBacklog) {
        if (punches.isEmpty()) {
            return 0;
        }
        return h.createQuery("SELECT machine_file_unmatched(:machine::bigint[], :pin::text[], :time::timestamp[], :day::date[], "
                        + ":backlog, :operator, :command)")
                .bind("machine", punches.stream().map(Fileable::machineId).toArray(Long[]::new))
                .bind("pin", punches.stream().map(f -> f.punch().pin()).toArray(String[]::new))
                .bind("time", punches.stream().map(f -> f.punch().time().toString()).toArray(String[]::new))
                .bind("day", workDates.stream().map(LocalDate::toString).toArray(String[]::new))
                .bind("backlog", withBacklog).bind("operator", audit.operator()).bind("command", audit.command())
                .mapTo(Integer.class).one();
    }
}
