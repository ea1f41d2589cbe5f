package id.presensi.rules;

import id.presensi.staff.WorkPattern;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Every rule that bears on one person, gathered from storage: their unit and its ancestors (nearest first),
 * the schedules of those units and the regency-wide ones, their roster, holidays, leave, locations they may
 * use, work-from-home periods, the GPS accuracy limit, and the date their employment ended from, if it did.
 */
public record PersonRules(String unitCode, List<String> unitChain, ZoneId zone, WorkPattern pattern,
                          List<WorkSchedule> schedules, List<RosterDay> roster, List<Holiday> holidays,
                          List<Leave> leave, List<WorkLocation> locations, List<WfhPeriod> wfhPeriods,
                          int maxAccuracyM, Optional<LocalDate> endedFrom) {

    Optional<Holiday> holidayOn(LocalDate date) {
        return holidays.stream().filter(h -> h.day().equals(date)).findFirst();
    }

    Optional<Leave> leaveOn(LocalDate date) {
        return leave.stream().filter(l -> l.covers(date)).findFirst();
    }

    Optional<RosterDay> rosterOn(LocalDate date) {
        return roster.stream().filter(r -> r.date().equals(date)).findFirst();
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
        return schedules.stream()
                .filter(s -> s.special() == special && s.unitCode().equals(unit) && s.validity().contains(date))
                .findFirst();
    }

    Optional<WfhPeriod> wfhOn(LocalDate date) {
        return wfhPeriods.stream().filter(p -> p.validity().contains(date) && p.appliesTo(unitCode)).findFirst();
    }
}
