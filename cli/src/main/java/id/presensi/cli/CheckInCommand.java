package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.store.CheckInStore.Attempt;
import id.presensi.store.CheckInStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "checkin", mixinStandardHelpOptions = true,
        description = "Check-in attempts as received, accepted or refused with the reason: what an OPD admin looks at when staff say it failed.",
        subcommands = CheckInCommand.List.class)
class CheckInCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the attempts of a day (by their official time, in the unit's zone).")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") LocalDate date;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit and its sub-units.") String unit;
        @Option(names = "--employee", paramLabel = "NIP|NIK") String employee;
        @Option(names = "--refused", description = "Only refused attempts.") boolean refused;

        private static final Table<Attempt> TABLE = Table.of(Attempt.class)
                .column("WAKTU", 19, Attempt::at).column("NIP/NIK", 18, Attempt::employeeKey).column("NAMA", 22, Attempt::name)
                .column("JENIS", 5, Attempt::type).column("HASIL", 17, a -> a.accepted() ? "diterima" : a.reason().orElse("ditolak"))
                .column("PESAN", 0, Attempt::message)
                .footer(rows -> String.format("%,d attempts", rows.size()));

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                var rows = new CheckInStore(database.jdbi()).attempts(date, Optional.ofNullable(unit).map(String::toUpperCase),
                        Optional.ofNullable(employee).map(e -> e.replace(" ", "")), refused);
                output.print(spec.commandLine().getOut(), rows, TABLE);
                return ExitCodes.OK;
            }
        }
    }
}
