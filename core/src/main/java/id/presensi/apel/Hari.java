package id.presensi.apel;

import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.Locale;

/** The weekdays as operators write them ({@code --every SENIN}); an apel's weekly day. */
public enum Hari {
    SENIN(DayOfWeek.MONDAY), SELASA(DayOfWeek.TUESDAY), RABU(DayOfWeek.WEDNESDAY), KAMIS(DayOfWeek.THURSDAY),
    JUMAT(DayOfWeek.FRIDAY), SABTU(DayOfWeek.SATURDAY), MINGGU(DayOfWeek.SUNDAY);

    private final DayOfWeek day;

    Hari(DayOfWeek day) {
        this.day = day;
    }

    public DayOfWeek day() {
        return day;
    }

    public static Hari of(DayOfWeek day) {
        return values()[day.getValue() - 1];
    }

    /** "senin", "Jumat", "JUM'AT" all read. */
    public static Hari parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace("'", "");
        return Arrays.stream(values()).filter(h -> h.name().equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.toString(values()) + ", got '" + text.strip() + "'"));
    }
}
