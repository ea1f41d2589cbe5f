package id.presensi.cli;

import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.store.ImportResult;
import id.presensi.store.RosterStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "roster", mixinStandardHelpOptions = true,
        description = "Rosters (jadwal dinas): which shift, or L/OFF, each shift worker has on each date.",
        subcommands = {RosterCommand.Import.class, RosterCommand.List.class})
class RosterCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, description = {"Import a roster from CSV/XLSX, either",
            "  the long format: NIP or NIK, TANGGAL, KODE_SHIFT; or",
            "  with --month, the monthly matrix: NIP or NIK (NAMA optional), then columns 1..31 with a shift code or L in each cell.",
            "A night shift belongs to the date it starts, including on the last day of the month."})
    static class Import extends FileImportCommand {
        @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month of a matrix roster.") YearMonth month;

        @Override
        String what() {
            return "Roster";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return rules.roster(options.source(), Optional.ofNullable(month));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"Show a month's roster as a matrix (employees by days);",
            "--csv writes the long format 'roster import' reads (NIP or NIK, TANGGAL, KODE_SHIFT)."})
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit and its sub-units.") String unit;
        @Option(names = "--month", required = true, paramLabel = "YYYY-MM") YearMonth month;

        /** The long format, for --csv (the table is the matrix below). */
        private static final Table<RosterStore.Entry> LONG = Table.of(RosterStore.Entry.class)
                .csvOnly("NIP", e -> e.employeeKey().length() == 18 ? e.employeeKey() : null)
                .csvOnly("NIK", e -> e.employeeKey().length() == 18 ? null : e.employeeKey())
                .csvOnly("NAMA", RosterStore.Entry::name).csvOnly("TANGGAL", RosterStore.Entry::date)
                .csvOnly("KODE_SHIFT", RosterStore.Entry::shiftCode);

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                var entries = new RosterStore(database.jdbi()).list(Optional.ofNullable(unit).map(String::toUpperCase),
                        month.atDay(1), month.atEndOfMonth());
                PrintWriter out = spec.commandLine().getOut();
                if (!output.table()) {
                    output.print(out, entries, LONG);
                    return ExitCodes.OK;
                }
                Map<String, String[]> rows = new LinkedHashMap<>();
                entries.forEach(e -> rows.computeIfAbsent(String.format("%-18s  %s", e.employeeKey(), e.name()), k -> new String[month.lengthOfMonth()])
                        [e.date().getDayOfMonth() - 1] = e.shiftCode());
                StringBuilder header = new StringBuilder(String.format("%-18s  %-24s", "NIP/NIK", "NAMA")); // a NIK (16 digits) lines up with a NIP (18)
                for (int d = 1; d <= month.lengthOfMonth(); d++) {
                    header.append(String.format("%3d", d));
                }
                out.println(header);
                rows.forEach((who, days) -> {
                    StringBuilder line = new StringBuilder(String.format("%-44.44s", who));
                    for (String code : days) {
                        line.append(String.format("%3s", code == null ? "." : code));
                    }
                    out.println(line);
                });
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
