package id.presensi.imports;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads values as Indonesian offices write them: dates as 2026-08-17, 17/08/2026 or 17-08-2026; times as
 * 07:30 or 07.30; decimals with a comma or a point; weekdays by their Indonesian names. Each failure is an
 * {@link IllegalArgumentException} whose message can be shown to the operator as it is.
 */
public final class Values {
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d/M/uuuu"), DateTimeFormatter.ofPattern("d-M-uuuu"));
    private static final Map<String, DayOfWeek> DAYS = Map.ofEntries(
            Map.entry("SENIN", DayOfWeek.MONDAY), Map.entry("SELASA", DayOfWeek.TUESDAY),
            Map.entry("RABU", DayOfWeek.WEDNESDAY), Map.entry("KAMIS", DayOfWeek.THURSDAY),
            Map.entry("JUMAT", DayOfWeek.FRIDAY), Map.entry("JUM'AT", DayOfWeek.FRIDAY),
            Map.entry("SABTU", DayOfWeek.SATURDAY), Map.entry("MINGGU", DayOfWeek.SUNDAY));

    private Values() {
    }

    public static LocalDate date(String text) {
        String t = text.strip();
        for (DateTimeFormatter format : DATES) {
            try {
                return LocalDate.parse(t, format.withResolverStyle(ResolverStyle.STRICT));
            } catch (DateTimeException ignored) {
                // try the next format
            }
        }
        throw new IllegalArgumentException("'" + t + "' is not a real date (write 2026-08-17 or 17/08/2026)");
    }

    public static LocalTime time(String text) {
        String t = text.strip().replace('.', ':');
        try {
            return LocalTime.parse(t.length() == 4 ? "0" + t : t);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a time of day (write 07:30)");
        }
    }

    public static double decimal(String text) {
        String t = text.strip();
        if (t.contains(",") && !t.contains(".")) {
            t = t.replace(',', '.');
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a number");
        }
    }

    public static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a whole number");
        }
    }

    /** "SENIN-KAMIS", "SENIN,RABU", "JUMAT", or ISO numbers 1-7 (1 is Monday). */
    public static Set<DayOfWeek> weekdays(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.strip().toUpperCase(Locale.ROOT).split("\\s*,\\s*")) {
            String[] range = part.split("\\s*-\\s*");
            if (range.length == 2) {
                DayOfWeek from = weekday(range[0]);
                DayOfWeek to = weekday(range[1]);
                for (int d = from.getValue(); ; d = d % 7 + 1) {
                    days.add(DayOfWeek.of(d));
                    if (d == to.getValue()) {
                        break;
                    }
                }
            } else {
                days.add(weekday(part));
            }
        }
        return days;
    }

    public static DayOfWeek weekday(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (DAYS.containsKey(t)) {
            return DAYS.get(t);
        }
        if (t.matches("[1-7]")) {
            return DayOfWeek.of(Integer.parseInt(t));
        }
        throw new IllegalArgumentException("'" + text.strip() + "' is not a weekday (SENIN, SELASA, RABU, KAMIS, JUMAT, SABTU, MINGGU)");
    }

    public static String dayName(DayOfWeek day) {
        return DAYS.entrySet().stream().filter(e -> e.getValue() == day && !e.getKey().contains("'"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
