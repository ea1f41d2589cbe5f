package id.presensi.cli;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.store.AnomalyStore;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "signal", mixinStandardHelpOptions = true,
        description = "Titip-absen signals (report anomalies lists them): mark one reviewed (sudah diperiksa) with a note.",
        subcommands = {SignalCommand.Review.class})
class SignalCommand {

    @Command(name = "review", mixinStandardHelpOptions = true, description = {
            "Mark a signal reviewed (sudah diperiksa) with a note saying what was checked; audited.",
            "A signal is named as report anomalies lists it: NIP/NIK, TANGGAL and JENIS. Reviewing it again replaces the note."})
    static class Review implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NIP|NIK") String employee;
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") LocalDate date;
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}.") AnomalyKind kind;
        @Option(names = "--note", required = true, paramLabel = "TEXT") String note;

        @Override
        public Integer call() {
            if (note.isBlank() || note.strip().length() > 500) {
                throw new IllegalArgumentException("--note must say what was checked, in at most 500 characters");
            }
            AnomalyStore.Review review = db.change(spec, (jdbi, h, audit) -> AnomalyStore.review(h, audit, employee, date, kind, note.strip()));
            spec.commandLine().getOut().printf("Signal %s of %s on %s marked reviewed (sudah diperiksa) by %s at %s WITA.%n", kind,
                    employee.replace(" ", ""), date, review.by(), TimeZones.local(review.at()));
            return ExitCodes.OK;
        }
    }
}
