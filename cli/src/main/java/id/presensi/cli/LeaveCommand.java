package id.presensi.cli;

import id.presensi.app.LeaveEntries;
import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.rules.Leave;
import id.presensi.rules.LeaveEntry;
import id.presensi.rules.LeaveType;
import id.presensi.store.ImportResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "leave", mixinStandardHelpOptions = true,
        description = "Leave and absence (cuti, sakit, izin, dinas luar, tugas belajar) of employees.",
        subcommands = {LeaveCommand.Add.class, LeaveCommand.Import.class, LeaveCommand.List.class, LeaveCommand.Remove.class})
class LeaveCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Record leave for one employee (changes the leave starting that day).")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NIP|NIK") String employee;
        @Option(names = "--from", required = true, paramLabel = "DATE") LocalDate from;
        @Option(names = "--to", required = true, paramLabel = "DATE") LocalDate to;
        @Option(names = "--type", required = true, completionCandidates = Candidates.LeaveTypes.class,
                description = "CT, CS, CB, CM, CAP, CLTN, S, I, DL or TB") String type;
        @Option(names = "--ref", paramLabel = "NOMOR_SURAT", description = "Reference of the leave letter.") String reference;

        @Override
        public Integer call() {
            Leave leave = new Leave(from, to, LeaveType.parse(type), Optional.ofNullable(reference));
            var change = db.change(spec, (jdbi, h, audit) -> new LeaveEntries(jdbi).put(h, audit, employee, leave));
            spec.commandLine().getOut().printf("%s %s %s..%s: %s%n", employee, leave.type(), leave.from(), leave.to(),
                    change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import leave from CSV/XLSX: NIP or NIK, TANGGAL_MULAI, TANGGAL_SELESAI, JENIS_CUTI, NOMOR_SURAT.")
    static class Import extends FileImportCommand {
        @Override
        String what() {
            return "Leave";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return rules.leave(options.source());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List leave of a unit (and its sub-units) or of all.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--year") Integer year;

        private static final Table<LeaveEntry> TABLE = Table.of(LeaveEntry.class)
                .column("NIP/NIK", 18, LeaveEntry::employeeKey).exported("NIP_NIK", LeaveEntry::employeeKey)
                .column("NAMA", 28, LeaveEntry::name).column("KODE_UNIT", 10, LeaveEntry::unitCode)
                .column("MULAI", 10, LeaveEntry::from).exported("TANGGAL_MULAI", LeaveEntry::from)
                .column("SELESAI", 10, LeaveEntry::to).exported("TANGGAL_SELESAI", LeaveEntry::to)
                .column("JENIS", 5, LeaveEntry::type).exported("JENIS_CUTI", LeaveEntry::type)
                .column("NOMOR_SURAT", 0, LeaveEntry::reference)
                .footer(rows -> Count.of(rows.size(), "leave entry", "leave entries"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new LeaveEntries(d.jdbi())
                    .list(Optional.ofNullable(unit).map(String::toUpperCase), Optional.ofNullable(year))), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the leave of an employee starting on a date.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NIP|NIK") String employee;
        @Option(names = "--from", required = true, paramLabel = "DATE") LocalDate from;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            var day = from;
            return Removal.confirmed(spec, db, confirmation, jdbi -> new LeaveEntries(jdbi).removalImpact(employee, day),
                    (jdbi, h, audit) -> new LeaveEntries(jdbi).remove(h, audit, employee, day), "leave of " + employee + " starting " + day);
        }
    }
}
