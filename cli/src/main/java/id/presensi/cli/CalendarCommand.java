package id.presensi.cli;

import id.presensi.app.Holidays;
import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.rules.Holiday;
import id.presensi.store.ImportResult;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "calendar", mixinStandardHelpOptions = true,
        description = {"The holiday calendar: national holidays (LIBUR_NASIONAL), cuti bersama days (CUTI_BERSAMA) and regional",
                "holidays (LIBUR_DAERAH, e.g. HUT Kabupaten). A closed month's days cannot be added or removed."},
        subcommands = {CalendarCommand.Import.class, CalendarCommand.Add.class, CalendarCommand.List.class,
                CalendarCommand.Remove.class})
class CalendarCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import holidays from CSV/XLSX: TANGGAL, KETERANGAN, JENIS (LIBUR_NASIONAL, CUTI_BERSAMA or LIBUR_DAERAH).")
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
        @Parameters(paramLabel = "DATE", description = "e.g. 2026-08-17") LocalDate date;
        @Option(names = "--description", required = true, description = "KETERANGAN, e.g. \"Hari Kemerdekaan RI\"") String description;
        @Option(names = "--kind", defaultValue = "LIBUR_NASIONAL", description = "LIBUR_NASIONAL (default), CUTI_BERSAMA or LIBUR_DAERAH") String kind;

        @Override
        public Integer call() {
            Holiday holiday = new Holiday(date, description.strip(), Holiday.Kind.parse(kind));
            var change = db.change(spec, (jdbi, h, audit) -> new Holidays(jdbi).put(h, audit, holiday));
            spec.commandLine().getOut().printf("%s %s: %s%n", holiday.day(), holiday.description(), change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the holidays of a year.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--year", description = "Default: this year.") Integer year;

        private static final Table<Holiday> TABLE = Table.of(Holiday.class)
                .column("TANGGAL", 10, Holiday::day).column("HARI", 7, h -> Values.dayName(h.day().getDayOfWeek()))
                .column("JENIS", 15, Holiday::kind).column("KETERANGAN", 0, Holiday::description)
                .footer(rows -> rows.size() + " days");

        @Override
        public Integer call() {
            int y = year != null ? year : LocalDate.now(TimeZones.DEFAULT).getYear();
            output.print(spec.commandLine().getOut(), db.read(d -> new Holidays(d.jdbi()).of(y)), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove one holiday.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "DATE") LocalDate date;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            LocalDate day = date;
            // a closed month is refused before anything is asked: its preview says why, and no --yes is wanted
            db.read(d -> new Holidays(d.jdbi()).removalRefused(day)).ifPresent(refusal -> {
                throw new IllegalStateException(refusal);
            });
            return Removal.confirmed(spec, db, confirmation, jdbi -> new Holidays(jdbi).removalImpact(day),
                    (jdbi, h, audit) -> new Holidays(jdbi).remove(h, audit, day), "holiday on " + day);
        }
    }
}
