package id.presensi.jobs.reconcile;

import id.presensi.db.Database;
import id.presensi.jobs.BatchInfrastructure;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs reconciliation for a range of days. The same days again start a new run that replaces the records;
 * if the last run for those days did not finish (failed, or its process was killed), it is restarted instead
 * and finishes from where it stopped. One reconciliation per operator runs at a time (a row lock).
 */
public final class ReconcileJob {

    private final Database database;

    public ReconcileJob(Database database) {
        this.database = database;
    }

    /** What a run did: how it ran and the status codes of the records it wrote. */
    public record Result(long jobExecutionId, boolean restarted, long employees, long records, Map<String, Long> byCode) {
    }

    public Result run(ReconcileRequest request) throws Exception {
        try (Connection lock = database.dataSource().getConnection()) {
            String operator = lockOwnRow(lock);
            try {
                return runLocked(request, operator);
            } finally {
                lock.rollback(); // releases the row lock before the connection goes back to the pool
                lock.setAutoCommit(true);
            }
        }
    }

    /**
     * Locks the session user's own row of job_lock for as long as the run lasts, and returns the session user.
     * Row-level security shows each role only its own row, so no other login can hold it (an advisory lock
     * could be taken by anyone). Runs by different operators may overlap: each writes whole records.
     */
    private static String lockOwnRow(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO job_lock (job) VALUES ('reconcile') ON CONFLICT DO NOTHING")) {
            s.execute();
        }
        connection.setAutoCommit(false);
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT operator FROM job_lock WHERE job = 'reconcile' AND operator = session_user FOR UPDATE NOWAIT");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            connection.rollback();
            connection.setAutoCommit(true);
            if ("55P03".equals(e.getSQLState())) { // lock_not_available
                throw new IllegalStateException("another reconciliation is running; try again when it has finished");
            }
            throw e;
        }
    }

    private Result runLocked(ReconcileRequest request, String operator) throws Exception {
        removeRecordsAfterEmploymentEnded(request);
        try (var context = BatchInfrastructure.context(database, request, ReconcileJobConfiguration.class)) {
            JobRepository repository = context.getBean(JobRepository.class);
            JobOperator jobs = context.getBean(JobOperator.class);
            Job job = context.getBean("reconcileJob", Job.class);
            JobExecution execution = null;
            boolean restarted = false;
            for (long run = 1; execution == null; run++) {
                JobParameters parameters = parameters(request, operator, run);
                JobInstance instance = repository.getJobInstance(ReconcileJobConfiguration.JOB_NAME, parameters);
                if (instance == null) {
                    execution = jobs.start(job, parameters);
                } else {
                    JobExecution last = repository.getLastJobExecution(instance);
                    if (last != null && last.getStatus() != BatchStatus.COMPLETED && last.getStatus() != BatchStatus.ABANDONED) {
                        if (last.isRunning()) {
                            last = jobs.recover(last); // we hold the lock: its process is gone
                        }
                        execution = jobs.restart(last);
                        restarted = true;
                    }
                }
            }
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                // the worker's own failure says what went wrong; the partition handler's only that something did
                var failures = execution.getAllFailureExceptions();
                Throwable cause = failures.stream().filter(t -> !(t instanceof org.springframework.batch.core.job.JobExecutionException))
                        .findFirst().or(() -> failures.stream().findFirst()).orElse(null);
                throw new IllegalStateException("reconciliation failed" + (cause == null ? "" : ": " + root(cause))
                        + "; run the same command again to finish it");
            }
            return summary(request, execution.getId(), restarted, context.getBean(RulesSnapshot.class).employeeIds().size());
        }
    }

    /** Staff whose employment ended before these days are not reconciled; records made for them earlier go. */
    private void removeRecordsAfterEmploymentEnded(ReconcileRequest request) {
        database.jdbi().useHandle(h -> h.createUpdate("""
                        DELETE FROM attendance a USING employee e
                         WHERE a.employee_id = e.id AND a.work_date >= e.ended_from AND a.work_date BETWEEN :from AND :to
                           AND e.unit_id IN (SELECT unit_scope(:unit))""")
                .bind("from", request.from()).bind("to", request.to()).bind("unit", request.unitCode().orElse(null)).execute());
    }

    /** The operator is part of the job's identity: each operator restarts only their own unfinished runs. */
    private static JobParameters parameters(ReconcileRequest request, String operator, long run) {
        return new JobParametersBuilder()
                .addString("operator", operator)
                .addString("from", request.from().toString())
                .addString("to", request.to().toString())
                .addString("unit", request.unitCode().orElse("*"))
                .addLong("run", run)
                .toJobParameters();
    }

    private Result summary(ReconcileRequest request, long executionId, boolean restarted, long employees) {
        Map<String, Long> byCode = new LinkedHashMap<>();
        long records = database.jdbi().withHandle(h -> {
            h.createQuery("""
                            SELECT code, count(*) AS n FROM attendance, unnest(codes) AS code
                             WHERE work_date BETWEEN :from AND :to AND unit_id IN (SELECT unit_scope(:unit))
                             GROUP BY code ORDER BY array_position(ARRAY['H','TL1','TL2','TL3','TL4','PSW1','PSW2','PSW3','PSW4','TK',
                                   'CT','CS','CB','CM','CAP','CLTN','S','I','DL','TB','LIBUR','BELUM'], code)""")
                    .bind("unit", request.unitCode().orElse(null)).bind("from", request.from()).bind("to", request.to())
                    .mapToMap().forEach(r -> byCode.put((String) r.get("code"), ((Number) r.get("n")).longValue()));
            return h.createQuery("""
                            SELECT count(*) FROM attendance WHERE work_date BETWEEN :from AND :to AND unit_id IN (SELECT unit_scope(:unit))""")
                    .bind("unit", request.unitCode().orElse(null)).bind("from", request.from()).bind("to", request.to())
                    .mapTo(Long.class).one();
        });
        return new Result(executionId, restarted, employees, records, byCode);
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
