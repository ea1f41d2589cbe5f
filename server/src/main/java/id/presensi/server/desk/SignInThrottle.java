package id.presensi.server.desk;

import id.presensi.device.Throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong passwords at the desk, counted per client address and per operator name over the last day, with the wait
 * of activation codes ({@link Throttle}): five tries free, then one minute doubling up to an hour. Kept in memory:
 * a guesser meets it long before a restart, and PostgreSQL's own log records every failed login anyway.
 */
final class SignInThrottle {
    private static final int MAX_KEYS = 100_000;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** How long the address or the name must still wait; zero when a try is allowed now. */
    Duration wait(String address, String name, Instant now) {
        Duration byAddress = waitFor("a:" + address, now);
        Duration byName = waitFor("n:" + name, now);
        return byAddress.compareTo(byName) > 0 ? byAddress : byName;
    }

    void failed(String address, String name, Instant now) {
        if (failures.size() > MAX_KEYS) {
            failures.clear(); // a flood of made-up names must not fill the heap; the throttle starts over
        }
        add("a:" + address, now);
        add("n:" + name, now);
    }

    /** A good password clears the name's count (not the address's: one right password must not reset a guesser). */
    void succeeded(String name) {
        failures.remove("n:" + name);
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
        }
    }

    private Duration waitFor(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(Throttle.WINDOW))) {
                times.removeFirst();
            }
            if (times.isEmpty()) {
                return Duration.ZERO;
            }
            Instant until = times.peekLast().plus(Throttle.waitAfter(times.size()));
            return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
        }
    }
}
