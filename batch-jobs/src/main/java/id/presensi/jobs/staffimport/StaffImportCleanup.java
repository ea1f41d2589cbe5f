package id.presensi.jobs.staffimport;

import id.presensi.db.Failures;
import id.presensi.store.ImportRunStore;
import id.presensi.store.StaffStaging;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** Drops the staging table whatever happened, and marks a failed run so its partial rejects do not linger. */
class StaffImportCleanup implements JobExecutionListener {

    private final Jdbi jdbi;
    private final StaffStaging stage;
    private final long runId;

    StaffImportCleanup(Jdbi jdbi, StaffStaging stage, long runId) {
        this.jdbi = jdbi;
        this.stage = stage;
        this.runId = runId;
    }

    @Override
    public void afterJob(JobExecution execution) {
        jdbi.useHandle(stage::drop);
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            String reason = execution.getAllFailureExceptions().stream().findFirst()
                    .map(Failures::rootMessage).orElse("the import did not complete");
            new ImportRunStore(jdbi).fail(runId, reason);
        }
    }
}
