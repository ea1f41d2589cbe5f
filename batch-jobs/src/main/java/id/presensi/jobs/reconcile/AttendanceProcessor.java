package id.presensi.jobs.reconcile;

import id.presensi.attendance.AttendanceRule;
import id.presensi.rules.DayPlan;
import id.presensi.rules.RuleResolver;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.util.ArrayList;
import java.util.List;

/** A thin adapter over the daily attendance rule: one employee's days from the plan and the punches. */
class AttendanceProcessor implements ItemProcessor<EmployeeDays, List<AttendanceRow>> {
    private final ReconcileRequest request;
    private final RulesSnapshot snapshot;

    AttendanceProcessor(ReconcileRequest request, RulesSnapshot snapshot) {
        this.request = request;
        this.snapshot = snapshot;
    }

    @Override
    public List<AttendanceRow> process(EmployeeDays item) {
        var rules = item.employee().rules();
        long employeeId = item.employee().employeeId();
        long currentUnitId = snapshot.unitIds().get(rules.unitCode());
        var now = java.util.Optional.of(java.time.LocalDateTime.ofInstant(request.asOf(), rules.zone()));
        List<AttendanceRow> rows = new ArrayList<>();
        for (var date = request.from(); !date.isAfter(request.to()); date = date.plusDays(1)) {
            var plan = RuleResolver.plan(rules, date);
            if (plan.dayOff().filter(off -> off.reason() == DayPlan.DayOffReason.EMPLOYMENT_ENDED).isPresent()) {
                continue; // no record at all once employment has ended: the writer's delete removes any earlier one
            }
            long unitId = snapshot.unitOn(employeeId, currentUnitId, date);
            if (!snapshot.mayWrite(unitId)) {
                continue; // a day this employee spent in a unit outside the operator's scope stays as it is
            }
            var day = AttendanceRule.decide(plan, item.punches().getOrDefault(date, List.of()), request.bands(), now);
            rows.add(new AttendanceRow(employeeId, unitId, rules.zone(), day));
        }
        return rows;
    }
}
