package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.rules.Holiday;
import id.presensi.store.CalendarStore;
import id.presensi.store.ImportResult;
import id.presensi.store.RulesImports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "calendar", mixinStandardHelpOptions = true,
        description = "The holiday calendar: national holidays (LIBUR_NASIONAL) and cuti bersama days (CUTI_BERSAMA).",
        subcommands = {CalendarCommand.Import.class, CalendarCommand.Add.class, CalendarCommand.List.class,
                CalendarCommand.Remove.class})
class CalendarCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import holidays from CSV/XLSX: TANGGAL, KETERANGAN, JENIS (LIBUR_NASIONAL or CUTI_BERSAMA).")
    static class Import extends FileImportCommand {
        @Override
        String what() {
            return "Holidays";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return rules.holidays(options.source());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or change one holiday.")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "DATE", description = "e.g. 2026-08-17") String date;
        @Option(names = "--description", required = true, description = "KETERANGAN, e.g. \"Hari Kemerdekaan RI\"") String description;
        @Option(names = "--kind", defaultValue = "LIBUR_NASIONAL", description = "LIBUR_NASIONAL (default) or CUTI_BERSAMA") String kind;

        @Override
        public Integer call() {
            Holiday holiday = new Holiday(Values.date(date), description.strip(), RulesImports.holidayKind(kind));
            var change = db.change(spec, (jdbi, h, audit) -> new CalendarStore(jdbi).upsert(h, audit, holiday));
            spec.commandLine().getOut().printf("%s %s: %s%n", holiday.day(), holiday.description(), change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the holidays of a year.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--year", description = "Default: this year.") Integer year;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                int y = year != null ? year : LocalDate.now().getYear();
                var holidays = new CalendarStore(database.jdbi()).list(y);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Json.print(out, holidays);
                    return ExitCodes.OK;
                }
                out.printf("%-10s %-7s %-15s %s%n", "TANGGAL", "HARI", "JENIS", "KETERANGAN");
                holidays.forEach(h -> out.printf("%-10s %-7s %-15s %s%n", h.day(), Values.dayName(h.day().getDayOfWeek()),
                        h.kind(), h.description()));
                out.printf("%d days in %d%n", holidays.size(), y);
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove one holiday.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "DATE") String date;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            LocalDate day = Values.date(date);
            if (!confirmation.approve(spec, db.read(d -> new CalendarStore(d.jdbi()).removalImpact(day)))) {
                return confirmation.declined();
            }
            boolean removed = db.change(spec, (jdbi, h, audit) -> new CalendarStore(jdbi).remove(h, audit, day));
            return Removal.report(spec, removed, "holiday on " + day);
        }
    }
}
