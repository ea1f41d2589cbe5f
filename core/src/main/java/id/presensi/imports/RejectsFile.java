package id.presensi.imports;

import id.presensi.files.PrivateFiles;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the rejected rows as they were in the source file plus BARIS (row number) and ALASAN (reason)
 * columns, so the operator fixes them in Excel and re-imports only those rows.
 */
public final class RejectsFile {

    private RejectsFile() {
    }

    public static void write(Path file, List<String> header, List<Reject> rejects) throws IOException {
        write(file, header, rejects, PeopleCsv.DEFAULT_DELIMITER);
    }

    /** For Excel (see {@link PeopleCsv}), with the given delimiter. */
    public static void write(Path file, List<String> header, List<Reject> rejects, char delimiter) throws IOException {
        Map<Integer, List<Reject>> byRow = new LinkedHashMap<>();
        rejects.forEach(r -> byRow.computeIfAbsent(r.rowNumber(), k -> new ArrayList<>()).add(r));
        List<String> columns = new ArrayList<>(header);
        columns.add("BARIS");
        columns.add("ALASAN");
        PrivateFiles.writeText(file, out -> {
            CSVPrinter printer = PeopleCsv.open(out, delimiter, columns);
            for (List<Reject> rowRejects : byRow.values()) {
                List<String> source = rowRejects.get(0).sourceRow();
                List<String> values = new ArrayList<>(source.subList(0, Math.min(source.size(), header.size())));
                while (values.size() < header.size()) {
                    values.add("");
                }
                values.add(Integer.toString(rowRejects.get(0).rowNumber()));
                values.add(String.join("; ", rowRejects.stream().map(r -> r.field() + ": " + r.reason()).toList()));
                PeopleCsv.print(printer, values);
            }
            printer.flush();
        });
    }
}
