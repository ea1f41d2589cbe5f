package id.presensi.rules;

import id.presensi.imports.Values;
import id.presensi.rules.DayPlan.DayOff;
import id.presensi.rules.DayPlan.DayOffReason;
import id.presensi.staff.WorkPattern;
import id.presensi.text.StaffText;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which rules apply to a person on a date, and at an instant. Pure: everything it needs is in
 * {@link PersonRules}, so the check-in endpoint, the nightly reconciliation and {@code policy explain} agree.
 */
public final class RuleResolver {

    /** Hours as Indonesians write them: 07.30. */
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH.mm");

    private RuleResolver() {
    }

    /**
     * The plan of one work date. Shift workers follow their roster, holidays included; others their schedule. Overtime
     * ordered for the date keeps its check-out open past the ordered hours, for the phone and for reconciliation alike.
     */
    public static DayPlan plan(PersonRules person, LocalDate date) {
        DayPlan plan = planned(person, date);
        Optional<Duration> overtime = person.overtimeOn(date);
        if (overtime.isEmpty() || plan.expected().isEmpty()) {
            return plan;
        }
        return new DayPlan(date, plan.expected().map(e -> e.withOvertime(overtime.get())), plan.dayOff(), plan.holiday(), plan.leave());
    }

    private static DayPlan planned(PersonRules person, LocalDate date) {
        PersonRules rules = person.on(date);
        Optional<Holiday> holiday = rules.holidayOn(date);
        Optional<Leave> leave = rules.leaveOn(date);
        if (rules.endedFrom().filter(ended -> !date.isBefore(ended)).isPresent()) {
            return off(date, DayOffReason.EMPLOYMENT_ENDED, StaffText.OFF_EMPLOYMENT_ENDED.format(rules.endedFrom().get()), holiday, leave);
        }
        if (rules.pattern() == WorkPattern.SHIFT) {
            Optional<RosterDay> roster = rules.rosterOn(date);
            if (roster.isEmpty()) {
                return off(date, DayOffReason.NOT_ROSTERED, StaffText.OFF_NOT_ROSTERED.format(date), holiday, leave);
            }
            return roster.get().shift()
                    .map(shift -> new DayPlan(date, Optional.of(Expected.of(date, shift)), Optional.empty(), holiday, leave))
                    .orElseGet(() -> off(date, DayOffReason.ROSTER_OFF, StaffText.OFF_ROSTER.format(date), holiday, leave));
        }
        if (holiday.isPresent()) {
            return off(date, DayOffReason.HOLIDAY, StaffText.OFF_HOLIDAY.format(holiday.get().kind(), holiday.get().description()), holiday, leave);
        }
        Optional<WorkSchedule> schedule = rules.scheduleOn(date);
        if (schedule.isEmpty()) {
            return off(date, DayOffReason.NO_SCHEDULE, StaffText.OFF_NO_SCHEDULE.format(rules.unitCode(), date),
                    holiday, leave);
        }
        return schedule.get().on(date)
                .map(day -> new DayPlan(date, Optional.of(Expected.of(date, day, schedule.get())), Optional.empty(), holiday, leave))
                .orElseGet(() -> off(date, DayOffReason.WEEKEND, StaffText.OFF_WEEKEND.format(schedule.get().name(),
                        Values.dayName(date.getDayOfWeek())), holiday, leave)); // the day as operators write it: SABTU, MINGGU
    }

    private static DayPlan off(LocalDate date, DayOffReason reason, String source, Optional<Holiday> holiday,
                               Optional<Leave> leave) {
        return new DayPlan(date, Optional.empty(), Optional.of(new DayOff(reason, source)), holiday, leave);
    }

    /**
     * The situation at a local time: the work date it counts for (yesterday's night shift until its
     * check-out closes, otherwise today), which window is open, and where check-in is accepted.
     */
    public static Situation at(PersonRules person, LocalDateTime now) {
        return at(day(person, planAt(person, now)), now);
    }

    /** The situation at a local time within a work date already resolved: only the open window depends on the time. */
    static Situation at(Day day, LocalDateTime now) {
        DayPlan plan = day.plan();
        OpenWindow open = plan.expected().map(e -> openWindow(e, now))
                .orElse(day.overtimeOnDayOff().isPresent() ? OpenWindow.CHECK_IN_AND_OUT : OpenWindow.NONE);
        return new Situation(now, plan, open, day.places(), day.wfh(), day.wfa(), day.maxAccuracyM(), day.overtimeOnDayOff());
    }

    /** What holds all through a work date: its plan, where check-in is accepted, WFH, WFA and overtime on a day off. */
    static Day day(PersonRules person, DayPlan plan) {
        PersonRules rules = person.on(plan.date()); // a move recorded ahead of its date: the old unit's places until then
        Optional<WfhPeriod> wfh = rules.wfhOn(plan.date());
        List<AcceptedPlace> places = rules.locations().stream()
                .map(l -> new AcceptedPlace(l, wfh.map(p -> Math.max(p.radiusM(), l.radiusM())).orElse(l.radiusM())))
                .sorted(Comparator.comparing((AcceptedPlace p) -> !p.location().unitCode().equals(rules.unitCode()))
                        .thenComparing(p -> p.location().name()))
                .toList();
        return new Day(plan, places, wfh, rules.wfaDays().contains(plan.date()), rules.maxAccuracyM(), overtimeOnDayOff(person, plan));
    }

    /** A work date resolved for one person, the same at every instant of it (see {@link ResolvedDays}). */
    record Day(DayPlan plan, List<AcceptedPlace> places, Optional<WfhPeriod> wfh, boolean wfa, int maxAccuracyM,
               Optional<Duration> overtimeOnDayOff) {
    }

    /**
     * Overtime ordered for a day off (a Saturday, a holiday, a roster day off): the head wants the person at work, so
     * both punches are accepted all that date, at the unit's places, and the hours count from the first punch to the
     * last (OvertimeRule). The day stays a day off: nobody is late, early or absent on it. Never for someone whose
     * employment has ended.
     */
    private static Optional<Duration> overtimeOnDayOff(PersonRules person, DayPlan plan) {
        boolean ended = plan.dayOff().filter(d -> d.reason() == DayOffReason.EMPLOYMENT_ENDED).isPresent();
        return plan.expected().isPresent() || ended ? Optional.empty() : person.overtimeOn(plan.date());
    }

    /** The plan of the work date a local time counts for: yesterday's night shift until its check-out closes, else today's. */
    public static DayPlan planAt(PersonRules rules, LocalDateTime now) {
        return planAt(date -> plan(rules, date), now);
    }

    static DayPlan planAt(Function<LocalDate, DayPlan> plans, LocalDateTime now) {
        LocalDate today = now.toLocalDate();
        DayPlan yesterday = plans.apply(today.minusDays(1));
        boolean inYesterdaysShift = yesterday.expected()
                .filter(e -> e.checkOut().closes().toLocalDate().isAfter(e.workDate()))
                .filter(e -> !now.isAfter(e.checkOut().closes()))
                .isPresent();
        return inYesterdaysShift ? yesterday : plans.apply(today);
    }

    private static OpenWindow openWindow(Expected e, LocalDateTime now) {
        if (e.checkIn().contains(now) && e.checkOut().contains(now)) {
            return OpenWindow.CHECK_IN_AND_OUT;
        }
        if (e.checkIn().contains(now)) {
            return OpenWindow.CHECK_IN;
        }
        if (e.checkOut().contains(now)) {
            return OpenWindow.CHECK_OUT;
        }
        return OpenWindow.NONE;
    }

    /** Which punches are accepted at an instant. A shift's windows overlap: both, and the phone says which. */
    public enum OpenWindow { NONE, CHECK_IN, CHECK_OUT, CHECK_IN_AND_OUT }

    /** A location with the radius in force at that moment (wider during work from home). */
    public record AcceptedPlace(WorkLocation location, int radiusM) {
    }

    /** Everything {@code policy explain} and the check-in endpoint need to know about one moment. */
    public record Situation(LocalDateTime localTime, DayPlan plan, OpenWindow open, List<AcceptedPlace> places,
                            Optional<WfhPeriod> wfh, boolean wfa, int maxAccuracyM, Optional<Duration> overtimeOnDayOff) {

        /** Why no window is open now, in words an OPD admin can repeat to the employee. */
        public String closedReason() {
            if (open != OpenWindow.NONE) {
                return "";
            }
            if (plan.expected().isEmpty()) {
                return StaffText.CLOSED_NO_WORK.format(plan.date(), plan.dayOff().map(DayOff::source).orElse(""));
            }
            Expected e = plan.expected().get();
            if (localTime.isBefore(e.checkIn().opens())) {
                return StaffText.CLOSED_NOT_YET.format(HOUR.format(e.checkIn().opens()));
            }
            if (localTime.isAfter(e.checkIn().closes()) && localTime.isBefore(e.checkOut().opens())) {
                return StaffText.CLOSED_BETWEEN.format(HOUR.format(e.checkIn().closes()), HOUR.format(e.checkOut().opens()));
            }
            return StaffText.CLOSED_AFTER.format(HOUR.format(e.checkOut().closes()));
        }
    }
}
