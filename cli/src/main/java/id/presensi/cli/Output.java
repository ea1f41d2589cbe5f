package id.presensi.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * How a list command prints its rows: a table for the operator by default, {@code --json} (the records as
 * they are, for scripts) or {@code --csv} (the table's columns under their Indonesian headers, for a
 * spreadsheet). One mixin, so every list offers the same choice and prints it the same way.
 */
final class Output {
    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "Print as JSON.") boolean json;
        @Option(names = "--csv", description = "Print as CSV with the table's headers.") boolean csv;
    }

    boolean json() {
        return format != null && format.json;
    }

    /** Neither --json nor --csv: the operator's table (which a command may lay out its own way, like a roster's matrix). */
    boolean table() {
        return format == null || (!format.json && !format.csv);
    }

    /** Prints the rows in the chosen form; a table ends with its footer (e.g. "12 units"). */
    <T> void print(PrintWriter out, List<T> rows, Table<T> table) {
        print(out, rows, rows, table);
    }

    /** As {@link #print(PrintWriter, List, Table)}, where the JSON keeps a shape the table flattens (a schedule and its days). */
    <T> void print(PrintWriter out, Object json, List<T> rows, Table<T> table) {
        if (json()) {
            Json.print(out, json);
        } else if (format != null && format.csv) {
            csv(out, rows, table);
        } else {
            table.print(out, rows);
        }
        out.flush();
    }

    private static <T> void csv(PrintWriter out, List<T> rows, Table<T> table) {
        try {
            CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(table.csvHeaders().toArray(String[]::new)).get());
            for (T row : rows) {
                printer.printRecord(table.values(row));
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
