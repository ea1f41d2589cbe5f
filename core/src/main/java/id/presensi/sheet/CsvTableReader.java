package id.presensi.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * CSV as payroll systems and Excel write it: comma or semicolon (Indonesian-locale Excel uses semicolons)
 * or tab, detected from the header line; in the encoding {@link FileKind} found (UTF-8 with or without BOM,
 * UTF-16 "Unicode text", Windows-1252); CRLF or LF; quoted fields; {@code ="..."} cells (how our own CSV keeps a
 * NIP as text in Excel) read as their text.
 */
final class CsvTableReader implements TableReader {

    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final long size;
    private final CountingInputStream counted;

    private final FileKind kind;

    CsvTableReader(Path file, FileKind kind) throws IOException {
        this.file = file;
        this.kind = kind;
        this.size = Files.size(file);
        this.counted = new CountingInputStream(Files.newInputStream(file));
        counted.skipNBytes(kind.bomLength());
        BufferedReader reader = new BufferedReader(new InputStreamReader(counted, kind.charset().orElseThrow()), 1 << 16);
        reader.mark(1 << 16);
        String firstLine = reader.readLine();
        if (firstLine == null || firstLine.isBlank()) {
            reader.close();
            throw new TableFormatException(file + ": the file is empty; expected a header row");
        }
        reader.reset();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(detectDelimiter(firstLine))
                .setIgnoreEmptyLines(true).get();
        this.parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        this.records = parser.iterator();
        this.header = records.next().toList().stream().map(h -> unwrapFormula(h.strip())).toList();
    }

    static char detectDelimiter(String headerLine) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (char c : headerLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                switch (c) {
                    case ',' -> commas++;
                    case ';' -> semicolons++;
                    case '\t' -> tabs++;
                    default -> { }
                }
            }
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /** A text file read in anything but UTF-8 says so: the operator should know how the names were read. */
    @Override
    public Optional<String> readAs() {
        return kind.charset().filter(c -> !c.equals(StandardCharsets.UTF_8)).map(c -> kind.description());
    }

    private static String unwrapFormula(String value) {
        return value.length() >= 3 && value.startsWith("=\"") && value.endsWith("\"") ? value.substring(2, value.length() - 1) : value;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public TableRow next() throws IOException {
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                List<Cell> cells = new ArrayList<>(record.size());
                for (String value : record) {
                    cells.add(Cell.text(unwrapFormula(value)));
                }
                TableRow row = new TableRow(Math.toIntExact(record.getRecordNumber()), cells);
                if (!row.isBlank()) {
                    return row;
                }
            }
            return null;
        } catch (UncheckedIOException e) {
            throw new TableFormatException(file + " near row " + (parser.getRecordNumber() + 1) + ": "
                    + e.getCause().getMessage(), e);
        }
    }

    @Override
    public double progress() {
        return size == 0 ? 1 : Math.min(1.0, (double) counted.count / size);
    }

    /** Counts the bytes read, for progress; the readers above it buffer ahead, which is close enough. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    @Override
    public String source() {
        return file.toString();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
