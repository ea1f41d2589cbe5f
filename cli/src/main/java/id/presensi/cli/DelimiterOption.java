package id.presensi.cli;

import id.presensi.imports.PeopleCsv;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The separator of a CSV written for people: semicolon by default, as Excel with Indonesian settings expects. */
final class DelimiterOption {
    /** Read when the command line is parsed, so a wrong value stops the command before it changes anything. */
    @Option(names = "--delimiter", paramLabel = "; | , | tab", defaultValue = ";", converter = Delimiter.class,
            description = "Separator of the CSV written (default ';', what Excel with Indonesian settings opens as columns).")
    char delimiter;

    char value() {
        return delimiter;
    }

    static final class Delimiter implements ITypeConverter<Character> {
        @Override
        public Character convert(String text) {
            try {
                return PeopleCsv.delimiter(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
