package id.presensi.rules;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * What is expected of a person on a work date: when to start and end, the late and early thresholds
 * (start plus grace, end minus grace), and the check-in and check-out windows, all in the unit's local time.
 * {@code shiftCode} is present for a rostered shift; {@code source} names the rule.
 */
public record Expected(LocalDate workDate, LocalDateTime workStart, LocalDateTime lateAfter, LocalDateTime workEnd,
                       LocalDateTime earlyBefore, Window checkIn, Window checkOut, Optional<String> shiftCode,
                       String source) {

    static Expected of(LocalDate date, ScheduleDay day, WorkSchedule schedule) {
        return new Expected(date, date.atTime(day.workStart()), date.atTime(day.workStart()).plusMinutes(day.lateGraceMin()),
                date.atTime(day.workEnd()), date.atTime(day.workEnd()).minusMinutes(day.earlyGraceMin()),
                new Window(date.atTime(day.checkinOpens()), date.atTime(day.checkinCloses())),
                new Window(date.atTime(day.checkoutOpens()), date.atTime(day.checkoutCloses())), Optional.empty(),
                "schedule '" + schedule.name() + "' (" + schedule.scope() + ", valid " + schedule.validity() + ")");
    }

    /**
     * The day with overtime ordered: check-out stays open until the end plus the ordered time plus the grace the window
     * usually leaves after the end, so the punch that closes the overtime is accepted (an SPL of 3 h after a 16:00 end
     * with check-out closing at 17:00 keeps it open until 20:00). Never narrower than the day's own window.
     */
    Expected withOvertime(Duration ordered) {
        Duration graceAfterEnd = Duration.between(workEnd, checkOut.closes());
        LocalDateTime closes = workEnd.plus(ordered).plus(graceAfterEnd.isNegative() ? Duration.ZERO : graceAfterEnd);
        if (!closes.isAfter(checkOut.closes())) {
            return this;
        }
        return new Expected(workDate, workStart, lateAfter, workEnd, earlyBefore, checkIn, new Window(checkOut.opens(), closes),
                shiftCode, source + "; lembur " + ordered.toMinutes() + " min ordered: check-out open until " + closes.toLocalTime());
    }

    /** A shift's check-in is accepted from before its start until its end (late is recorded, not refused). */
    static Expected of(LocalDate date, ShiftType shift) {
        LocalDateTime start = shift.startOn(date);
        LocalDateTime end = shift.endOn(date);
        return new Expected(date, start, start.plusMinutes(shift.lateGraceMin()), end, end.minusMinutes(shift.earlyGraceMin()),
                new Window(start.minusMinutes(shift.checkinOpensBeforeMin()), end),
                new Window(start, end.plusMinutes(shift.checkoutWindowMin())), Optional.of(shift.code()),
                "roster " + date + ": shift " + shift.code() + " (" + shift.name() + ", " + shift.start() + "-" + shift.end() + ")");
    }
}
