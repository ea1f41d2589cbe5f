package id.presensi.store;

import id.presensi.staff.StaffRecord;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.util.List;

/**
 * The staff import's staging: an unlogged table per import run that holds the valid rows until they are merged
 * into employee with set-based statements (refuse rows whose NIK already belongs to someone else, update rows
 * that differ, insert new ones). Loading it with COPY is what makes a million rows take seconds, not minutes;
 * rows identical to what is stored are not touched, so a second import of the same file writes nothing. Every
 * step runs in the batch job's transaction, on the Handle it passes.
 */
public final class StaffStaging {

    private final String name;
    private final long runId;

    public StaffStaging(long runId) {
        this.name = "import_stage.staff_" + runId; // runId is our own number, never operator input
        this.runId = runId;
    }

    public void create(Handle h) {
        h.execute("DROP TABLE IF EXISTS " + name);
        h.execute("""
                CREATE UNLOGGED TABLE %s (
                    row_number   integer NOT NULL,
                    type         text    NOT NULL,
                    nip          text,
                    nik          text,
                    employee_key text    GENERATED ALWAYS AS (CASE WHEN type = 'PTT' THEN nik ELSE nip END) STORED,
                    name         text    NOT NULL,
                    unit_code    text    NOT NULL,
                    position     text,
                    work_pattern text
                )""".formatted(name));
    }

    public void drop(Handle h) {
        h.execute("DROP TABLE IF EXISTS " + name);
    }

    /** Adds a chunk's valid rows with COPY; staged rows are disposable until the merge, which commits durably. */
    public void copy(Handle h, List<StaffRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        h.execute("SET LOCAL synchronous_commit = off"); // an import cut short is simply run again
        StringBuilder text = new StringBuilder(records.size() * 128);
        for (StaffRecord r : records) {
            text.append(r.rowNumber()).append('\t').append(r.type().name()).append('\t');
            CopyText.field(text, r.nip()).append('\t');
            CopyText.field(text, r.nik()).append('\t');
            CopyText.field(text, r.name()).append('\t');
            CopyText.field(text, r.unitCode()).append('\t');
            CopyText.field(text, r.position()).append('\t');
            CopyText.field(text, r.workPattern() == null ? null : r.workPattern().name()).append('\n');
        }
        try {
            h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + name + " (row_number, type, nip, nik, name, unit_code, position, work_pattern) FROM STDIN",
                    new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + name + " failed", e);
        }
    }

    /** How many staged rows were inserted, updated or left as they were. */
    public record Counts(long inserted, long updated, long unchanged) {
    }

    /** Moves staged rows whose NIK belongs to another employee into the rejects. Touches no employee. */
    public void refuseConflicts(Handle h) {
        // One merge at a time. A table lock only a role that may write staff can take: an advisory lock could be
        // held by any login (an OPD admin in psql) to stop every import.
        h.execute("LOCK TABLE employee IN SHARE ROW EXCLUSIVE MODE");
        h.execute("ANALYZE " + name); // an unlogged table has no statistics yet; the joins need them
        h.execute("SET LOCAL work_mem = '256MB'"); // hash joins over a million keys stay in memory
        h.createUpdate("""
                        WITH conflict AS (
                            DELETE FROM %1$s s USING employee e
                             WHERE e.nik = s.nik AND e.employee_key <> s.employee_key
                            RETURNING s.row_number, s.nik, e.name, e.type, e.employee_key)
                        INSERT INTO import_reject (run_id, row_number, field, reason, source_row)
                        SELECT :run, row_number, 'NIK',
                               'NIK ' || nik || ' already belongs to ' || name || ' (' || type || ' ' || employee_key
                               || '); correct the NIK, or change that employee first', '{}'
                          FROM conflict""".formatted(name))
                .bind("run", runId).execute();
    }

    /** What a merge would change in stored employees, field by field, for the first {@code limit} changes. */
    public List<String> changes(Handle h, int limit) {
        return h.createQuery("""
                        SELECT s.row_number, s.employee_key, f.field, f.before, f.after
                          FROM %s s JOIN employee e ON e.employee_key = s.employee_key JOIN unit eu ON eu.id = e.unit_id
                               CROSS JOIN LATERAL (VALUES ('NIP', e.nip, s.nip), ('NIK', e.nik, coalesce(s.nik, e.nik)),
                                                          ('NAMA', e.name, s.name), ('JABATAN', e.position, coalesce(s.position, e.position)),
                                                          ('KODE_UNIT', eu.code, s.unit_code),
                                                          ('POLA_KERJA', e.work_pattern, coalesce(s.work_pattern, e.work_pattern)),
                                                          ('AKTIF', CASE WHEN e.active THEN 'ya' ELSE 'tidak' END, 'ya'))
                                     AS f(field, before, after)
                         WHERE f.before IS DISTINCT FROM f.after
                         ORDER BY s.row_number, f.field LIMIT :limit""".formatted(name))
                .bind("limit", limit)
                .map((rs, ctx) -> "row " + rs.getInt("row_number") + ", " + rs.getString("employee_key") + ": " + rs.getString("field")
                        + " " + shown(EmployeeStore.tableWord(rs.getString("before"))) + " -> " + shown(EmployeeStore.tableWord(rs.getString("after"))))
                .list();
    }

    private static String shown(String value) {
        return value == null ? "(kosong)" : "'" + value + "'";
    }

    /** Updates changed employees and inserts new ones; with {@code dryRun} counts the same and undoes it. */
    public Counts merge(Handle h, boolean dryRun) {
        if (dryRun) {
            h.execute("SAVEPOINT dry_run");
        }
        Counts counts = apply(h);
        if (dryRun) {
            h.execute("ROLLBACK TO SAVEPOINT dry_run");
        }
        return counts;
    }

    private Counts apply(Handle h) {
        int updated = h.createUpdate("""
                        UPDATE employee e
                           SET nip = s.nip, nik = coalesce(s.nik, e.nik), name = s.name,
                               position = coalesce(s.position, e.position), unit_id = u.id,
                               work_pattern = coalesce(s.work_pattern, e.work_pattern), active = true, updated_at = now()
                          FROM %s s JOIN unit u ON u.code = s.unit_code
                         WHERE e.employee_key = s.employee_key
                           AND (e.nip, e.nik, e.name, e.position, e.unit_id, e.work_pattern, e.active)
                               IS DISTINCT FROM (s.nip, coalesce(s.nik, e.nik), s.name, coalesce(s.position, e.position),
                                                 u.id, coalesce(s.work_pattern, e.work_pattern), true)""".formatted(name))
                .execute();
        int inserted = h.createUpdate("""
                        INSERT INTO employee (type, nip, nik, name, position, unit_id, work_pattern)
                        SELECT s.type, s.nip, s.nik, s.name, s.position, u.id, coalesce(s.work_pattern, 'REGULAR')
                          FROM %s s JOIN unit u ON u.code = s.unit_code
                         WHERE NOT EXISTS (SELECT 1 FROM employee e WHERE e.employee_key = s.employee_key)
                         ORDER BY s.nip, s.nik"""
                        .formatted(name))
                .execute();
        long staged = h.createQuery("SELECT count(*) FROM " + name).mapTo(Long.class).one();
        return new Counts(inserted, updated, staged - updated - inserted);
    }
}
