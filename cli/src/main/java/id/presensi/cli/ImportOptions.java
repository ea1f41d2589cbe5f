package id.presensi.cli;

import id.presensi.imports.ImportSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The file options every import shares. */
public class ImportOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "CSV (comma or semicolon) or XLSX file.")
    Path file;

    @Option(names = "--sheet", paramLabel = "NAME", description = "XLSX sheet to read (default: the first).")
    String sheet;

    @Option(names = "--map", paramLabel = "SOURCE=FIELD",
            description = "Read column SOURCE as FIELD, for other layouts, e.g. --map \"NIP BARU=NIP\". Repeatable.")
    Map<String, String> renames = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Check the file and report what would change, without changing anything.")
    boolean dryRun;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Write rejected rows, as they were, plus BARIS (row) and ALASAN (reason), to this CSV.")
    Path rejectsFile;

    @Mixin
    DelimiterOption delimiter;

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "The text encoding of a CSV file (default: detected: a byte order mark decides, else UTF-8 when the file "
                    + "is valid UTF-8, else Windows-1252), e.g. --encoding windows-1252.")
    Charset encoding;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    ImportSource source() {
        return new ImportSource(file, sheet(), renames(), dryRun, encoding());
    }

    Optional<Charset> encoding() {
        return Optional.ofNullable(encoding);
    }

    Optional<String> sheet() {
        return Optional.ofNullable(sheet);
    }

    Map<String, String> renames() {
        renames.forEach((from, to) -> {
            if (from.isBlank() || to.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--map needs SOURCE=FIELD, got '" + from + "=" + to + "'");
            }
        });
        return renames;
    }
}
