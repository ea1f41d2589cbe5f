package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.imports.ImportKind;
import id.presensi.imports.RowFields;
import id.presensi.imports.RowRejected;
import id.presensi.machine.MachinePunch;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is who on the fingerprint machines ({@code machine_pin}): an employee's PIN, the user number they are
 * enrolled under, valid on one machine or, without a serial, on every machine. A punch is filed under an
 * employee only through this table: an unknown PIN is reported, never guessed.
 */
public final class MachinePinStore {
    private final Jdbi jdbi;

    public MachinePinStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Listed(String employeeKey, String name, String unitCode, String pin, Optional<String> serial) {
    }

    /**
     * Enrolls from a file with NIP or NIK, PIN and an optional SERIAL. A row replaces the employee's PIN on that
     * machine (or everywhere); a PIN someone else holds there is refused.
     */
    public ImportResult importFile(RulesImports.Source source, Audit audit) throws IOException {
        return new RowImport(jdbi).run(new RowImport.Request(ImportKind.MACHINE_PIN, source.file(), source.sheet(), source.renames(),
                List.of("NIP", "NIK", "PIN", "SERIAL"), Set.of("PIN"), source.dryRun(), source.encoding()), (h, row, columns) -> {
            RowFields f = new RowFields(row, columns);
            String key = f.text("NIP").isEmpty() ? f.text("NIK") : f.text("NIP");
            String pin = f.required("PIN", MachinePinStore::pin);
            String serial = f.text("SERIAL").strip();
            if (key.isEmpty()) {
                f.required("NIP", s -> s);
            }
            f.check();
            long employeeId = Lookups.employeeId(h, "NIP", key);
            Long machineId = serial.isEmpty() ? null : MachineStore.find(h, serial).map(MachineStore.Machine::id)
                    .orElseThrow(() -> new RowRejected("SERIAL", "no machine " + serial + " is registered in your units; add it with 'presensi machine add'"));
            Optional<String> before = h.createQuery("""
                            SELECT pin FROM machine_pin WHERE employee_id = :employee AND machine_id IS NOT DISTINCT FROM :machine""")
                    .bind("employee", employeeId).bind("machine", machineId).mapTo(String.class).findOne();
            if (before.equals(Optional.of(pin))) {
                return Change.UNCHANGED;
            }
            Optional<String> holder = h.createQuery("""
                            SELECT coalesce(e.nip, e.nik) || ' ' || e.name FROM machine_pin p JOIN employee e ON e.id = p.employee_id
                             WHERE p.pin = :pin AND p.machine_id IS NOT DISTINCT FROM :machine""")
                    .bind("pin", pin).bind("machine", machineId).mapTo(String.class).findOne();
            if (holder.isPresent()) {
                throw new RowRejected("PIN", "PIN " + pin + (serial.isEmpty() ? " (every machine)" : " on machine " + serial)
                        + " already belongs to " + holder.get());
            }
            h.createUpdate("DELETE FROM machine_pin WHERE employee_id = :employee AND machine_id IS NOT DISTINCT FROM :machine")
                    .bind("employee", employeeId).bind("machine", machineId).execute();
            h.createUpdate("INSERT INTO machine_pin (employee_id, pin, machine_id) VALUES (:employee, :pin, :machine)")
                    .bind("employee", employeeId).bind("pin", pin).bind("machine", machineId).execute();
            audit.recordForEmployee(h, employeeId, "machine_pin", key + (serial.isEmpty() ? "" : "@" + serial),
                    before.map(p -> Map.of("pin", p)).orElse(null), Map.of("pin", pin));
            return before.isEmpty() ? Change.INSERTED : Change.UPDATED;
        });
    }

    /**
     * Stores as check-ins the punches machines pushed under PINs nobody had, now that someone has them; returns how
     * many. The employee's rules decide each work date, as for every punch.
     */
    public int fileEnrolledPunches() {
        return jdbi.inTransaction(h -> {
            List<CheckInStore.FromMachine> punches = new ArrayList<>();
            Map<Long, Map<String, Long>> pinsByMachine = new HashMap<>();
            for (UnmatchedPunchStore.Kept kept : UnmatchedPunchStore.claimEnrolled(h)) {
                MachinePunch p = kept.punch();
                long employeeId = pinsByMachine.computeIfAbsent(kept.machineId(), m -> onMachine(h, m, Optional.empty())).get(p.pin());
                LocalDate day = p.time().toLocalDate();
                RulesLoader.Loaded who = RulesLoader.load(h, employeeId, day.minusDays(1), day.plusDays(1));
                punches.add(CheckInStore.FromMachine.filed(kept.serial(), p, p.time().atZone(kept.zone()).toInstant(), employeeId, who.rules()));
            }
            return CheckInStore.insertFromMachines(h, punches).size();
        });
    }

    static String pin(String text) {
        String pin = text.strip();
        if (!MachinePunch.isPin(pin)) {
            throw new IllegalArgumentException("'" + pin + "' is not a machine PIN (1 to 24 letters or digits, as the machine shows it)");
        }
        return pin;
    }

    /** The employees behind these PINs on a machine: its own PINs first, then PINs valid on every machine. */
    public Map<String, Long> employees(long machineId, Collection<String> pins) {
        return jdbi.withHandle(h -> onMachine(h, machineId, Optional.of(pins)));
    }

    /** Every PIN valid on a machine (or only these), each with the employee it names there. */
    static Map<String, Long> onMachine(Handle h, long machineId, Optional<Collection<String>> only) {
        Map<String, Long> found = new HashMap<>();
        h.createQuery("""
                        SELECT pin, employee_id FROM machine_pin
                         WHERE (machine_id = :machine OR machine_id IS NULL) AND (:pins::text[] IS NULL OR pin = ANY(:pins))
                         ORDER BY machine_id NULLS LAST""")
                .bind("machine", machineId).bind("pins", only.map(p -> p.toArray(String[]::new)).orElse(null))
                .map((rs, ctx) -> Map.entry(rs.getString("pin"), rs.getLong("employee_id")))
                .forEach(e -> found.putIfAbsent(e.getKey(), e.getValue()));
        return found;
    }

    public List<Listed> list(Optional<String> unitCode, Optional<String> serial) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS key, e.name, u.code, p.pin, m.serial
                          FROM machine_pin p JOIN employee e ON e.id = p.employee_id JOIN unit u ON u.id = e.unit_id
                               LEFT JOIN machine m ON m.id = p.machine_id
                         WHERE e.unit_id IN (SELECT unit_scope(:unit)) AND (:serial::text IS NULL OR m.serial = :serial)
                         ORDER BY u.code, m.serial NULLS FIRST, p.pin""")
                .bind("unit", unitCode.orElse(null)).bind("serial", serial.orElse(null))
                .map((rs, ctx) -> new Listed(rs.getString("key"), rs.getString("name"), rs.getString("code"), rs.getString("pin"),
                        Optional.ofNullable(rs.getString("serial"))))
                .list());
    }
}
