package id.presensi.rules;

import java.time.DayOfWeek;
import java.time.LocalTime;

/**
 * Office hours of one weekday: when check-in is accepted, when work starts (late after start plus grace),
 * when it ends (early before end minus grace), and when check-out is accepted.
 */
public record ScheduleDay(DayOfWeek weekday, LocalTime checkinOpens, LocalTime checkinCloses, LocalTime workStart,
                          int lateGraceMin, LocalTime workEnd, int earlyGraceMin, LocalTime checkoutOpens,
                          LocalTime checkoutCloses) {

    public ScheduleDay {
        require(checkinOpens.isBefore(checkinCloses), "check-in must open (" + checkinOpens + ") before it closes (" + checkinCloses + ")");
        require(workStart.isBefore(workEnd), "work must start (" + workStart + ") before it ends (" + workEnd + "); only shifts cross midnight");
        require(checkoutOpens.isBefore(checkoutCloses), "check-out must open (" + checkoutOpens + ") before it closes (" + checkoutCloses + ")");
        require(!checkinOpens.isAfter(workStart), "check-in must open (" + checkinOpens + ") no later than work starts (" + workStart + ")");
        require(!checkoutCloses.isBefore(workEnd), "check-out must stay open (" + checkoutCloses + ") until work ends (" + workEnd + ")");
        require(lateGraceMin >= 0 && lateGraceMin <= 240, "late grace must be 0-240 minutes, got " + lateGraceMin);
        require(earlyGraceMin >= 0 && earlyGraceMin <= 240, "early-leave grace must be 0-240 minutes, got " + earlyGraceMin);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
