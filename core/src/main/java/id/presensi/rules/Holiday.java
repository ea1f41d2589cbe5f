package id.presensi.rules;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A day off by decree: a national holiday, a cuti bersama day, or a regional holiday (LIBUR_DAERAH: the regency's
 * anniversary, HUT Kabupaten, by the regent's decree). Each is a day off for office staff alike.
 */
public record Holiday(LocalDate day, String description, Kind kind) {
    public enum Kind {
        LIBUR_NASIONAL, CUTI_BERSAMA, LIBUR_DAERAH;

        /** As files and operators write it ("cuti bersama", "libur daerah" too). */
        public static Kind parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be LIBUR_NASIONAL, CUTI_BERSAMA or LIBUR_DAERAH, got '" + text.strip() + "'");
            }
        }
    }
}
