package id.presensi.app;

import id.presensi.apel.Apel;
import id.presensi.apel.ApelAbsence;
import id.presensi.apel.ApelDay;
import id.presensi.attendance.Punch;
import id.presensi.staff.EmployeeType;
import id.presensi.store.ApelStore;
import id.presensi.store.RulesLoader;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The apel of the days being reconciled, loaded once per run: the apel themselves, their cancellations, who checked in
 * to which, and everyone's type. A regency without apel loads one empty list and nothing else.
 */
record ApelSnapshot(List<Apel> apels, Map<LocalDate, Map<Long, String>> cancellations, Set<ApelStore.Attended> attended,
                    Map<Long, EmployeeType> types) {

    /** The apel an employee missed on a date, once their windows have closed by {@code now}. */
    List<Apel> missed(RulesLoader.Loaded employee, LocalDate date, List<Punch> punches, Optional<LocalDateTime> now) {
        EmployeeType type = types.get(employee.employeeId());
        // most days hold no apel: their facts (holiday, leave, roster) are not gathered for nothing, person by person
        if (type == null || apels.stream().noneMatch(a -> a.when().fallsOn(date))) {
            return List.of();
        }
        var facts = ApelDay.facts(employee.rules(), type, date, cancellations.getOrDefault(date, Map.of()));
        Set<Long> checkedIn = apels.stream().map(Apel::id)
                .filter(id -> attended.contains(new ApelStore.Attended(id, employee.employeeId(), date)))
                .collect(Collectors.toSet());
        List<LocalTime> fingerprints = punches.stream().filter(p -> p.source() == Punch.Source.FINGERPRINT)
                .map(p -> p.at().toLocalTime()).toList();
        return ApelAbsence.missed(apels, facts, checkedIn, fingerprints, now);
    }

    static ApelSnapshot load(Jdbi jdbi, LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> {
            ApelStore store = new ApelStore();
            List<Apel> apels = store.all(h);
            if (apels.isEmpty()) {
                return new ApelSnapshot(List.of(), Map.of(), Set.of(), Map.of());
            }
            return new ApelSnapshot(apels, store.cancellations(h, from, to), store.attended(h, from, to), store.types(h));
        });
    }
}
