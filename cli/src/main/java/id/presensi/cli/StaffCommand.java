package id.presensi.cli;

import id.presensi.app.RulesImports;
import id.presensi.app.StaffChanges;
import id.presensi.app.StaffDirectory;
import id.presensi.db.Database;
import id.presensi.jobs.staffimport.StaffImportJob;
import id.presensi.staff.EndReason;
import id.presensi.staff.StaffLayout;
import id.presensi.store.EmployeeStore.Employee;
import id.presensi.store.EmployeeStore;
import id.presensi.store.ImportResult;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "staff", mixinStandardHelpOptions = true,
        description = "Staff (pegawai): PNS and PPPK keyed by NIP, non-permanent PTT keyed by NIK.",
        subcommands = {StaffCommand.Import.class, StaffCommand.List.class, StaffCommand.Show.class, StaffCommand.Move.class,
                StaffCommand.End.class})
class StaffCommand {

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = {"Move an employee to another unit from a date (mutasi within the regency). The days before it stay",
                    "with the old unit and in its recaps, even when reconciled again; a move in a staff file takes effect the day it is imported."})
    static class Move implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NIP|NIK") String employee;
        @Option(names = "--to", required = true, paramLabel = "CODE", description = "The new unit.") String unit;
        @Option(names = "--from", required = true, paramLabel = "DATE", description = "The first day in the new unit.") LocalDate from;

        @Override
        public Integer call() {
            LocalDate date = from;
            db.change(spec, (jdbi, h, audit) -> {
                new StaffChanges(jdbi).move(h, audit, employee, unit, date);
                return null;
            });
            spec.commandLine().getOut().printf("%s moves to %s from %s; earlier days stay with the old unit.%n", employee,
                    unit.toUpperCase(Locale.ROOT), date);
            return ExitCodes.OK;
        }
    }

    @Command(name = "end", mixinStandardHelpOptions = true,
            description = {"End an employee's employment from a date (pensiun, mutasi keluar, meninggal, berhenti).",
                    "From that date no work is expected of them (no TK), their records from it are dropped, they can no longer",
                    "check in, and their device is revoked once the date has come. Earlier days stay in their unit's recaps."})
    static class End implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NIP|NIK") String employee;
        @Option(names = "--from", required = true, paramLabel = "DATE", description = "The first day without work (e.g. the day after the last working day).")
        LocalDate from;
        @Option(names = "--reason", required = true, paramLabel = "REASON", completionCandidates = Candidates.EndReasons.class,
                description = "PENSIUN, MUTASI, MENINGGAL, BERHENTI, DIBERHENTIKAN or LAINNYA.") String reason;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            LocalDate date = from;
            EndReason why = EndReason.parse(reason);
            LocalDate today = LocalDate.now(TimeZones.DEFAULT);
            if (!confirmation.approve(spec, Optional.of(db.read(d -> new StaffChanges(d.jdbi()).endImpact(employee, date))))) {
                return confirmation.declined();
            }
            EmployeeStore.Ended ended = db.change(spec, (jdbi, h, audit) -> new StaffChanges(jdbi).end(h, audit, employee, date, why, today));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Employment of %s (%s, %s) ends from %s (%s).%n", ended.name(), ended.key(), ended.unitCode(), ended.from(), ended.reason());
            out.printf("%s%d attendance record(s) from that date dropped.%n",
                    ended.deviceRevoked() ? "Device revoked. " : "", ended.recordsDropped());
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import staff from the payroll export (CSV or XLSX), as a Spring Batch job.",
                    "Columns: NIP, NIK, NAMA, JENIS (PNS/PPPK/PTT), KODE_UNIT (the unit's code or exact name), JABATAN,",
                    "POLA_KERJA (REGULER/SHIFT), GELAR_DEPAN, GELAR_BELAKANG; also spelled 'NIP Baru', 'Unit Kerja', 'Status Pegawai', ...",
                    "A column the file lacks (or a blank optional cell) leaves the stored value as it is.",
                    "Valid rows are imported even when others are rejected; each reject names its row, field and "
                            + "reason. Importing the same file again changes nothing; staff missing from the file "
                            + "are left alone."})
    static class Import extends FileImportCommand {
        @Option(names = "--end-missing", description = {"The file is complete for --unit: its staff (and its sub-units') who are not in the",
                "file end from --from (default today) for --reason (default LAINNYA). They are listed first; with --dry-run",
                "nobody is ended; if the file has rejected rows nobody is ended either."})
        boolean endMissing;
        @Option(names = "--unit", paramLabel = "CODE", description = "With --end-missing: the unit the file is complete for.") String unit;
        @Option(names = "--from", paramLabel = "DATE", description = "With --end-missing: the first day without work.") LocalDate from;
        @Option(names = "--reason", paramLabel = "REASON", defaultValue = "LAINNYA", completionCandidates = Candidates.EndReasons.class,
                description = "With --end-missing: PENSIUN, MUTASI, MENINGGAL, BERHENTI, DIBERHENTIKAN or LAINNYA.") String reason;
        @Option(names = "--yes", description = "With --end-missing: end them without asking (required when not run from a terminal).") boolean yes;
        @Option(names = "--preset", paramLabel = "LAYOUT", description = {"Read a known layout's column names without --map:",
                "siasn = BKN SIASN's fields (nipBaru, nik, nama, gelarDepan, gelarBelakang, jenisPegawaiNama, jabatanNama,",
                "unorNama as the unit's code or name). A --map for the same field wins."}) StaffLayout preset;

        @Override
        String what() {
            return "Staff";
        }

        @Override
        void afterImport(Database database) {
            Placement.warnUnplaced(database, spec);
        }

        @Override
        public Integer call() throws Exception {
            if (preset != null) {
                options.renames = new LinkedHashMap<>(preset.renames(options.renames()));
            }
            if (!endMissing) {
                return super.call();
            }
            if (unit == null) {
                throw new IllegalArgumentException("--end-missing needs --unit CODE: the unit the file is complete for");
            }
            LocalDate date = from == null ? LocalDate.now(TimeZones.DEFAULT) : from;
            EndReason why = EndReason.parse(reason);
            Set<String> inFile = StaffFileKeys.read(options);
            java.util.List<EmployeeStore.Employee> missing = db.read(d -> new StaffChanges(d.jdbi()).missingFrom(inFile, unit));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%d staff of %s (and its sub-units) are not in the file and would end from %s (%s)%s%n", missing.size(),
                    unit.toUpperCase(Locale.ROOT), date, why, missing.isEmpty() ? "." : ":");
            missing.forEach(e -> out.printf("  %s  %s (%s)%n", e.nip() != null ? e.nip() : e.nik(), e.name(), e.unitCode()));
            out.flush();
            int exit = super.call();
            if (options.dryRun || missing.isEmpty()) {
                return exit;
            }
            if (exit != ExitCodes.OK) {
                out.println("Nobody ended: the file has rejected rows, whose staff would look missing. Fix them and import again.");
                return exit;
            }
            if (!Confirmation.consent(yes, "End these " + missing.size() + "? [y/N] ",
                    "imported, but nobody ended of the " + missing.size() + " staff listed")) {
                out.println("Nobody ended.");
                return exit;
            }
            LocalDate today = LocalDate.now(TimeZones.DEFAULT);
            db.change(spec, (jdbi, h, audit) -> {
                new StaffChanges(jdbi).endAll(h, audit, missing, date, why, today);
                return null;
            });
            out.printf("Ended %d employment(s) from %s.%n", missing.size(), date);
            return exit;
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return new StaffImportJob(database).run(options.source(),
                    TerminalProgress.forTerminal(spec.commandLine().getErr(), options.json));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List staff of a unit and the units under it, or of all units.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE", description = "KODE_UNIT; includes its sub-units.") String unit;
        @Option(names = "--include-ended", description = "Also staff whose employment has ended (staff end), with the date and reason.")
        boolean includeEnded;

        private static final Table<Employee> TABLE = Table.of(Employee.class)
                .column("NIP", 18, Employee::nip).column("NIK", 16, Employee::nik).column("JENIS", 5, Employee::type)
                .column("NAMA", 36, Employee::name).exported("NAMA", Employee::name).column("JABATAN", 24, Employee::position)
                .column("KODE_UNIT", 12, Employee::unitCode)
                .column("POLA_KERJA", 10, e -> "SHIFT".equals(e.workPattern()) ? "SHIFT" : "REGULER")
                .column("BERHENTI", 0, e -> e.endedFrom() == null ? null : e.endedFrom() + " " + e.endReason())
                .footer(rows -> String.format("%,d staff", rows.size()));

        @Override
        public Integer call() {
            LocalDate today = LocalDate.now(TimeZones.DEFAULT);
            output.print(spec.commandLine().getOut(), db.read(d -> new StaffDirectory(d.jdbi())
                    .list(Optional.ofNullable(unit).map(String::toUpperCase), includeEnded, today)), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one employee by NIP or NIK.")
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Parameters(paramLabel = "NIP|NIK") String key;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                StaffDirectory staff = new StaffDirectory(database.jdbi());
                var found = staff.find(key);
                PrintWriter out = spec.commandLine().getOut();
                if (found.isEmpty()) {
                    spec.commandLine().getErr().println("presensi staff show: no employee with NIP or NIK " + key);
                    return ExitCodes.FAILED;
                }
                var e = found.get();
                if (json) {
                    Json.print(out, e);
                    return ExitCodes.OK;
                }
                out.printf("NAMA       %s%nJENIS      %s%nNIP        %s%nNIK        %s%nJABATAN    %s%nUNIT       %s (%s)%n"
                                + "POLA_KERJA %s%nAKTIF      %s%n", e.name(), e.type(), dash(e.nip()), dash(e.nik()),
                        dash(e.position()), e.unitName(), e.unitCode(),
                        "SHIFT".equals(e.workPattern()) ? "SHIFT" : "REGULER", active(e, LocalDate.now(TimeZones.DEFAULT)));
                // the transfers (mutasi): the days before each stay in the old unit's recaps
                staff.transfers(key).forEach(m ->
                        out.printf("MUTASI     %s -> %s from %s%n", m.fromUnit(), m.toUnit(), m.effective()));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    /** "ya", or since when and why not: an ended employment, or one ending on a date already recorded. */
    static String active(Employee e, LocalDate today) {
        if (e.endedBy(today)) {
            return "tidak: berhenti sejak " + e.endedFrom() + " (" + e.endReason() + ")";
        }
        if (e.endedFrom() != null) {
            return "ya, berhenti mulai " + e.endedFrom() + " (" + e.endReason() + ")";
        }
        return e.active() ? "ya" : "tidak";
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
