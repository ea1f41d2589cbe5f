package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.rules.Leave;
import id.presensi.store.ImportResult;
import id.presensi.store.LeaveStore;
import id.presensi.store.RulesImports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
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
        @Option(names = "--from", required = true, paramLabel = "DATE") String from;
        @Option(names = "--to", required = true, paramLabel = "DATE") String to;
        @Option(names = "--type", required = true, description = "CT, CS, CB, CM, CAP, CLTN, S, I, DL or TB") String type;
        @Option(names = "--ref", paramLabel = "NOMOR_SURAT", description = "Reference of the leave letter.") String reference;

        @Override
        public Integer call() {
            Leave leave = new Leave(Values.date(from), Values.date(to), RulesImports.leaveType(type), Optional.ofNullable(reference));
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
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--year") Integer year;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                var leave = new LeaveStore(database.jdbi()).list(Optional.ofNullable(unit).map(String::toUpperCase), Optional.ofNullable(year));
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Json.print(out, leave);
                    return ExitCodes.OK;
                }
                out.printf("%-18s %-28s %-10s %-10s %-10s %-5s %s%n", "NIP/NIK", "NAMA", "KODE_UNIT", "MULAI", "SELESAI", "JENIS", "NOMOR_SURAT");
                leave.forEach(l -> out.printf("%-18s %-28.28s %-10s %-10s %-10s %-5s %s%n", l.employeeKey(), l.name(), l.unitCode(),
                        l.from(), l.to(), l.type(), l.reference() == null ? "-" : l.reference()));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the leave of an employee starting on a date.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NIP|NIK") String employee;
        @Option(names = "--from", required = true, paramLabel = "DATE") String from;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            var day = Values.date(from);
            if (!confirmation.approve(spec, db.read(d -> new LeaveStore(d.jdbi()).removalImpact(employee, day)))) {
                return confirmation.declined();
            }
            boolean removed = db.change(spec, (jdbi, h, audit) -> new LeaveStore(jdbi).remove(h, audit, employee, day));
            return Removal.report(spec, removed, "leave of " + employee + " starting " + day);
        }
    }
}
