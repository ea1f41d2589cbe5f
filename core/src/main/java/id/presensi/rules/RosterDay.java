package id.presensi.rules;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/** A shift worker's roster for one date: a shift, or empty for a day off (L/OFF). */
public record RosterDay(LocalDate date, Optional<ShiftType> shift) {
    /** What a roster writes for a day off; no shift may be called so. */
    public static final Set<String> DAY_OFF_CODES = Set.of("L", "OFF", "LIBUR");
}
