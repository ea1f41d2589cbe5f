package id.presensi.store;

import id.presensi.machine.MachinePunch;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Punches a registered machine sent that are not filed ({@code machine_held_punch}): held while the address they
 * came from is not trusted (released when an operator confirms it or the allowlist covers it), or set aside for
 * good (staff whose employment had ended, a regency-wide PIN of someone the machine's unit does not serve). At most
 * {@link #KEPT_PER_MACHINE} per machine; the machine was answered OK either way, so it does not resend them.
 */
public final class HeldPunchStore {
    /** Held and set-aside punches kept per machine: weeks of a busy office's backlog; a forger's flood stops here. */
    public static final int KEPT_PER_MACHINE = 5_000;

    private final Jdbi jdbi;

    public HeldPunchStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public enum Reason {
        /** Pushed from an address the machine is not believed from (yet). */
        ADDRESS,
        /** The employee's employment had ended by the punch's work date. */
        ENDED,
        /** A regency-wide PIN of an employee of a unit this machine does not serve. */
        OTHER_UNIT
    }

    /** A punch not filed, why, and the address it came from. */
    public record Held(long machineId, MachinePunch punch, Reason reason, Optional<String> address) implements CheckInStore.MachineRecord {
    }

    /** Keeps punches in the caller's transaction up to the cap; answers which were kept. */
    static Set<UnmatchedPunchStore.Key> keep(Handle h, List<Held> punches) {
        if (punches.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(h.createQuery("""
                        WITH n AS (SELECT u.*, row_number() OVER (PARTITION BY u.machine ORDER BY u.ord) AS nth
                                     FROM unnest(:machine::bigint[], :pin::text[], :time::timestamp[], :status::smallint[],
                                                 :verify::smallint[], :code::text[], :reason::text[], :address::inet[])
                                          WITH ORDINALITY AS u(machine, pin, time, status, verify, code, reason, address, ord)),
                             kept AS (SELECT machine_id, count(*) AS n FROM machine_held_punch
                                       WHERE machine_id = ANY(:machine::bigint[]) GROUP BY machine_id)
                        INSERT INTO machine_held_punch (machine_id, pin, local_time, status, verify_mode, work_code, reason, address)
                        SELECT n.machine, n.pin, n.time, n.status, n.verify, n.code, n.reason, n.address
                          FROM n LEFT JOIN kept ON kept.machine_id = n.machine
                         WHERE n.nth <= :cap - coalesce(kept.n, 0)
                        ON CONFLICT DO NOTHING
                        RETURNING machine_id, pin, local_time""")
                .bind("machine", punches.stream().map(Held::machineId).toArray(Long[]::new))
                .bind("pin", punches.stream().map(u -> u.punch().pin()).toArray(String[]::new))
                .bind("time", punches.stream().map(u -> u.punch().time().toString()).toArray(String[]::new))
                .bind("status", punches.stream().map(u -> u.punch().status().orElse(null)).toArray(Integer[]::new))
                .bind("verify", punches.stream().map(u -> u.punch().verifyMode().orElse(null)).toArray(Integer[]::new))
                .bind("code", punches.stream().map(u -> u.punch().workCode().orElse(null)).toArray(String[]::new))
                .bind("reason", punches.stream().map(u -> u.reason().name()).toArray(String[]::new))
                .bind("address", punches.stream().map(u -> u.address().orElse(null)).toArray(String[]::new))
                .bind("cap", KEPT_PER_MACHINE)
                .map((rs, ctx) -> UnmatchedPunchStore.Key.of(rs)).list());
    }

    /** The addresses punches of a machine are held from, most punches first: what 'machine confirm' offers. */
    public List<String> heldFrom(long machineId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT host(address) FROM machine_held_punch WHERE machine_id = :id AND reason = 'ADDRESS' AND address IS NOT NULL
                         GROUP BY address ORDER BY count(*) DESC, address""")
                .bind("id", machineId).mapTo(String.class).list());
    }
}
