package id.presensi.server;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts per key (a device, an employee) and local day, in memory: one map lookup per request, no database round
 * trip in the 07:15 rush. Days are the server's (a work date, today in the unit's zone), never a phone's, so the
 * keys are bounded by the devices activated; yesterday's counts are dropped as today's arrive, and past a size no
 * regency reaches the map is emptied rather than grown. A restart forgets the counts: a bound of a day's abuse, not a
 * record of it (what must hold across restarts is checked in the database).
 */
final class DailyCounts {
    private static final int MAX_KEYS = 200_000;

    private record Key(long id, LocalDate day) {
    }

    private final ConcurrentHashMap<Key, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile LocalDate latest = LocalDate.MIN;

    /** Counts one more for the key's day; answers the count with it. */
    int add(long id, LocalDate day) {
        if (day.isAfter(latest)) {
            latest = day;
            LocalDate keep = day.minusDays(1); // zones an hour or two apart: yesterday somewhere is today elsewhere
            counts.keySet().removeIf(k -> k.day().isBefore(keep));
        }
        if (counts.size() >= MAX_KEYS) {
            counts.clear();
        }
        return counts.computeIfAbsent(new Key(id, day), k -> new AtomicInteger()).incrementAndGet();
    }
}
