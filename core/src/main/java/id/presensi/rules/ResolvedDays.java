package id.presensi.rules;

import id.presensi.rules.RuleResolver.Day;
import id.presensi.rules.RuleResolver.Situation;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * One person's rules with the work dates already resolved kept beside them, so the check-in endpoint does not build
 * yesterday's and today's plans and sort the places again for every check-in. Exact because a resolved date is a pure
 * function of the rules and the date, and the rules never change under it: a change of rules loads new rules and
 * with them a new, empty {@code ResolvedDays}. At most {@link #KEPT} dates a person (yesterday and today, and a
 * date an offline check-in claims), each shared through {@link DayPool} with everyone whose date is the same.
 * Lock-free: the dates are an array replaced whole; two threads resolving the same date at once each keep a value
 * equal to the other's, and one of them is kept.
 */
public final class ResolvedDays {
    static final int KEPT = 3;

    private final PersonRules rules;
    private final DayPool pool;
    private volatile Day[] days = new Day[0];

    public ResolvedDays(PersonRules rules, DayPool pool) {
        this.rules = rules;
        this.pool = pool;
    }

    /** Rules resolved for one question (a test, a command): nothing shared, nothing kept past them. */
    public static ResolvedDays of(PersonRules rules) {
        return new ResolvedDays(rules, DayPool.unshared());
    }

    public PersonRules rules() {
        return rules;
    }

    /** As {@link RuleResolver#at(PersonRules, LocalDateTime)}. */
    public Situation at(LocalDateTime now) {
        return RuleResolver.at(day(planAt(now).date()), now);
    }

    /** As {@link RuleResolver#planAt(PersonRules, LocalDateTime)}. */
    public DayPlan planAt(LocalDateTime now) {
        return RuleResolver.planAt(date -> day(date).plan(), now);
    }

    private Day day(LocalDate date) {
        Day[] kept = days;
        for (Day day : kept) {
            if (day.plan().date().equals(date)) {
                return day;
            }
        }
        Day made = pool.shared(RuleResolver.day(rules, RuleResolver.plan(rules, date)));
        // the newest KEPT dates: a day's check-ins ask for yesterday and today, and the date turns once a day
        Day[] next = Arrays.copyOfRange(kept, Math.max(0, kept.length - (KEPT - 1)), kept.length + 1);
        next[next.length - 1] = made;
        days = next;
        return made;
    }
}
