package id.presensi.cli;

import picocli.CommandLine.Option;

import java.time.LocalDate;

/** {@code --from YYYY-MM-DD --to YYYY-MM-DD}, both required, both days included. */
final class DateRangeOption {
    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD") LocalDate from;
    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD") LocalDate to;

    /** Refuses a range that ends before it starts, for commands whose answer would otherwise be silently empty. */
    DateRangeOption ordered() {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to (" + to + ") is before --from (" + from + ")");
        }
        return this;
    }
}
