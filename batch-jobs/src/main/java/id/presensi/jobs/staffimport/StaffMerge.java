package id.presensi.jobs.staffimport;

import org.jdbi.v3.core.Handle;

/**
 * Merges the staged rows into employee with set-based statements: refuse rows whose NIK already belongs to
 * someone else, update rows that differ, insert new ones. Rows identical to what is stored are not touched,
 * so a second import of the same file writes nothing.
 */
final class StaffMerge {

    private final StagingTable stage;
    private final long runId;

    StaffMerge(StagingTable stage, long runId) {
        this.stage = stage;
        this.runId = runId;
    }

    /** How many staged rows were inserted, updated or left as they were. */
    record Counts(long inserted, long updated, long unchanged) {
    }

    /** Moves staged rows whose NIK belongs to another employee into the rejects. Touches no employee. */
    void refuseConflicts(Handle h) {
        // One merge at a time. A table lock only a role that may write staff can take: an advisory lock could be
        // held by any login (an OPD admin in psql) to stop every import.
        h.execute("LOCK TABLE employee IN SHARE ROW EXCLUSIVE MODE");
        h.execute("ANALYZE " + stage.name()); // an unlogged table has no statistics yet; the joins need them
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
                          FROM conflict""".formatted(stage.name()))
                .bind("run", runId).execute();
    }

    Counts apply(Handle h) {
        int updated = h.createUpdate("""
                        UPDATE employee e
                           SET nip = s.nip, nik = coalesce(s.nik, e.nik), name = s.name,
                               position = coalesce(s.position, e.position), unit_id = u.id,
                               work_pattern = s.work_pattern, active = true, updated_at = now()
                          FROM %s s JOIN unit u ON u.code = s.unit_code
                         WHERE e.employee_key = s.employee_key
                           AND (e.nip, e.nik, e.name, e.position, e.unit_id, e.work_pattern, e.active)
                               IS DISTINCT FROM (s.nip, coalesce(s.nik, e.nik), s.name, coalesce(s.position, e.position),
                                                 u.id, s.work_pattern, true)""".formatted(stage.name()))
                .execute();
        int inserted = h.createUpdate("""
                        INSERT INTO employee (type, nip, nik, name, position, unit_id, work_pattern)
                        SELECT s.type, s.nip, s.nik, s.name, s.position, u.id, s.work_pattern
                          FROM %s s JOIN unit u ON u.code = s.unit_code
                         WHERE NOT EXISTS (SELECT 1 FROM employee e WHERE e.employee_key = s.employee_key)
                         ORDER BY s.nip, s.nik"""
                        .formatted(stage.name()))
                .execute();
        long staged = h.createQuery("SELECT count(*) FROM " + stage.name()).mapTo(Long.class).one();
        return new Counts(inserted, updated, staged - updated - inserted);
    }
}
