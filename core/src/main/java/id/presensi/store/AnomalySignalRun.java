package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.MonthSignals;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * <p>The days' stored signals in scope are read first, on the database's thread while the detectors sort the month:
 * their strength and a digest of their sentence and evidence. The detectors' signals (most of a month's) are compared
 * with them as they are found, on that thread while the detectors go on, and one found as stored is not sent at all;
 * the others go into a temporary table (no WAL, no trigger), where the database's own kinds write theirs, compared
 * with the stored ones after (on a first run of the days, with none of the detectors' kinds stored, theirs go straight
 * into anomaly_signal). The detectors write their evidence as jsonb prints it, so a signal found again has the
 * same text (one that differs only in how it is written would be written again). Rows are deleted by their place
 * (ctid, read with them in this transaction), so no plan depends on the table's statistics, which a run that
 * replaced a month's signals leaves behind.
 *
 * <p>A signal found again as it stands keeps its row, and with it its {@code computed_at}: the time it was first found
 * as it reads now ("found since"). A changed signal is a new row. Only the owner's run (the nightly one) works so:
 * operators have no TEMP on the database (V8), so an operator's run replaces the days' signals in scope as they come,
 * and their {@code computed_at} is that run's.
 */
final class AnomalySignalRun {
    /** Where the run's new and changed signals go; the session's own, so it is named in pg_temp, where nobody else's can be. */
    static final String TABLE = "pg_temp.anomaly_signal_run";
    /** The kinds the detectors find in Java ({@link MonthSignals}), compared as found; the others are the database's statements'. */
    private static final Set<AnomalyKind> DETECTED = EnumSet.of(AnomalyKind.SAME_HAND, AnomalyKind.REPEATED_POSITION,
            AnomalyKind.CONSTANT_ACCURACY, AnomalyKind.ON_CENTRE);
    private static final byte[] SEPARATOR = {0};

    /** The days' stored signals in scope, until found again as they stand; those left go. */
    private final Map<Key, Stored> stored = new HashMap<>();
    /** Whether the days hold signals of the detectors' kinds in scope (when not, as on a first run, theirs go straight in). */
    private boolean detectedStored;
    private final MessageDigest md5;

    private record Key(long employeeId, LocalDate date, AnomalyKind kind) {
    }

    /** A stored signal: its strength, the digest of its sentence and evidence, and its row's place. */
    private record Stored(float strength, byte[] digest, String place) {
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
     * An MD5 of a signal's sentence and its evidence as jsonb prints it (a NUL between: text holds none). A digest, not
     * the texts: a month holds hundreds of thousands.
     */
    private static final String DIGEST = "decode(md5(convert_to(s.message, 'UTF8') || decode('00', 'hex') || convert_to(s.evidence::text, 'UTF8')), 'hex')";

    /** The days' stored signals in scope. */
    private static final String STORED = """
            SELECT s.employee_id, s.work_date, s.kind, s.strength, %s AS digest, s.ctid::text AS place
              FROM anomaly_signal s
             WHERE s.work_date BETWEEN :from AND :to
               AND s.employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit)))""".formatted(DIGEST);

    /** The run's signals of the database's kinds (the detectors' were compared as they came). */
    private static final String RUN_OTHERS = """
            SELECT s.employee_id, s.work_date, s.kind, s.strength, %s AS digest, s.ctid::text AS place
              FROM pg_temp.anomaly_signal_run s WHERE s.kind NOT IN (<detected>)""".formatted(DIGEST);

    /** On the database's thread, before the signals: the run's table, and the days' stored signals. */
    void open(Handle h, Map<String, Object> binds) {
        // the stale rows are deleted by the places read here: a row another transaction changed meanwhile (a second run,
        // an operator's UPDATE) would have moved, and stayed. Writers wait for the run (readers do not), as they waited
        // for the rows the whole delete of a run locked
        h.execute("LOCK TABLE anomaly_signal IN SHARE ROW EXCLUSIVE MODE");
        h.execute("""
                CREATE TEMPORARY TABLE anomaly_signal_run (employee_id bigint NOT NULL, work_date date NOT NULL, kind text NOT NULL,
                                                          strength real NOT NULL, message text NOT NULL, evidence text NOT NULL)
                    ON COMMIT DROP""");
        var query = h.createQuery(STORED);
        AnomalyStore.bind(query, STORED, binds);
        query.map(AnomalySignalRun::row).forEach(e -> stored.put(e.getKey(), e.getValue()));
        detectedStored = stored.keySet().stream().anyMatch(key -> DETECTED.contains(key.kind()));
    }

    /**
     * Where the detectors' signals not stored as they stand go, once {@link #open} has read the stored ones: the run's
     * table, or, when the days hold none of their kinds in scope (a first run of the days), anomaly_signal itself, with
     * nothing to compare and nothing they could collide with.
     */
    String detectedInto() {
        return detectedStored ? TABLE : "anomaly_signal";
    }

    private static Map.Entry<Key, Stored> row(ResultSet rs, StatementContext ctx) throws SQLException {
        return Map.entry(new Key(rs.getLong(1), rs.getObject(2, LocalDate.class), AnomalyKind.valueOf(rs.getString(3))),
                new Stored(rs.getFloat(4), rs.getBytes(5), rs.getString(6)));
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
        return found(key, row, md5.digest(s.evidence().getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether a signal of the key is stored with this digest (its strength equal): then it is kept, and no more stale. */
    private boolean found(Key key, Stored row, byte[] digest) {
        if (!Arrays.equals(digest, row.digest())) {
            return false;
        }
        stored.remove(key);
        return true;
    }

    /**
     * Writes the run's changes to anomaly_signal, in the caller's transaction, and drops the run's table: the run's
     * signals of the database's kinds found as stored leave the run's table, the stored signals not found again go, and
     * what is left in the run's table is inserted (a key both stored and in it would be refused: it cannot be).
     */
    Changes apply(Handle h) {
        ArrayLiteral kept = new ArrayLiteral(16);
        h.createQuery(RUN_OTHERS).bindList("detected", DETECTED.stream().map(Enum::name).toList()).map(AnomalySignalRun::row)
                .forEach(e -> {
                    Stored row = stored.get(e.getKey());
                    if (row != null && row.strength() == e.getValue().strength() && found(e.getKey(), row, e.getValue().digest())) {
                        kept.addText(e.getValue().place()); // "(page,item)": quoted
                    }
                });
        deleteAt(h, "pg_temp.anomaly_signal_run", kept);
        ArrayLiteral stale = new ArrayLiteral(stored.size());
        stored.values().forEach(row -> stale.addText(row.place()));
        stored.clear();
        int deleted = deleteAt(h, "anomaly_signal", stale);
        int inserted = h.execute("""
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                SELECT employee_id, work_date, kind, strength, message, CAST(evidence AS jsonb) FROM pg_temp.anomaly_signal_run""");
        // a second run in the same transaction creates it again
        h.execute("DROP TABLE pg_temp.anomaly_signal_run");
        return new Changes(deleted, inserted);
    }

    /** Deletes the rows at these places (a TID scan, whatever the statistics say). */
    private static int deleteAt(Handle h, String table, ArrayLiteral places) {
        return places.isEmpty() ? 0
                : h.createUpdate("DELETE FROM <table> WHERE ctid = ANY (CAST(:places AS tid[]))").define("table", table)
                        .bind("places", places.toString()).execute();
    }
}
