package id.presensi.store;

import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import id.presensi.imports.Change;
import id.presensi.imports.RowRejected;
import id.presensi.rules.PersonRules;
import id.presensi.rules.RuleResolver;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /** One employee's PIN, on the machine with this serial or (blank) on every machine. */
    public record Enrolment(String employeeKey, String pin, String serial) {
    }

    /**
     * Enrolls one employee (a row of a PIN file): replaces their PIN on that machine (or everywhere); a PIN someone
     * else holds there is refused.
     */
    public Change enroll(Handle h, Audit audit, Enrolment enrolment) {
        String key = enrolment.employeeKey();
        String pin = enrolment.pin();
        String serial = enrolment.serial();
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
    }

    /** What filing the kept punches did: how many were filed, and how many from before their PIN's enrolment wait. */
    public record Filed(int filed, int beforeEnrolment) {
    }

    /**
     * Files as check-ins the punches machines pushed under PINs nobody had, now that someone has them: only for days
     * from the PIN's enrolment on, unless {@code withBacklog} (explicit, and audited as such), since punches pushed
     * under a PIN before anyone held it could have been sent by anyone who knew the serial. The database decides
     * which may be filed and under whom (V19); the employee's rules only pick the work date (a night shift's morning
     * punch goes to the day before), and an employee whose rules this operator cannot read keeps the punch's day.
     */
    public Filed fileEnrolledPunches(Audit audit, boolean withBacklog) {
        List<UnmatchedPunchStore.Fileable> fileable = jdbi.withHandle(h -> UnmatchedPunchStore.fileable(h, withBacklog));
        Map<Long, Optional<PersonRules>> rules = new HashMap<>();
        List<LocalDate> workDates = new ArrayList<>(fileable.size());
        for (UnmatchedPunchStore.Fileable f : fileable) {
            LocalDateTime local = f.punch().time();
            Optional<PersonRules> who = rules.computeIfAbsent(f.employeeId(), id -> rulesAround(id, fileable));
            workDates.add(who.map(r -> RuleResolver.planAt(r, LocalDateTime.ofInstant(local.atZone(f.zone()).toInstant(), r.zone())).date())
                    .orElse(local.toLocalDate()));
        }
        int filed = jdbi.inTransaction(h -> UnmatchedPunchStore.file(h, audit, fileable, workDates, withBacklog));
        int waiting = withBacklog ? 0 : jdbi.withHandle(h -> UnmatchedPunchStore.fileable(h, true).size());
        return new Filed(filed, waiting);
    }

    private Optional<PersonRules> rulesAround(long employeeId, List<UnmatchedPunchStore.Fileable> fileable) {
        LocalDate from = fileable.stream().filter(f -> f.employeeId() == employeeId).map(f -> f.punch().time().toLocalDate())
                .min(LocalDate::compareTo).orElseThrow();
        LocalDate to = fileable.stream().filter(f -> f.employeeId() == employeeId).map(f -> f.punch().time().toLocalDate())
                .max(LocalDate::compareTo).orElseThrow();
        try {
            return Optional.of(new RulesLoader(jdbi).load(employeeId, from.minusDays(1), to.plusDays(1)).rules());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }


    /**
     * Who a PIN names on a machine: the employee, the first day they no longer work (if their employment ends), and
     * whether it is a regency-wide PIN of someone whose unit the machine does not serve (not its unit or a sub-unit
     * of it, nor a unit allowed at its unit's locations with 'location allow').
     */
    public record Holder(long employeeId, Optional<LocalDate> endedFrom, boolean otherUnit) {
    }

    /** The holders of these PINs on a machine: its own PINs first, then PINs valid on every machine. */
    public Map<String, Holder> holders(long machineId, Collection<String> pins) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT ON (p.pin) p.pin, p.employee_id, e.ended_from,
                               p.machine_id IS NULL
                               AND e.unit_id NOT IN (SELECT unit_scope(mu.code))
                               AND NOT EXISTS (SELECT 1 FROM location_access a WHERE a.unit_id = e.unit_id AND a.also_unit_id = m.unit_id)
                               AS other_unit
                          FROM machine m JOIN unit mu ON mu.id = m.unit_id
                               JOIN machine_pin p ON p.machine_id = m.id OR p.machine_id IS NULL
                               JOIN employee e ON e.id = p.employee_id
                         WHERE m.id = :machine AND p.pin = ANY(:pins)
                         ORDER BY p.pin, p.machine_id NULLS LAST""")
                .bind("machine", machineId).bind("pins", pins.toArray(String[]::new))
                .map((rs, ctx) -> Map.entry(rs.getString("pin"), new Holder(rs.getLong("employee_id"),
                        Optional.ofNullable(rs.getObject("ended_from", LocalDate.class)), rs.getBoolean("other_unit"))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
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
                        SELECT coalesce(e.nip, e.nik) AS employee_key, e.name, u.code AS unit_code, p.pin, m.serial
                          FROM machine_pin p JOIN employee e ON e.id = p.employee_id JOIN unit u ON u.id = e.unit_id
                               LEFT JOIN machine m ON m.id = p.machine_id
                         WHERE e.unit_id IN (SELECT unit_scope(:unit)) AND (:serial::text IS NULL OR m.serial = :serial)
                         ORDER BY u.code, m.serial NULLS FIRST, p.pin""")
                .bind("unit", unitCode.orElse(null)).bind("serial", serial.orElse(null))
                .map(ConstructorMapper.of(Listed.class))
                .list());
    }
}
