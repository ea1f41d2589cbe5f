package id.presensi.rules;

import java.time.LocalDate;
import java.util.Optional;

/** A shift worker's roster for one date: a shift, or empty for a day off (L/OFF). */
public record RosterDay(LocalDate date, Optional<ShiftType> shift) {
}
