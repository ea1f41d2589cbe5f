package id.presensi.cli;

import id.presensi.imports.PeopleCsv;
import picocli.CommandLine.Option;

/** The separator of a CSV written for people: semicolon by default, as Excel with Indonesian settings expects. */
final class DelimiterOption {
    @Option(names = "--delimiter", paramLabel = "; | , | tab", defaultValue = ";",
            description = "Separator of the CSV written (default ';', what Excel with Indonesian settings opens as columns).")
    String delimiter;

    char value() {
        return PeopleCsv.delimiter(delimiter);
    }
}
