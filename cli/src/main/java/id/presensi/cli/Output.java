package id.presensi.cli;

import id.presensi.imports.PeopleCsv;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * How a list command prints its rows: a table for the operator by default, {@code --json} (the records as
 * they are, for scripts) or {@code --csv} (the table's columns under their Indonesian headers, written for
 * Excel: see {@link PeopleCsv}). One mixin, so every list offers the same choice and prints it the same way.
 */
final class Output {
    @ArgGroup(exclusive = true)
    Format format = new Format();

    @Mixin
    DelimiterOption delimiter;

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
            csv(out, rows, table, delimiter.value());
        } else {
            table.print(out, rows);
        }
        out.flush();
    }

    private static <T> void csv(PrintWriter out, List<T> rows, Table<T> table, char delimiter) {
        try {
            CSVPrinter printer = PeopleCsv.open(out, delimiter, table.csvHeaders());
            for (T row : rows) {
                PeopleCsv.print(printer, table.values(row));
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
