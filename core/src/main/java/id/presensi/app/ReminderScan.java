package id.presensi.app;

import id.presensi.rules.DayPlan;
import id.presensi.rules.Expected;
import id.presensi.rules.PersonRules;
import id.presensi.rules.RuleResolver;
import id.presensi.store.OutboxStore;
import id.presensi.store.ReminderStore;
import id.presensi.store.RulesLoader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The window reminders, from the same day plan the check-in rule uses (schedules, shifts, rosters, overtime): for each
 * employee whose unit turned a reminder on, "belum presensi pulang" once the check-out window has been open the unit's
 * minutes and they checked in but not out, and "belum presensi masuk" within the unit's minutes of the check-in window
 * closing while they have not checked in. Each is enqueued under one key per employee and day, so every server may
 * scan every minute: the outbox keeps one row.
 */
public final class ReminderScan {

    private final ReminderStore reminders;
    private final OutboxStore outbox;
    private final LongFunction<PersonRules> rules;
    private final Clock clock;

    /** @param rules an employee's rules (the server's cache, or a {@link RulesLoader}) */
    public ReminderScan(ReminderStore reminders, OutboxStore outbox, LongFunction<PersonRules> rules, Clock clock) {
        this.reminders = reminders;
        this.outbox = outbox;
        this.rules = rules;
        this.clock = clock;
    }

    /** One scan at the clock's now; returns the outbox rows it added. */
    public int scan() {
        Instant now = clock.instant();
        List<OutboxStore.Event> events = new ArrayList<>();
        for (ReminderStore.Candidate c : reminders.candidates(now)) {
            PersonRules person = rules.apply(c.employeeId());
            if (person == null) {
                continue;
            }
            ZoneId zone = person.zone();
            LocalDateTime local = LocalDateTime.ofInstant(now, zone);
            LocalDate today = local.toLocalDate();
            DayPlan plan = RuleResolver.plan(person, today);
            if (plan.expected().isEmpty() || plan.leave().isPresent()) {
                continue;
            }
            Expected day = plan.expected().get();
            if (c.checkOutMinutes() != null && c.checkedIn() && !c.checkedOut()) {
                LocalDateTime due = day.checkOut().opens().plusMinutes(c.checkOutMinutes());
                if (!local.isBefore(due) && local.isBefore(day.checkOut().closes())) {
                    events.add(new OutboxStore.Event(c.employeeId(), "CHECK_OUT", "OUT|" + c.employeeId() + "|" + today, now,
                            until(local, day.checkOut().closes())));
                }
            }
            if (c.checkInMinutes() != null && !c.checkedIn()) {
                LocalDateTime closes = day.checkIn().closes();
                if (!local.isBefore(closes.minusMinutes(c.checkInMinutes())) && local.isBefore(closes)) {
                    events.add(new OutboxStore.Event(c.employeeId(), "CHECK_IN", "IN|" + c.employeeId() + "|" + today,
                            closes.atZone(zone).toInstant(), until(local, closes)));
                }
            }
        }
        return outbox.enqueue(events);
    }

    /** A reminder is worth nothing once its window has closed: that is its TTL. */
    private static Duration until(LocalDateTime now, LocalDateTime closes) {
        Duration left = Duration.between(now, closes);
        return left.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : left;
    }

    /** Rules for everyone, loaded once per scan: for a scan without the server's cache (the CLI, the tests). */
    public static LongFunction<PersonRules> loaded(RulesLoader loader, LocalDate day) {
        Map<Long, RulesLoader.Loaded> all = loader.loadAll(day.minusDays(1), day.plusDays(1));
        return id -> {
            RulesLoader.Loaded l = all.get(id);
            return l == null ? null : l.rules();
        };
    }
}
