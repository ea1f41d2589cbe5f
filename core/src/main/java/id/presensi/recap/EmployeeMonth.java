package id.presensi.recap;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One employee's month as the recap shows it: working days (JHK), days per status code, minutes late and
 * early, and the deduction percentage: each TL/PSW day and each TK day at its rate, capped for the month.
 */
public record EmployeeMonth(String key, String name, String position, String type, Map<LocalDate, List<String>> codesByDate,
                            int workingDays, Map<String, Integer> days, long lateMinutes, long earlyMinutes, BigDecimal deductionPercent,
                            int correctedDays) {

    /** One day's record as stored; {@code corrected}: a punch of it came from an approved correction request. */
    public record Day(LocalDate date, List<String> codes, boolean workingDay, long lateMin, long earlyMin, boolean corrected) {
    }

    public static EmployeeMonth of(String key, String name, String position, String type, List<Day> days, DeductionTable rules) {
        Map<LocalDate, List<String>> byDate = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        int working = 0;
        long late = 0;
        long early = 0;
        BigDecimal deduction = BigDecimal.ZERO;
        int corrected = 0;
        for (Day day : days) {
            if (day.corrected()) {
                corrected++;
            }
            byDate.put(day.date(), day.codes());
            if (day.workingDay()) {
                working++;
            }
            late += day.lateMin();
            early += day.earlyMin();
            for (String code : day.codes()) {
                counts.merge(code, 1, Integer::sum);
                deduction = deduction.add(rules.rate(code));
            }
        }
        BigDecimal capped = deduction.min(rules.monthlyCap()).setScale(2, RoundingMode.HALF_UP);
        return new EmployeeMonth(key, name, position, type, byDate, working, counts, late, early, capped, corrected);
    }

    /** The same month with the working days (JHK) counted from the calendar rather than from the records. */
    public EmployeeMonth withWorkingDays(int calendarWorkingDays) {
        return new EmployeeMonth(key, name, position, type, codesByDate, calendarWorkingDays, days, lateMinutes, earlyMinutes, deductionPercent,
                correctedDays);
    }

    public int count(String code) {
        return days.getOrDefault(code, 0);
    }
}
