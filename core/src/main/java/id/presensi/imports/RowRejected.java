package id.presensi.imports;

import java.util.List;

/** Thrown by a row handler: the row is refused for these reasons; the import goes on with the next row. */
public class RowRejected extends RuntimeException {
    private final List<FieldError> errors;

    public RowRejected(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(e -> e.field() + ": " + e.reason()).toList()));
        this.errors = List.copyOf(errors);
    }

    public RowRejected(String field, String reason) {
        this(List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
