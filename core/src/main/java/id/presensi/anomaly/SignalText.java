package id.presensi.anomaly;

import java.math.BigDecimal;
import java.util.List;

/**
 * The pieces of a signal's sentence and evidence, written as the signals' SQL wrote them: {@code signal_list} (V29),
 * {@code to_char(..., 'HH24.MI.SS')}, positions as {@code numeric(9, 6)} prints them, and JSON as jsonb prints it (its
 * keys shortest first, a space after each colon and comma), so that a signal found again is known by its text.
 */
final class SignalText {
    private SignalText() {
    }

    /** The first {@code shown} items, then how many more: {@code signal_list(items, shown, separator)}. */
    static String list(List<String> items, int shown, String separator) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(shown, items.size()); i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(items.get(i));
        }
        if (items.size() > shown) {
            text.append(" dan ").append(items.size() - shown).append(" lainnya");
        }
        return text.toString();
    }

    static String list(List<String> items) {
        return list(items, 5, ", ");
    }

    /** A local time of day: HH.MI.SS. */
    static String local(int secondOfDay) {
        char[] t = {digit(secondOfDay / 36_000), digit(secondOfDay / 3_600 % 10), '.', digit(secondOfDay / 600 % 6),
                    digit(secondOfDay / 60 % 10), '.', digit(secondOfDay % 60 / 10), digit(secondOfDay % 10)};
        return new String(t);
    }

    private static char digit(int d) {
        return (char) ('0' + d);
    }

    /** Millionths of a degree as a {@code numeric(9, 6)}: -1.908600. */
    static String degrees(int micro) {
        StringBuilder text = new StringBuilder(12);
        appendDegrees(text, micro);
        return text.toString();
    }

    static void appendDegrees(StringBuilder text, int micro) {
        long v = micro;
        if (v < 0) {
            text.append('-');
            v = -v;
        }
        text.append(v / 1_000_000).append('.');
        String fraction = Long.toString(v % 1_000_000);
        text.append("000000", 0, 6 - fraction.length()).append(fraction);
    }

    /** A point of the evidence: {"at": local, "lat": ..., "lon": ...} (a missing longitude is null). */
    static void appendPoint(StringBuilder json, int secondOfDay, int lat, int lon) {
        json.append("{\"at\": \"").append(local(secondOfDay)).append("\", \"lat\": ");
        appendDegrees(json, lat);
        json.append(", \"lon\": ");
        if (lon == MonthPunches.NONE) {
            json.append("null");
        } else {
            appendDegrees(json, lon);
        }
        json.append('}');
    }

    /** A JSON string, escaped as jsonb prints it. */
    static void appendString(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> json.append('\\').append(c);
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /**
     * A real as jsonb prints it: the number PostgreSQL prints, without an exponent (jsonb holds 1e-05 as 0.00001 and
     * 1.234567e+06 as 1234567), or, for NaN and Infinity, which JSON has no number for, the text. Negative zero (a phone
     * may send -0, which the accuracy's check passes) is 0: jsonb's numeric has no sign for zero, and evidence written
     * otherwise is never found as stored, so the owner's run would write it again every night.
     */
    static void appendReal(StringBuilder json, String printed) {
        if (printed.equals("NaN") || printed.endsWith("Infinity")) {
            appendString(json, printed);
        } else if (printed.equals("-0")) {
            json.append('0');
        } else if (printed.indexOf('e') >= 0) {
            json.append(new BigDecimal(printed).toPlainString());
        } else {
            json.append(printed);
        }
    }
}
