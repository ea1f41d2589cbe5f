package id.presensi.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/** Shared clean-up of identity numbers as people type and spreadsheets mangle them. */
final class Digits {
    private static final Pattern SCIENTIFIC = Pattern.compile("[0-9]+([.,][0-9]+)?[eE][+]?[0-9]+");

    private Digits() {
    }

    /**
     * Strips the spaces people put in a NIP ("19850315 201001 1 001") and Excel's text-marking apostrophe,
     * and refuses the scientific notation a spreadsheet leaves after storing the number as a float.
     */
    static String clean(String raw, String label, int length) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentityException(label + " is empty");
        }
        String value = raw.strip().replace(" ", "").replace("\u00a0", "");
        if (value.startsWith("'")) {
            value = value.substring(1);
        }
        if (!allDigits(value)) {
            if (SCIENTIFIC.matcher(value).matches()) {
                throw new InvalidIdentityException(label + " '" + raw.strip() + "' is in scientific notation: the spreadsheet "
                        + "stored it as a number and lost digits; format the column as Text and enter the " + label + " again");
            }
            throw new InvalidIdentityException(label + " must contain digits only, got '" + raw.strip() + "'");
        }
        if (value.length() != length) {
            throw new InvalidIdentityException(label + " must be " + length + " digits, got " + value.length()
                    + " ('" + value + "')");
        }
        return value;
    }

    private static boolean allDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static int number(String value, int from, int to) {
        return Integer.parseInt(value.substring(from, to));
    }

    static Optional<LocalDate> date(int year, int month, int day) {
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
