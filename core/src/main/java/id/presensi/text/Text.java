package id.presensi.text;

/**
 * Free text from outside (a phone's device name, a request's reason, a machine's serial) made safe to store
 * and to show on an operator's terminal: control characters are what turn text into terminal commands
 * ({@code ESC[2J} clears the screen), forged lines (CR, LF) or text that reads backwards (bidirectional
 * overrides). Nothing a person types on a phone needs them.
 */
public final class Text {
    private Text() {
    }

    /** Free text as stored: control and formatting characters removed, a line break becomes a space, trimmed. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n' || c == '\r' || c == '\t') {
                clean.append(' ');
            } else if (!unsafe(c)) {
                clean.appendCodePoint(c);
            }
        });
        return clean.toString().strip();
    }

    /**
     * As {@link #clean}, for a field that must not turn empty (a device's name, a request's reason): when nothing
     * but control characters was sent, each is kept as a visible mark instead.
     */
    public static String cleanOrMarked(String text) {
        String clean = clean(text);
        return clean == null || !clean.isEmpty() ? clean : printable(text).strip();
    }

    /** Text for a terminal line: each unsafe character shown as a visible mark instead of acted on. */
    public static String printable(String text) {
        if (text == null || text.codePoints().noneMatch(Text::unsafe)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> shown.appendCodePoint(unsafe(c) ? '\uFFFD' : c));
        return shown.toString();
    }

    /**
     * C0 and C1 controls (TAB, CR and LF included), DEL, and the invisible characters that reorder or hide text:
     * bidirectional embeddings, overrides and isolates, and the line and paragraph separators.
     */
    public static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E || c == 0x200F || c == 0x061C || c == 0x2028 || c == 0x2029;
    }
}
