package id.presensi.rules;

import id.presensi.staff.WorkPattern;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every rule that bears on one person, gathered from storage: their unit and its ancestors (nearest first),
 * the schedules of those units and the regency-wide ones, their roster, holidays, leave, locations they may
 * use, work-from-home periods, their work-from-anywhere (WFA) days, the GPS accuracy limit, whether their unit
 * asks for a selfie at check-in, the date their employment ended from, if it did, the units they were in
 * before a transfer (oldest first), whose rules judge the days before it, and the hours of overtime ordered per date
 * (surat perintah lembur), which keep that day's check-out open past them.
 */
public record PersonRules(String unitCode, List<String> unitChain, ZoneId zone, WorkPattern pattern,
                          List<WorkSchedule> schedules, List<RosterDay> roster, List<Holiday> holidays,
                          List<Leave> leave, List<WorkLocation> locations, List<WfhPeriod> wfhPeriods, Set<LocalDate> wfaDays,
                          int maxAccuracyM, boolean selfieRequired, Optional<LocalDate> endedFrom, List<EarlierUnit> earlierUnits,
                          Map<LocalDate, Duration> overtimeOrdered) {

    /** Someone never transferred. */
    public PersonRules(String unitCode, List<String> unitChain, ZoneId zone, WorkPattern pattern, List<WorkSchedule> schedules,
                       List<RosterDay> roster, List<Holiday> holidays, List<Leave> leave, List<WorkLocation> locations,
                       List<WfhPeriod> wfhPeriods, Set<LocalDate> wfaDays, int maxAccuracyM, boolean selfieRequired,
                       Optional<LocalDate> endedFrom) {
        this(unitCode, unitChain, zone, pattern, schedules, roster, holidays, leave, locations, wfhPeriods, wfaDays, maxAccuracyM,
                selfieRequired, endedFrom, List.of());
    }

    /** Someone with no overtime ordered. */
    public PersonRules(String unitCode, List<String> unitChain, ZoneId zone, WorkPattern pattern, List<WorkSchedule> schedules,
                       List<RosterDay> roster, List<Holiday> holidays, List<Leave> leave, List<WorkLocation> locations,
                       List<WfhPeriod> wfhPeriods, Set<LocalDate> wfaDays, int maxAccuracyM, boolean selfieRequired,
                       Optional<LocalDate> endedFrom, List<EarlierUnit> earlierUnits) {
        this(unitCode, unitChain, zone, pattern, schedules, roster, holidays, leave, locations, wfhPeriods, wfaDays, maxAccuracyM,
                selfieRequired, endedFrom, earlierUnits, Map.of());
    }

    /** A unit the person was in until the day before {@code until}: its chain up the hierarchy, its locations and selfie rule. */
    public record EarlierUnit(LocalDate until, String unitCode, List<String> unitChain, List<WorkLocation> locations,
                              boolean selfieRequired) {
    }

    /**
     * The rules as they stood on a date: before a transfer, the old unit's schedule, locations and selfie rule (the
     * move does not reach back); from it, these.
     */
    public PersonRules on(LocalDate date) {
        for (EarlierUnit earlier : earlierUnits) {
            if (date.isBefore(earlier.until())) {
                return new PersonRules(earlier.unitCode(), earlier.unitChain(), zone, pattern, schedules, roster, holidays, leave,
                        earlier.locations(), wfhPeriods, wfaDays, maxAccuracyM, earlier.selfieRequired(), endedFrom, List.of(),
                        overtimeOrdered);
            }
        }
        return this;
    }

    // Plain loops in the lookups below: reconciliation asks them for every employee-day, and a stream per
    // question was a tenth of its time.
    Optional<Holiday> holidayOn(LocalDate date) {
        for (Holiday h : holidays) {
            if (h.day().equals(date)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    Optional<Leave> leaveOn(LocalDate date) {
        for (Leave l : leave) {
            if (l.covers(date)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    Optional<Duration> overtimeOn(LocalDate date) {
        return Optional.ofNullable(overtimeOrdered.get(date));
    }

    Optional<RosterDay> rosterOn(LocalDate date) {
        for (RosterDay r : roster) {
            if (r.date().equals(date)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The schedule in force: a special one (Ramadan) before any regular one; within each kind, that of the
     * nearest unit up the hierarchy, else the regency-wide one.
     */
    Optional<WorkSchedule> scheduleOn(LocalDate date) {
        for (boolean special : new boolean[] {true, false}) {
            for (String unit : unitChain) {
                Optional<WorkSchedule> own = find(date, special, Optional.of(unit));
                if (own.isPresent()) {
                    return own;
                }
            }
            Optional<WorkSchedule> regency = find(date, special, Optional.empty());
            if (regency.isPresent()) {
                return regency;
            }
        }
        return Optional.empty();
    }

    private Optional<WorkSchedule> find(LocalDate date, boolean special, Optional<String> unit) {
        for (WorkSchedule s : schedules) {
            if (s.special() == special && s.unitCode().equals(unit) && s.validity().contains(date)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    Optional<WfhPeriod> wfhOn(LocalDate date) {
        return wfhPeriods.stream().filter(p -> p.validity().contains(date) && p.appliesTo(unitCode)).findFirst();
    }
}
