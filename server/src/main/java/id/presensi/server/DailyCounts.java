package id.presensi.server;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts per key (a device, an employee) and local day, in memory: one map lookup per request, no database round
 * trip in the 07:15 rush. Days are the server's (a work date, today in the unit's zone), never a phone's, so the
 * keys are bounded by the devices activated; yesterday's counts are dropped as today's arrive, and past a size no
 * regency reaches the map is emptied rather than grown. A restart forgets the counts: a bound of a day's abuse, not a
 * record of it (what must hold across restarts is checked in the database).
 *
 * <p>Beside each count, the answers given that day to what was counted and committed, by requestId: the same thing
 * sent again (the page repeats a requestId until it hears an answer) gets its first answer from here, and costs
 * neither the allowance, nor a body read, nor a trip to the database. They are no more than the count allows.
 */
final class DailyCounts {
    private static final int MAX_KEYS = 200_000;

    /** What a committed request was answered: the status and the JSON body. */
    record Answer(int status, String json) {
    }

    private record Key(long id, LocalDate day) {
    }

    private static final class Tally {
        final AtomicInteger count = new AtomicInteger();
        final ConcurrentHashMap<UUID, Answer> answered = new ConcurrentHashMap<>(4);
    }

    private final ConcurrentHashMap<Key, Tally> counts = new ConcurrentHashMap<>();
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
        return counts.computeIfAbsent(new Key(id, day), k -> new Tally()).count.incrementAndGet();
    }

    /** The key's count for the day so far, counting nothing. */
    int count(long id, LocalDate day) {
        Tally tally = counts.get(new Key(id, day));
        return tally == null ? 0 : tally.count.get();
    }

    /** The answer given to the key's committed request of this id on that day, if any. */
    Optional<Answer> answered(long id, LocalDate day, UUID requestId) {
        Tally tally = counts.get(new Key(id, day));
        return tally == null ? Optional.empty() : Optional.ofNullable(tally.answered.get(requestId));
    }

    /** Remembers the answer to a committed request, counted on that day by {@link #add}. */
    void answered(long id, LocalDate day, UUID requestId, Answer answer) {
        Tally tally = counts.get(new Key(id, day));
        if (tally != null) { // emptied (past the size) or a new day in between: the request is then simply sent again
            tally.answered.putIfAbsent(requestId, answer);
        }
    }
}
