package id.presensi.store;

import id.presensi.checkin.PunchType;
import id.presensi.imports.Change;
import id.presensi.imports.RowRejected;
import id.presensi.rules.RuleResolver;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Files the punches of a fingerprint machine's export as check-ins. Each punch gets an id made from employee, time
 * and machine, so importing the same export again stores nothing twice. The work date comes from the rules (a night
 * shift's morning punch belongs to the day before).
 */
public final class PunchImport {

    /** One exported punch: the employee's NIP or NIK, the unit's local time, IN/OUT when the machine says, the machine. */
    public record Punch(String employeeKey, LocalDateTime local, Optional<PunchType> type, String machine) {
    }

    public Change file(Handle h, Punch punch) {
        String key = punch.employeeKey();
        LocalDateTime local = punch.local();
        String machine = punch.machine();
        long employeeId = Lookups.employeeId(h, "NIP", key);
        RulesLoader.Loaded who = RulesLoader.load(h, employeeId, local.toLocalDate().minusDays(1), local.toLocalDate().plusDays(1));
        var plan = RuleResolver.planAt(who.rules(), local);
        if (who.rules().endedFrom().filter(end -> !plan.date().isBefore(end)).isPresent()) {
            // as the push does: a punch after the employment ended is set aside, never filed as attendance
            throw new RowRejected("WAKTU", "the employment of " + key + " ended from " + who.rules().endedFrom().get()
                    + ": a punch after it is set aside, not filed");
        }
        var at = local.atZone(who.rules().zone()).toOffsetDateTime();
        UUID requestId = UUID.nameUUIDFromBytes((employeeId + "|" + at.toInstant() + "|" + machine).getBytes(StandardCharsets.UTF_8));
        int inserted = h.createUpdate("""
                        INSERT INTO checkin (request_id, employee_id, machine_id, type, at, received_at, work_date, accepted,
                                             message, source)
                        VALUES (:id, :employee, :machine, :type, :at, now(), :workDate, true, :message, 'FINGERPRINT')
                        ON CONFLICT (request_id) DO NOTHING""")
                .bind("id", requestId).bind("employee", employeeId).bind("machine", machine)
                .bind("type", punch.type().map(PunchType::name).orElse(null))
                .bind("at", at.withOffsetSameInstant(ZoneOffset.UTC)).bind("workDate", plan.date())
                .bind("message", "Sidik jari, mesin " + machine).execute();
        MachineStore.punched(h, Map.of(machine, at.toInstant()));
        return inserted == 1 ? Change.INSERTED : Change.UNCHANGED;
    }
}
