package id.presensi.app;

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
 * ({@link RowRejected}) becomes a {@link Reject} with the file's row number, the field and the reason, built by the
 * same {@link RowRejected#rejects} as the import pipeline's.
 *
 * <p>Why the SPL list, the opening leave balances and the overtime tariffs are not on {@link ImportPipeline}: their
 * messages could not stay as they are. They run inside the operator's audited transaction (the command's
 * {@code Handle} and {@code Audit}, each row through a SECURITY DEFINER function that writes its own audit row) where
 * the pipeline opens a transaction of its own and records an {@code import_run}, whose kind list (and its CHECK)
 * has no such kinds; the tariffs are all rows or none where the pipeline stores the good rows; a file with no rows
 * is an empty result here (tariffs: their own message) but "no rows below the header" there; a header lacking a
 * column is named "the header lacks X; expected columns ..." here but "missing column(s) [X]; the header has ..."
 * by {@link id.presensi.sheet.HeaderMapping}, which also refuses a column named twice where this takes the first;
 * and a refusal by the database is the NIP's, with the function's first line, where the pipeline gives "*" and
 * {@link id.presensi.store.Constraints#explain}.
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
                    rejects.addAll(e.rejects(row));
                }
            }
        }
        return rejects;
    }
}
