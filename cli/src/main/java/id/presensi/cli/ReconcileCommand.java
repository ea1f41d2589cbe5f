package id.presensi.cli;

import id.presensi.attendance.StatusBands;
import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.jobs.reconcile.ReconcileJob;
import id.presensi.jobs.reconcile.ReconcileRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "reconcile", mixinStandardHelpOptions = true, description = {
        "Turn check-ins into one attendance record per employee per day (H, TL1-4, PSW1-4, TK, leave codes, LIBUR).",
        "Running it again replaces the records (a late leave entry or roster fix is picked up); a run that was killed or",
        "failed is finished by running the same command again. An OPD admin reconciles only today and the 7 days before it",
        "(the days the nightly run reconciles again); older days are BKPSDM's."})
class ReconcileCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    @ArgGroup(multiplicity = "1") Days days;
    @Option(names = "--unit", paramLabel = "CODE", description = "Only this unit and its sub-units.") String unit;
    @Option(names = "--threads", defaultValue = "4", description = "Parallel partitions (default 4).") int threads;
    @Option(names = "--bands", defaultValue = "30,60,90", paramLabel = "M1,M2,M3",
            description = "Upper bounds in minutes of TL/PSW bands 1-3 (default 30,60,90).") String bands;
    @Option(names = "--no-signals", description = "Skip recomputing the titip-absen signals of these days (report anomalies); the nightly run computes them.")
    boolean noSignals;
    @Option(names = "--skip-closed", description = {"Reconcile the days outside closed months and list the closed days left out",
            "(the nightly job's late-data window). Without it, a range touching a closed month is refused."})
    boolean skipClosed;

    static class Days {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD") LocalDate date;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static class Range {
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD") LocalDate from;
        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD") LocalDate to;
    }

    @Override
    public Integer call() throws Exception {
        LocalDate from = days.date != null ? days.date : days.range.from;
        LocalDate to = days.date != null ? from : days.range.to;
        String[] parts = bands.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--bands needs three numbers, e.g. 30,60,90");
        }
        StatusBands statusBands = new StatusBands(new int[] {Values.wholeNumber(parts[0]), Values.wholeNumber(parts[1]), Values.wholeNumber(parts[2])});
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be 1 to 64");
        }
        ReconcileRequest request = new ReconcileRequest(from, to, Optional.ofNullable(unit).map(String::toUpperCase), statusBands, threads,
                Instant.now(), !noSignals);
        long started = System.nanoTime();
        try (Database database = db.open(threads + 4, Duration.ofSeconds(15))) {
            PrintWriter out = spec.commandLine().getOut();
            if (!skipClosed) {
                print(out, new ReconcileJob(database).run(request), started);
                return ExitCodes.OK;
            }
            ReconcileJob.OpenDays done = new ReconcileJob(database).runOpenDays(request);
            for (ReconcileJob.Result result : done.runs()) {
                print(out, result, started);
            }
            for (ReconcileJob.Skipped s : done.skipped()) {
                out.printf("Skipped %s..%s: month %s is closed%s (BKPSDM can reopen it: presensi month reopen)%n", s.from(), s.to(),
                        s.closed().month(), s.closed().unitCode().map(u -> " for " + u).orElse(""));
            }
            if (done.runs().isEmpty()) {
                out.printf("Nothing to reconcile: every day of %s..%s lies in a closed month.%n", from, to);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private void print(PrintWriter out, ReconcileJob.Result result, long started) {
        out.printf("Reconciled %s..%s%s: %,d employees, %,d records in %.1f s%s%n", result.from(), result.to(),
                unit == null ? "" : " for " + unit.toUpperCase(), result.employees(), result.records(), (System.nanoTime() - started) / 1e9,
                result.restarted() ? " (finished an interrupted run)" : "");
        result.byCode().forEach((code, n) -> out.printf("  %-6s %,d%n", code, n));
        out.flush();
    }
}
