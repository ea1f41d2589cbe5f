package id.presensi.imports;

import id.presensi.sheet.TableRow;

import java.util.List;

/**
 * Thrown by a row handler: the row is refused for these reasons; the import goes on with the next row. It carries no
 * stack trace: it is the answer for a bad row, never a fault to trace, and a million-row file may hold many.
 */
public class RowRejected extends RuntimeException {
    private final List<FieldError> errors;

    public RowRejected(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(e -> e.field() + ": " + e.reason()).toList()), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public RowRejected(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The row's rejects, one per fault, each with the row as it was in the file. */
    public List<Reject> rejects(TableRow row) {
        List<String> source = row.texts();
        return errors.stream().map(e -> new Reject(row.rowNumber(), e.field(), e.reason(), source)).toList();
    }
}
