package id.presensi.sheet;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Reads a CSV file or an XLSX sheet row by row, skipping blank rows, without holding the file in memory. */
public interface TableReader extends Closeable {

    /** The header row as written in the file. */
    List<String> header();

    /** The next non-blank data row, or null at the end. */
    TableRow next() throws IOException;

    /** The file (and sheet) being read, for messages. */
    String source();

    /** The encoding a text file was read in, when it was not UTF-8 ("Windows-1252"): worth telling the operator. */
    default Optional<String> readAs() {
        return java.util.Optional.empty();
    }

    /** How much of the file has been read, from 0 to 1, or -1 when the format cannot tell. */
    default double progress() {
        return -1;
    }
}
