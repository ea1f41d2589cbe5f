package id.presensi.rules;

import java.time.LocalDate;
import java.util.Locale;

/** A national holiday or a cuti bersama day, by decree. */
public record Holiday(LocalDate day, String description, Kind kind) {
    public enum Kind {
        LIBUR_NASIONAL, CUTI_BERSAMA;

        /** As files and operators write it ("cuti bersama" too). */
        public static Kind parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be LIBUR_NASIONAL or CUTI_BERSAMA, got '" + text.strip() + "'");
            }
        }
    }
}
