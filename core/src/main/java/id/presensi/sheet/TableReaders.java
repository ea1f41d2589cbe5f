package id.presensi.sheet;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Opens a CSV or XLSX file by what its bytes are, whatever its name says. */
public final class TableReaders {

    private TableReaders() {
    }

    public static TableReader open(Path file, Optional<String> sheet) throws IOException {
        return open(file, sheet, Optional.empty());
    }

    /** With {@code encoding} the operator's choice for a text file (--encoding), else detected. */
    public static TableReader open(Path file, Optional<String> sheet, Optional<Charset> encoding) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TableFormatException(file + ": no such file");
        }
        if (Files.size(file) == 0) {
            throw new TableFormatException(file + ": the file is empty; expected a header row");
        }
        FileKind kind = FileKind.of(file, encoding);
        return switch (kind.kind()) {
            case NOT_A_TABLE -> throw new TableFormatException(file + " is " + kind.description() + "; nothing was imported");
            case XLSX -> new XlsxTableReader(file, sheet);
            case TEXT -> {
                if (sheet.isPresent()) {
                    throw new TableFormatException("--sheet applies to XLSX files only, not to " + file);
                }
                yield new CsvTableReader(file, kind);
            }
        };
    }
}
