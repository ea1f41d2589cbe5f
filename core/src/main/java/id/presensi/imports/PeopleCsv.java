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
     * A cell as Excel should read it. A NIP or NIK (12 or more digits, nothing else) is written as the formula
     * {@code ="..."} on purpose: the only formula we ever write, so Excel keeps it as text instead of rounding it to
     * 15 digits. Any other text starting with a character Excel reads as a formula ({@code = + - @}, TAB, CR) gets a
     * leading apostrophe (OWASP's advice against CSV injection), so a name, reason or device name typed as
     * {@code -2+3+cmd|' /C calc'!A0} or {@code =HYPERLINK(...)} stays text. Two kinds are left as they are because
     * Excel cannot run them: numbers (a value of a numeric type, or text that is only a signed decimal number such
     * as a latitude of -8.5 or a deduction of -1,5: a number we wrote, which must stay a number), and a lone "-"
     * (our placeholder for nothing). Other values as they are.
     */
    public static Object cell(Object value) {
        if (value == null || value instanceof Number) {
            return value;
        }
        String text = value.toString(); // as the printer would write it: any object a table hands over is checked
        if (text.isEmpty()) {
            return value;
        }
        if (LONG_DIGITS.matcher(text).matches()) {
            return "=\"" + text + "\"";
        }
        if (FORMULA_START.indexOf(text.charAt(0)) < 0 || PLAIN_NUMBER.matcher(text).matches() || text.equals("-")) {
            return value;
        }
        return "'" + text;
    }

    private static final String FORMULA_START = "=+-@\t\r";
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?\\d{1,15}([.,]\\d{1,15})?");

    /** --delimiter as operators type it: ';', ',' or 'tab'. */
    public static char delimiter(String text) {
        return switch (text) {
            case ";", ",", "|" -> text.charAt(0);
            case "tab", "\\t", "\t" -> '\t';
            default -> throw new IllegalArgumentException("--delimiter must be ';', ',', '|' or 'tab', got '" + text + "'");
        };
    }
}
