package id.presensi.cli;

import id.presensi.text.Text;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The columns of a list as the operator reads it: a header, a width and how to get the value. Values wider
 * than their column are cut with "~" so a long unit name never pushes the next columns out of line; the last
 * column is not padded. Absent values print as "-". Control characters (a phone's device name, a request's reason,
 * a serial sent by anyone: ESC sequences, CR, LF, bidirectional overrides) print as a visible mark, so no value
 * can clear the operator's screen or forge a line.
 */
final class Table<T> {
    private record Column<T>(String header, int width, boolean right, Function<T, Object> value, String csvHeader,
                             Function<T, Object> csvValue) {
        Column(String header, int width, boolean right, Function<T, Object> value) {
            this(header, width, right, value, header, value);
        }

        /** A column only a spreadsheet gets (too wide for a screen, e.g. an audit row's before and after). */
        boolean csvOnly() {
            return header == null;
        }
    }

    private final List<Column<T>> columns = new ArrayList<>();
    private Function<List<T>, String> footer = rows -> null;

    static <T> Table<T> of(Class<T> type) {
        return new Table<>();
    }

    Table<T> column(String header, int width, Function<T, Object> value) {
        columns.add(new Column<>(header, width, false, value));
        return this;
    }

    /** A number column, aligned right. */
    Table<T> number(String header, int width, Function<T, Object> value) {
        columns.add(new Column<>(header, width, true, value));
        return this;
    }

    /**
     * The last column as a spreadsheet wants it, when that differs from what fits on a screen: e.g. the whole
     * local date-time of a check-out after midnight where the table shows its hour.
     */
    Table<T> exported(String csvHeader, Function<T, Object> csvValue) {
        Column<T> last = columns.remove(columns.size() - 1);
        columns.add(new Column<>(last.header(), last.width(), last.right(), last.value(), csvHeader, csvValue));
        return this;
    }

    /** A column in the CSV only. */
    Table<T> csvOnly(String csvHeader, Function<T, Object> csvValue) {
        columns.add(new Column<>(null, 0, false, csvValue, csvHeader, csvValue));
        return this;
    }

    /** The line after the rows, e.g. {@code rows -> rows.size() + " units"}. */
    Table<T> footer(Function<List<T>, String> footer) {
        this.footer = footer;
        return this;
    }

    List<String> csvHeaders() {
        return columns.stream().map(Column::csvHeader).toList();
    }

    /** A row's values for CSV: absent ones empty, numbers as numbers. */
    List<Object> values(T row) {
        return columns.stream().map(c -> unwrap(c.csvValue().apply(row))).map(v -> v == null ? "" : v).toList();
    }

    void print(PrintWriter out, List<T> rows) {
        List<Column<T>> shown = columns.stream().filter(c -> !c.csvOnly()).toList();
        out.println(line(shown, shown.stream().map(Column::header).toList()));
        for (T row : rows) {
            out.println(line(shown, shown.stream().map(c -> text(c.value().apply(row), c.right())).toList()));
        }
        String end = footer.apply(rows);
        if (end != null) {
            out.println(end);
        }
    }

    private static <T> String line(List<Column<T>> columns, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column<T> c = columns.get(i);
            String cell = cells.get(i);
            boolean last = i == columns.size() - 1;
            if (cell.length() > c.width() && !last) {
                cell = cell.substring(0, c.width() - 1) + "~";
            }
            if (i > 0) {
                line.append(' ');
            }
            line.append(last && !c.right() ? cell : String.format("%" + (c.right() ? "" : "-") + c.width() + "s", cell));
        }
        return line.toString().stripTrailing();
    }

    /** Whole numbers in a number column are grouped (1,234); anything else prints as it is, control characters marked. */
    private static String text(Object value, boolean number) {
        Object v = unwrap(value);
        if (v == null || v.toString().isEmpty()) {
            return "-";
        }
        return number && (v instanceof Integer || v instanceof Long) ? String.format("%,d", ((Number) v).longValue()) : Text.printable(v.toString());
    }

    private static Object unwrap(Object value) {
        return value instanceof Optional<?> o ? o.orElse(null) : value;
    }
}
