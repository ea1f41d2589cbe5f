package id.presensi.rules;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A person's plan for one work date: the hours expected, or none with the reason (weekend, holiday, roster
 * day off, no rule in force); plus any holiday and leave on that date. Leave does not remove the hours:
 * whether it excuses the day is the attendance rule's decision.
 */
public record DayPlan(LocalDate date, Optional<Expected> expected, Optional<DayOff> dayOff, Optional<Holiday> holiday,
                      Optional<Leave> leave) {

    public enum DayOffReason { WEEKEND, HOLIDAY, ROSTER_OFF, NOT_ROSTERED, NO_SCHEDULE, EMPLOYMENT_ENDED }

    /** Why there is nothing to attend, with the rule that says so. */
    public record DayOff(DayOffReason reason, String source) {
    }

    public boolean isWorkingDay() {
        return expected.isPresent();
    }
}
