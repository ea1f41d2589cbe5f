package id.presensi.rules;

import java.time.LocalDate;

/** A national holiday or a cuti bersama day, by decree. */
public record Holiday(LocalDate day, String description, Kind kind) {
    public enum Kind { LIBUR_NASIONAL, CUTI_BERSAMA }
}
