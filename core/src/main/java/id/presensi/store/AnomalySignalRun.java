package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.MonthSignals;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A run that writes only what changed: the days' signals in scope that the run finds again as they stand keep their
 * rows, the others are deleted, and the run's new or changed signals inserted. A re-run of days nothing changed in (the
 * nightly run redoes the last week, an operator re-runs a month after corrections) writes no signal at all; a corrected
 * month writes its changes. anomaly_signal's own checks (the employees exist, V45) see every row it gets.
 *
 * <p>The detectors' signals (most of a month's) are compared as they are found, on the database's thread while the
 * detectors go on: the days' stored signals of those kinds are read first (their strength and a digest of their
 * sentence and evidence), and a signal found as stored is not sent at all; the others go, with the database's own
 * kinds, into a temporary table (no WAL, no trigger), compared there. The detectors write their evidence as jsonb
 * prints it, so a signal found again has the same text; one that differs only in how it is written is written again.
 *
 * <p>A signal found again as it stands keeps its row, and with it its {@code computed_at}: the time it was first found
 * as it reads now ("found since"). A changed signal is a new row. Only the owner's run (the nightly one) works so:
 * operators have no TEMP on the database (V8), so an operator's run replaces the days' signals in scope as they come,
 * and their {@code computed_at} is that run's.
 */
final class AnomalySignalRun {
    /** Where the run's new and changed signals go; the session's own, so it is named in pg_temp, where nobody else's can be. */
    static final String TABLE = "pg_temp.anomaly_signal_run";
    /** The kinds the detectors find in Java ({@link MonthSignals}); the others are the database's statements'. */
    private static final Set<AnomalyKind> DETECTED = EnumSet.of(AnomalyKind.SAME_HAND, AnomalyKind.REPEATED_POSITION,
            AnomalyKind.CONSTANT_ACCURACY, AnomalyKind.ON_CENTRE);
    private static final byte[] SEPARATOR = {0};

    /** The days' stored signals of the detectors' kinds in scope, until found again as they stand; those left go. */
    private final Map<Key, Stored> stored = new HashMap<>();
    private final MessageDigest md5;

    private record Key(long employeeId, LocalDate date, AnomalyKind kind) {
    }

    private record Stored(float strength, byte[] digest) {
    }

    /** What a run changed: signals deleted (gone or changed) and inserted (new or changed). */
    record Changes(int deleted, int inserted) {
    }

    AnomalySignalRun() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /**
     * Whether the session may work so: it may create temporary tables (the owner; operators may not, V8, so that
     * nothing of theirs is searched before our tables).
     */
    static boolean mayCreate(Handle h) {
        return h.createQuery("SELECT has_database_privilege(current_database(), 'TEMPORARY')").mapTo(Boolean.class).one();
    }

    /**
     * The days' stored signals of the detectors' kinds in scope: strength, and an MD5 of the sentence and the evidence as
     * jsonb prints it (a NUL between: text holds none). A digest, not the texts: a month holds hundreds of thousands.
     */
    private static final String STORED = """
            SELECT s.employee_id, s.work_date, s.kind, s.strength,
                   decode(md5(convert_to(s.message, 'UTF8') || decode('00', 'hex') || convert_to(s.evidence::text, 'UTF8')), 'hex') AS digest
              FROM anomaly_signal s
             WHERE s.work_date BETWEEN :from AND :to AND s.kind IN (<detected>)
               AND s.employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit)))""";

    /** On the database's thread, before the signals: the run's table, and the days' stored signals of the detectors' kinds. */
    void open(Handle h, Map<String, Object> binds) {
        h.execute("""
                CREATE TEMPORARY TABLE anomaly_signal_run (employee_id bigint NOT NULL, work_date date NOT NULL, kind text NOT NULL,
                                                          strength real NOT NULL, message text NOT NULL, evidence text NOT NULL)
                    ON COMMIT DROP""");
        var query = h.createQuery(STORED).bindList("detected", DETECTED.stream().map(Enum::name).toList());
        AnomalyStore.bind(query, STORED, binds);
        query.map((rs, ctx) -> Map.entry(new Key(rs.getLong(1), rs.getObject(2, LocalDate.class), AnomalyKind.valueOf(rs.getString(3))),
                        new Stored(rs.getFloat(4), rs.getBytes(5))))
                .forEach(e -> stored.put(e.getKey(), e.getValue()));
    }

    /** Whether the signal is stored as it stands (its row is kept; it is not sent). On the database's thread. */
    boolean isStored(MonthSignals.Signal s) {
        Key key = new Key(s.employeeId(), s.date(), s.kind());
        Stored row = stored.get(key);
        if (row == null || row.strength() != s.strength()) {
            return false;
        }
        md5.update(s.message().getBytes(StandardCharsets.UTF_8));
        md5.update(SEPARATOR);
        if (!Arrays.equals(md5.digest(s.evidence().getBytes(StandardCharsets.UTF_8)), row.digest())) {
            return false;
        }
        stored.remove(key);
        return true;
    }

    /** The stored signals of the detectors' kinds not found again as they stand. */
    private static final String DELETE_STALE = """
            DELETE FROM anomaly_signal s
             USING unnest(CAST(:employee AS bigint[]), CAST(:work_date AS date[]), CAST(:kind AS text[])) AS g(employee_id, work_date, kind)
             WHERE s.work_date = g.work_date AND s.employee_id = g.employee_id AND s.kind = g.kind""";

    /**
     * The days' signals in scope of the database's kinds that the run did not find as they stand: gone, or with another
     * strength, sentence or evidence (compared as jsonb prints it: the statements wrote it as jsonb).
     */
    private static final String DELETE_CHANGED = """
            DELETE FROM anomaly_signal s WHERE s.work_date BETWEEN :from AND :to AND s.kind NOT IN (<detected>)
               AND s.employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit)))
               AND NOT EXISTS (SELECT 1 FROM pg_temp.anomaly_signal_run r
                                WHERE r.work_date = s.work_date AND r.employee_id = s.employee_id AND r.kind = s.kind
                                  AND r.strength = s.strength AND r.message = s.message AND r.evidence = s.evidence::text)""";

    /** The run's signals not there yet: new, or changed (deleted just before). */
    private static final String INSERT_NEW = """
            INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
            SELECT r.employee_id, r.work_date, r.kind, r.strength, r.message, CAST(r.evidence AS jsonb) FROM pg_temp.anomaly_signal_run r
             WHERE NOT EXISTS (SELECT 1 FROM anomaly_signal s WHERE s.work_date = r.work_date AND s.employee_id = r.employee_id AND s.kind = r.kind)""";

    /** Writes the run's changes to anomaly_signal, in the caller's transaction, and drops the run's table. */
    Changes apply(Handle h, Map<String, Object> binds) {
        ArrayLiteral employees = new ArrayLiteral(stored.size());
        ArrayLiteral dates = new ArrayLiteral(stored.size());
        ArrayLiteral kinds = new ArrayLiteral(stored.size());
        stored.keySet().forEach(key -> {
            employees.add(Long.toString(key.employeeId()));
            dates.add(key.date().toString());
            kinds.add(key.kind().name());
        });
        int deleted = stored.isEmpty() ? 0 : h.createUpdate(DELETE_STALE).bind("employee", employees.toString()).bind("work_date", dates.toString())
                .bind("kind", kinds.toString()).execute();
        stored.clear();
        var changed = h.createUpdate(DELETE_CHANGED).bindList("detected", DETECTED.stream().map(Enum::name).toList());
        AnomalyStore.bind(changed, DELETE_CHANGED, binds);
        deleted += changed.execute();
        int inserted = h.createUpdate(INSERT_NEW).execute();
        // a second run in the same transaction creates it again
        h.execute("DROP TABLE pg_temp.anomaly_signal_run");
        return new Changes(deleted, inserted);
    }
}
