package id.presensi.sheet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Opens a CSV or XLSX file by its extension. */
public final class TableReaders {

    private TableReaders() {
    }

    public static TableReader open(Path file, Optional<String> sheet) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TableFormatException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".xlsx")) {
            return new XlsxTableReader(file, sheet);
        }
        if (name.endsWith(".xls")) {
            throw new TableFormatException(file + ": the old .xls format is not supported; save it as .xlsx or .csv");
        }
        if (sheet.isPresent()) {
            throw new TableFormatException("--sheet applies to XLSX files only, not to " + file);
        }
        return new CsvTableReader(file);
    }
}
