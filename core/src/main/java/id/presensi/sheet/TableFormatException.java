package id.presensi.sheet;

/** The file as a whole cannot be read as a table of the expected kind: nothing is imported. */
public class TableFormatException extends RuntimeException {
    public TableFormatException(String message) {
        super(message);
    }

    public TableFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
