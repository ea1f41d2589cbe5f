package id.presensi.cli;

import id.presensi.app.LeaveBalances;
import id.presensi.app.LeaveOpeningBalances;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cuti", mixinStandardHelpOptions = true,
        description = "Cuti tahunan balances: entitlement, carry-over (PP 11/2017 Pasal 313), cuti bersama and leave taken, per employee and year.",
        subcommands = {CutiCommand.Saldo.class, CutiCommand.ImportSaldo.class})
class CutiCommand {

    @Command(name = "saldo", mixinStandardHelpOptions = true,
            description = "The cuti tahunan balance (sisa cuti) of one employee (NIP) or of a unit and its sub-units (--unit).")
    static class Saldo implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Parameters(paramLabel = "NIP|NIK", arity = "0..1") String employee;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--year", description = "The year (this year by default).") Integer year;

        private static final Table<LeaveBalances.Balance> TABLE = Table.of(LeaveBalances.Balance.class)
                .column("NIP/NIK", 18, b -> b.person().key()).exported("NIP_NIK", b -> b.person().key())
                .column("NAMA", 24, b -> b.person().name()).column("KODE_UNIT", 10, b -> b.person().unitCode())
                .column("JENIS", 5, b -> b.person().type()).column("TAHUN", 5, b -> b.year().year())
                .column("HAK", 4, b -> b.year().opening().isPresent() ? "-" : b.year().entitlement())
                .column("SISA_LALU", 9, b -> b.year().opening().isPresent() ? "-" : b.year().carriedOver())
                .column("SALDO_AWAL", 10, b -> b.year().opening().map(Object::toString).orElse("-"))
                .column("CUTI_BERSAMA", 12, b -> b.year().cutiBersamaDays()).column("DIAMBIL", 7, b -> b.year().takenDays())
                .column("SISA", 0, LeaveBalances.Balance::remaining)
                .footer(rows -> Count.of(rows.size(), "employee", "employees"));

        @Override
        public Integer call() {
            if ((employee == null) == (unit == null)) {
                throw new IllegalArgumentException("give either an employee's NIP/NIK or --unit CODE");
            }
            int y = year != null ? year : LocalDate.now().getYear();
            List<LeaveBalances.Balance> rows = db.read(d -> employee != null ? List.of(new LeaveBalances(d.jdbi()).of(employee, y))
                    : new LeaveBalances(d.jdbi()).unit(unit, y));
            output.print(spec.commandLine().getOut(), rows, TABLE);
            if (employee != null && output.table()) {
                spec.commandLine().getOut().printf("Sisa cuti tahunan %d: %d hari%n", y, rows.get(0).remaining());
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "import-saldo", mixinStandardHelpOptions = true,
            description = "Import opening balances from CSV/XLSX: NIP, TAHUN, HAK_CUTI (the days at the start of that year, "
                    + "entitlement and carry-over together), optionally NOMOR_SURAT. Each row is audited; refused rows are listed.")
    static class ImportSaldo implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() {
            var imported = db.change(spec, (jdbi, h, audit) -> FileWork.io(() -> new LeaveOpeningBalances(jdbi).importFile(h, audit, file)));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Opening leave balances from %s: recorded %d, rejected %d%n", file, imported.recorded(), imported.rejects().size());
            return LemburCommand.rejects(out, file, imported.rejects());
        }
    }
}
