package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.imports.ImportKind;
import id.presensi.imports.RowFields;
import id.presensi.imports.RowRejected;
import id.presensi.imports.Values;
import id.presensi.rules.RuleResolver;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Punches exported by fingerprint machines: NIP or NIK, WAKTU (local time of the unit), JENIS (IN/OUT, MASUK/PULANG,
 * or blank: the windows decide), MESIN. Each punch gets an id made from employee, time and machine, so
 * importing the same export again stores nothing twice. The work date comes from the rules (a night shift's
 * morning punch belongs to the day before).
 */
public final class PunchImport {
    private final Jdbi jdbi;

    public PunchImport(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ImportResult importFile(RulesImports.Source source) throws IOException {
        return new RowImport(jdbi).run(new RowImport.Request(ImportKind.PUNCH, source.file(), source.sheet(), source.renames(),
                List.of("NIP", "NIK", "WAKTU", "JENIS", "MESIN"), Set.of("WAKTU", "MESIN"), source.dryRun(), source.encoding()),
                (h, row, columns) -> {
            RowFields f = new RowFields(row, columns);
            String key = f.text("NIP").isEmpty() ? f.text("NIK") : f.text("NIP");
            LocalDateTime local = f.required("WAKTU", PunchImport::dateTime);
            String type = f.optional("JENIS", PunchImport::type).orElse(null);
            String machine = f.required("MESIN", s -> s);
            if (key.isEmpty()) {
                f.required("NIP", s -> s);
            }
            f.check();
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
                    .bind("id", requestId).bind("employee", employeeId).bind("machine", machine).bind("type", type)
                    .bind("at", at.withOffsetSameInstant(ZoneOffset.UTC)).bind("workDate", plan.date())
                    .bind("message", "Sidik jari, mesin " + machine).execute();
            MachineStore.punched(h, Map.of(machine, at.toInstant()));
            return inserted == 1 ? Change.INSERTED : Change.UNCHANGED;
        });
    }

    private static LocalDateTime dateTime(String text) {
        String[] parts = text.strip().split("[ T]+");
        try {
            if (parts.length == 2) {
                return Values.date(parts[0]).atTime(LocalTime.parse(parts[1].replace('.', ':')));
            }
        } catch (DateTimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text.strip() + "' is not a date and time (write 2026-09-14 07:12:33 or 14/09/2026 07:12)");
    }

    private static String type(String text) {
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "IN", "MASUK", "I" -> "IN";
            case "OUT", "PULANG", "O" -> "OUT";
            default -> throw new IllegalArgumentException("must be IN or OUT (MASUK or PULANG), or blank, got '" + text.strip() + "'");
        };
    }
}
