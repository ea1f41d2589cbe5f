package id.presensi.app;

import id.presensi.db.Failures;
import id.presensi.imports.Change;
import id.presensi.imports.FileLayout;
import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSource;
import id.presensi.imports.ImportSummary;
import id.presensi.imports.Reject;
import id.presensi.imports.RowFields;
import id.presensi.imports.RowParser;
import id.presensi.imports.RowRejected;
import id.presensi.imports.SourceTable;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableRow;
import id.presensi.store.Constraints;
import id.presensi.store.ImportResult;
import id.presensi.store.ImportRunStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Imports a file of rules, punches or PINs (hundreds to thousands of rows) row by row in one transaction: the
 * reader gives rows (CSV or XLSX, any encoding, columns by header or --map), the kind's {@link RowParser} turns
 * each into a value, and its {@link Merger} stores the value through a store, saying what changed. A row the parser
 * refuses, that breaks a database constraint, or that fails in any other way but a lost connection, is rejected on
 * its own with its file row, field and reason (a savepoint undoes just that row); the other rows are stored; a dry
 * run rolls all back; a file with no rows is refused. Mergers report what each row changed, so a re-import shows
 * every row unchanged. The run and its rejects are recorded in {@code import_run}.
 *
 * <p>Files read whole before they are stored (the unit list, whose parents are resolved across the file; a machine's
 * attlog download, stored in batches of thousands) go through {@link #runWhole}, which records and reports them the
 * same way. The staff file (up to a million rows, restartable) goes through the Spring Batch staff import, which
 * opens its file ({@link SourceTable}) and parses its rows ({@link RowParser}, {@link RowRejected#rejects}) with the
 * same code as {@link #run} and stages them in chunks.
 */
public final class ImportPipeline {

    /** Stores one parsed row; throws {@link RowRejected} to refuse it for what the database knows. */
    @FunctionalInterface
    public interface Merger<T> {
        Change merge(Handle h, T value);
    }

    private final Jdbi jdbi;

    public ImportPipeline(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What storing a file did before it is recorded: rows read, each change, and the rows refused (file order). */
    public record Stored(long read, long inserted, long updated, long unchanged, List<Reject> rejects) {
    }

    public <T> ImportResult run(FileLayout layout, ImportSource source, RowParser<T> parser, Merger<T> merger) throws IOException {
        try (SourceTable table = SourceTable.open(layout, source)) {
            TableReader reader = table.reader();
            HeaderMapping columns = table.columns();
            return recorded(layout.kind(), source.file(), source.dryRun(), reader.header(), reader::readAs, h -> {
                long read = 0;
                long[] changes = new long[Change.values().length];
                List<Reject> rejects = new ArrayList<>();
                for (TableRow row = reader.next(); row != null; row = reader.next()) {
                    read++;
                    h.execute("SAVEPOINT import_row");
                    try {
                        T value = parser.parse(new RowFields(row, columns));
                        changes[merger.merge(h, value).ordinal()]++;
                        h.execute("RELEASE SAVEPOINT import_row");
                    } catch (RowRejected e) {
                        h.execute("ROLLBACK TO SAVEPOINT import_row");
                        rejects.addAll(e.rejects(row));
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
                    throw new IllegalArgumentException(source.file() + ": no rows below the header; nothing was imported");
                }
                return new Stored(read, changes[Change.INSERTED.ordinal()], changes[Change.UPDATED.ordinal()],
                        changes[Change.UNCHANGED.ordinal()], ImportRunStore.merged(rejects));
            });
        }
    }

    /**
     * Stores a file already read and parsed whole, for kinds whose rows depend on each other (units name their parents
     * anywhere in the file) or are stored in large batches (a machine's download): {@code store} runs in the run's one
     * transaction, and its result is recorded and reported as a row-by-row file's is.
     */
    public ImportResult runWhole(ImportKind kind, Path file, boolean dryRun, List<String> header, Optional<String> readAs,
                                 HandleCallback<Stored, RuntimeException> store) {
        return recorded(kind, file, dryRun, header, () -> readAs, store);
    }

    /**
     * The part every import shares: the run recorded in {@code import_run} (failed with its message when the file
     * fails as a whole), the rejects stored with it, a dry run rolled back, and the summary counted the same way.
     */
    private <X extends Exception> ImportResult recorded(ImportKind kind, Path file, boolean dryRun, List<String> header,
                                                        Supplier<Optional<String>> readAs, HandleCallback<Stored, X> store) throws X {
        ImportRunStore runs = new ImportRunStore(jdbi);
        long runId = runs.begin(kind, file.toString(), dryRun);
        try {
            return jdbi.inTransaction(h -> {
                Stored stored = store.withHandle(h);
                long rejectedRows = stored.rejects().stream().map(Reject::rowNumber).distinct().count();
                ImportSummary summary = new ImportSummary(stored.read(), stored.inserted(), stored.updated(),
                        stored.unchanged(), rejectedRows);
                if (dryRun) {
                    h.rollback(); // the record of the attempt below stays
                } else {
                    runs.addRejects(h, runId, stored.rejects());
                }
                runs.complete(h, runId, summary);
                return new ImportResult(runId, summary, header, stored.rejects(), readAs.get());
            });
        } catch (RuntimeException e) {
            runs.fail(runId, e.getMessage());
            throw e;
        }
    }
}
