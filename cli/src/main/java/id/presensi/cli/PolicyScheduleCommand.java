package id.presensi.cli;

import id.presensi.app.RulesImports;
import id.presensi.app.Schedules;
import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.rules.NationalHours;
import id.presensi.rules.ScheduleDay;
import id.presensi.rules.ValidityPeriod;
import id.presensi.rules.WorkSchedule;
import id.presensi.store.ImportResult;
import id.presensi.store.ScheduleStore;
import id.presensi.text.StaffText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Office-hour schedules for a unit or regency-wide, with validity periods. A KHUSUS schedule "
                + "(Ramadan hours) overrides the REGULER one while valid.",
        subcommands = {PolicyScheduleCommand.Add.class, PolicyScheduleCommand.Import.class, PolicyScheduleCommand.List.class, PolicyScheduleCommand.Remove.class, PolicyScheduleCommand.Check.class})
class PolicyScheduleCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = {"Create a schedule or set the hours of some of its weekdays.",
            "Example: policy schedule add \"Perbup 2025\" --from 2025-01-01 --days SENIN-KAMIS --checkin 07:00-08:00 "
                    + "--start 07:30 --end 16:00 --checkout 16:00-18:00"})
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit (default: regency-wide).") String unit;
        @Option(names = "--special", description = "A KHUSUS schedule (e.g. Ramadan) that overrides the regular one.") boolean special;
        @Option(names = "--from", required = true, paramLabel = "DATE") LocalDate from;
        @Option(names = "--to", paramLabel = "DATE", description = "Last valid day (default: open-ended).") LocalDate to;
        @Option(names = "--days", required = true, description = "e.g. SENIN-KAMIS, JUMAT, SENIN-SABTU") String days;
        @Option(names = "--checkin", required = true, paramLabel = "HH:MM-HH:MM", description = "Check-in window, e.g. 07:00-08:00") String checkin;
        @Option(names = "--start", required = true, paramLabel = "HH:MM") String start;
        @Option(names = "--grace", defaultValue = "0", paramLabel = "MIN", description = "Late after start plus this.") int grace;
        @Option(names = "--end", required = true, paramLabel = "HH:MM") String end;
        @Option(names = "--early-grace", defaultValue = "0", paramLabel = "MIN", description = "Early before end minus this.") int earlyGrace;
        @Option(names = "--checkout", required = true, paramLabel = "HH:MM-HH:MM", description = "Check-out window, e.g. 16:00-18:00") String checkout;

        @Override
        public Integer call() {
            LocalTime[] in = span("--checkin", checkin);
            LocalTime[] out = span("--checkout", checkout);
            var validity = new ValidityPeriod(from, Optional.ofNullable(to));
            var hours = Values.weekdays(days).stream().map(d -> new ScheduleDay(d, in[0], in[1], Values.time(start), grace,
                    Values.time(end), earlyGrace, out[0], out[1])).toList();
            var header = new ScheduleStore.Header(name.strip(), Optional.ofNullable(unit).map(String::toUpperCase), special, validity);
            var change = db.change(spec, (jdbi, h, audit) -> new Schedules(jdbi).define(h, audit, header, hours));
            spec.commandLine().getOut().printf("Schedule %s (%s): %s%n", header.name(), validity, change.name().toLowerCase());
            return ExitCodes.OK;
        }

        private static LocalTime[] span(String option, String text) {
            String[] parts = text.split("\\s*-\\s*");
            if (parts.length != 2) {
                throw new IllegalArgumentException(option + " must be HH:MM-HH:MM, got '" + text + "'");
            }
            return new LocalTime[] {Values.time(parts[0]), Values.time(parts[1])};
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = {"Import schedules from CSV/XLSX, one row per schedule and group of days:",
            "NAMA_JADWAL, KODE_UNIT (blank: regency-wide), JENIS_JADWAL (REGULER/KHUSUS), BERLAKU_MULAI, BERLAKU_SAMPAI, HARI (SENIN-KAMIS), "
                    + "MASUK_BUKA, MASUK_TUTUP, JAM_MULAI, TOLERANSI_TERLAMBAT, JAM_SELESAI, TOLERANSI_PULANG, PULANG_BUKA, PULANG_TUTUP."})
    static class Import extends FileImportCommand {
        @Override
        String what() {
            return "Schedules";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return rules.schedules(options.source());
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = {
            "Compare each schedule's weekly hours with Perpres 21/2023: 37 h 30 m a week (32 h 30 m for a KHUSUS schedule",
            "such as Ramadan's), breaks excluded: 60 minutes a day and 90 on Friday (Ramadan: 30, and 60 on Friday).",
            "Exits 3 when a schedule differs, saying by how much; units that serve the public directly may keep other hours."})
    static class Check implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;

        @Override
        public Integer call() {
            var schedules = db.read(d -> new Schedules(d.jdbi()).list());
            PrintWriter out = spec.commandLine().getOut();
            int differing = 0;
            for (WorkSchedule schedule : schedules) {
                NationalHours national = NationalHours.forSchedule(schedule);
                Duration hours = national.hoursOf(schedule);
                Duration off = hours.minus(national.weekly());
                String what = StaffText.SCHEDULE_HOURS.format(schedule.name(),
                        schedule.unitCode().map(StaffText.SCOPE_UNIT::format).orElse(StaffText.SCOPE_REGENCY.format()),
                        schedule.special() ? "KHUSUS" : "REGULER", schedule.validity().to()
                                .map(to -> StaffText.VALID_UNTIL.format(schedule.validity().from(), to))
                                .orElse(StaffText.VALID_OPEN.format(schedule.validity().from())), NationalHours.text(hours));
                if (off.isZero()) {
                    out.println("ok    " + what + ", " + StaffText.HOURS_AS_NATIONAL.format());
                } else {
                    differing++;
                    out.printf("WARN  %s: %s%n", what, (off.isNegative() ? StaffText.HOURS_LESS : StaffText.HOURS_MORE)
                            .format(NationalHours.text(off.abs()), NationalHours.text(national.weekly())));
                }
            }
            if (schedules.isEmpty()) {
                out.println(StaffText.NO_SCHEDULES.format());
            }
            out.flush();
            return differing == 0 ? ExitCodes.OK : ExitCodes.REJECTED;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List schedules with their hours, one line per weekday;",
            "--csv writes the columns 'policy schedule import' reads."})
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;

        /** One weekday of a schedule: how the table and the import file lay schedules out. */
        record Day(WorkSchedule schedule, ScheduleDay day) {
        }

        private static final Table<Day> TABLE = Table.of(Day.class)
                .column("NAMA_JADWAL", 26, d -> d.schedule().name()).column("KODE_UNIT", 10, d -> d.schedule().unitCode())
                .column("JENIS_JADWAL", 12, d -> d.schedule().special() ? "KHUSUS" : "REGULER")
                .column("BERLAKU_MULAI", 13, d -> d.schedule().validity().from())
                .column("BERLAKU_SAMPAI", 14, d -> d.schedule().validity().to())
                .column("HARI", 6, d -> Values.dayName(d.day().weekday()))
                .column("MASUK_BUKA", 10, d -> d.day().checkinOpens()).column("MASUK_TUTUP", 11, d -> d.day().checkinCloses())
                .column("JAM_MULAI", 9, d -> d.day().workStart()).number("TOLERANSI_TERLAMBAT", 19, d -> d.day().lateGraceMin())
                .column("JAM_SELESAI", 11, d -> d.day().workEnd()).number("TOLERANSI_PULANG", 16, d -> d.day().earlyGraceMin())
                .column("PULANG_BUKA", 11, d -> d.day().checkoutOpens()).column("PULANG_TUTUP", 0, d -> d.day().checkoutCloses());

        @Override
        public Integer call() {
            var schedules = db.read(d -> new Schedules(d.jdbi()).list());
            var days = schedules.stream().flatMap(s -> s.days().values().stream().map(d -> new Day(s, d))).toList();
            output.print(spec.commandLine().getOut(), schedules, days, TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a schedule.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME") String name;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            return Removal.confirmed(spec, db, confirmation, jdbi -> new Schedules(jdbi).removalImpact(name),
                    (jdbi, h, audit) -> new Schedules(jdbi).remove(h, audit, name), "schedule " + name);
        }
    }
}
