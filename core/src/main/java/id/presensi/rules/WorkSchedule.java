package id.presensi.rules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Office hours for a unit, or regency-wide (no unit), valid for a period; weekdays without hours are days off.
 * A special schedule (Ramadan hours) overrides the regular ones while it is valid.
 */
public record WorkSchedule(String name, Optional<String> unitCode, boolean special, ValidityPeriod validity,
                           Map<DayOfWeek, ScheduleDay> days) {

    public Optional<ScheduleDay> on(LocalDate date) {
        return Optional.ofNullable(days.get(date.getDayOfWeek()));
    }

    public String scope() {
        return unitCode.map(u -> "unit " + u).orElse("regency-wide");
    }
}
