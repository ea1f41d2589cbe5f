package id.presensi.cli;

import picocli.CommandLine.Option;

import java.util.Optional;

/** {@code --unit CODE} where it narrows a listing or a report to a unit (and, in the stores, its sub-units). */
final class UnitOption {
    @Option(names = "--unit", paramLabel = "CODE") String code;

    /** The unit code as given; empty without --unit. */
    Optional<String> code() {
        return Optional.ofNullable(code);
    }
}
