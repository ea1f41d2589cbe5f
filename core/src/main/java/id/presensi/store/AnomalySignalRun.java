package id.presensi.store;

import org.jdbi.v3.core.Handle;

import java.util.Map;

/**
 * A run's signals, gathered in a temporary table and then written to anomaly_signal as changes only: the days'
 * signals in scope that the run did not find again as they stand are deleted, and the run's signals not already there
 * are inserted. A re-run of days nothing changed in (the nightly run redoes the last week, an operator re-runs a month
 * after corrections) writes no signal at all; a corrected month writes its changes. The temporary table writes no WAL
 * and fires no trigger; anomaly_signal's own checks (the employees exist, V45) still see every row it gets.
 *
 * <p>A signal found again as it stands keeps its row, and with it its {@code computed_at}: the time it was first found
 * as it reads now ("found since"). A changed signal is a new row.
 *
 * <p>Only the owner's run (the nightly one) gathers its signals so: operators have no TEMP on the database (V8), so an
 * operator's run replaces the days' signals in scope as they come, and their {@code computed_at} is that run's.
 */
final class AnomalySignalRun {
    /** Where the run's signals go; the session's own, so it is named in pg_temp, where nobody else's can be. */
    static final String TABLE = "pg_temp.anomaly_signal_run";

    private AnomalySignalRun() {
    }

    /**
     * Whether the session may gather its run's signals: it may create temporary tables (the owner; operators may not,
     * V8, so that nothing of theirs is searched before our tables).
     */
    static boolean mayCreate(Handle h) {
        return h.createQuery("SELECT has_database_privilege(current_database(), 'TEMPORARY')").mapTo(Boolean.class).one();
    }

    /** The run's signals, dropped at the end of the transaction (and before, by {@link #apply}). */
    static void create(Handle h) {
        h.execute("""
                CREATE TEMPORARY TABLE anomaly_signal_run (employee_id bigint NOT NULL, work_date date NOT NULL, kind text NOT NULL,
                                                          strength real NOT NULL, message text NOT NULL, evidence jsonb NOT NULL)
                    ON COMMIT DROP""");
    }

    /**
     * The days' signals in scope that the run did not find as they stand: gone, or with another strength, sentence or
     * evidence (the row's key is the day, employee and kind). Scope as the run's: the staff of the unit and the units below.
     */
    private static final String DELETE_CHANGED = """
            DELETE FROM anomaly_signal s WHERE s.work_date BETWEEN :from AND :to
               AND s.employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit)))
               AND NOT EXISTS (SELECT 1 FROM pg_temp.anomaly_signal_run r
                                WHERE r.work_date = s.work_date AND r.employee_id = s.employee_id AND r.kind = s.kind
                                  AND r.strength = s.strength AND r.message = s.message AND r.evidence = s.evidence)""";

    /** The run's signals not there yet: new, or changed (deleted just before). */
    private static final String INSERT_NEW = """
            INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
            SELECT r.employee_id, r.work_date, r.kind, r.strength, r.message, r.evidence FROM pg_temp.anomaly_signal_run r
             WHERE NOT EXISTS (SELECT 1 FROM anomaly_signal s WHERE s.work_date = r.work_date AND s.employee_id = r.employee_id AND s.kind = r.kind)""";

    /** What a run changed: signals deleted (gone or changed) and inserted (new or changed). */
    record Changes(int deleted, int inserted) {
    }

    /** Writes the run's changes to anomaly_signal, in the caller's transaction, and drops the run's table. */
    static Changes apply(Handle h, Map<String, Object> binds) {
        // the planner knows nothing of a temporary table's rows until it is analyzed (autovacuum never sees it)
        h.execute("ANALYZE pg_temp.anomaly_signal_run");
        var delete = h.createUpdate(DELETE_CHANGED);
        AnomalyStore.bind(delete, DELETE_CHANGED, binds);
        int deleted = delete.execute();
        int inserted = h.createUpdate(INSERT_NEW).execute();
        // a second run in the same transaction creates it again
        h.execute("DROP TABLE pg_temp.anomaly_signal_run");
        return new Changes(deleted, inserted);
    }
}
