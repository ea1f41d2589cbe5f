package id.presensi.recap;

import id.presensi.attendance.StatusCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One employee's month as the recap shows it: working days (JHK), days per status code, minutes late and
 * early, and the allowance deduction by the rules in force ({@link MonthlyDeduction}), with the lines explaining it.
 */
public record EmployeeMonth(String key, String name, String position, String type, Map<LocalDate, List<String>> codesByDate,
                            int workingDays, Map<String, Integer> days, long lateMinutes, long earlyMinutes, BigDecimal deductionPercent,
                            int correctedDays, int cutiBersamaDays, List<MonthlyDeduction.Line> deductionLines, Overtime overtime) {

    /**
     * The month's ordered overtime (lembur) as counted and paid: the minutes counted, the full hours paid (each day's
     * counted time in whole hours, as uang lembur is paid per hour) and the amount; NONE for whom no SPL named.
     */
    public record Overtime(long countedMin, long paidHours, long amountRupiah) {
        public static final Overtime NONE = new Overtime(0, 0, 0);
    }

    /**
     * One day's record as stored: {@code noCheckIn}/{@code noCheckOut} when no valid punch opened or closed it,
     * {@code stayedMin} the minutes worked past the end of the day, {@code corrected} when a punch of it came from
     * an approved correction request, {@code cutiBersama} when it was a day off for a cuti bersama holiday.
     */
    public record Day(LocalDate date, List<StatusCode> codes, boolean workingDay, long lateMin, long earlyMin, boolean noCheckIn,
                      boolean noCheckOut, long stayedMin, boolean corrected, boolean cutiBersama) {
    }

    /** The month with its deduction explained line by line ({@code report monthly --explain}, the desk, the phone's Riwayat). */
    public static EmployeeMonth of(String key, String name, String position, String type, List<Day> days, DeductionRules rules,
                                   List<MonthlyDeduction.Line> sanctionLines) {
        return of(key, name, position, type, days, rules, sanctionLines, true);
    }

    /**
     * The month; {@code explained} false leaves out the deduction's lines (the same percent by the same steps,
     * {@link MonthlyDeduction#percent}) for the recap's sheets, which show the sum only.
     */
    public static EmployeeMonth of(String key, String name, String position, String type, List<Day> days, DeductionRules rules,
                                   List<MonthlyDeduction.Line> sanctionLines, boolean explained) {
        Map<LocalDate, List<String>> byDate = new TreeMap<>();
        int[] perCode = new int[CODES.length];
        int working = 0;
        long late = 0;
        long early = 0;
        int corrected = 0;
        int cutiBersama = 0;
        boolean asn = !type.equals("PTT"); // cuti bersama for ASN is set by Keppres and taken from their annual leave
        for (Day day : days) {
            if (day.cutiBersama() && asn && rules.cutiBersamaIsAnnualLeave()) {
                cutiBersama++;
            }
            if (day.corrected()) {
                corrected++;
            }
            byDate.put(day.date(), names(day.codes()));
            if (day.workingDay()) {
                working++;
            }
            late += day.lateMin();
            early += day.earlyMin();
            for (StatusCode code : day.codes()) {
                perCode[code.ordinal()]++;
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (StatusCode code : CODES) {
            if (perCode[code.ordinal()] > 0) {
                counts.put(code.name(), perCode[code.ordinal()]);
            }
        }
        BigDecimal percent;
        List<MonthlyDeduction.Line> lines;
        if (explained) {
            MonthlyDeduction.Result deduction = MonthlyDeduction.of(rules, days, sanctionLines);
            percent = deduction.percent();
            lines = deduction.lines();
        } else {
            percent = MonthlyDeduction.percent(rules, days, sanctionLines);
            lines = List.of();
        }
        return new EmployeeMonth(key, name, position, type, byDate, working, counts, late, early, percent, corrected, cutiBersama, lines,
                Overtime.NONE);
    }

    private static final StatusCode[] CODES = StatusCode.values();
    /** A day of one code, the common day, named without a new list: the same list for every such day. */
    private static final List<List<String>> SINGLE = Arrays.stream(CODES).map(c -> List.of(c.name())).toList();

    private static List<String> names(List<StatusCode> codes) {
        if (codes.size() == 1) {
            return SINGLE.get(codes.get(0).ordinal());
        }
        String[] names = new String[codes.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = codes.get(i).name();
        }
        return List.of(names);
    }

    /** The same month with the working days (JHK) counted from the calendar rather than from the records. */
    public EmployeeMonth withWorkingDays(int calendarWorkingDays) {
        return new EmployeeMonth(key, name, position, type, codesByDate, calendarWorkingDays, days, lateMinutes, earlyMinutes, deductionPercent,
                correctedDays, cutiBersamaDays, deductionLines, overtime);
    }

    /** The same month with its overtime (the recap adds it from the orders and the tariffs). */
    public EmployeeMonth withOvertime(Overtime counted) {
        return new EmployeeMonth(key, name, position, type, codesByDate, workingDays, days, lateMinutes, earlyMinutes, deductionPercent,
                correctedDays, cutiBersamaDays, deductionLines, counted);
    }

    public int count(String code) {
        return days.getOrDefault(code, 0);
    }
}
