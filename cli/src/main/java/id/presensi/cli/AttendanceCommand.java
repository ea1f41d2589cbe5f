package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.store.AttendanceStore.Listed;
import id.presensi.store.AttendanceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "attendance", mixinStandardHelpOptions = true, description = "Daily attendance records made by reconcile.",
        subcommands = AttendanceCommand.List.class)
class AttendanceCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List records of a date range, a unit (and sub-units) or an employee.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Mixin DateRangeOption days;
        @Mixin UnitOption unit;
        @Option(names = "--employee", paramLabel = "NIP|NIK") String employee;

        private static final Table<Listed> TABLE = Table.of(Listed.class)
                .column("NIP/NIK", 18, Listed::employeeKey).exported("NIP_NIK", Listed::employeeKey)
                .column("NAMA", 24, Listed::name).column("KODE_UNIT", 10, Listed::unitCode)
                .column("TANGGAL", 10, Listed::date).column("STATUS", 9, r -> String.join(" ", r.codes()))
                .column("MASUK", 5, r -> hour(r.firstIn())).exported("MASUK", Listed::firstIn)
                .column("PULANG", 6, r -> hour(r.lastOut())).exported("PULANG", Listed::lastOut)
                .number("TL", 4, Listed::lateMin).exported("MENIT_TERLAMBAT", Listed::lateMin)
                .number("PSW", 4, Listed::earlyMin).exported("MENIT_PULANG_CEPAT", Listed::earlyMin)
                .column("TANDA", 14, r -> String.join(" ", r.flags())).column("KETERANGAN", 0, Listed::explanation)
                .footer(rows -> Count.of(rows.size(), "record", "records"));

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                var rows = new AttendanceStore(database.jdbi()).list(days.from, days.to, unit.code().map(String::toUpperCase),
                        Optional.ofNullable(employee).map(e -> e.replace(" ", "")));
                output.print(spec.commandLine().getOut(), rows, TABLE);
                return ExitCodes.OK;
            }
        }

        private static String hour(Optional<LocalDateTime> t) {
            return t.map(v -> v.toLocalTime().toString().substring(0, 5)).orElse(null);
        }
    }
}
