package id.presensi.rules;

import id.presensi.rules.RuleResolver.Day;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolved work dates equal in value, kept once for everyone whose date they are: the staff of a unit mostly have the
 * same schedule, places and holidays, so a regency's thousands of people share a few hundred dates, and a home of
 * 100,000 keeps the dates of its units rather than two a person. Bounded: past {@link #MAX} distinct dates, a new one is
 * kept by its person alone. One pool lives as long as the rules it was filled from.
 */
public final class DayPool {
    static final int MAX = 20_000;

    private final Map<Day, Day> days = new ConcurrentHashMap<>();
    private final int max;

    private DayPool(int max) {
        this.max = max;
    }

    public static DayPool create() {
        return new DayPool(MAX);
    }

    /** A pool that shares nothing, for rules resolved once. */
    static DayPool unshared() {
        return new DayPool(0);
    }

    Day shared(Day day) {
        if (days.size() >= max) {
            return day;
        }
        Day earlier = days.putIfAbsent(day, day);
        return earlier == null ? day : earlier;
    }
}
