package id.presensi.jobs.reconcile;

import id.presensi.app.EmployeeDays;
import id.presensi.app.Reconciliation;
import id.presensi.store.AnomalyStore;
import id.presensi.store.Audit;
import id.presensi.store.AttendanceStore;
import id.presensi.store.CheckInStore;
import id.presensi.store.RequestChainStore;
import id.presensi.store.SelfieStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reconciliation: the employees in scope are split into id ranges, one per thread; each range is read in
 * pages, each employee's days are computed by the attendance rule, and each chunk replaces its employees'
 * records in one transaction. A killed run restarts from the last committed chunk of each range. Then the
 * signals of titip absen of the same days are computed again, in one transaction (a restart redoes them whole),
 * and the selfies past their retention are deleted. A quick look at today ({@code signals} off) does neither.
 */
@Configuration(proxyBeanMethods = false)
public class ReconcileJobConfiguration {

    static final String JOB_NAME = "reconcile";
    static final int CHUNK_SIZE = 200;

    @Bean
    public Job reconcileJob(JobRepository jobRepository, Step reconcileEmployees, Step anomalySignals, Step purgePhotos, Step escalateRequests) {
        return new JobBuilder(JOB_NAME, jobRepository).start(reconcileEmployees).next(anomalySignals).next(purgePhotos).next(escalateRequests)
                .build();
    }

    /** Approval steps past their deadline escalate or lapse (V35); BKPSDM's and the owner's, an OPD admin's run leaves them. */
    @Bean
    public Step escalateRequests(JobRepository jobRepository, PlatformTransactionManager tx, Jdbi jobJdbi, ReconcileRequest request) {
        return nightly("escalateRequests", jobRepository, tx, request,
                contribution -> jobJdbi.useTransaction(h -> contribution.incrementWriteCount(escalateRequests(h))));
    }

    /** The escalation's work, also done by a run of one chunk ({@link ReconcileJob}); how many steps moved. */
    static int escalateRequests(Handle h) {
        if (!h.createQuery("SELECT has_function_privilege('request_escalate(text,text)', 'EXECUTE')").mapTo(Boolean.class).one()) {
            return 0;
        }
        String operator = h.createQuery("SELECT session_user").mapTo(String.class).one();
        return RequestChainStore.escalate(h, new Audit(operator, "reconcile: approval deadlines"));
    }

    /** Photos are kept selfie_retention_days; an operator who may not delete them (an OPD admin) leaves them to BKPSDM's run. */
    @Bean
    public Step purgePhotos(JobRepository jobRepository, PlatformTransactionManager tx, Jdbi jobJdbi, ReconcileRequest request) {
        return nightly("purgePhotos", jobRepository, tx, request,
                contribution -> jobJdbi.useTransaction(h -> contribution.incrementWriteCount(purgePhotos(h, request))));
    }

    /** The photo purge's work, also done by a run of one chunk ({@link ReconcileJob}); how many photos went. */
    static int purgePhotos(Handle h, ReconcileRequest request) {
        if (!h.createQuery("SELECT has_table_privilege('checkin_photo', 'DELETE')").mapTo(Boolean.class).one()) {
            return 0;
        }
        String operator = h.createQuery("SELECT session_user").mapTo(String.class).one();
        return SelfieStore.purge(h, new Audit(operator, "reconcile: photo retention"), request.asOf());
    }

    /** Signals are BKPSDM's and the owner's to write (V20); an OPD admin's run leaves them to the nightly one. */
    @Bean
    public Step anomalySignals(JobRepository jobRepository, PlatformTransactionManager tx, Jdbi jobJdbi, ReconcileRequest request) {
        return nightly("anomalySignals", jobRepository, tx, request, contribution -> jobJdbi.useHandle(h -> recomputeSignals(h, request)));
    }

    /** The signal step's work, also done by a run of one chunk ({@link ReconcileJob}). */
    static void recomputeSignals(Handle h, ReconcileRequest request) {
        if (AnomalyStore.mayWrite(h)) {
            AnomalyStore.recompute(h, request.from(), request.to(), request.unitCode(), AnomalyStore.thresholds(h));
        }
    }

    /** A step of the nightly run only: a quick look at today ({@code signals} off) goes through it doing nothing. */
    private static Step nightly(String name, JobRepository jobRepository, PlatformTransactionManager tx, ReconcileRequest request,
                                Consumer<StepContribution> work) {
        return new StepBuilder(name, jobRepository)
                .tasklet((contribution, context) -> {
                    if (request.signals()) {
                        work.accept(contribution);
                    }
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }

    @Bean
    public Step reconcileEmployees(JobRepository jobRepository, Step reconcileRange, Reconciliation reconciliation, ReconcileRequest request) {
        return new StepBuilder("reconcileEmployees", jobRepository)
                .partitioner("reconcileRange", new EmployeeRangePartitioner(reconciliation.employeeIds()))
                .step(reconcileRange)
                .gridSize(request.partitions())
                .taskExecutor(new SimpleAsyncTaskExecutor("reconcile-"))
                .build();
    }

    @Bean
    public Step reconcileRange(JobRepository jobRepository, PlatformTransactionManager tx, EmployeeDaysReader reader,
                               AttendanceProcessor processor, AttendanceWriter writer) {
        return new StepBuilder("reconcileRange", jobRepository)
                .<EmployeeDays, List<AttendanceStore.Computed>>chunk(CHUNK_SIZE)
                .transactionManager(tx)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .build();
    }

    @Bean
    @StepScope
    public EmployeeDaysReader employeeDaysReader(Jdbi jobJdbi, Reconciliation reconciliation,
                                                 @Value("#{stepExecutionContext['minId']}") long minId,
                                                 @Value("#{stepExecutionContext['maxId']}") long maxId) {
        return new EmployeeDaysReader(new CheckInStore(jobJdbi), reconciliation, minId, maxId);
    }

    @Bean
    public AttendanceProcessor attendanceProcessor(Reconciliation reconciliation) {
        return new AttendanceProcessor(reconciliation);
    }

    @Bean
    public AttendanceWriter attendanceWriter(Jdbi jobJdbi, Reconciliation reconciliation) {
        return new AttendanceWriter(new AttendanceStore(jobJdbi), reconciliation);
    }

    @Bean
    public Reconciliation reconciliation(Jdbi jobJdbi, ReconcileRequest request) {
        return Reconciliation.load(jobJdbi, request.days());
    }

    @Bean
    public static org.springframework.batch.core.scope.StepScope stepScope() {
        return new org.springframework.batch.core.scope.StepScope();
    }
}
