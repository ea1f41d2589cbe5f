package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.imports.Values;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "attendance", mixinStandardHelpOptions = true, description = "Daily attendance records made by reconcile.",
        subcommands = AttendanceCommand.List.class)
class AttendanceCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List records of a date range, a unit (and sub-units) or an employee.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD") String from;
        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD") String to;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--employee", paramLabel = "NIP|NIK") String employee;
        @Option(names = "--json", description = "Print as JSON.") boolean json;
        @Option(names = "--csv", description = "Print as CSV.") boolean csv;

        @Override
        public Integer call() throws Exception {
            try (Database database = db.open()) {
                java.util.List<Map<String, Object>> rows = database.jdbi().withHandle(h -> h.createQuery("""
                                SELECT coalesce(e.nip, e.nik) AS employee, e.name, u.code AS unit, u.time_zone, a.work_date, a.codes,
                                       a.first_in, a.last_out, a.late_min, a.early_min, a.flags, a.explanation
                                  FROM attendance a JOIN employee e ON e.id = a.employee_id JOIN unit u ON u.id = a.unit_id
                                 WHERE a.work_date BETWEEN :from AND :to AND a.unit_id IN (SELECT unit_scope(:unit))
                                   AND (:employee IS NULL OR e.nip = :employee OR e.nik = :employee)
                                 ORDER BY u.code, e.name, a.work_date""")
                        .bind("unit", unit == null ? null : unit.toUpperCase()).bind("from", Values.date(from)).bind("to", Values.date(to))
                        .bind("employee", employee == null ? null : employee.replace(" ", ""))
                        .map((rs, ctx) -> {
                            ZoneId zone = ZoneId.of(rs.getString("time_zone"));
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("employee", rs.getString("employee"));
                            r.put("name", rs.getString("name"));
                            r.put("unit", rs.getString("unit"));
                            r.put("date", rs.getObject("work_date", java.time.LocalDate.class).toString());
                            r.put("codes", String.join(" ", (String[]) rs.getArray("codes").getArray()));
                            r.put("firstIn", local(rs.getObject("first_in", OffsetDateTime.class), zone));
                            r.put("lastOut", local(rs.getObject("last_out", OffsetDateTime.class), zone));
                            r.put("lateMin", rs.getInt("late_min"));
                            r.put("earlyMin", rs.getInt("early_min"));
                            r.put("flags", String.join(" ", (String[]) rs.getArray("flags").getArray()));
                            r.put("explanation", rs.getString("explanation"));
                            return r;
                        }).list());
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Json.print(out, rows);
                } else if (csv) {
                    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader("NIP_NIK", "NAMA", "KODE_UNIT",
                            "TANGGAL", "STATUS", "MASUK", "PULANG", "MENIT_TERLAMBAT", "MENIT_PULANG_CEPAT", "TANDA", "KETERANGAN").get())) {
                        for (Map<String, Object> r : rows) {
                            printer.printRecord(r.values());
                        }
                    }
                } else {
                    out.printf("%-18s %-24s %-10s %-8s %-5s %-5s %4s %4s %s%n", "NIP/NIK", "NAMA", "TANGGAL", "STATUS", "MASUK", "PULANG",
                            "TL", "PSW", "KETERANGAN");
                    rows.forEach(r -> out.printf("%-18s %-24.24s %-10s %-8s %-5s %-5s %4s %4s %s%n", r.get("employee"), r.get("name"),
                            r.get("date"), r.get("codes"), hour(r.get("firstIn")), hour(r.get("lastOut")), r.get("lateMin"), r.get("earlyMin"),
                            r.get("explanation")));
                    out.printf("%,d records%n", rows.size());
                }
                out.flush();
                return ExitCodes.OK;
            }
        }

        private static String local(OffsetDateTime t, ZoneId zone) {
            return t == null ? "" : t.atZoneSameInstant(zone).toLocalDateTime().toString();
        }

        private static String hour(Object localDateTime) {
            String s = (String) localDateTime;
            return s.isEmpty() ? "-" : s.substring(11, 16);
        }
    }
}
