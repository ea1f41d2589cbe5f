package id.presensi.cli;

import id.presensi.app.MonthClosing;
import id.presensi.attendance.ClosedMonth;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.YearMonth;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "month", mixinStandardHelpOptions = true,
        description = {"Closing a month (tutup buku) once its recap has gone to payroll: afterwards no leave, roster, punch, correction or",
                "reconciliation changes its days until BKPSDM reopens it."},
        subcommands = {MonthCommand.Close.class, MonthCommand.Reopen.class, MonthCommand.List.class})
class MonthCommand {

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a month for a unit (and its sub-units) or, without --unit, the regency.")
    static class Close implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "YYYY-MM") YearMonth month;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        @Override
        public Integer call() {
            boolean closed = db.change(spec, (jdbi, h, audit) -> new MonthClosing(jdbi).close(h, audit, month, Optional.ofNullable(unit)));
            spec.commandLine().getOut().printf(closed ? "Closed %s for %s.%n" : "%s was already closed for %s.%n", month,
                    unit == null ? "the whole regency" : "unit " + unit.toUpperCase(Locale.ROOT));
            return ExitCodes.OK;
        }
    }

    @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Reopen a closed month (BKPSDM), saying why; audited.")
    static class Reopen implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "YYYY-MM") YearMonth month;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

        @Override
        public Integer call() {
            String why = MonthClosing.reason(reason);
            boolean reopened = db.change(spec, (jdbi, h, audit) ->
                    new MonthClosing(jdbi).reopen(h, audit, month, Optional.ofNullable(unit), why));
            if (!reopened) {
                spec.commandLine().getErr().printf("presensi month reopen: error: %s is not closed for %s%n", month,
                        unit == null ? "the whole regency" : "unit " + unit);
                return ExitCodes.FAILED;
            }
            spec.commandLine().getOut().printf("Reopened %s.%n", month);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Closed months.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;

        private static final Table<ClosedMonth> TABLE = Table.of(ClosedMonth.class)
                .column("BULAN", 8, ClosedMonth::month).column("KODE_UNIT", 10, c -> c.unitCode().orElse("(semua)"))
                .column("DITUTUP_OLEH", 16, ClosedMonth::closedBy).column("PADA", 0, c -> c.closedAt().atZone(TimeZones.DEFAULT).toLocalDateTime().withNano(0))
                .footer(rows -> Count.of(rows.size(), "closed month", "closed months"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new MonthClosing(d.jdbi()).list()), TABLE);
            return ExitCodes.OK;
        }
    }
}
