package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.imports.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "checkin", mixinStandardHelpOptions = true,
        description = "Check-in attempts as received, accepted or refused with the reason: what an OPD admin looks at when staff say it failed.",
        subcommands = CheckInCommand.List.class)
class CheckInCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the attempts of a day (by their official time, in the unit's zone).")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") String date;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit and its sub-units.") String unit;
        @Option(names = "--employee", paramLabel = "NIP|NIK") String employee;
        @Option(names = "--refused", description = "Only refused attempts.") boolean refused;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                java.util.List<Map<String, Object>> rows = database.jdbi().withHandle(h -> h.createQuery("""
                                SELECT coalesce(e.nip, e.nik) AS employee, e.name, u.code AS unit, u.time_zone, c.at, c.type,
                                       c.accepted, c.reason, c.message, c.distance_m, c.accuracy_m, c.offline_synced, c.source
                                  FROM checkin c JOIN employee e ON e.id = c.employee_id JOIN unit u ON u.id = e.unit_id
                                 WHERE (c.at AT TIME ZONE u.time_zone)::date = :date AND e.unit_id IN (SELECT unit_scope(:unit))
                                   AND (:employee IS NULL OR e.nip = :employee OR e.nik = :employee) AND (NOT :refused OR NOT c.accepted)
                                 ORDER BY c.at""")
                        .bind("date", Values.date(date)).bind("unit", unit == null ? null : unit.toUpperCase())
                        .bind("employee", employee == null ? null : employee.replace(" ", "")).bind("refused", refused)
                        .map((rs, ctx) -> {
                            ZoneId zone = ZoneId.of(rs.getString("time_zone"));
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("employee", rs.getString("employee"));
                            r.put("name", rs.getString("name"));
                            r.put("unit", rs.getString("unit"));
                            r.put("at", rs.getObject("at", OffsetDateTime.class).atZoneSameInstant(zone).toLocalDateTime().withNano(0).toString());
                            r.put("type", rs.getString("type"));
                            r.put("accepted", rs.getBoolean("accepted"));
                            r.put("reason", rs.getString("reason"));
                            r.put("message", rs.getString("message"));
                            r.put("distanceM", rs.getObject("distance_m"));
                            r.put("accuracyM", rs.getObject("accuracy_m"));
                            r.put("offlineSynced", rs.getBoolean("offline_synced"));
                            r.put("source", rs.getString("source"));
                            return r;
                        }).list());
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Json.print(out, rows);
                    return ExitCodes.OK;
                }
                out.printf("%-19s %-18s %-22s %-4s %-17s %s%n", "WAKTU", "NIP/NIK", "NAMA", "JENIS", "HASIL", "PESAN");
                rows.forEach(r -> out.printf("%-19s %-18s %-22.22s %-4s %-17s %s%n", r.get("at"), r.get("employee"), r.get("name"),
                        r.get("type") == null ? "-" : r.get("type"), (Boolean) r.get("accepted") ? "diterima" : r.get("reason"), r.get("message")));
                out.printf("%,d attempts%n", rows.size());
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
