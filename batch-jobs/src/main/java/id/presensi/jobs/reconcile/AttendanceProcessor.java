package id.presensi.jobs.reconcile;

import id.presensi.app.EmployeeDays;
import id.presensi.app.Reconciliation;
import id.presensi.store.AttendanceStore;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.util.List;

/** A thin adapter over reconciliation's rule: one employee's days from the plan and the punches. */
class AttendanceProcessor implements ItemProcessor<EmployeeDays, List<AttendanceStore.Computed>> {
    private final Reconciliation reconciliation;

    AttendanceProcessor(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    public List<AttendanceStore.Computed> process(EmployeeDays item) {
        return reconciliation.decide(item);
    }
}
