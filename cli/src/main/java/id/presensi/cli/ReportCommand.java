package id.presensi.cli;

import id.presensi.app.Reconciliation;
import id.presensi.attendance.StatusBands;
import id.presensi.attendance.StatusCode.Kind;
import id.presensi.attendance.StatusCode;
import id.presensi.db.Database;
import id.presensi.files.PrivateFiles;
import id.presensi.imports.PeopleCsv;
import id.presensi.recap.DeductionRules;
import id.presensi.recap.EmployeeMonth;
import id.presensi.recap.MonthlyDeduction;
import id.presensi.recap.Percent;
import id.presensi.recap.DisciplineLevel;
import id.presensi.staff.EmployeeType;
import id.presensi.report.AnomalyWorkbook;
import id.presensi.report.EmployeeRecap;
import id.presensi.report.MonthlyRecap;
import id.presensi.store.AttendanceStore.InProgress;
import id.presensi.store.AnomalyStore;
import id.presensi.store.AttendanceStore;
import id.presensi.store.OvertimeStore;
import id.presensi.store.RecapStore;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports from the attendance records (run reconcile first).",
        subcommands = {ReportCommand.Monthly.class, ReportCommand.Daily.class, ReportCommand.Discipline.class, ReportCommand.Anomalies.class})
class ReportCommand {

    @Command(name = "monthly", mixinStandardHelpOptions = true, description = {
            "The monthly recap per unit: an XLSX with a recap sheet (JHK, H, TL1-4, PSW1-4, TK, leave, days off, minutes,",
            "TPP deduction) and a daily sheet per unit, print-ready; or a CSV of the recap rows only."})
    static class Monthly implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--month", required = true, paramLabel = "YYYY-MM") YearMonth month;
        @Option(names = "--unit", paramLabel = "CODE", description = "One unit and its sub-units (default: all).") String unit;
        @Option(names = "--out", paramLabel = "FILE.xlsx|FILE.csv") Path out;
        @Mixin DelimiterOption delimiter;
        @Option(names = "--regency", paramLabel = "NAME", description = "For the titles, this once (default: presensi config set regency).") String regency;
        @Option(names = "--explain", paramLabel = "NIP|NIK", description = "Print how one employee's deduction was reached, day by day.")
        String explain;

        @Override
        public Integer call() throws Exception {
            if (explain != null) {
                explain();
                if (out == null) {
                    return ExitCodes.OK;
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out FILE.xlsx|FILE.csv is required (or --explain NIP alone)");
            }
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".xlsx") && !name.endsWith(".csv")) {
                throw new IllegalArgumentException("--out must end in .xlsx or .csv");
            }
            int[] employees = {0};
            DeductionRules rules;
            RecapStore.Completeness completeness;
            try (Database database = db.open()) {
                MonthlyRecap recap = new MonthlyRecap(database.jdbi(), month, Optional.ofNullable(unit));
                rules = recap.rules();
                completeness = recap.completeness();
                if (name.endsWith(".csv")) {
                    PrivateFiles.writeText(out, writer -> employees[0] = recap.writeCsv(writer, delimiter.value()));
                } else {
                    PrivateFiles.writeStream(out, stream -> employees[0] = recap.writeXlsx(stream, Optional.ofNullable(regency)));
                }
            }
            spec.commandLine().getOut().printf("Recap %s: %,d employees written to %s (deductions by \"%s\", valid from %s)%n",
                    month, employees[0], out, rules.name(), rules.validFrom());
            if (completeness.daysWithoutRecords() > 0 || completeness.provisional() > 0) {
                spec.commandLine().getOut().printf("Not final: %d of the month's %d days have no records yet (run reconcile for them, or wait "
                                + "for the days to pass), and %,d records are provisional (BELUM, a day still in progress). JHK, TK and "
                                + "the deductions will change; JHK counts the calendar's working days.%n", completeness.daysWithoutRecords(), month.lengthOfMonth(),
                        completeness.provisional());
            }
            return ExitCodes.OK;
        }

        /**
         * The employee's month line by line: what each day cost, the caps and the sanctions, and the total; after a
         * transfer, each unit's part as its recap charges it.
         */
        private void explain() {
            PrintWriter screen = spec.commandLine().getOut();
            EmployeeRecap recap = db.read(database -> EmployeeRecap.of(database.jdbi(), month, explain.strip(), Optional.ofNullable(unit)));
            Map<String, EmployeeMonth> byUnit = recap.byUnit();
            DeductionRules rules = recap.rules();
            if (byUnit.isEmpty()) {
                throw new IllegalArgumentException("no records of " + explain + " in " + month + (unit == null ? "" : " in unit " + unit)
                        + " (run reconcile for the month, or check the NIP/NIK)");
            }
            byUnit.forEach((unitCode, m) -> {
                screen.printf("Potongan TPP %s: %s %s (unit %s), aturan \"%s\" berlaku %s%n", month, m.key(), m.name(), unitCode, rules.name(),
                        rules.validFrom());
                if (m.deductionLines().isEmpty()) {
                    screen.println("  tidak ada potongan");
                }
                for (MonthlyDeduction.Line line : m.deductionLines()) {
                    screen.printf("  %-10s  %-90s %8s%n", line.date().map(LocalDate::toString).orElse("bulan ini"), line.what(), Percent.text(line.percent()));
                }
                screen.printf("  %-10s  %-90s %8s%n", "JUMLAH", "", Percent.text(m.deductionPercent()));
            });
            screen.flush();
        }
    }

    @Command(name = "daily", mixinStandardHelpOptions = true, description = {
            "Who is present, late, absent, on leave or on shift on a date (today by default). It brings the day's records",
            "up to date first (reconcile is safe to run at any time; the nightly run replaces them again). While a window",
            "is still open nobody is counted absent: 'belum presensi', 'sudah masuk, belum pulang', 'sudah pulang', 'belum mulai'."})
    static class Daily implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Default: today (WITA).") LocalDate date;
        @Mixin UnitOption unit;
        @Option(names = "--out", paramLabel = "FILE.csv", description = "Also write everyone's line to this CSV.") Path out;
        @Mixin DelimiterOption delimiter;

        /** The day's groups, by the kind of a record's codes; a day late and leaving early counts in both. */
        private static final Map<String, Set<Kind>> GROUPS = groups();

        private static Map<String, Set<Kind>> groups() {
            Map<String, Set<Kind>> groups = new LinkedHashMap<>();
            groups.put("Hadir tepat waktu", EnumSet.of(Kind.PRESENT));
            groups.put("Terlambat", EnumSet.of(Kind.LATE));
            groups.put("Pulang sebelum waktunya", EnumSet.of(Kind.EARLY));
            groups.put("Tanpa keterangan", EnumSet.of(Kind.ABSENT));
            groups.put("Cuti, sakit, izin, dinas luar", EnumSet.of(Kind.LEAVE));
            groups.put("Libur", EnumSet.of(Kind.DAY_OFF));
            return groups;
        }

        @Override
        public Integer call() throws Exception {
            LocalDate day = date == null ? LocalDate.now(TimeZones.DEFAULT) : date;
            Optional<String> scope = unit.code().map(String::toUpperCase);
            try (Database database = db.open(8, Duration.ofSeconds(15))) {
                Reconciliation.reconcileDay(database.jdbi(), day, scope, StatusBands.DEFAULT, Instant.now());
                var rows = new AttendanceStore(database.jdbi()).ofDay(day, scope);
                PrintWriter screen = spec.commandLine().getOut();
                screen.printf("Kehadiran %s%s: %,d pegawai%n", day, scope.map(u -> " " + u).orElse(""), rows.size());
                GROUPS.forEach((label, kinds) -> screen.printf("  %-32s %,6d%n", label, rows.stream().filter(r -> in(r, kinds)).count()));
                // the day in progress: windows still open are not absences
                for (InProgress state : InProgress.values()) {
                    long n = rows.stream().filter(r -> r.inProgress().filter(state::equals).isPresent()).count();
                    if (n > 0) {
                        screen.printf("  %-32s %,6d%n", state.label(), n);
                    }
                }
                screen.printf("  %-32s %,6d%n", "(di antaranya bertugas shift)", rows.stream().filter(r -> r.shiftCode().isPresent()).count());
                // ordered overtime (SPL) under way: checked in, the day's end passed, no punch since, within the hours ordered
                long overtime = new OvertimeStore(database.jdbi()).stillWorking(day, Instant.now(), scope);
                if (overtime > 0) {
                    screen.printf("  %-32s %,6d%n", "Sedang lembur (SPL)", overtime);
                }
                GROUPS.entrySet().stream().skip(1).limit(4).forEach(group -> {
                    var names = rows.stream().filter(r -> in(r, group.getValue())).limit(20)
                            .map(r -> r.name() + " (" + r.unitCode() + ", " + String.join(" ", r.codes()) + ")").toList();
                    if (!names.isEmpty()) {
                        screen.printf("%s: %s%s%n", group.getKey(), String.join("; ", names), names.size() == 20 ? "; ..." : "");
                    }
                });
                if (out != null) {
                    PrivateFiles.writeText(out, writer -> {
                        var csv = PeopleCsv.open(writer, delimiter.value(), List.of("NIP_NIK", "NAMA", "KODE_UNIT", "STATUS", "SHIFT", "KETERANGAN"));
                        for (var r : rows) {
                            PeopleCsv.print(csv, Arrays.asList(r.employeeKey(), r.name(), r.unitCode(), String.join(" ", r.codes()),
                                    r.shiftCode().orElse(null), r.explanation()));
                        }
                        csv.flush();
                    });
                    screen.println("Written to " + out);
                }
                screen.flush();
                return ExitCodes.OK;
            }
        }

        private static boolean in(AttendanceStore.OfDay record, Set<Kind> kinds) {
            return record.codes().stream().map(StatusCode::parse).flatMap(Optional::stream).anyMatch(c -> kinds.contains(c.kind()));
        }
    }

    @Command(name = "discipline", mixinStandardHelpOptions = true, description = {
            "Employees at or past a PP 94/2021 threshold in a year: cumulative TK days and the sanction they reach, the",
            "allowance (TPP) cuts that follow (25 %% for 6, 9 or 12 months at 11, 14 or 17 days), and anyone absent 10",
            "consecutive working days (weekends, holidays and days off skipped), whose pay stops the next month. PNS and",
            "PPPK only (PPPK through PP 49/2018); PTT (honorer) are outside PP 94/2021: their contract decides."})
    static class Discipline implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--year", required = true) int year;
        @Mixin UnitOption unit;

        /** An employee at or past a threshold, as printed and as scripts read it. */
        record Crossed(String employee, String name, String unit, int tkDays, String level, String sanction, String allowanceCut,
                       String consecutive) {
        }

        private Table<Crossed> table() {
            return Table.of(Crossed.class)
                    .column("NIP/NIK", 18, Crossed::employee).exported("NIP_NIK", Crossed::employee).column("NAMA", 26, Crossed::name)
                    .column("KODE_UNIT", 10, Crossed::unit).number("TK", 4, Crossed::tkDays)
                    .column("POTONGAN TPP", 22, Crossed::allowanceCut).exported("POTONGAN_TPP", Crossed::allowanceCut)
                    .column("10 HARI BERTURUT", 17, Crossed::consecutive).exported("TK_10_HARI_BERTURUT", Crossed::consecutive)
                    .column("HUKUMAN DISIPLIN (PP 94/2021)", 0, Crossed::sanction).exported("HUKUMAN_DISIPLIN", Crossed::sanction)
                    .footer(rows -> rows.size() + " employee(s) with 3 or more TK days, or 10 in a row, in " + year);
        }

        @Override
        public Integer call() {
            var crossed = db.read(d -> new RecapStore(d.jdbi()).discipline(year, unit.code())).stream()
                    .map(Discipline::crossed).flatMap(Optional::stream).toList();
            output.print(spec.commandLine().getOut(), crossed, table());
            return ExitCodes.OK;
        }

        private static Optional<Crossed> crossed(RecapStore.DisciplineRecord r) {
            DisciplineLevel level = DisciplineLevel.forTkDays(r.tkDays());
            Optional<LocalDate> tenth = r.history().tenthConsecutiveTk().stream().findFirst();
            if (level == DisciplineLevel.NONE && tenth.isEmpty()) {
                return Optional.empty();
            }
            String cut = r.history().cuts().stream().reduce((first, second) -> second)
                    .map(c -> "25% " + c.from() + " s.d. " + c.until()).orElse("-");
            String consecutive = tenth.map(d -> "ke-10 pada " + d).orElse("-");
            String sanction = (tenth.isPresent() ? DisciplineLevel.DISMISSAL.sanction() + " (10 hari kerja berturut-turut; gaji dihentikan mulai "
                    + YearMonth.from(tenth.get()).plusMonths(1) + ")" : level.sanction())
                    + (r.type() == EmployeeType.PPPK ? " (PPPK: PP 49/2018)" : "");
            return Optional.of(new Crossed(r.key(), r.name(), r.unitCode(), r.tkDays(), level.name(), sanction, cut, consecutive));
        }
    }

    @Command(name = "anomalies", mixinStandardHelpOptions = true, description = {
            "Signals of titip absen found by the nightly reconciliation (run reconcile for the days first): one hand checking",
            "in many phones, repeated or typed-in positions, a GPS accuracy that never changes, impossible travel, a machine and",
            "the app far apart within the hour, phones activated again and again. Per employee, strongest first; an OPD admin",
            "sees their units only. Signals are not verdicts: ask the employee. --out FILE.xlsx: a sheet per kind, and beside",
            "it FILE-posisi.csv with every position of the evidence, for a map."})
    static class Anomalies implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Mixin DateRangeOption days;
        @Mixin UnitOption unit;
        @Option(names = "--out", paramLabel = "FILE.xlsx") Path out;

        private static final Table<AnomalyStore.Signal> TABLE = Table.of(AnomalyStore.Signal.class)
                .column("NIP/NIK", 18, AnomalyStore.Signal::employeeKey).exported("NIP_NIK", AnomalyStore.Signal::employeeKey)
                .column("NAMA", 22, AnomalyStore.Signal::name).column("KODE_UNIT", 10, AnomalyStore.Signal::unitCode)
                .column("TANGGAL", 10, AnomalyStore.Signal::date).column("JENIS", 18, AnomalyStore.Signal::kind)
                .number("KEKUATAN", 8, s -> String.format(Locale.ROOT, "%.1f", s.strength()))
                .column("DIPERIKSA", 28, s -> s.review().map(r -> r.by() + ": " + r.note()))
                .column("KETERANGAN", 0, AnomalyStore.Signal::message);

        @Override
        public Integer call() throws Exception {
            days.ordered();
            var signals = db.read(d -> new AnomalyStore(d.jdbi()).signals(days.from, days.to, unit.code()));
            if (out == null) {
                output.print(spec.commandLine().getOut(), signals, TABLE);
                return ExitCodes.OK;
            }
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx")) {
                throw new IllegalArgumentException("--out must end in .xlsx");
            }
            Path positions = out.resolveSibling(out.getFileName().toString().replaceFirst("(?i)\\.xlsx$", "") + "-posisi.csv");
            PrivateFiles.writeStream(out, stream -> AnomalyWorkbook.write(signals, stream));
            PrivateFiles.writeText(positions, writer -> AnomalyWorkbook.positions(signals, writer, PeopleCsv.DEFAULT_DELIMITER));
            spec.commandLine().getOut().printf("%d signal(s) of %d employee(s) written to %s; positions to %s%n", signals.size(),
                    signals.stream().map(AnomalyStore.Signal::employeeKey).distinct().count(), out, positions);
            return ExitCodes.OK;
        }
    }
}
