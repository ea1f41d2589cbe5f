package id.presensi.jobs.reconcile;

import id.presensi.app.Reconciliation;
import id.presensi.attendance.StatusCode;
import id.presensi.db.Database;
import id.presensi.db.Failures;
import id.presensi.jobs.BatchInfrastructure;
import id.presensi.store.AttendanceStore;
import id.presensi.store.ClosedMonthStore;
import id.presensi.store.JobLockStore;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs reconciliation for a range of days. The same days again start a new run that replaces the records;
 * if the last run for those days did not finish (failed, or its process was killed), it is restarted instead
 * and finishes from where it stopped. One reconciliation per operator runs at a time (a row lock).
 */
public final class ReconcileJob {

    private final Database database;
    private final AttendanceStore attendance;

    public ReconcileJob(Database database) {
        this.database = database;
        this.attendance = new AttendanceStore(database.jdbi());
    }

    /** What a run did: how it ran and the status codes of the records it wrote. */
    public record Result(LocalDate from, LocalDate to, long jobExecutionId, boolean restarted, long employees, long records,
                         Map<StatusCode, Long> byCode) {
    }

    /** One run per operator at a time (their own row of job_lock), so each restarts only their own unfinished runs. */
    public Result run(ReconcileRequest request) throws Exception {
        try (JobLockStore.Held lock = new JobLockStore(database.jdbi()).hold("reconcile")) {
            return runLocked(request, lock.operator());
        }
    }

    /** The closed days a run left out: a month closed for the regency or a unit of the run, and its days in the range. */
    public record Skipped(ClosedMonthStore.Touching closed, LocalDate from, LocalDate to) {
    }

    /** What a run over the open days did: each stretch of open days reconciled, and the closed days left out. */
    public record OpenDays(List<Result> runs, List<Skipped> skipped) {
        public long records() {
            return runs.stream().mapToLong(Result::records).sum();
        }

        public long employees() {
            return runs.stream().mapToLong(Result::employees).max().orElse(0);
        }
    }

    /**
     * Reconciles the days of the request outside closed months, stretch by stretch, and says which closed days it
     * left out: the nightly job's late-data window reaches into a month closed last week, and its open days must
     * still be done. A month closed for one unit is left out for the whole run (its records may not change, and a
     * run over all units writes them), so the unit's neighbours are reconciled by a run of their own.
     */
    public OpenDays runOpenDays(ReconcileRequest request) throws Exception {
        try (JobLockStore.Held lock = new JobLockStore(database.jdbi()).hold("reconcile")) {
            List<ClosedMonthStore.Touching> closed = new ClosedMonthStore(database.jdbi())
                    .touchingMonths(request.from(), request.to(), request.unitCode());
            Set<YearMonth> closedMonths = closed.stream().map(ClosedMonthStore.Touching::month).collect(Collectors.toSet());
            List<Skipped> skipped = closed.stream()
                    .map(c -> new Skipped(c, max(request.from(), c.month().atDay(1)), min(request.to(), c.month().atEndOfMonth())))
                    .toList();
            List<Result> runs = new ArrayList<>();
            LocalDate start = null;
            for (LocalDate day = request.from(); !day.isAfter(request.to().plusDays(1)); day = day.plusDays(1)) {
                boolean open = !day.isAfter(request.to()) && !closedMonths.contains(YearMonth.from(day));
                if (open && start == null) {
                    start = day;
                } else if (!open && start != null) {
                    runs.add(runLocked(request.over(start, day.minusDays(1)), lock.operator()));
                    start = null;
                }
            }
            return new OpenDays(runs, skipped);
        }
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private Result runLocked(ReconcileRequest request, String operator) throws Exception {
        long employees = Reconciliation.prepare(database.jdbi(), request.days());
        if (employees * (ChronoUnit.DAYS.between(request.from(), request.to()) + 1) <= ReconcileJobConfiguration.CHUNK_SIZE) {
            return runAtOnce(request, employees);
        }
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
                Throwable cause = failures.stream().filter(t -> !(t instanceof JobExecutionException))
                        .findFirst().or(() -> failures.stream().findFirst()).orElse(null);
                throw new IllegalStateException("reconciliation failed" + (cause == null ? "" : ": " + Failures.rootMessage(cause))
                        + "; run the same command again to finish it");
            }
            return summary(request, execution.getId(), restarted, context.getBean(Reconciliation.class).employeeIds().size());
        }
    }

    /**
     * A run no bigger than one chunk (a small regency's day, a puskesmas's week): reconciliation's rule in one
     * transaction ({@link Reconciliation#atOnce}), then its signal and photo steps, each in its own as the job runs them.
     * Such a run has nothing to split or to restart from, and starting the job's Spring context and repository, with
     * their commits, took longer than the work.
     */
    private Result runAtOnce(ReconcileRequest request, long employees) {
        Reconciliation.atOnce(database.jdbi(), request.days());
        if (request.signals()) {
            try {
                database.jdbi().useTransaction(h -> ReconcileJobConfiguration.recomputeSignals(h, request));
                database.jdbi().useTransaction(h -> ReconcileJobConfiguration.purgePhotos(h, request));
                database.jdbi().useTransaction(ReconcileJobConfiguration::escalateRequests);
            } catch (RuntimeException e) {
                throw Reconciliation.failed(e);
            }
        }
        return summary(request, 0, false, employees);
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
        AttendanceStore.Counts counts = attendance.counts(request.from(), request.to(), request.unitCode());
        return new Result(request.from(), request.to(), executionId, restarted, employees, counts.records(), counts.byCode());
    }
}
