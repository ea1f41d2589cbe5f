package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.recap.DeductionTable;
import id.presensi.recap.DisciplineLevel;
import id.presensi.report.MonthlyRecapWorkbook;
import id.presensi.report.RecapCsv;
import id.presensi.store.RecapStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports from the attendance records (run reconcile first).",
        subcommands = {ReportCommand.Monthly.class, ReportCommand.Discipline.class})
class ReportCommand {

    @Command(name = "monthly", mixinStandardHelpOptions = true, description = {
            "The monthly recap per unit: an XLSX with a recap sheet (JHK, H, TL1-4, PSW1-4, TK, leave, days off, minutes,",
            "TPP deduction) and a daily sheet per unit, print-ready; or a CSV of the recap rows only."})
    static class Monthly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--month", required = true, paramLabel = "YYYY-MM") YearMonth month;
        @Option(names = "--unit", paramLabel = "CODE", description = "One unit and its sub-units (default: all).") String unit;
        @Option(names = "--out", required = true, paramLabel = "FILE.xlsx|FILE.csv") Path out;
        @Option(names = "--regency", defaultValue = "Kabupaten Paser", description = "For the titles (default: Kabupaten Paser).") String regency;

        @Override
        public Integer call() throws Exception {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".xlsx") && !name.endsWith(".csv")) {
                throw new IllegalArgumentException("--out must end in .xlsx or .csv");
            }
            Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".tmp");
            int[] employees = {0};
            DeductionTable rules;
            try (Database database = db.open()) {
                RecapStore store = new RecapStore(database.jdbi());
                rules = store.deductionTable(month.atEndOfMonth());
                var units = store.units(Optional.ofNullable(unit));
                if (units.isEmpty()) {
                    throw new IllegalArgumentException("unit " + unit + " does not exist");
                }
                if (name.endsWith(".csv")) {
                    try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8); RecapCsv csv = new RecapCsv(writer)) {
                        for (var u : units) {
                            store.employeeMonths(u, month, rules, m -> {
                                employees[0]++;
                                csv.add(u.code(), m);
                            });
                        }
                    }
                } else {
                    try (MonthlyRecapWorkbook workbook = new MonthlyRecapWorkbook(month, regency, rules, new HashSet<>(store.holidays(month)));
                         OutputStream stream = Files.newOutputStream(tmp)) {
                        for (var u : units) {
                            workbook.addSummary(u.code(), u.name(), store.dailyAttendanceRate(u, month));
                        }
                        for (var u : units) {
                            workbook.addUnit(u.code(), u.name(), sink -> store.employeeMonths(u, month, rules, m -> {
                                employees[0]++;
                                sink.accept(m);
                            }));
                        }
                        workbook.write(stream);
                    }
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().printf("Recap %s: %,d employees written to %s (deductions by \"%s\", valid from %s)%n",
                    month, employees[0], out, rules.name(), rules.validFrom());
            return ExitCodes.OK;
        }
    }

    @Command(name = "discipline", mixinStandardHelpOptions = true,
            description = "Cumulative TK days per employee in a year and the PP 94/2021 threshold each has crossed, for BKPSDM follow-up.")
    static class Discipline implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--year", required = true) int year;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                var counts = new RecapStore(database.jdbi()).tkDays(year, Optional.ofNullable(unit)).stream()
                        .filter(c -> DisciplineLevel.forTkDays(c.tkDays()) != DisciplineLevel.NONE).toList();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Json.print(out, counts.stream().map(c -> java.util.Map.of("employee", c.key(), "name", c.name(), "unit", c.unitCode(),
                            "tkDays", c.tkDays(), "level", DisciplineLevel.forTkDays(c.tkDays()).name())).toList());
                    return ExitCodes.OK;
                }
                out.printf("%-18s %-26s %-10s %4s  %s%n", "NIP/NIK", "NAMA", "KODE_UNIT", "TK", "HUKUMAN DISIPLIN (PP 94/2021)");
                counts.forEach(c -> out.printf("%-18s %-26.26s %-10s %4d  %s%n", c.key(), c.name(), c.unitCode(), c.tkDays(),
                        DisciplineLevel.forTkDays(c.tkDays()).sanction()));
                out.printf("%d employee(s) with 3 or more TK days in %d%n", counts.size(), year);
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
