package id.presensi.unit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/** Indonesia's three zones, accepted by their IANA names or the abbreviations people write. */
public final class TimeZones {
    /** The regency's zone (WITA) where no unit is known: Paser, like all of Kalimantan Timur, keeps WITA. */
    public static final ZoneId DEFAULT = ZoneId.of("Asia/Makassar");

    private TimeZones() {
    }

    /** Blank means the default zone (WITA). */
    public static Optional<ZoneId> parse(String text) {
        String t = text.strip();
        return switch (t.toUpperCase(Locale.ROOT)) {
            case "" -> Optional.of(DEFAULT);
            case "WIB", "ASIA/JAKARTA", "ASIA/PONTIANAK" -> Optional.of(ZoneId.of("Asia/Jakarta"));
            case "WITA", "ASIA/MAKASSAR" -> Optional.of(DEFAULT);
            case "WIT", "ASIA/JAYAPURA" -> Optional.of(ZoneId.of("Asia/Jayapura"));
            default -> Optional.empty();
        };
    }

    /** An instant as operators read it: the regency's local time (WITA), to the second. */
    public static LocalDateTime local(Instant at) {
        return at.atZone(DEFAULT).toLocalDateTime().withNano(0);
    }

    public static String abbreviation(ZoneId zone) {
        return switch (zone.getId()) {
            case "Asia/Jakarta" -> "WIB";
            case "Asia/Jayapura" -> "WIT";
            default -> "WITA";
        };
    }
}
