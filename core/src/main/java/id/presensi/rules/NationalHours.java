package id.presensi.rules;

import java.time.DayOfWeek;
import java.time.Duration;

/**
 * Perpres 21/2023: 37 hours 30 minutes of work a week, breaks excluded (60 minutes, 90 on Friday); during Ramadan
 * 32 hours 30 minutes (a 60-minute Friday break). The Perpres gives no other Ramadan break; 30 minutes is the usual
 * Ramadan day (08:00-15:00 for 6 h 30 m). A schedule's own weekly hours are compared with these.
 */
public record NationalHours(Duration weekly, int breakMin, int fridayBreakMin) {
    public static final NationalHours REGULAR = new NationalHours(Duration.ofMinutes(37 * 60 + 30), 60, 90);
    public static final NationalHours RAMADAN = new NationalHours(Duration.ofMinutes(32 * 60 + 30), 30, 60);

    /** The national week a schedule is held to: Ramadan's for a special (KHUSUS) schedule. */
    public static NationalHours forSchedule(WorkSchedule schedule) {
        return schedule.special() ? RAMADAN : REGULAR;
    }

    /** Hours of work in one week of the schedule: each day's start to end, less the day's break. */
    public Duration hoursOf(WorkSchedule schedule) {
        Duration total = Duration.ZERO;
        for (ScheduleDay day : schedule.days().values()) {
            int pause = day.weekday() == DayOfWeek.FRIDAY ? fridayBreakMin : breakMin;
            total = total.plus(Duration.between(day.workStart(), day.workEnd()).minusMinutes(pause));
        }
        return total;
    }

    /** "37 j 30 m" */
    public static String text(Duration d) {
        long minutes = Math.abs(d.toMinutes());
        return (d.isNegative() ? "-" : "") + minutes / 60 + " j " + String.format("%02d", minutes % 60) + " m";
    }
}
