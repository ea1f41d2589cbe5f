package id.presensi.store;

import id.presensi.db.Failures;
import id.presensi.imports.Change;
import id.presensi.imports.FieldError;
import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSummary;
import id.presensi.imports.Reject;
import id.presensi.imports.RowRejected;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;
import id.presensi.sheet.TableRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports a rules file (locations, holidays, schedules, shifts, rosters, leave: hundreds to thousands of rows)
 * row by row in one transaction. A row the handler refuses, that breaks a database constraint, or that fails in
 * any other way but a lost connection, is rejected on its own (a savepoint undoes just that row); the other rows
 * are stored; a dry run rolls all back; a file with no rows is refused. Handlers report what each row changed, so a re-import shows every row unchanged.
 */
public final class RowImport {

    /** Stores one row; throws {@link RowRejected} to refuse it. */
    @FunctionalInterface
    public interface RowHandler {
        Change store(Handle h, TableRow row, HeaderMapping columns);
    }

    /** Which file, how to read it, and how to name the columns. */
    public record Request(ImportKind kind, Path file, Optional<String> sheet, Map<String, String> renames,
                          List<String> fields, Set<String> required, boolean dryRun, Optional<Charset> encoding) {
    }

    private final Jdbi jdbi;

    public RowImport(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ImportResult run(Request request, RowHandler handler) throws IOException {
        try (TableReader reader = TableReaders.open(request.file(), request.sheet(), request.encoding())) {
            HeaderMapping columns = HeaderMapping.resolve(reader.source(), reader.header(), request.fields(),
                    request.required(), request.renames());
            ImportRunStore runs = new ImportRunStore(jdbi);
            long runId = runs.begin(request.kind(), request.file().toString(), request.dryRun());
            try {
                return jdbi.inTransaction(h -> {
                    long read = 0;
                    long[] changes = new long[Change.values().length];
                    List<Reject> rejects = new ArrayList<>();
                    for (TableRow row = reader.next(); row != null; row = reader.next()) {
                        read++;
                        h.execute("SAVEPOINT import_row");
                        try {
                            changes[handler.store(h, row, columns).ordinal()]++;
                            h.execute("RELEASE SAVEPOINT import_row");
                        } catch (RowRejected e) {
                            h.execute("ROLLBACK TO SAVEPOINT import_row");
                            for (FieldError error : e.errors()) {
                                rejects.add(new Reject(row.rowNumber(), error.field(), error.reason(), row.texts()));
                            }
                        } catch (UnableToExecuteStatementException e) {
                            h.execute("ROLLBACK TO SAVEPOINT import_row");
                            rejects.add(new Reject(row.rowNumber(), "*", Constraints.explain(e), row.texts()));
                        } catch (RuntimeException e) {
                            if (Failures.hasSqlState(e, state -> state.startsWith("08"))) {
                                throw e; // the connection is gone: the file as a whole fails, nothing half-written
                            }
                            h.execute("ROLLBACK TO SAVEPOINT import_row");
                            rejects.add(new Reject(row.rowNumber(), "*", Failures.rootMessage(e), row.texts()));
                        }
                    }
                    if (read == 0) {
                        throw new IllegalArgumentException(request.file() + ": no rows below the header; nothing was imported");
                    }
                    rejects = ImportRunStore.merged(rejects);
                    long rejectedRows = rejects.stream().map(Reject::rowNumber).distinct().count();
                    ImportSummary summary = new ImportSummary(read, changes[Change.INSERTED.ordinal()],
                            changes[Change.UPDATED.ordinal()], changes[Change.UNCHANGED.ordinal()], rejectedRows);
                    if (request.dryRun()) {
                        h.rollback();
                    } else {
                        runs.addRejects(h, runId, rejects);
                    }
                    runs.complete(h, runId, summary);
                    return new ImportResult(runId, summary, reader.header(), rejects, reader.readAs());
                });
            } catch (RuntimeException e) {
                runs.fail(runId, e.getMessage());
                throw e;
            }
        }
    }
}
