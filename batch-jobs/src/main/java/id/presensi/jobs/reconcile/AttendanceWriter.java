package id.presensi.jobs.reconcile;

import id.presensi.store.AttendanceStore;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.util.List;

/**
 * Replaces the chunk's employees' records for the days being reconciled, in the chunk's transaction: a re-run
 * or a restart rewrites the same rows, so results never depend on chunk size or on how the work was split.
 * A run by another operator over the same employees (an OPD admin's, beside the nightly one) may write the
 * same records meanwhile: the store then updates them, and the last writer's identical result stands.
 */
class AttendanceWriter implements ItemWriter<List<AttendanceStore.Computed>> {
    private final AttendanceStore store;
    private final ReconcileRequest request;

    AttendanceWriter(AttendanceStore store, ReconcileRequest request) {
        this.store = store;
        this.request = request;
    }

    @Override
    public void write(Chunk<? extends List<AttendanceStore.Computed>> chunk) {
        List<AttendanceStore.Computed> days = chunk.getItems().stream().flatMap(List::stream).toList();
        List<Long> employees = chunk.getItems().stream().filter(l -> !l.isEmpty()).map(l -> l.get(0).employeeId()).toList();
        store.replace(employees, request.from(), request.to(), days);
    }
}
