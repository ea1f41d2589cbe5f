package id.presensi.store;

import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSummary;
import id.presensi.imports.Reject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The record of each import attempt and its rejected rows. */
public final class ImportRunStore {

    private final Jdbi jdbi;

    public ImportRunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public long begin(ImportKind kind, String fileName, boolean dryRun) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO import_run (kind, file_name, dry_run) VALUES (:kind, :file, :dryRun) RETURNING id""")
                .bind("kind", kind.name()).bind("file", fileName).bind("dryRun", dryRun)
                .mapTo(Long.class).one());
    }

    public void attachJobExecution(long runId, long jobExecutionId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE import_run SET job_execution_id = :job WHERE id = :id")
                .bind("job", jobExecutionId).bind("id", runId).execute());
    }

    public void complete(Handle h, long runId, ImportSummary summary) {
        h.createUpdate("""
                        UPDATE import_run SET status = 'COMPLETED', finished_at = now(), rows_read = :read,
                               inserted = :inserted, updated = :updated, unchanged = :unchanged, rejected = :rejected
                         WHERE id = :id""")
                .bindMethods(summary).bind("id", runId).execute();
    }

    /** Marks a run failed; its rejects are dropped, since the file must be imported again anyway. */
    public void fail(long runId, String reason) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM import_reject WHERE run_id = :id").bind("id", runId).execute();
            h.createUpdate("UPDATE import_run SET status = 'FAILED', finished_at = now(), failure = :reason WHERE id = :id")
                    .bind("reason", reason).bind("id", runId).execute();
        });
    }

    /** Several rejects for the same row and field (a roster's days) as one, their different reasons joined. */
    public static List<Reject> merged(List<Reject> rejects) {
        Map<String, Reject> merged = new LinkedHashMap<>();
        for (Reject r : rejects) {
            merged.merge(r.rowNumber() + "\u0000" + r.field(), r, (a, b) -> a.reason().contains(b.reason()) ? a
                    : new Reject(a.rowNumber(), a.field(), a.reason() + "; " + b.reason(), a.sourceRow()));
        }
        return List.copyOf(merged.values());
    }

    /** Stores a run's rejects, one per row and field (the table's key). */
    public void addRejects(Handle h, long runId, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("""
                INSERT INTO import_reject (run_id, row_number, field, reason, source_row)
                VALUES (:run, :rowNumber, :field, :reason, :sourceRow)""");
        for (Reject r : merged(rejects)) {
            batch.bind("run", runId).bindMethods(r).bind("sourceRow", r.sourceRow().toArray(String[]::new)).add();
        }
        batch.execute();
    }

    /** How many rows of a run have at least one reject (a row may be refused for several fields). */
    public long rejectedRows(Handle h, long runId) {
        return h.createQuery("SELECT count(DISTINCT row_number) FROM import_reject WHERE run_id = :run")
                .bind("run", runId).mapTo(Long.class).one();
    }

    /** A completed run's counts. */
    public ImportSummary summary(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT rows_read AS read, inserted, updated, unchanged, rejected FROM import_run WHERE id = :id")
                .bind("id", runId).map(ConstructorMapper.of(ImportSummary.class)).one());
    }

    public List<Reject> rejects(long runId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT row_number, field, reason, source_row FROM import_reject
                         WHERE run_id = :run ORDER BY row_number, field""")
                .bind("run", runId)
                .map((rs, ctx) -> new Reject(rs.getInt("row_number"), rs.getString("field"), rs.getString("reason"),
                        List.of((String[]) rs.getArray("source_row").getArray())))
                .list());
    }
}
