package id.presensi.rules;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;

/**
 * A shift such as P (pagi), S (siang) or M (malam). An end before the start ends the next day: the shift
 * belongs to the date it starts. Check-in opens some minutes before the start; check-out is accepted until
 * some minutes after the end. Late is counted from the start plus {@code lateGraceMin}, leaving early (PSW) from
 * the end minus {@code earlyGraceMin}: two tolerances, as a schedule has, since a regency may forgive one and not the other.
 */
public record ShiftType(String code, String name, Optional<String> unitCode, LocalTime start, LocalTime end,
                        int checkinOpensBeforeMin, int lateGraceMin, int earlyGraceMin, int checkoutWindowMin) {

    public ShiftType {
        if (start.equals(end)) {
            throw new IllegalArgumentException("shift " + code + " must end at another time than it starts");
        }
        if (lateGraceMin < 0 || lateGraceMin > 240 || earlyGraceMin < 0 || earlyGraceMin > 240) {
            throw new IllegalArgumentException("shift " + code + ": a grace must be 0-240 minutes");
        }
    }

    /** A shift code as typed: 1-8 letters or digits, upper-cased, and not one of the roster's day-off codes. */
    public static String code(String text) {
        String code = text.strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z0-9]{1,8}") || RosterDay.DAY_OFF_CODES.contains(code)) {
            throw new IllegalArgumentException("must be 1-8 letters or digits, and not L, OFF or LIBUR (those mean a day off), got '"
                    + text.strip() + "'");
        }
        return code;
    }

    public boolean crossesMidnight() {
        return end.isBefore(start);
    }

    public LocalDateTime startOn(LocalDate workDate) {
        return workDate.atTime(start);
    }

    public LocalDateTime endOn(LocalDate workDate) {
        return crossesMidnight() ? workDate.plusDays(1).atTime(end) : workDate.atTime(end);
    }

    public Duration length() {
        return Duration.between(startOn(LocalDate.EPOCH), endOn(LocalDate.EPOCH));
    }
}
