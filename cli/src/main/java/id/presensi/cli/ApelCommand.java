package id.presensi.cli;

import id.presensi.apel.Apel;
import id.presensi.apel.ApelRecurrence;
import id.presensi.apel.Hari;
import id.presensi.app.ApelPlanning;
import id.presensi.staff.EmployeeType;
import id.presensi.store.ApelStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "apel", mixinStandardHelpOptions = true,
        description = "Apel and ceremonies (apel pagi, upacara Hari Kesadaran Nasional, upacara hari besar): when, where, who; "
                + "cancellations (apel ditiadakan). A missed apel is TA (tidak apel) in the day's codes.",
        subcommands = {ApelCommand.Add.class, ApelCommand.Cancel.class, ApelCommand.List.class})
class ApelCommand {

    /** Exactly one of: a date, a weekday, a day of the month. */
    static class When {
        @Option(names = "--date", paramLabel = "DATE", description = "Held once, on this date (upacara 17 Agustus).") LocalDate date;
        @Option(names = "--every", paramLabel = "HARI", description = "Held every week on this day: SENIN, SELASA, RABU, KAMIS, JUMAT, SABTU, MINGGU.")
        String weekday;
        @Option(names = "--monthly", paramLabel = "TANGGAL", description = "Held every month on this day (17: Hari Kesadaran Nasional).")
        Integer monthDay;

        ApelRecurrence recurrence(Optional<LocalDate> from) {
            if (date != null) {
                if (from.isPresent()) {
                    throw new IllegalArgumentException("--from: an apel held once, on --date, has no start date");
                }
                return new ApelRecurrence.Once(date);
            }
            return weekday != null ? new ApelRecurrence.Weekly(Hari.parse(weekday), from) : new ApelRecurrence.Monthly(monthDay, from);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an apel, or change the one of the same name (and unit). An OPD admin sets apel for their units; "
                    + "BKPSDM sets regency-wide ones (no --unit).")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME", description = "e.g. \"Apel pagi\", \"Upacara HKN\".") String name;
        @ArgGroup(exclusive = true, multiplicity = "1") When when;
        @Option(names = "--window", required = true, paramLabel = "HH:MM-HH:MM", description = "When attendance is taken, e.g. 07:15-08:00.")
        String window;
        @Option(names = "--location", split = ",", paramLabel = "[UNIT:]NAME",
                description = "Work location(s) where it is held (presensi location list); none: each employee's own unit's locations.")
        java.util.List<String> locations = java.util.List.of();
        @Option(names = "--unit", paramLabel = "CODE", description = "Staff of this unit and the units under it attend; none: the whole regency.")
        String unit;
        @Option(names = "--types", split = ",", paramLabel = "JENIS", description = "Who attends by type: PNS, PPPK, PTT; none: all.")
        java.util.List<String> types = java.util.List.of();
        @Option(names = "--fingerprint", description = "Fingerprint (mesin absensi) punches within the window count as attendance.")
        boolean fingerprint;
        @Option(names = "--from", paramLabel = "DATE", description = "With --every or --monthly: held from this date on (dates "
                + "before it have no apel, so reconcile gives no TA for them). A change without --from keeps the start it has.")
        LocalDate from;

        @Override
        public Integer call() {
            String[] span = window.split("-");
            LocalTime opens;
            LocalTime closes;
            try {
                if (span.length != 2) {
                    throw new DateTimeParseException("", window, 0);
                }
                opens = LocalTime.parse(span[0].strip());
                closes = LocalTime.parse(span[1].strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--window: write it as HH:MM-HH:MM (07:15-08:00), got '" + window + "'");
            }
            Set<EmployeeType> typeSet = types.stream().map(t -> EmployeeType.fromJenis(t)
                            .orElseThrow(() -> new IllegalArgumentException("--types: PNS, PPPK or PTT, got '" + t.strip() + "'")))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(EmployeeType.class)));
            ApelRecurrence recurrence = when.recurrence(Optional.ofNullable(from));
            var draft = new ApelStore.Draft(name, Optional.ofNullable(unit).map(u -> u.strip().toUpperCase(Locale.ROOT)), recurrence, opens, closes,
                    typeSet, locations, fingerprint);
            db.change(spec, (jdbi, h, audit) -> new ApelPlanning().add(h, audit, draft));
            spec.commandLine().getOut().printf("Apel '%s' (%s, %s-%s) set for %s%n", name.strip(), recurrence.describe(), opens, closes,
                    Optional.ofNullable(unit).map(u -> u.strip().toUpperCase(Locale.ROOT)).orElse("the whole regency"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel (apel ditiadakan) the apel held on a date that you may change, with the reason. Holidays and "
                    + "cuti bersama cancel an apel by themselves.")
    static class Cancel implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "DATE") LocalDate day;
        @Option(names = "--reason", required = true, paramLabel = "ALASAN", description = "e.g. hujan deras.") String reason;
        @Option(names = "--name", paramLabel = "NAME", description = "Only the apel of this name.") String name;
        @Option(names = "--unit", paramLabel = "CODE", description = "Only the apel of this unit.") String unit;

        @Override
        public Integer call() {
            var cancelled = db.change(spec, (jdbi, h, audit) -> new ApelPlanning().cancel(h, audit, day, reason, Optional.ofNullable(name),
                    Optional.ofNullable(unit)));
            cancelled.forEach(n -> spec.commandLine().getOut().printf("Apel '%s' on %s: ditiadakan (%s)%n", n, day, reason.strip()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the apel you see: regency-wide ones and your units'.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;

        private static final Table<Apel> TABLE = Table.of(Apel.class)
                .column("NAMA", 30, Apel::name)
                .column("WAKTU", 34, a -> a.when().describe())
                .column("JAM", 11, a -> a.opens() + "-" + a.closes())
                .column("UNIT", 10, a -> a.unitCode().orElse("SEMUA"))
                .column("JENIS", 12, a -> a.types().isEmpty() ? "SEMUA"
                        : Arrays.stream(EmployeeType.values()).filter(a.types()::contains).map(Enum::name).collect(Collectors.joining(",")))
                .column("FINGERPRINT", 11, a -> a.fingerprintCounts() ? "ya" : "tidak")
                .column("LOKASI", 0, a -> a.locations().isEmpty() ? "lokasi unit masing-masing"
                        : a.locations().stream().map(l -> l.unitCode() + ":" + l.name()).collect(Collectors.joining(", ")))
                .footer(rows -> Count.of(rows.size(), "apel", "apel"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> d.jdbi().withHandle(h -> new ApelPlanning().list(h))), TABLE);
            return ExitCodes.OK;
        }
    }
}
