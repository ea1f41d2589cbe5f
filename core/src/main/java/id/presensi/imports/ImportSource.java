package id.presensi.imports;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where a file comes from and how to read it: the sheet of a workbook, column renames, a dry run, a text encoding. */
public record ImportSource(Path file, Optional<String> sheet, Map<String, String> renames, boolean dryRun, Optional<Charset> encoding) {
    /** A file whose encoding is detected. */
    public ImportSource(Path file, Optional<String> sheet, Map<String, String> renames, boolean dryRun) {
        this(file, sheet, renames, dryRun, Optional.empty());
    }
}
