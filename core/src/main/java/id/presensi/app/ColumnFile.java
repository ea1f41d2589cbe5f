package id.presensi.app;

import id.presensi.imports.FieldError;
import id.presensi.imports.Reject;
import id.presensi.imports.RowRejected;
import id.presensi.sheet.TableFormatException;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;
import id.presensi.sheet.TableRow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV or XLSX file read by its header's column names (any order, any case), row by row; a row its handler refuses
 * ({@link RowRejected}) becomes a {@link Reject} with the file's row number, the field and the reason.
 */
final class ColumnFile {
    interface RowHandler {
        void accept(Row row);
    }

    /** One data row: the cell under a column, by name. */
    record Row(int number, Map<String, String> cells) {
        String required(String column) {
            String v = cells.getOrDefault(column, "").strip();
            if (v.isEmpty()) {
                throw new RowRejected(column, "is empty");
            }
            return v;
        }

        Optional<String> optional(String column) {
            return Optional.ofNullable(cells.get(column)).map(String::strip).filter(s -> !s.isEmpty());
        }
    }

    private ColumnFile() {
    }

    /** Reads every row; refuses the file when a required column is missing. The rejects, in file order. */
    static List<Reject> read(Path file, List<String> required, List<String> optional, RowHandler handler) throws IOException {
        List<Reject> rejects = new ArrayList<>();
        try (TableReader reader = TableReaders.open(file, Optional.empty())) {
            Map<String, Integer> index = new HashMap<>();
            List<String> header = reader.header();
            for (int i = 0; i < header.size(); i++) {
                index.putIfAbsent(header.get(i).strip().toUpperCase(Locale.ROOT).replace(' ', '_'), i);
            }
            List<String> missing = required.stream().filter(c -> !index.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new TableFormatException(file + ": the header lacks " + String.join(", ", missing) + "; expected columns "
                        + String.join(", ", required) + (optional.isEmpty() ? "" : " (and optionally " + String.join(", ", optional) + ")"));
            }
            for (TableRow row = reader.next(); row != null; row = reader.next()) {
                Map<String, String> cells = new HashMap<>();
                for (String c : required) {
                    cells.put(c, row.cell(index.get(c)).text());
                }
                for (String c : optional) {
                    if (index.containsKey(c)) {
                        cells.put(c, row.cell(index.get(c)).text());
                    }
                }
                try {
                    handler.accept(new Row(row.rowNumber(), cells));
                } catch (RowRejected e) {
                    for (FieldError error : e.errors()) {
                        rejects.add(new Reject(row.rowNumber(), error.field(), error.reason(), row.texts()));
                    }
                }
            }
        }
        return rejects;
    }
}
