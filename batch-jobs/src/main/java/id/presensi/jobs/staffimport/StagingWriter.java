package id.presensi.jobs.staffimport;

import id.presensi.imports.Reject;
import id.presensi.staff.StaffRecord;
import id.presensi.store.ImportRunStore;
import id.presensi.store.StaffStaging;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.util.ArrayList;
import java.util.List;

/** Writes a chunk's valid rows to the staging table and its rejects to import_reject, in the chunk's transaction. */
class StagingWriter implements ItemWriter<ValidatedRow> {

    private final Jdbi jdbi;
    private final StaffStaging stage;
    private final ImportRunStore runs;
    private final long runId;

    StagingWriter(Jdbi jdbi, StaffStaging stage, long runId) {
        this.jdbi = jdbi;
        this.stage = stage;
        this.runs = new ImportRunStore(jdbi);
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends ValidatedRow> chunk) throws Exception {
        List<StaffRecord> records = new ArrayList<>(chunk.size());
        List<Reject> rejects = new ArrayList<>();
        for (ValidatedRow row : chunk) {
            if (row.record() != null) {
                records.add(row.record());
            }
            rejects.addAll(row.rejects());
        }
        jdbi.useHandle(h -> {
            stage.copy(h, records);
            runs.addRejects(h, runId, rejects);
        });
    }
}
