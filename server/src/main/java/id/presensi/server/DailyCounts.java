package id.presensi.server;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
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
 * <p>Beside the counts, the answers given that day to what was counted and committed, by requestId (an
 * {@link AnswerBook} a day): the same thing sent again (the page repeats a requestId until it hears an answer) gets
 * its first answer from here, and costs neither the allowance, nor a body read, nor a trip to the database. They are
 * no more than the count allows.
 */
final class DailyCounts {
    private static final int MAX_KEYS = 200_000;

    /** What a committed request was answered: the status and the JSON body. */
    record Answer(int status, String json) {

        /** Answers the request with it (a client gone has nobody to tell). */
        void send(Context ctx) {
            send(ctx.res(), Map.of());
        }

        /**
         * Writes the answer straight into the response, its length given; false if the client has gone. Through
         * Javalin's result it went by way of a new 4 KB copy buffer for its 300 bytes, a sixth of a rush's allocation.
         */
        boolean send(HttpServletResponse response, Map<String, String> headers) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            headers.forEach(response::setHeader);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            try {
                response.getOutputStream().write(body);
                return true;
            } catch (IOException gone) {
                return false;
            }
        }
    }

    private record Key(long id, LocalDate day) {
    }

    private final ConcurrentHashMap<Key, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<LocalDate, AnswerBook> answers = new ConcurrentHashMap<>();
    private volatile LocalDate latest = LocalDate.MIN;

    /** Counts one more for the key's day; answers the count with it. */
    int add(long id, LocalDate day) {
        if (day.isAfter(latest)) {
            latest = day;
            LocalDate keep = day.minusDays(1); // zones an hour or two apart: yesterday somewhere is today elsewhere
            counts.keySet().removeIf(k -> k.day().isBefore(keep));
            answers.keySet().removeIf(d -> d.isBefore(keep));
        }
        if (counts.size() >= MAX_KEYS) {
            counts.clear();
            answers.clear();
        }
        return counts.computeIfAbsent(new Key(id, day), k -> new AtomicInteger()).incrementAndGet();
    }

    /** The key's count for the day so far, counting nothing. */
    int count(long id, LocalDate day) {
        AtomicInteger count = counts.get(new Key(id, day));
        return count == null ? 0 : count.get();
    }

    /** The answer given to the key's committed request of this id on that day, if any. */
    Optional<Answer> answered(long id, LocalDate day, UUID requestId) {
        AnswerBook book = answers.get(day);
        return book == null ? Optional.empty() : book.get(id, requestId);
    }

    /** Remembers the answer to a committed request, counted on that day by {@link #add}. */
    void answered(long id, LocalDate day, UUID requestId, Answer answer) {
        if (counts.containsKey(new Key(id, day))) { // emptied (past the size) or a new day in between: the request is then simply sent again
            answers.computeIfAbsent(day, d -> new AnswerBook()).put(id, requestId, answer.status(), answer.json());
        }
    }
}
