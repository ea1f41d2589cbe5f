package id.presensi.jobs.reconcile;

import id.presensi.apel.Apel;
import id.presensi.attendance.AttendanceRule;
import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.StatusCode;
import id.presensi.rules.DayPlan;
import id.presensi.rules.RuleResolver;
import id.presensi.store.AttendanceStore;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A thin adapter over the daily attendance rule: one employee's days from the plan and the punches. */
class AttendanceProcessor implements ItemProcessor<EmployeeDays, List<AttendanceStore.Computed>> {
    private final ReconcileRequest request;
    private final RulesSnapshot snapshot;

    AttendanceProcessor(ReconcileRequest request, RulesSnapshot snapshot) {
        this.request = request;
        this.snapshot = snapshot;
    }

    @Override
    public List<AttendanceStore.Computed> process(EmployeeDays item) {
        var rules = item.employee().rules();
        long employeeId = item.employee().employeeId();
        long currentUnitId = snapshot.unitIds().get(rules.unitCode());
        var now = Optional.of(LocalDateTime.ofInstant(request.asOf(), rules.zone()));
        List<AttendanceStore.Computed> rows = new ArrayList<>();
        for (var date = request.from(); !date.isAfter(request.to()); date = date.plusDays(1)) {
            var plan = RuleResolver.plan(rules, date);
            if (plan.dayOff().filter(off -> off.reason() == DayPlan.DayOffReason.EMPLOYMENT_ENDED).isPresent()) {
                continue; // no record at all once employment has ended: the writer's delete removes any earlier one
            }
            long unitId = snapshot.unitOn(employeeId, currentUnitId, date);
            if (!snapshot.mayWrite(unitId)) {
                continue; // a day this employee spent in a unit outside the operator's scope stays as it is
            }
            var punches = item.punches().getOrDefault(date, List.of());
            var day = withApel(AttendanceRule.decide(plan, punches, request.bands(), now),
                    snapshot.apel().missed(item.employee(), date, punches, now));
            rows.add(new AttendanceStore.Computed(employeeId, unitId, rules.zone(), day));
        }
        return rows;
    }

    /** TA beside the day's own codes for each apel missed, named in the day's sentence (an apel is not a working day's part). */
    private static DailyAttendance withApel(DailyAttendance day, List<Apel> missed) {
        if (missed.isEmpty()) {
            return day;
        }
        List<String> codes = new ArrayList<>(day.codes());
        codes.add(StatusCode.TA.name());
        String names = missed.stream().map(Apel::name).collect(Collectors.joining(", "));
        return new DailyAttendance(day.workDate(), day.expectedStart(), day.expectedEnd(), day.shiftCode(), day.dayOff(), day.firstIn(),
                day.lastOut(), day.lateMin(), day.earlyMin(), List.copyOf(codes), day.flags(),
                day.explanation() + "; TA: tidak mengikuti " + names);
    }
}
