package id.presensi.staff;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A name as reports print it, with the academic and professional titles (gelar) that SIASN and payroll exports
 * keep in separate columns: "dr." + "Rina Wati" + "Sp.PD., M.Kes." is "dr. Rina Wati, Sp.PD., M.Kes.". A title
 * the name already carries is not added twice.
 */
public final class DisplayName {
    private DisplayName() {
    }

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern LEADING_COMMA = Pattern.compile("^,\\s*");

    public static String of(String before, String name, String after) {
        if ((before == null || before.isBlank()) && (after == null || after.isBlank())) {
            return name; // most rows: no gelar columns, or empty ones (a million-row import calls this for each)
        }
        String front = clean(before);
        String back = LEADING_COMMA.matcher(clean(after)).replaceFirst("");
        String result = name;
        if (!front.isEmpty() && !result.toLowerCase(Locale.ROOT).startsWith(front.toLowerCase(Locale.ROOT))) {
            result = front + " " + result;
        }
        if (!back.isEmpty() && !result.toLowerCase(Locale.ROOT).endsWith(back.toLowerCase(Locale.ROOT))) {
            result = result + ", " + back;
        }
        return result;
    }

    private static String clean(String text) {
        return text == null ? "" : SPACES.matcher(text.strip()).replaceAll(" ");
    }
}
