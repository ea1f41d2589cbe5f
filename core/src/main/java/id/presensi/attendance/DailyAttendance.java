package id.presensi.attendance;

import id.presensi.rules.DayPlan.DayOffReason;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One employee's day as recaps count it: what was expected, the first valid check-in and last valid
 * check-out (local time), minutes late and early, the status codes (H; TL1-4 and/or PSW1-4; TK; a leave code;
 * LIBUR), flags, and a one-line explanation in Indonesian.
 */
public record DailyAttendance(LocalDate workDate, Optional<LocalDateTime> expectedStart, Optional<LocalDateTime> expectedEnd,
                              Optional<String> shiftCode, Optional<DayOffReason> dayOff, Optional<LocalDateTime> firstIn,
                              Optional<LocalDateTime> lastOut, long lateMin, long earlyMin, List<String> codes, Set<Flag> flags,
                              String explanation) {
}
