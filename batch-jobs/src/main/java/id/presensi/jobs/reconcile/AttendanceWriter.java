package id.presensi.jobs.reconcile;

import id.presensi.app.Reconciliation;
import id.presensi.store.AttendanceStore;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.util.List;

/**
 * Replaces the chunk's employees' records for the days being reconciled, in the chunk's transaction (see
 * {@link Reconciliation#write}). A run by another operator over the same employees (an OPD admin's, beside the
 * nightly one) may write the same records meanwhile: the store then updates them, and the last writer's identical
 * result stands.
 */
class AttendanceWriter implements ItemWriter<List<AttendanceStore.Computed>> {
    private final AttendanceStore store;
    private final Reconciliation reconciliation;

    AttendanceWriter(AttendanceStore store, Reconciliation reconciliation) {
        this.store = store;
        this.reconciliation = reconciliation;
    }

    @Override
    public void write(Chunk<? extends List<AttendanceStore.Computed>> chunk) {
        reconciliation.write(store, chunk.getItems());
    }
}
