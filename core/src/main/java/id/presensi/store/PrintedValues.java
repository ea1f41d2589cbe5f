package id.presensi.store;

import id.presensi.anomaly.MonthPunches;
import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * The month's accuracies (real) and addresses (inet), which its COPY sends in their binary forms and the signals'
 * messages print as PostgreSQL prints them: each row carries them as keys (their bytes, a char each), and once the
 * month is read the database prints each distinct value, a few hundred of them. Printed for every row in the COPY,
 * they were a third of the database's time on the month (176,000 check-ins: 200 ms with them, 140 without).
 */
final class PrintedValues {
    private static final int PGSQL_AF_INET = 2;

    private PrintedValues() {
    }

    /** The real a key holds: its four bytes, the high one first. */
    static float real(String key) {
        return Float.intBitsToFloat(key.charAt(0) << 24 | key.charAt(1) << 16 | key.charAt(2) << 8 | key.charAt(3));
    }

    /**
     * A text the database reads back as the inet a key holds. The binary form is the family, the mask's bits, whether a
     * cidr, the address's length and its bytes; the database prints it again in its own form (without a host's mask,
     * IPv6 shortened).
     */
    static String inet(String key) {
        int length = key.charAt(3);
        StringBuilder text = new StringBuilder(48);
        if (key.charAt(0) == PGSQL_AF_INET) {
            for (int i = 0; i < length; i++) {
                text.append(i == 0 ? "" : ".").append((int) key.charAt(4 + i));
            }
        } else {
            for (int i = 0; i < length; i += 2) {
                text.append(i == 0 ? "" : ":").append(Integer.toHexString(key.charAt(4 + i) << 8 | key.charAt(5 + i)));
            }
        }
        return text.append('/').append((int) key.charAt(1)).toString();
    }

    /** The reals the keys hold, in their order. */
    static float[] reals(List<String> keys) {
        float[] values = new float[keys.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = real(keys.get(i));
        }
        return values;
    }

    /** Names the month's accuracies and addresses as the database prints them, one statement each (none for none). */
    static void name(Handle h, MonthPunches month) {
        float[] accuracies = reals(month.accuracyKeys());
        month.name(accuracies, printed(h, accuracies), inets(h, month.addressKeys()));
    }

    /** The reals as the database prints them. */
    static List<String> printed(Handle h, float[] values) {
        ArrayLiteral reals = new ArrayLiteral(values.length);
        // sent as doubles, which hold every real exactly and whose text every version reads back exactly ("NaN" and
        // "Infinity" too), then cast to real: no rounding anywhere; the database prints its own text of each
        for (float value : values) {
            reals.add(Double.toString(value));
        }
        return printed(h, "float8", "real", reals);
    }

    /** The inets the keys hold, as the database prints them. */
    static List<String> inets(Handle h, List<String> keys) {
        ArrayLiteral inets = new ArrayLiteral(keys.size());
        keys.forEach(key -> inets.add(inet(key)));
        return printed(h, "inet", "inet", inets);
    }

    private static List<String> printed(Handle h, String sentAs, String type, ArrayLiteral values) {
        if (values.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT CAST(CAST(v AS " + type + ") AS text) FROM unnest(CAST(:values AS " + sentAs + "[])) WITH ORDINALITY AS t(v, i) ORDER BY i")
                .bind("values", values.toString()).mapTo(String.class).list();
    }
}
