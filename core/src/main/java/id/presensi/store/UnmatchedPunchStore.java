package id.presensi.store;

import id.presensi.machine.MachinePunch;
import org.jdbi.v3.core.Handle;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Punches a registered machine pushed under a PIN no employee has ({@code machine_unmatched_punch}). The machine
 * was answered OK, so they are kept here until the PIN is enrolled, then stored as check-ins.
 */
public final class UnmatchedPunchStore {
    private UnmatchedPunchStore() {
    }

    /** A pushed punch whose PIN names nobody on its machine. */
    public record Unmatched(long machineId, MachinePunch punch) implements CheckInStore.MachineRecord {
    }

    /** Keeps punches in the caller's transaction; the same punch pushed again is kept once. */
    static void keep(Handle h, List<Unmatched> punches) {
        if (punches.isEmpty()) {
            return;
        }
        h.createUpdate("""
                        INSERT INTO machine_unmatched_punch (machine_id, pin, local_time, status, verify_mode, work_code)
                        SELECT * FROM unnest(:machine::bigint[], :pin::text[], :time::timestamp[], :status::smallint[],
                                             :verify::smallint[], :code::text[])
                        ON CONFLICT DO NOTHING""")
                .bind("machine", punches.stream().map(Unmatched::machineId).toArray(Long[]::new))
                .bind("pin", punches.stream().map(u -> u.punch().pin()).toArray(String[]::new))
                .bind("time", punches.stream().map(u -> u.punch().time().toString()).toArray(String[]::new))
                .bind("status", punches.stream().map(u -> u.punch().status().orElse(null)).toArray(Integer[]::new))
                .bind("verify", punches.stream().map(u -> u.punch().verifyMode().orElse(null)).toArray(Integer[]::new))
                .bind("code", punches.stream().map(u -> u.punch().workCode().orElse(null)).toArray(String[]::new))
                .execute();
    }

    /** A kept punch, with the machine it came from and the zone its clock keeps. */
    record Kept(long machineId, String serial, ZoneId zone, MachinePunch punch) {
    }

    /** Takes the kept punches whose PIN now names someone (the caller stores them as check-ins in the same transaction). */
    static List<Kept> claimEnrolled(Handle h) {
        return h.createQuery("""
                        DELETE FROM machine_unmatched_punch u USING machine m JOIN unit mu ON mu.id = m.unit_id
                         WHERE m.id = u.machine_id
                           AND EXISTS (SELECT 1 FROM machine_pin p WHERE p.pin = u.pin AND (p.machine_id = u.machine_id OR p.machine_id IS NULL))
                        RETURNING u.machine_id, m.serial, mu.time_zone, u.pin, u.local_time, u.status, u.verify_mode, u.work_code""")
                .map((rs, ctx) -> new Kept(rs.getLong("machine_id"), rs.getString("serial"), ZoneId.of(rs.getString("time_zone")), new MachinePunch(rs.getString("pin"),
                        rs.getObject("local_time", LocalDateTime.class), Optional.ofNullable((Integer) rs.getObject("status")),
                        Optional.ofNullable((Integer) rs.getObject("verify_mode")), Optional.ofNullable(rs.getString("work_code")))))
                .list();
    }
}
