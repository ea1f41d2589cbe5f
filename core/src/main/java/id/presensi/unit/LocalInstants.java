package id.presensi.unit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local times of a zone as epoch microseconds, for writing millions of them. {@code LocalDateTime.atZone} asks
 * the zone's rules for every value, which was the largest cost of storing a reconciliation; here a day whose
 * offset does not change (every day in Indonesia since 1964) is looked up once, and any other day the usual way.
 */
public final class LocalInstants {
    private record ZoneDay(ZoneId zone, LocalDate date) {
    }

    /** The offset of a whole day, or {@link #CHANGES} when the zone's offset changes during it. */
    private final ConcurrentHashMap<ZoneDay, ZoneOffset> dayOffsets = new ConcurrentHashMap<>();
    private static final ZoneOffset CHANGES = ZoneOffset.ofTotalSeconds(-1);

    public long epochMicros(LocalDateTime local, ZoneId zone) {
        ZoneOffset offset = dayOffsets.computeIfAbsent(new ZoneDay(zone, local.toLocalDate()), LocalInstants::wholeDayOffset);
        // on a day with a gap or an overlap, java.time decides (a time in a gap moves forward by its length)
        long seconds = offset == CHANGES ? local.atZone(zone).toEpochSecond() : local.toEpochSecond(offset);
        return Math.multiplyExact(seconds, 1_000_000L) + local.getNano() / 1_000;
    }

    /** The instant of a count of microseconds since the epoch, as {@link #epochMicros} and the database's own times give it. */
    public static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    private static ZoneOffset wholeDayOffset(ZoneDay key) {
        ZoneRules rules = key.zone().getRules();
        LocalDateTime start = key.date().atStartOfDay();
        ZoneOffset first = rules.getOffset(start);
        ZoneOffsetTransition next = rules.nextTransition(start.toInstant(first));
        boolean steady = rules.getValidOffsets(start).size() == 1
                && (next == null || !next.getInstant().isBefore(start.plusDays(1).toInstant(first)));
        return steady ? first : CHANGES;
    }
}
