package id.presensi.cli;

import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.rules.Leave;
import id.presensi.rules.LeaveType;
import id.presensi.store.ImportResult;
import id.presensi.store.LeaveStore;
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
            var change = db.change(spec, (jdbi, h, audit) -> new LeaveStore(jdbi).upsert(h, audit, employee, leave));
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

        private static final Table<LeaveStore.Entry> TABLE = Table.of(LeaveStore.Entry.class)
                .column("NIP/NIK", 18, LeaveStore.Entry::employeeKey).exported("NIP_NIK", LeaveStore.Entry::employeeKey)
                .column("NAMA", 28, LeaveStore.Entry::name).column("KODE_UNIT", 10, LeaveStore.Entry::unitCode)
                .column("MULAI", 10, LeaveStore.Entry::from).exported("TANGGAL_MULAI", LeaveStore.Entry::from)
                .column("SELESAI", 10, LeaveStore.Entry::to).exported("TANGGAL_SELESAI", LeaveStore.Entry::to)
                .column("JENIS", 5, LeaveStore.Entry::type).exported("JENIS_CUTI", LeaveStore.Entry::type)
                .column("NOMOR_SURAT", 0, LeaveStore.Entry::reference)
                .footer(rows -> Count.of(rows.size(), "leave entry", "leave entries"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new LeaveStore(d.jdbi())
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
            return Removal.confirmed(spec, db, confirmation, jdbi -> new LeaveStore(jdbi).removalImpact(employee, day),
                    (jdbi, h, audit) -> new LeaveStore(jdbi).remove(h, audit, employee, day), "leave of " + employee + " starting " + day);
        }
    }
}
