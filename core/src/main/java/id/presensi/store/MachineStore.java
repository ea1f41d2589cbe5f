package id.presensi.store;

import id.presensi.db.Failures;
import id.presensi.machine.Cidr;
import id.presensi.text.Text;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fingerprint machines registered to units ({@code machine}) and the serial numbers that called the service
 * without being registered ({@code machine_sighting}). Row-level security shows an OPD admin their units'
 * machines only. Which addresses a machine is believed from is changed only through the database's functions
 * (migration V19), which check the operator's scope and write the audit row.
 */
public final class MachineStore {
    private final Jdbi jdbi;

    public MachineStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * A registered machine, with the zone of its unit, which its clock keeps, and the addresses it is believed from:
     * its allowlist, or without one the address it first pushed from (or an operator confirmed).
     */
    public record Machine(long id, String serial, String name, long unitId, String unitCode, ZoneId zone, List<Cidr> allowedFrom,
                          Optional<String> trustedAddress) {

        /** Whether punches pushed from this address are filed; a machine with no address yet is not decided here. */
        public boolean trusts(String address) {
            if (!allowedFrom.isEmpty()) {
                return allowedFrom.stream().anyMatch(c -> c.contains(address));
            }
            return trustedAddress.flatMap(Cidr::literal).flatMap(t -> Cidr.literal(address).map(a -> Arrays.equals(a, t))).orElse(false);
        }
    }

    /** A machine as 'machine list' shows it; a serial that called unregistered has no unit and no name. */
    public record Listed(String serial, Optional<String> name, Optional<String> unitCode, Optional<Instant> lastContact,
                         Optional<Instant> lastPunch, Optional<String> lastAddress, long unmatchedPunches, long heldPunches,
                         long setAsidePunches, boolean registered) {
    }

    private static final String MACHINE = """
            SELECT m.id, m.serial, m.name, m.unit_id, u.code, u.time_zone, m.allowed_from::text[] AS allowed_from,
                   host(m.trusted_address) AS trusted_address
              FROM machine m JOIN unit u ON u.id = m.unit_id""";

    private static Machine machine(ResultSet rs) throws SQLException {
        String[] allowed = (String[]) rs.getArray("allowed_from").getArray();
        return new Machine(rs.getLong("id"), rs.getString("serial"), rs.getString("name"), rs.getLong("unit_id"), rs.getString("code"),
                ZoneId.of(rs.getString("time_zone")), Arrays.stream(allowed).map(Cidr::parse).toList(),
                Optional.ofNullable(rs.getString("trusted_address")));
    }

    public Optional<Machine> find(String serial) {
        return jdbi.withHandle(h -> find(h, serial));
    }

    static Optional<Machine> find(Handle h, String serial) {
        return h.createQuery(MACHINE + " WHERE m.serial = :serial").bind("serial", serial).map((rs, ctx) -> machine(rs)).findOne();
    }

    /** Every registered machine by serial: what the service answers from. */
    public Map<String, Machine> all() {
        return jdbi.withHandle(h -> h.createQuery(MACHINE).map((rs, ctx) -> machine(rs)).collectToMap(Machine::serial, m -> m));
    }

    /** A serial that called the service before it was registered: when last, and from where. */
    public record Sighting(Instant lastSeen, String client, long requests) {
    }

    /** What 'machine add' did, and when and from where the serial was seen calling before (whoever that was). */
    public record Added(boolean added, Optional<Sighting> sighting) {
    }

    /**
     * Registers a machine, or renames or moves one the operator can see; refused if another unit's machine has the
     * serial (a sighting gives no claim to it). With addresses, they become its allowlist.
     */
    public Added add(Handle h, Audit audit, String serial, String unitCode, String name, List<Cidr> allowedFrom) {
        boolean added = add(h, audit, serial, unitCode, name);
        if (!allowedFrom.isEmpty()) {
            allow(h, audit, serial, allowedFrom);
        }
        Optional<Sighting> sighting = h.createQuery("SELECT last_seen, client, requests FROM machine_sighting WHERE serial = :serial")
                .bind("serial", serial)
                .map(ConstructorMapper.of(Sighting.class))
                .findOne();
        return new Added(added, sighting);
    }

    private boolean add(Handle h, Audit audit, String serial, String unitCode, String name) {
        long unitId = Lookups.unitId(h, "--unit", unitCode);
        Optional<Machine> before = find(h, serial);
        if (before.isEmpty()) {
            try {
                h.createUpdate("INSERT INTO machine (serial, unit_id, name) VALUES (:serial, :unit, :name)")
                        .bind("serial", serial).bind("unit", unitId).bind("name", name).execute();
            } catch (RuntimeException e) {
                if (!Failures.hasSqlState(e, "23505"::equals)) {
                    throw e;
                }
                // a machine this operator cannot see: another OPD's (row-level security hides which)
                throw new IllegalArgumentException("machine " + serial + " is registered to a unit outside your scope; ask BKPSDM to move it");
            }
        } else {
            h.createUpdate("UPDATE machine SET unit_id = :unit, name = :name WHERE serial = :serial")
                    .bind("serial", serial).bind("unit", unitId).bind("name", name).execute();
        }
        Machine after = find(h, serial).orElseThrow();
        audit.recordForUnit(h, after.unitId(), "machine", serial, before.map(MachineStore::shown).orElse(null), shown(after));
        return before.isEmpty();
    }

    private static Map<String, String> shown(Machine m) {
        return Map.of("serial", m.serial(), "unit", m.unitCode(), "name", m.name());
    }

    /**
     * Replaces a machine's allowlist (empty: back to its first or confirmed address); punches held from addresses it
     * now covers are released to be filed. Answers how many were released.
     */
    public int allow(Handle h, Audit audit, String serial, List<Cidr> allowedFrom) {
        return h.createQuery("SELECT machine_allow(:serial, :cidrs::cidr[], :operator, :command)")
                .bind("serial", serial).bind("cidrs", allowedFrom.stream().map(Cidr::toString).toArray(String[]::new))
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(Integer.class).one();
    }

    /**
     * Confirms an address as the machine's (added to its allowlist if it has one); punches held from it are released.
     * Answers how many.
     */
    public int confirm(Handle h, Audit audit, String serial, String address) {
        return h.createQuery("SELECT machine_confirm(:serial, :address::inet, :operator, :command)")
                .bind("serial", serial).bind("address", address)
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(Integer.class).one();
    }

    /** Removes a machine and its machine-only PINs; its punches stay, under its serial. */
    public boolean remove(Handle h, Audit audit, String serial) {
        Optional<Machine> before = find(h, serial);
        before.ifPresent(m -> {
            h.createUpdate("DELETE FROM machine WHERE id = :id").bind("id", m.id()).execute();
            audit.recordForUnit(h, m.unitId(), "machine", serial, shown(m), null);
        });
        return before.isPresent();
    }

    /** Registered machines the operator sees, then serials that called unregistered (most recent first). */
    public List<Listed> list(Optional<String> unitCode) {
        return jdbi.withHandle(h -> {
            List<Listed> listed = new ArrayList<>(h.createQuery("""
                            SELECT m.serial, m.name, u.code, m.last_contact_at, m.last_punch_at, host(m.last_address) AS last_address,
                                   (SELECT count(*) FROM machine_unmatched_punch p WHERE p.machine_id = m.id) AS unmatched,
                                   (SELECT count(*) FROM machine_held_punch p WHERE p.machine_id = m.id AND p.reason = 'ADDRESS') AS held,
                                   (SELECT count(*) FROM machine_held_punch p WHERE p.machine_id = m.id AND p.reason <> 'ADDRESS') AS set_aside
                              FROM machine m JOIN unit u ON u.id = m.unit_id
                             WHERE m.unit_id IN (SELECT unit_scope(:unit)) ORDER BY u.code, m.name, m.serial""")
                    .bind("unit", unitCode.orElse(null))
                    .map((rs, ctx) -> new Listed(rs.getString("serial"), Optional.of(rs.getString("name")), Optional.of(rs.getString("code")),
                            instant(rs, "last_contact_at"), instant(rs, "last_punch_at"), Optional.ofNullable(rs.getString("last_address")),
                            rs.getLong("unmatched"), rs.getLong("held"), rs.getLong("set_aside"), true))
                    .list());
            if (unitCode.isEmpty()) {
                h.createQuery("SELECT serial, last_seen, client FROM machine_sighting ORDER BY last_seen DESC LIMIT 100")
                        .map((rs, ctx) -> new Listed(rs.getString("serial"), Optional.empty(), Optional.empty(), instant(rs, "last_seen"),
                                Optional.empty(), Optional.of(rs.getString("client")), 0, 0, 0, false))
                        .forEach(listed::add);
            }
            return listed;
        });
    }

    /**
     * Machines' last punch, in the caller's transaction, from punches stored by any path (the ADMS push, a USB
     * download, a CSV of punches): the latest punch time of each, named by serial (or, in a CSV's MESIN, by name).
     * A machine outside the operator's units is not touched (row-level security).
     */
    static void punched(Handle h, Map<String, Instant> latestByMachine) {
        if (latestByMachine.isEmpty()) {
            return;
        }
        List<String> machines = List.copyOf(latestByMachine.keySet());
        h.createUpdate("""
                        UPDATE machine m SET last_punch_at = greatest(m.last_punch_at, p.at)
                          FROM unnest(:machine::text[], :at::timestamptz[]) AS p(machine, at)
                         WHERE m.serial = p.machine OR m.name = p.machine""")
                .bind("machine", machines.toArray(String[]::new))
                .bind("at", machines.stream().map(k -> latestByMachine.get(k).toString()).toArray(String[]::new)).execute();
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /**
     * A registered machine called: its last contact and address; it is no longer a sighting. Its last punch is the
     * punches' own time, written where they are stored ({@link #punched}), not the time they arrived.
     */
    public void contacted(long machineId, String serial, Instant at, Optional<String> address) {
        jdbi.useHandle(h -> {
            h.createUpdate("""
                            UPDATE machine SET last_contact_at = greatest(last_contact_at, :at),
                                               last_address = coalesce(:address::inet, last_address)
                             WHERE id = :id""")
                    .bind("id", machineId).bind("at", at.atOffset(ZoneOffset.UTC)).bind("address", address.orElse(null)).execute();
            h.createUpdate("DELETE FROM machine_sighting WHERE serial = :serial").bind("serial", serial).execute();
        });
    }

    /**
     * The address a machine with no allowlist is believed from: the first it called from, remembered now if it has
     * none yet (several servers may race; the database keeps the first). Also its last address.
     */
    public Optional<String> firstAddress(long machineId, String address) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE machine SET trusted_address = coalesce(trusted_address, :address::inet), last_address = :address::inet
                         WHERE id = :id AND cardinality(allowed_from) = 0
                        RETURNING host(trusted_address)""")
                .bind("id", machineId).bind("address", address).mapTo(String.class).findOne());
    }

    /** At most this many unregistered serials are kept; the least recently seen go first. */
    static final int SIGHTINGS_KEPT = 1_000;

    /** An unregistered serial called: remembered so an operator can add it; the table keeps the most recent only. */
    public void sighted(String serial, String client, Instant at) {
        String shown = Text.cleanOrMarked(serial); // sent by anyone, shown in 'machine list' (the push checks it too)
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO machine_sighting (serial, first_seen, last_seen, client) VALUES (:serial, :at, :at, :client)
                            ON CONFLICT (serial) DO UPDATE SET last_seen = excluded.last_seen, client = excluded.client,
                                                               requests = machine_sighting.requests + 1""")
                    .bind("serial", shown).bind("client", client).bind("at", at.atOffset(ZoneOffset.UTC)).execute();
            h.createUpdate("""
                            DELETE FROM machine_sighting WHERE serial IN (
                                SELECT serial FROM machine_sighting ORDER BY last_seen DESC, serial OFFSET :kept)""")
                    .bind("kept", SIGHTINGS_KEPT).execute();
        });
    }
}
