package id.presensi.imports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV written for people, who open it in Excel with Indonesian regional settings: semicolon-separated (the
 * list separator there; a comma is the decimal mark), a UTF-8 byte order mark (without it Excel reads UTF-8 as
 * the local code page and breaks names), CRLF, and long digit strings (NIP, NIK) written as {@code ="..."} so
 * Excel keeps them as text instead of rounding them to 15 digits. Our own imports read such files back as they are.
 */
public final class PeopleCsv {
    public static final char DEFAULT_DELIMITER = ';';
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{12,}");

    private PeopleCsv() {
    }

    /** A printer that has written the byte order mark and the header. */
    public static CSVPrinter open(Appendable out, char delimiter, List<String> header) throws IOException {
        out.append('\ufeff');
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setRecordSeparator("\r\n").get());
        printer.printRecord(header);
        return printer;
    }

    public static void print(CSVPrinter printer, List<?> values) throws IOException {
        printer.printRecord(values.stream().map(PeopleCsv::cell).toList());
    }

    /**
     * A NIP or NIK as Excel keeps it: text. A text that Excel would run as a formula (a name or reason typed as
     * "=HYPERLINK(...)" in a file from anywhere) gets a leading apostrophe, so it stays text. Others as they are.
     */
    public static Object cell(Object value) {
        if (!(value instanceof CharSequence text) || text.isEmpty()) {
            return value;
        }
        if (LONG_DIGITS.matcher(text).matches()) {
            return "=\"" + text + "\"";
        }
        return FORMULA_START.indexOf(text.charAt(0)) >= 0 ? "'" + text : value;
    }

    private static final String FORMULA_START = "=+@\t\r";

    /** --delimiter as operators type it: ';', ',' or 'tab'. */
    public static char delimiter(String text) {
        return switch (text) {
            case ";", ",", "|" -> text.charAt(0);
            case "tab", "\\t", "\t" -> '\t';
            default -> throw new IllegalArgumentException("--delimiter must be ';', ',', '|' or 'tab', got '" + text + "'");
        };
    }
}
