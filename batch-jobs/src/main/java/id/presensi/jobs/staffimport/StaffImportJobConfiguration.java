package id.presensi.jobs.staffimport;

import id.presensi.imports.ImportSummary;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffRowValidator;
import id.presensi.store.ImportRunStore;
import id.presensi.store.StaffStaging;
import id.presensi.store.UnitStore;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Staff import: prepare a staging table, stage the file (read, validate, COPY valid rows, record rejects) in
 * chunks, then merge the staged rows into employee in one transaction. Until the merge commits, employee is
 * untouched, so a failed import leaves the staff as they were.
 */
import java.util.ArrayList;

@Configuration(proxyBeanMethods = false)
public class StaffImportJobConfiguration {

    static final String JOB_NAME = "staffImport";
    static final int CHUNK_SIZE = 20_000;

    @Bean
    public Job staffImportJob(JobRepository jobRepository, Step prepareStaging, Step stageRows, Step mergeStaff,
                              StaffImportCleanup cleanup) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .preventRestart()
                .listener(cleanup)
                .start(prepareStaging)
                .next(stageRows)
                .next(mergeStaff)
                .build();
    }

    @Bean
    public Step prepareStaging(JobRepository jobRepository, PlatformTransactionManager tx, Jdbi jobJdbi,
                               StaffStaging stage) {
        return new StepBuilder("prepareStaging", jobRepository)
                .tasklet((contribution, context) -> {
                    jobJdbi.useHandle(stage::create);
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }

    @Bean
    public Step stageRows(JobRepository jobRepository, PlatformTransactionManager tx, StaffRowReader reader,
                          StaffRowProcessor processor, StagingWriter writer) {
        return new StepBuilder("stageRows", jobRepository)
                .<TableRow, ValidatedRow>chunk(CHUNK_SIZE)
                .transactionManager(tx)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .build();
    }

    @Bean
    public Step mergeStaff(JobRepository jobRepository, PlatformTransactionManager tx, Jdbi jobJdbi,
                           StaffStaging stage, StaffImportRequest request) {
        return new StepBuilder("mergeStaff", jobRepository)
                .tasklet((contribution, context) -> {
                    var stageStep = context.getStepContext().getStepExecution().getJobExecution().getStepExecutions()
                            .stream().filter(s -> s.getStepName().equals("stageRows")).findFirst().orElseThrow();
                    ImportRunStore runs = new ImportRunStore(jobJdbi);
                    jobJdbi.useHandle(h -> {
                        stage.refuseConflicts(h);
                        if (request.dryRun()) { // what the operator is about to change, field by field
                            context.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                                    .put(StaffImportJob.PREVIEW, new ArrayList<>(stage.changes(h, StaffImportJob.PREVIEW_LINES)));
                        }
                        StaffStaging.Counts counts = stage.merge(h, request.dryRun());
                        runs.complete(h, request.runId(), new ImportSummary(stageStep.getReadCount(), counts.inserted(),
                                counts.updated(), counts.unchanged(), runs.rejectedRows(h, request.runId())));
                    });
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }

    @Bean
    public StaffRowReader staffRowReader(StaffImportRequest request) {
        return new StaffRowReader(request);
    }

    @Bean
    public StaffRowProcessor staffRowProcessor(StaffRowReader reader, Jdbi jobJdbi) {
        return new StaffRowProcessor(reader, new StaffRowValidator(new UnitStore(jobJdbi).names()));
    }

    @Bean
    public StagingWriter stagingWriter(Jdbi jobJdbi, StaffStaging stage, StaffImportRequest request) {
        return new StagingWriter(jobJdbi, stage, request.runId());
    }

    @Bean
    public StaffStaging staffStaging(StaffImportRequest request) {
        return new StaffStaging(request.runId());
    }

    @Bean
    public StaffImportCleanup staffImportCleanup(Jdbi jobJdbi, StaffStaging stage, StaffImportRequest request) {
        return new StaffImportCleanup(jobJdbi, stage, request.runId());
    }
}
