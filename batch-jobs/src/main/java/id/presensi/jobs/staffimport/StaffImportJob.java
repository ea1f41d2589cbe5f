package id.presensi.jobs.staffimport;

import id.presensi.db.Database;
import id.presensi.db.Failures;
import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSource;
import id.presensi.imports.ImportSummary;
import id.presensi.imports.Reject;
import id.presensi.jobs.BatchInfrastructure;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;
import id.presensi.sheet.TableRow;
import id.presensi.store.ImportResult;
import id.presensi.store.ImportRunStore;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs the staff import job for one file and reports what it did. */
public final class StaffImportJob {

    private final Database database;

    public StaffImportJob(Database database) {
        this.database = database;
    }

    static final String PREVIEW = "preview";
    static final int PREVIEW_LINES = 30;

    /** Thrown when the import failed as a whole; the staff are as they were before. */
    public static class ImportFailedException extends RuntimeException {
        public ImportFailedException(String message, Throwable cause) {
            super(message, cause); // the cause keeps what the database said (e.g. a right the operator lacks)
        }
    }

    public ImportResult run(Path file, Optional<String> sheet, Map<String, String> renames, boolean dryRun,
                            StaffImportRequest.ImportProgress progress) throws IOException {
        return run(new ImportSource(file, sheet, renames, dryRun), progress);
    }

    public ImportResult run(ImportSource source, StaffImportRequest.ImportProgress progress) throws IOException {
        Path file = source.file();
        boolean dryRun = source.dryRun();
        ImportRunStore runs = new ImportRunStore(database.jdbi());
        long runId = runs.begin(ImportKind.STAFF, file.toString(), dryRun);
        StaffImportRequest request = new StaffImportRequest(runId, source, progress);
        JobExecution execution;
        List<String> header;
        Optional<String> readAs;
        try (var context = BatchInfrastructure.context(database, request, StaffImportJobConfiguration.class)) {
            execution = context.getBean(JobOperator.class).start(context.getBean("staffImportJob", Job.class),
                    new JobParametersBuilder().addLong("run", runId).addString("file", file.toString())
                            .addString("dryRun", Boolean.toString(dryRun)).toJobParameters());
            StaffRowReader reader = context.getBean(StaffRowReader.class);
            header = execution.getStatus() == BatchStatus.COMPLETED ? reader.header() : List.of();
            readAs = execution.getStatus() == BatchStatus.COMPLETED ? reader.readAs() : Optional.empty();
        } catch (Exception e) {
            runs.fail(runId, Failures.rootMessage(e));
            throw new ImportFailedException(Failures.rootMessage(e), e);
        }
        runs.attachJobExecution(runId, execution.getId());
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            Throwable failure = execution.getAllFailureExceptions().stream().findFirst().orElse(null);
            throw new ImportFailedException(failure == null ? "status " + execution.getStatus() : Failures.rootMessage(failure), failure);
        }
        ImportSummary summary = runs.summary(runId);
        if (summary.read() == 0) {
            runs.fail(runId, "no rows");
            throw new ImportFailedException(file + ": no rows below the header; nothing was imported", null);
        }
        @SuppressWarnings("unchecked")
        List<String> preview = (List<String>) execution.getExecutionContext().get(PREVIEW);
        return new ImportResult(runId, summary, header, withSourceRows(runs.rejects(runId), source), readAs,
                preview == null ? List.of() : preview);
    }

    /** Rejects found while merging carry no source row; read those rows back from the file. */
    private static List<Reject> withSourceRows(List<Reject> rejects, ImportSource source) throws IOException {
        if (rejects.stream().allMatch(r -> !r.sourceRow().isEmpty())) {
            return rejects;
        }
        Map<Integer, List<String>> missing = new HashMap<>();
        rejects.stream().filter(r -> r.sourceRow().isEmpty()).forEach(r -> missing.put(r.rowNumber(), null));
        try (TableReader reader = TableReaders.open(source.file(), source.sheet(), source.encoding())) {
            for (TableRow row = reader.next(); row != null; row = reader.next()) {
                if (missing.containsKey(row.rowNumber())) {
                    missing.put(row.rowNumber(), row.texts());
                }
            }
        }
        return rejects.stream().map(r -> r.sourceRow().isEmpty() && missing.get(r.rowNumber()) != null
                ? new Reject(r.rowNumber(), r.field(), r.reason(), missing.get(r.rowNumber())) : r).toList();
    }
}
