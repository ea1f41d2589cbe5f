package id.presensi.apel;

import java.time.LocalDate;
import java.util.Optional;

/** When an apel is held: on one date (17 August), every week on a day (Monday apel pagi), or monthly on a day (the 17th). */
public sealed interface ApelRecurrence {
    boolean fallsOn(LocalDate date);

    /** The date a recurring apel starts; empty for one held once, and for those set with no start. */
    default Optional<LocalDate> startsOn() {
        return this instanceof Weekly w ? w.from() : this instanceof Monthly m ? m.from() : Optional.empty();
    }

    /** How an operator would write it: {@code 2026-08-17}, {@code setiap SENIN}, {@code setiap tanggal 17}. */
    String describe();

    record Once(LocalDate date) implements ApelRecurrence {
        @Override
        public boolean fallsOn(LocalDate d) {
            return d.equals(date);
        }

        @Override
        public String describe() {
            return date.toString();
        }
    }

    /**
     * A weekday from a start date on: an apel set today for every Monday is not held on the Mondays before it
     * (reconcile would otherwise give TA for them); no start for those set before starts were kept.
     */
    record Weekly(Hari day, Optional<LocalDate> from) implements ApelRecurrence {
        public Weekly(Hari day) {
            this(day, Optional.empty());
        }

        @Override
        public boolean fallsOn(LocalDate d) {
            return d.getDayOfWeek() == day.day() && from.map(f -> !d.isBefore(f)).orElse(true);
        }

        @Override
        public String describe() {
            return "setiap " + day + from.map(f -> " mulai " + f).orElse("");
        }
    }

    /** A day of the month; a month without that day (the 31st in April) has no apel, as no Perbup moves it. */
    record Monthly(int dayOfMonth, Optional<LocalDate> from) implements ApelRecurrence {
        public Monthly {
            if (dayOfMonth < 1 || dayOfMonth > 31) {
                throw new IllegalArgumentException("a day of the month is 1 to 31, got " + dayOfMonth);
            }
        }

        public Monthly(int dayOfMonth) {
            this(dayOfMonth, Optional.empty());
        }

        @Override
        public boolean fallsOn(LocalDate d) {
            return d.getDayOfMonth() == dayOfMonth && from.map(f -> !d.isBefore(f)).orElse(true);
        }

        @Override
        public String describe() {
            return "setiap tanggal " + dayOfMonth + from.map(f -> " mulai " + f).orElse("");
        }
    }
}
