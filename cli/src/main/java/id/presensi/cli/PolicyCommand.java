package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.rules.NationalHours;
import id.presensi.rules.ScheduleDay;
import id.presensi.rules.ValidityPeriod;
import id.presensi.rules.WfhPeriod;
import id.presensi.rules.WorkSchedule;
import id.presensi.store.AnomalyStore;
import id.presensi.store.Audit;
import id.presensi.store.ImportResult;
import id.presensi.store.PolicyStore;
import id.presensi.store.RulesImports;
import id.presensi.store.ScheduleStore;
import id.presensi.store.SelfieStore;
import id.presensi.store.WfaStore;
import id.presensi.text.StaffText;
import org.jdbi.v3.core.Handle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Attendance policy: office-hour schedules (jadwal kerja), work-from-home radius, GPS accuracy, "
                + "and 'why can't I check in?' (explain).",
        subcommands = {PolicyCommand.Schedule.class, PolicyCommand.Wfh.class, PolicyCommand.Wfa.class, PolicyCommand.Anomaly.class, PolicyCommand.Selfie.class, PolicyCommand.Accuracy.class,
                ExplainCommand.class})
class PolicyCommand {

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = "Office-hour schedules for a unit or regency-wide, with validity periods. A KHUSUS schedule "
                    + "(Ramadan hours) overrides the REGULER one while valid.",
            subcommands = {Schedule.Add.class, Schedule.Import.class, Schedule.List.class, Schedule.Remove.class, Schedule.Check.class})
    static class Schedule {

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
                var change = db.change(spec, (jdbi, h, audit) -> new ScheduleStore(jdbi).define(h, audit, header, hours));
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
                var schedules = db.read(d -> new ScheduleStore(d.jdbi()).list());
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
                var schedules = db.read(d -> new ScheduleStore(d.jdbi()).list());
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
                return Removal.confirmed(spec, db, confirmation, jdbi -> new ScheduleStore(jdbi).removalImpact(name),
                        (jdbi, h, audit) -> new ScheduleStore(jdbi).remove(h, audit, name), "schedule " + name);
            }
        }
    }

    @Command(name = "wfh", mixinStandardHelpOptions = true,
            description = "Work-from-home periods: check-in accepted within a wide radius of the unit's locations.",
            subcommands = {Wfh.Add.class, Wfh.List.class, Wfh.Remove.class})
    static class Wfh {

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or change a work-from-home period.")
        static class Add implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin ChangeOptions db;
            @Parameters(paramLabel = "NAME", description = "e.g. \"WFH Pandemi\"") String name;
            @Option(names = "--from", required = true, paramLabel = "DATE") LocalDate from;
            @Option(names = "--to", required = true, paramLabel = "DATE") LocalDate to;
            @Option(names = "--radius-km", required = true, description = "e.g. 50") double radiusKm;
            @Option(names = "--unit", paramLabel = "CODE", description = "Units it applies to (repeatable; default: all).") java.util.List<String> units = new ArrayList<>();

            @Override
            public Integer call() {
                if (radiusKm <= 0 || radiusKm > 500) {
                    throw new IllegalArgumentException("--radius-km must be more than 0 and at most 500, got " + radiusKm);
                }
                Set<String> codes = new TreeSet<>(units.stream().map(String::toUpperCase).toList());
                WfhPeriod period = new WfhPeriod(name.strip(), ValidityPeriod.between(from, to),
                        (int) Math.round(radiusKm * 1000), codes);
                var change = db.change(spec, (jdbi, h, audit) -> new PolicyStore(jdbi).upsertWfh(h, audit, period));
                spec.commandLine().getOut().printf("Work from home %s (%s, %s km, %s): %s%n", period.name(), period.validity(),
                        radiusKm, codes.isEmpty() ? "all units" : String.join(", ", codes), change.name().toLowerCase());
                return ExitCodes.OK;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List work-from-home periods.")
        static class List implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin DatabaseOptions db;
            @Mixin Output output;

            private static final Table<WfhPeriod> TABLE = Table.of(WfhPeriod.class)
                    .column("NAMA", 24, WfhPeriod::name).column("BERLAKU", 26, WfhPeriod::validity)
                    .number("RADIUS_KM", 9, p -> String.format("%,.1f", p.radiusM() / 1000.0)).exported("RADIUS_M", WfhPeriod::radiusM)
                    .column("UNIT", 0, p -> p.unitCodes().isEmpty() ? "semua unit" : String.join(", ", p.unitCodes()));

            @Override
            public Integer call() {
                output.print(spec.commandLine().getOut(), db.read(d -> new PolicyStore(d.jdbi()).wfhPeriods()), TABLE);
                return ExitCodes.OK;
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a work-from-home period.")
        static class Remove implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin ChangeOptions db;
            @Parameters(paramLabel = "NAME") String name;
            @Mixin Confirmation confirmation;

            @Override
            public Integer call() {
                return Removal.confirmed(spec, db, confirmation, jdbi -> new PolicyStore(jdbi).wfhRemovalImpact(name),
                        (jdbi, h, audit) -> new PolicyStore(jdbi).removeWfh(h, audit, name), "work-from-home period " + name);
            }
        }
    }

    @Command(name = "wfa", mixinStandardHelpOptions = true, description = {
            "Work from anywhere (PermenPANRB 4/2025): days on which named employees, or a unit's staff, may check in anywhere",
            "in Indonesia (the check-in is flagged WFA). At most 2 days a week (policy wfa limit), and never for staff under",
            "disciplinary proceedings (3 or more TK days in the year); a grant that would break either is refused whole."},
            subcommands = {Wfa.Grant.class, Wfa.Revoke.class, Wfa.List.class, Wfa.Limit.class})
    static class Wfa {

        /** Who a grant or a revocation is for, and on which days. */
        static class Whom {
            @Option(names = "--employee", paramLabel = "NIP|NIK", description = "Repeatable.") java.util.List<String> employees = new ArrayList<>();
            @Option(names = "--unit", paramLabel = "CODE", description = "Everyone employed in the unit and the units under it.") String unit;
            @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Repeatable.") java.util.List<LocalDate> dates;
        }

        /** A grant or a revocation: the same people and days, one store call, one line saying how many days it touched. */
        abstract static class Change implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin ChangeOptions db;
            @Mixin Whom whom;

            abstract int apply(WfaStore store, Handle h, Audit audit, Optional<String> unit);

            abstract String done();

            @Override
            public Integer call() {
                int days = db.change(spec, (jdbi, h, audit) -> apply(new WfaStore(jdbi), h, audit, Optional.ofNullable(whom.unit)));
                spec.commandLine().getOut().printf("WFA: %d day(s) %s%n", days, done());
                return ExitCodes.OK;
            }
        }

        @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant WFA days, e.g. policy wfa grant --employee NIP --date 2026-12-01 --date 2026-12-03")
        static class Grant extends Change {
            @Override
            int apply(WfaStore store, Handle h, Audit audit, Optional<String> unit) {
                return store.grant(h, audit, whom.employees, unit, whom.dates);
            }

            @Override
            String done() {
                return "granted";
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Withdraw WFA days.")
        static class Revoke extends Change {
            @Override
            int apply(WfaStore store, Handle h, Audit audit, Optional<String> unit) {
                return store.revoke(h, audit, whom.employees, unit, whom.dates);
            }

            @Override
            String done() {
                return "withdrawn";
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List WFA days granted between two dates.")
        static class List implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin DatabaseOptions db;
            @Mixin Output output;
            @Option(names = "--from", required = true, paramLabel = "DATE") LocalDate from;
            @Option(names = "--to", required = true, paramLabel = "DATE") LocalDate to;
            @Option(names = "--unit", paramLabel = "CODE") String unit;

            private static final Table<WfaStore.Grant> TABLE = Table.of(WfaStore.Grant.class)
                    .column("TANGGAL", 10, WfaStore.Grant::date).column("NIP/NIK", 18, WfaStore.Grant::employeeKey).exported("NIP_NIK", WfaStore.Grant::employeeKey)
                    .column("NAMA", 26, WfaStore.Grant::name).column("KODE_UNIT", 10, WfaStore.Grant::unitCode)
                    .column("DIBERIKAN_OLEH", 0, WfaStore.Grant::grantedBy);

            @Override
            public Integer call() {
                output.print(spec.commandLine().getOut(), db.read(d -> new WfaStore(d.jdbi()).list(from, to, Optional.ofNullable(unit))), TABLE);
                return ExitCodes.OK;
            }
        }

        @Command(name = "limit", mixinStandardHelpOptions = true, description = "Show or set the WFA days allowed per week (PermenPANRB 4/2025: 2).")
        static class Limit implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin ChangeOptions db;
            @Parameters(arity = "0..1", paramLabel = "DAYS") Integer days;

            @Override
            public Integer call() {
                if (days != null) {
                    db.change(spec, (jdbi, h, audit) -> {
                        new WfaStore(jdbi).setDaysPerWeek(h, audit, days);
                        return null;
                    });
                }
                int limit = db.read(d -> new WfaStore(d.jdbi()).daysPerWeek());
                spec.commandLine().getOut().printf("WFA: at most %d day(s) a week%n", limit);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "anomaly", mixinStandardHelpOptions = true, resourceBundle = "id.presensi.cli.AnomalyHelp")
    static class Anomaly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(arity = "0..*", paramLabel = "NAME=VALUE") java.util.Map<String, Integer> changes = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() {
            var thresholds = changes.isEmpty() ? db.read(d -> d.jdbi().withHandle(AnomalyStore::thresholds))
                    : db.change(spec, (jdbi, h, audit) -> AnomalyStore.setThresholds(h, audit, changes));
            thresholds.byName().forEach((name, value) -> spec.commandLine().getOut().printf("%-28s %d%n", name, value));
            return ExitCodes.OK;
        }
    }

    @Command(name = "selfie", mixinStandardHelpOptions = true, description = {
            "Show or set which units ask for a selfie (swafoto) at check-in, and how long the photos are kept.",
            "  policy selfie --unit RSUD on     the RSUD and its sub-units (those without a setting of their own)",
            "  policy selfie --unit RSUD-IGD off  not asked there; 'inherit' removes a unit's own setting",
            "  policy selfie --retention-days 90  the nightly reconcile deletes older photos (default 90), audited",
            "Where a selfie is asked for, a check-in without one is refused (SELFIE_REQUIRED). No face recognition."})
    static class Selfie implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Parameters(arity = "0..1", paramLabel = "on|off|inherit") String setting;
        @Option(names = "--retention-days", paramLabel = "DAYS") Integer retentionDays;

        @Override
        public Integer call() {
            if ((unit == null) != (setting == null)) {
                throw new ParameterException(spec.commandLine(), "--unit and on|off|inherit go together, e.g. policy selfie --unit RSUD on");
            }
            Optional<Boolean> required = setting == null ? Optional.empty() : switch (setting.toLowerCase(Locale.ROOT)) {
                case "on" -> Optional.of(true);
                case "off" -> Optional.of(false);
                case "inherit" -> Optional.empty();
                default -> throw new ParameterException(spec.commandLine(), "the setting is on, off or inherit, got '" + setting + "'");
            };
            try (Database database = db.open()) {
                SelfieStore store = new SelfieStore(database.jdbi());
                if (unit != null || retentionDays != null) {
                    Audit audit = db.audit(spec);
                    database.jdbi().useTransaction(h -> {
                        if (unit != null) {
                            store.setPolicy(h, audit, unit, required);
                        }
                        if (retentionDays != null) {
                            store.setRetentionDays(h, audit, retentionDays);
                        }
                    });
                }
                PrintWriter out = spec.commandLine().getOut();
                var policies = store.policies();
                out.println(policies.isEmpty() ? "No unit asks for a selfie at check-in."
                        : "Units with a setting of their own (a sub-unit follows the nearest setting above it):");
                policies.forEach((code, on) -> out.printf("  %-12s %s%n", code, on ? "swafoto wajib" : "tanpa swafoto"));
                out.printf("Photos are kept %d days, then deleted by the nightly reconcile.%n", store.retentionDays());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "accuracy", mixinStandardHelpOptions = true,
            description = "Show, or set, the worst GPS accuracy (in metres) still accepted at check-in (default 100).")
    static class Accuracy implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(arity = "0..1", paramLabel = "METRES") Integer metres;

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                PolicyStore store = new PolicyStore(database.jdbi());
                if (metres != null) {
                    database.jdbi().useTransaction(h -> store.setMaxAccuracy(h, db.audit(spec), metres));
                }
                spec.commandLine().getOut().printf("GPS accuracy must be %d m or better.%n", store.maxAccuracyM());
                return ExitCodes.OK;
            }
        }
    }
}
