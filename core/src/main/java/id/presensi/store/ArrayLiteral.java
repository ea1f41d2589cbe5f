package id.presensi.store;

/**
 * A one-dimensional PostgreSQL array literal ({@code {a,"b c",NULL}}), built as text and cast by the statement
 * ({@code ?::text[]}): one string per column of a batch, where a driver array costs an object per element and a
 * second encoding pass.
 */
final class ArrayLiteral {
    private final StringBuilder text;
    private boolean empty = true;

    ArrayLiteral(int elements) {
        this.text = new StringBuilder(2 + elements * 24).append('{');
    }

    /** An element whose text needs no quoting (a number, a boolean, a UUID, an ISO time), or null. */
    void add(String plain) {
        separate();
        text.append(plain == null ? "NULL" : plain);
    }

    /** Any text, or null: quoted, with its quotes and backslashes escaped. */
    void addText(String value) {
        separate();
        if (value == null) {
            text.append("NULL");
            return;
        }
        text.append('"');
        if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) { // nearly always: whole, not a character at a time
            text.append(value).append('"');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\') {
                text.append('\\');
            }
            text.append(ch);
        }
        text.append('"');
    }

    boolean isEmpty() {
        return empty;
    }

    private void separate() {
        if (!empty) {
            text.append(',');
        }
        empty = false;
    }

    @Override
    public String toString() {
        return text + "}";
    }
}
