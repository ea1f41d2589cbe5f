package id.presensi.app;

import id.presensi.attendance.Punch;
import id.presensi.store.RulesLoader;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One employee's rules and accepted punches by work date, for the days being reconciled. */
public record EmployeeDays(RulesLoader.Loaded employee, Map<LocalDate, List<Punch>> punches) {
}
