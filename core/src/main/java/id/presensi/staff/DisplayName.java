package id.presensi.staff;

import java.util.Locale;

/**
 * A name as reports print it, with the academic and professional titles (gelar) that SIASN and payroll exports
 * keep in separate columns: "dr." + "Rina Wati" + "Sp.PD., M.Kes." is "dr. Rina Wati, Sp.PD., M.Kes.". A title
 * the name already carries is not added twice.
 */
public final class DisplayName {
    private DisplayName() {
    }

    public static String of(String before, String name, String after) {
        String front = clean(before);
        String back = clean(after).replaceFirst("^,\\s*", "");
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
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
