package id.presensi.app;

import id.presensi.apel.Apel;
import id.presensi.attendance.AttendanceRule;
import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.Punch;
import id.presensi.attendance.StatusBands;
import id.presensi.attendance.StatusCode;
import id.presensi.db.Database;
import id.presensi.db.Failures;
import id.presensi.rules.DayPlan;
import id.presensi.rules.RuleResolver;
import id.presensi.store.AttendanceStore;
import id.presensi.store.CheckInStore;
import id.presensi.store.ClosedMonthStore;
import id.presensi.store.EmployeeStore;
import id.presensi.store.JobLockStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reconciliation's rule and its checks, in one place for every way it runs: the nightly job (its Spring Batch reader,
 * processor and writer adapt this class, and a run of one chunk calls {@link #atOnce}), and a day's report, which
 * brings the day's records up to date with {@link #reconcileDay} without starting a job.
 */
public final class Reconciliation {

    /**
     * Which days, for which unit (and its sub-units), with which bands, and as of when: a working day whose
     * check-out window is still open at {@code asOf} is recorded as provisional (BELUM).
     */
    public record Days(LocalDate from, LocalDate to, Optional<String> unitCode, StatusBands bands, Instant asOf) {
    }

    private final Days days;
    private final RulesSnapshot snapshot;

    private Reconciliation(Days days, RulesSnapshot snapshot) {
        this.days = days;
        this.snapshot = snapshot;
    }

    /** Everyone's rules for the days, loaded once per run. */
    public static Reconciliation load(Jdbi jdbi, Days days) {
        return new Reconciliation(days, RulesSnapshot.load(jdbi, days.from(), days.to(), days.unitCode()));
    }

    /** The employees in scope, by id (sorted). */
    public List<Long> employeeIds() {
        return snapshot.employeeIds();
    }

    /** These employees' accepted punches of the days, by work date, in each one's own zone: one query for a page. */
    public List<EmployeeDays> read(CheckInStore checkIns, List<Long> ids) {
        Map<Long, Map<LocalDate, List<Punch>>> punches = new HashMap<>();
        for (CheckInStore.Accepted a : checkIns.accepted(ids, days.from(), days.to())) {
            ZoneId zone = snapshot.byEmployee().get(a.employeeId()).rules().zone();
            punches.computeIfAbsent(a.employeeId(), k -> new HashMap<>()).computeIfAbsent(a.workDate(), k -> new ArrayList<>())
                    .add(new Punch(LocalDateTime.ofInstant(a.at(), zone), a.type(), a.offlineSynced(), a.workFromHome(), a.workFromAnywhere(), a.source()));
        }
        List<EmployeeDays> page = new ArrayList<>(ids.size());
        for (Long id : ids) {
            page.add(new EmployeeDays(snapshot.byEmployee().get(id), punches.getOrDefault(id, Map.of())));
        }
        return page;
    }

    /** One employee's days from the plan and the punches by the attendance rule, each filed under that day's unit. */
    public List<AttendanceStore.Computed> decide(EmployeeDays item) {
        var rules = item.employee().rules();
        long employeeId = item.employee().employeeId();
        long currentUnitId = snapshot.unitIds().get(rules.unitCode());
        var now = Optional.of(LocalDateTime.ofInstant(days.asOf(), rules.zone()));
        List<AttendanceStore.Computed> rows = new ArrayList<>();
        for (var date = days.from(); !date.isAfter(days.to()); date = date.plusDays(1)) {
            var plan = RuleResolver.plan(rules, date);
            if (plan.dayOff().filter(off -> off.reason() == DayPlan.DayOffReason.EMPLOYMENT_ENDED).isPresent()) {
                continue; // no record at all once employment has ended: the writer's delete removes any earlier one
            }
            long unitId = snapshot.unitOn(employeeId, currentUnitId, date);
            if (!snapshot.mayWrite(unitId)) {
                continue; // a day this employee spent in a unit outside the operator's scope stays as it is
            }
            var punches = item.punches().getOrDefault(date, List.of());
            var day = withApel(AttendanceRule.decide(plan, punches, days.bands(), now),
                    snapshot.apel().missed(item.employee(), date, punches, now));
            rows.add(new AttendanceStore.Computed(employeeId, unitId, rules.zone(), day));
        }
        return rows;
    }

    /**
     * Replaces these employees' records of the days with those decided: a re-run or a restart rewrites the same rows,
     * so results never depend on chunk size or on how the work was split.
     */
    public void write(AttendanceStore store, List<? extends List<AttendanceStore.Computed>> decided) {
        List<AttendanceStore.Computed> rows = decided.stream().flatMap(List::stream).toList();
        List<Long> employees = decided.stream().filter(l -> !l.isEmpty()).map(l -> l.get(0).employeeId()).toList();
        store.replace(employees, days.from(), days.to(), rows);
    }

    /**
     * What every run checks before it writes: no closed month among the days, an OPD admin only inside the nightly
     * run's window; and records made earlier for staff whose employment ended before these days go. How many
     * employees are in scope.
     */
    public static long prepare(Jdbi jdbi, Days days) {
        List<String> closed = new ClosedMonthStore(jdbi).touching(days.from(), days.to(), days.unitCode());
        if (!closed.isEmpty()) {
            throw new IllegalStateException("these days include closed month(s) " + String.join(", ", closed)
                    + ", whose records no longer change; reconcile other days, or BKPSDM reopens the month (presensi month reopen)");
        }
        AttendanceStore attendance = new AttendanceStore(jdbi);
        // an OPD admin writes only days the nightly run will reconcile again (V20), so nothing they write stands for good
        attendance.lateDataWindow().filter(w -> days.from().isBefore(w.first()) || days.to().isAfter(w.last())).ifPresent(w -> {
            throw new IllegalStateException("an OPD admin reconciles only the days the nightly run reconciles again (" + w.first()
                    + " to " + w.last() + "); BKPSDM reconciles older days");
        });
        attendance.dropAfterEmploymentEnded(days.from(), days.to(), days.unitCode());
        return new EmployeeStore(jdbi).idsEmployedOn(days.from(), days.unitCode()).size();
    }

    private static final int PAGE = 500;

    /**
     * The whole run's records in one transaction, page by page of employees: for a run with nothing to split or to
     * restart from (a failure leaves nothing written, and the same command does it whole).
     */
    public static void atOnce(Jdbi jdbi, Days days) {
        try {
            jdbi.useTransaction(h -> {
                Jdbi inThisTransaction = Database.jdbi(h.getConnection());
                Reconciliation run = load(inThisTransaction, days);
                CheckInStore checkIns = new CheckInStore(inThisTransaction);
                List<List<AttendanceStore.Computed>> decided = new ArrayList<>();
                List<Long> all = run.employeeIds();
                for (int from = 0; from < all.size(); from += PAGE) {
                    for (EmployeeDays employee : run.read(checkIns, all.subList(from, Math.min(all.size(), from + PAGE)))) {
                        decided.add(run.decide(employee));
                    }
                }
                run.write(new AttendanceStore(inThisTransaction), decided);
                h.execute("SET LOCAL synchronous_commit = on"); // a job's chunks wait for no disk; a finished run does
            });
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** A run's failure as the operator reads it: what went wrong, and that the same command finishes it. */
    public static IllegalStateException failed(Throwable e) {
        return new IllegalStateException("reconciliation failed: " + Failures.rootMessage(e) + "; run the same command again to finish it", e);
    }

    /**
     * Brings one day's records up to date for a day's report, under the operator's reconcile lock, in one
     * transaction; an OPD admin's day outside the nightly run's window is left as that run left it (V20). Whether
     * the day was reconciled.
     */
    public static boolean reconcileDay(Jdbi jdbi, LocalDate day, Optional<String> unitCode, StatusBands bands, Instant asOf) {
        if (new AttendanceStore(jdbi).lateDataWindow().map(w -> day.isBefore(w.first()) || day.isAfter(w.last())).orElse(false)) {
            return false;
        }
        try (JobLockStore.Held lock = new JobLockStore(jdbi).hold("reconcile")) {
            Days days = new Days(day, day, unitCode, bands, asOf);
            prepare(jdbi, days);
            atOnce(jdbi, days);
            return true;
        }
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
