package id.presensi.apel;

import java.time.LocalDate;

/** When an apel is held: on one date (17 August), every week on a day (Monday apel pagi), or monthly on a day (the 17th). */
public sealed interface ApelRecurrence {
    boolean fallsOn(LocalDate date);

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

    record Weekly(Hari day) implements ApelRecurrence {
        @Override
        public boolean fallsOn(LocalDate d) {
            return d.getDayOfWeek() == day.day();
        }

        @Override
        public String describe() {
            return "setiap " + day;
        }
    }

    /** A day of the month; a month without that day (the 31st in April) has no apel, as no Perbup moves it. */
    record Monthly(int dayOfMonth) implements ApelRecurrence {
        public Monthly {
            if (dayOfMonth < 1 || dayOfMonth > 31) {
                throw new IllegalArgumentException("a day of the month is 1 to 31, got " + dayOfMonth);
            }
        }

        @Override
        public boolean fallsOn(LocalDate d) {
            return d.getDayOfMonth() == dayOfMonth;
        }

        @Override
        public String describe() {
            return "setiap tanggal " + dayOfMonth;
        }
    }
}
