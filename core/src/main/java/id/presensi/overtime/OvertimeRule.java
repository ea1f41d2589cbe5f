package id.presensi.overtime;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How much overtime a day counts: the time worked after the day's end (the office day's or the shift's), or on a day
 * off from the first punch to the last; never more than the order (surat perintah lembur) says, nor than the rule
 * file's cap per day; and over a month never more than the cap per month, the later days giving way. Pure.
 */
public final class OvertimeRule {

    /** The caps of the rule file ({@code lembur_maks_jam_hari}, {@code lembur_maks_jam_bulan}); empty: none. */
    public record Caps(Optional<Duration> perDay, Optional<Duration> perMonth) {
        public static final Caps NONE = new Caps(Optional.empty(), Optional.empty());
    }

    /** One ordered day: the order's minutes, the day's end (empty on a day off) and the day's accepted punches. */
    public record OrderedDay(LocalDate date, long orderedMin, Optional<Instant> dayEnd, List<Instant> punches) {
    }

    /** A day as counted: worked after the end, and what counts after the order and the caps. */
    public record CountedDay(LocalDate date, long orderedMin, long workedMin, long countedMin) {
    }

    private OvertimeRule() {
    }

    /** Minutes worked past the day's end: to the last punch after it; on a day off, first punch to last. */
    public static long workedMin(Optional<Instant> dayEnd, List<Instant> punches) {
        Optional<Instant> last = punches.stream().max(Comparator.naturalOrder());
        if (last.isEmpty()) {
            return 0;
        }
        Instant from = dayEnd.orElseGet(() -> punches.stream().min(Comparator.naturalOrder()).orElseThrow());
        return Math.max(0, Duration.between(from, last.get()).toMinutes());
    }

    /** The month's ordered days counted in date order, each capped by its order and the daily cap, all by the monthly cap. */
    public static List<CountedDay> month(List<OrderedDay> days, Caps caps) {
        long left = caps.perMonth().map(Duration::toMinutes).orElse(Long.MAX_VALUE);
        List<CountedDay> counted = new ArrayList<>();
        for (OrderedDay day : days.stream().sorted(Comparator.comparing(OrderedDay::date)).toList()) {
            long worked = workedMin(day.dayEnd(), day.punches());
            long count = Math.min(worked, day.orderedMin());
            count = Math.min(count, caps.perDay().map(Duration::toMinutes).orElse(Long.MAX_VALUE));
            count = Math.min(count, left);
            left -= count;
            counted.add(new CountedDay(day.date(), day.orderedMin(), worked, count));
        }
        return counted;
    }
}
