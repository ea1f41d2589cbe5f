package id.presensi.imports;

import id.presensi.sheet.Cell;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reads the fields of one row, collecting every fault so the operator sees them all at once. */
public final class RowFields {
    private final TableRow row;
    private final HeaderMapping columns;
    private final List<FieldError> errors = new ArrayList<>();

    public RowFields(TableRow row, HeaderMapping columns) {
        this.row = row;
        this.columns = columns;
    }

    public String text(String field) {
        return cell(field).text().strip();
    }

    /** The cell as read, for a rule that needs more than its text (a NIP a spreadsheet holds as a number). */
    public Cell cell(String field) {
        return columns.cell(row, field);
    }

    /** The row number the operator sees in the file. */
    public int rowNumber() {
        return row.rowNumber();
    }

    /** A required field; null (with the fault recorded) when empty or unreadable. */
    public <T> T required(String field, Function<String, T> parse) {
        String text = text(field);
        if (text.isEmpty()) {
            errors.add(new FieldError(field, "is empty"));
            return null;
        }
        return parse(field, text, parse);
    }

    public <T> Optional<T> optional(String field, Function<String, T> parse) {
        String text = text(field);
        return text.isEmpty() ? Optional.empty() : Optional.ofNullable(parse(field, text, parse));
    }

    private <T> T parse(String field, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    /** Builds a value from fields read so far, blaming {@code field} if the value's own rules refuse it. */
    public <T> T build(String field, Supplier<T> build) {
        check();
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new RowRejected(field, e.getMessage());
        }
    }

    /** Refuses the row if any field was at fault. */
    public void check() {
        if (!errors.isEmpty()) {
            throw new RowRejected(errors);
        }
    }
}
