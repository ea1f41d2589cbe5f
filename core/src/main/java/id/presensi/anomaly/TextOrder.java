package id.presensi.anomaly;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the database orders text (its default collation), which decides the order of a message's lists: the signals'
 * SQL listed addresses, colleagues, positions and places with {@code array_agg(DISTINCT ...)}, sorted so. In the C
 * collation (the embedded server's) that is code point order; under another, the database ranks the texts.
 */
public interface TextOrder extends Comparator<String> {

    /** Code point order: the C collation's byte order of UTF-8. */
    TextOrder CODE_POINTS = TextOrder::compareCodePoints;

    /** The order of a database's collation, given as each text's rank; texts never ranked go by code points after them. */
    static TextOrder ranked(Map<String, Integer> ranks) {
        return (a, b) -> {
            Integer ra = ranks.get(a);
            Integer rb = ranks.get(b);
            if (ra != null && rb != null) {
                return Integer.compare(ra, rb);
            }
            return ra != null ? -1 : rb != null ? 1 : compareCodePoints(a, b);
        };
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Code point order that notes every text it was asked to order: the texts a database must rank. */
    final class Recording implements TextOrder {
        private final Set<String> seen = new HashSet<>();

        @Override
        public int compare(String a, String b) {
            seen.add(a);
            seen.add(b);
            return compareCodePoints(a, b);
        }

        public Set<String> seen() {
            return seen;
        }
    }
}
