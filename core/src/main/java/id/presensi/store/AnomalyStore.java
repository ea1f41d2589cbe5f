package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.AnomalyThresholds;
import id.presensi.anomaly.MonthPunches;
import id.presensi.anomaly.MonthSignals;
import id.presensi.anomaly.TextOrder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signals of titip absen, computed from the check-ins of a range of days (the kinds read from the month's check-ins
 * from one read of them, by {@link MonthSignals}; the others one statement each), and read back for the report. A run replaces the signals of its days for the staff in its scope (the owner's writing
 * only what changed: {@link AnomalySignalRun}). Every list in a
 * message is its first few items and how many more ({@code signal_list}), so a message stays a few hundred
 * characters whatever the data; the evidence keeps every point.
 */
public final class AnomalyStore {
    private static final Logger log = LoggerFactory.getLogger(AnomalyStore.class);
    private final Jdbi jdbi;

    public AnomalyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The staff in scope, with the key and zone the messages use. */
    private static final String STAFF = """
            staff AS (SELECT e.id, coalesce(e.nip, e.nik) AS key, u.time_zone FROM employee e JOIN unit u ON u.id = e.unit_id
                                    WHERE e.unit_id IN (SELECT unit_scope(:unit)))""";

    /**
     * The month, read once: the accepted app check-ins with a position and the fingerprint punches of the staff in
     * scope, of the days and the context before them, in the order the table gives them (the detectors order row
     * numbers, not rows). Sent as COPY's binary rows, its columns as stored (instants in microseconds, positions
     * as numerics the reader scales to millionths of a degree, exact for numeric(9, 6); accuracies and addresses
     * printed afterwards, a distinct value at a time: {@link PrintedValues}): COPY takes no parameters, so the days
     * and the unit are written in as literals ({@link #readMonth}).
     */
    private static final String MONTH = """
            COPY (SELECT c.employee_id, c.work_date - DATE '%1$s' AS day, c.at, c.type = 'IN' AS arriving, c.latitude, c.longitude,
                         c.accuracy_m, c.client_address, c.source = 'FINGERPRINT' AS machine, c.machine_id
                    FROM checkin c
                   WHERE c.accepted AND c.work_date BETWEEN DATE '%1$s' AND DATE '%2$s'
                     AND (c.source = 'APP' AND c.latitude IS NOT NULL OR c.source = 'FINGERPRINT')
                     AND c.employee_id IN (SELECT e.id FROM employee e WHERE e.unit_id IN (SELECT unit_scope(CAST(%3$s AS text)))))
              TO STDOUT (FORMAT binary)""";

    /** Where a machine's punches are: at the first location of its unit, under its name (none there, no punch). */
    private static final String MACHINES = """
            SELECT m.serial, m.name, (l.latitude * 1000000)::int4 AS lat, (l.longitude * 1000000)::int4 AS lon
              FROM machine m JOIN LATERAL (SELECT latitude, longitude FROM work_location WHERE unit_id = m.unit_id ORDER BY id LIMIT 1) l ON true""";

    /** Every work location's centre, for ON_CENTRE. */
    private static final String CENTRES = "SELECT name, (latitude * 1000000)::int4 AS lat, (longitude * 1000000)::int4 AS lon FROM work_location";

    private static final Map<AnomalyKind, String> SIGNALS = new EnumMap<>(AnomalyKind.class);

    static {
        // phones activated again and again: each activation retires the previous phone. Counted once per day with
        // activations (two that day were once joined with each other, 2 x 2 = 4), and a phone of the same name
        // (model or the name given) activated again, as after a reinstall or a replacement of the same model, once
        SIGNALS.put(AnomalyKind.DEVICE_CHURN, """
                WITH %s,
                activations AS (SELECT d.employee_id, (d.activated_at AT TIME ZONE s.time_zone)::date AS day, d.name, d.activated_at
                                  FROM device d JOIN staff s ON s.id = d.employee_id
                                 WHERE d.activated_at >= (:from::date - 30) AND (d.activated_at AT TIME ZONE s.time_zone)::date <= :to),
                days AS (SELECT DISTINCT employee_id, day FROM activations WHERE day BETWEEN :from AND :to),
                churn AS MATERIALIZED (SELECT a.employee_id, a.day, count(*) AS n, signal_list(array_agg(left(b.name, 40) ORDER BY b.first_at)) AS phones
                            FROM days a CROSS JOIN LATERAL (SELECT min(x.name) AS name, min(x.activated_at) AS first_at FROM activations x
                                                             WHERE x.employee_id = a.employee_id AND x.day BETWEEN a.day - 29 AND a.day
                                                             GROUP BY lower(btrim(x.name))) b
                           GROUP BY a.employee_id, a.day HAVING count(*) >= :activations_30_days)
                INSERT INTO <signals> (employee_id, work_date, kind, strength, message, evidence)
                SELECT employee_id, day, 'DEVICE_CHURN', n::real / :activations_30_days,
                       format('%%s aktivasi ponsel dalam 30 hari sampai %%s: %%s.', n, day, phones), jsonb_build_object('phones', phones, 'points', '[]'::jsonb)
                  FROM churn""".formatted(STAFF));
        // one photo behind several check-ins (of one person on other days, or of colleagues): the page takes a new one
        // each time, and a retry of the same check-in is stored once, so the same bytes twice were sent on purpose.
        // The days' photos look their hash up in the index (a night's run reads that night's photos, not the month's)
        SIGNALS.put(AnomalyKind.REUSED_PHOTO, """
                WITH %s,
                mine AS MATERIALIZED (SELECT p.request_id, p.employee_id, p.work_date, p.sha256, s.time_zone FROM checkin_photo p JOIN staff s ON s.id = p.employee_id
                                       WHERE p.work_date BETWEEN :from AND :to
                                         AND EXISTS (SELECT 1 FROM checkin_photo q WHERE q.sha256 = p.sha256 AND q.request_id <> p.request_id
                                                                                     AND q.work_date >= :since)),
                reused AS MATERIALIZED (SELECT q.sha256, count(*) AS n, signal_list(array_agg(DISTINCT coalesce(e.nip, e.nik)), 3) AS who,
                                               signal_list(array_agg(to_char(q.received_at AT TIME ZONE u.time_zone, 'YYYY-MM-DD HH24.MI')
                                                                     ORDER BY q.received_at)) AS times
                                          FROM checkin_photo q JOIN employee e ON e.id = q.employee_id JOIN unit u ON u.id = e.unit_id
                                         WHERE q.sha256 IN (SELECT sha256 FROM mine) AND q.work_date >= :since GROUP BY q.sha256)
                INSERT INTO <signals> (employee_id, work_date, kind, strength, message, evidence)
                SELECT m.employee_id, m.work_date, 'REUSED_PHOTO', max(r.n),
                       signal_list(array_agg(DISTINCT format('Swafoto yang sama (SHA-256 %%s...) dipakai untuk %%s presensi oleh %%s: %%s.',
                                                             left(encode(r.sha256, 'hex'), 12), r.n, r.who, r.times)), 1, ' '),
                       jsonb_build_object('photos', jsonb_agg(DISTINCT encode(r.sha256, 'hex')),
                                          'points', jsonb_agg(jsonb_build_object('at', to_char(c.at AT TIME ZONE m.time_zone, 'HH24.MI.SS'),
                                                                                 'lat', c.latitude, 'lon', c.longitude)))
                  FROM mine m JOIN reused r USING (sha256)
                  JOIN checkin c ON c.request_id = m.request_id
                 GROUP BY m.employee_id, m.work_date""".formatted(STAFF));
        // staff of one unit moving, within a week, from phones of their own to one and the same phone model and
        // browser (the device name the page sends): one person's phone (or a few browsers on it) for the group
        SIGNALS.put(AnomalyKind.SHARED_MODEL, """
                WITH %s,
                devices AS (SELECT d.employee_id, e.unit_id, s.key, d.name, d.activated_at, (d.activated_at AT TIME ZONE s.time_zone)::date AS day,
                                   lag(d.name) OVER (PARTITION BY d.employee_id ORDER BY d.activated_at) AS previous
                              FROM device d JOIN staff s ON s.id = d.employee_id JOIN employee e ON e.id = d.employee_id),
                moved AS MATERIALIZED (SELECT * FROM devices WHERE previous IS NOT NULL AND previous <> name
                                          AND day BETWEEN :from::date - 6 AND :to::date + 6),
                groups AS (SELECT a.employee_id, a.day, a.name, a.previous, count(DISTINCT b.employee_id) AS people,
                                  signal_list(array_agg(DISTINCT b.key || ' (' || b.day || ')'), 3) AS who
                             FROM moved a JOIN moved b ON b.unit_id = a.unit_id AND b.name = a.name AND b.day BETWEEN a.day - 6 AND a.day + 6
                            WHERE a.day BETWEEN :from AND :to
                            GROUP BY a.employee_id, a.day, a.name, a.previous HAVING count(DISTINCT b.employee_id) >= :shared_model_staff)
                INSERT INTO <signals> (employee_id, work_date, kind, strength, message, evidence)
                SELECT employee_id, day, 'SHARED_MODEL', max(people)::real / :shared_model_staff,
                       signal_list(array_agg(format('Ganti ponsel dari "%%s" ke "%%s"; %%s pegawai unit yang sama pindah ke ponsel yang sama dalam seminggu: %%s.',
                                                    left(previous, 40), left(name, 40), people, who)), 1, ' '),
                       jsonb_build_object('phone', max(name), 'points', '[]'::jsonb)
                  FROM groups GROUP BY employee_id, day""".formatted(STAFF));
    }

    /**
     * How far back a pattern is looked for: a day's signals count the 30 days before it too, so the nightly run of
     * one day finds what a run over the month finds.
     */
    static final int CONTEXT_DAYS = 30;

    /** Whether the session writes signals: BKPSDM and the owner; an OPD admin only reads them (V20). */
    public static boolean mayWrite(Handle h) {
        return h.createQuery("SELECT has_table_privilege('anomaly_signal', 'INSERT')").mapTo(Boolean.class).one();
    }

    /**
     * Replaces the signals of the days for the staff in scope (empty: the whole regency the operator sees), in
     * the caller's transaction; returns how many of each kind were found (MACHINE_APP apart from IMPOSSIBLE_TRAVEL).
     */
    public static Map<AnomalyKind, Integer> recompute(Handle h, LocalDate from, LocalDate to, Optional<String> unitCode, AnomalyThresholds t) {
        return recompute(h, from, to, unitCode, t, textInCodePointOrder(h));
    }

    /** As above, with the database's text order given: code points (the C collation), or ranked by the database. */
    static Map<AnomalyKind, Integer> recompute(Handle h, LocalDate from, LocalDate to, Optional<String> unitCode, AnomalyThresholds t,
                                               boolean codePointOrder) {
        // the thresholds are bound under their setting names (same_hand_days ...), beside the days and the scope
        Map<String, Object> binds = new HashMap<>(t.byName());
        LocalDate since = from.minusDays(CONTEXT_DAYS);
        binds.put("from", from);
        binds.put("to", to);
        binds.put("since", since);
        binds.put("unit", unitCode.map(String::toUpperCase).orElse(null));
        Map<AnomalyKind, Integer> found = new EnumMap<>(AnomalyKind.class);
        for (AnomalyKind kind : AnomalyKind.values()) {
            found.put(kind, 0);
        }
        long start = System.nanoTime();
        MonthPunches month = readMonth(h, since, binds);
        long read = System.nanoTime();
        int firstDay = (int) ChronoUnit.DAYS.between(since, from);
        int lastDay = (int) ChronoUnit.DAYS.between(since, to);
        TextOrder order = codePointOrder ? TextOrder.CODE_POINTS : databaseOrder(h, month, firstDay, lastDay, t);
        // the owner's run compares its signals with those stored and writes only what changed, through a table of its own
        // (AnomalySignalRun; by COPY, which a temporary table takes from anyone); an operator's, which may not create
        // one, replaces the days' signals in scope
        AnomalySignalRun run = AnomalySignalRun.mayCreate(h) ? new AnomalySignalRun() : null;
        boolean copy = run != null || AnomalySignalSinks.mayCopy(h);
        String signals = run != null ? AnomalySignalRun.TABLE : "anomaly_signal";
        // the database's own statements run on its thread while the detectors sort the month, before their first signals
        // (one statement at a time on the connection): the run's table made and the days' stored signals read (a digest
        // each), or the days' old signals deleted (on a month re-run that is as many rows as it writes; the month's read
        // needs none of them gone), then the other kinds, which look a few rows up by index (the night's photos, one
        // person's phones)
        Map<AnomalyKind, Integer> others = new EnumMap<>(AnomalyKind.class);
        Runnable databaseFirst = () -> {
            if (run != null) {
                long openStart = System.nanoTime();
                run.open(h, binds);
                log.info("anomaly signals {} to {}: the stored ones read in {} ms", from, to, (System.nanoTime() - openStart) / 1_000_000);
            } else {
                long deleteStart = System.nanoTime();
                int replaced = execute(h, """
                        DELETE FROM anomaly_signal WHERE work_date BETWEEN :from AND :to
                           AND employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit)))""", binds, signals);
                log.info("anomaly signals {} to {}: {} earlier deleted in {} ms", from, to, replaced, (System.nanoTime() - deleteStart) / 1_000_000);
            }
            SIGNALS.forEach((kind, sql) -> {
                long kindStart = System.nanoTime();
                int rows = execute(h, sql, binds, signals);
                others.put(kind, rows);
                log.info("anomaly signals {} to {}: {} {} in {} ms", from, to, rows, kind, (System.nanoTime() - kindStart) / 1_000_000);
            });
        };
        try (AnomalySignalSinks.SignalSink writer = AnomalySignalSinks.open(h, binds, found, databaseFirst, copy, signals,
                run != null ? run::detectedInto : () -> signals, run != null ? run::isStored : signal -> false)) {
            MonthSignals.find(month, firstDay, lastDay, t, order, writer::add, writer::addMoves);
            writer.finish();
        }
        if (run != null) {
            long applyStart = System.nanoTime();
            AnomalySignalRun.Changes changes = run.apply(h);
            log.info("anomaly signals {} to {}: {} earlier deleted (gone or changed), {} written (new or changed) in {} ms", from, to,
                    changes.deleted(), changes.inserted(), (System.nanoTime() - applyStart) / 1_000_000);
        }
        found.putAll(others);
        log.info("anomaly signals {} to {}: {} from {} punches of the month (read in {} ms) in {} ms", from, to, found, month.size(),
                (read - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
        return found;
    }

    /** The month's punches, read once, streamed into compact columns as they come. */
    private static MonthPunches readMonth(Handle h, LocalDate since, Map<String, Object> binds) {
        String staffSql = "WITH " + STAFF + " SELECT id, key, time_zone FROM staff";
        var staffQuery = h.createQuery(staffSql);
        bind(staffQuery, staffSql, binds);
        List<MonthPunches.Staff> staff = staffQuery
                .map((rs, ctx) -> new MonthPunches.Staff(rs.getLong("id"), rs.getString("key"), ZoneId.of(rs.getString("time_zone")))).list();
        List<MonthPunches.Centre> centres = h.createQuery(CENTRES)
                .map((rs, ctx) -> new MonthPunches.Centre(rs.getString("name"), rs.getInt("lat"), rs.getInt("lon"))).list();
        Map<String, MachinePlace> machines = new HashMap<>();
        h.createQuery(MACHINES).map((rs, ctx) -> new MachinePlace(rs.getString("serial"), rs.getString("name"), rs.getInt("lat"), rs.getInt("lon")))
                .forEach(m -> machines.put(m.serial(), m));
        MonthPunches month = new MonthPunches(since, staff, centres);
        try {
            BaseConnection connection = h.getConnection().unwrap(BaseConnection.class);
            Object unit = binds.get("unit");
            String sql = MONTH.formatted(since, binds.get("to"),
                    unit == null ? "NULL" : Utils.escapeLiteral(null, unit.toString(), connection.getStandardConformingStrings()).insert(0, '\'').append('\''));
            InternedTexts texts = InternedTexts.utf8();
            InternedTexts keys = InternedTexts.bytes();
            // the read-ahead closed on its own too: the rows' header is read in their constructor, which may fail first
            try (ReadAhead received = ReadAhead.start(new PGCopyInputStream(connection, sql), "anomaly-month-reader");
                 BinaryCopyRows rows = new BinaryCopyRows(received)) {
                while (rows.next()) {
                    addPunch(month, rows, texts, keys, machines);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the month's check-ins could not be read", e);
        }
        PrintedValues.name(h, month);
        return month;
    }

    /**
     * One row of {@link #MONTH}: a check-in, or a machine's punch placed at its machine (none there, no punch); its
     * accuracy and address as keys ({@code keys}: their bytes), the machine's serial as text.
     */
    static void addPunch(MonthPunches month, BinaryCopyRows row, InternedTexts texts, InternedTexts keys, Map<String, MachinePlace> machines)
            throws IOException {
        row.field();
        long employee = row.int8();
        row.field();
        int day = row.int4();
        row.field();
        long at = row.instantMicros();
        boolean arriving = row.field() && row.bool();
        int lat = row.field() ? (int) row.scaled(6) : 0;
        int lon = row.field() ? (int) row.scaled(6) : MonthPunches.NONE;
        String accuracy = row.field() ? row.text(keys) : null;
        String address = row.field() ? row.text(keys) : null;
        row.field();
        boolean machine = row.bool();
        String machineId = row.field() ? row.text(texts) : null;
        if (machine) {
            MachinePlace place = machines.get(machineId);
            if (place != null) {
                month.addMachinePunch(employee, day, at, place.name(), place.latitude(), place.longitude());
            }
        } else {
            month.addCheckIn(employee, day, at, arriving, lat, lon, accuracy, address);
        }
    }

    record MachinePlace(String serial, String name, int latitude, int longitude) {
    }

    /** Whether the database orders text by code point: the C collation, as the embedded server has it. */
    private static boolean textInCodePointOrder(Handle h) {
        return h.createQuery("""
                        SELECT datcollate IN ('C', 'POSIX') AND coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') = 'c'
                          FROM pg_database d WHERE datname = current_database()""")
                .mapTo(Boolean.class).one();
    }

    /**
     * The database's order of every text a message lists, under a collation that is not C: the detectors run once to
     * see which texts they order, and the database ranks those.
     */
    private static TextOrder databaseOrder(Handle h, MonthPunches month, int firstDay, int lastDay, AnomalyThresholds t) {
        TextOrder.Recording recording = new TextOrder.Recording();
        MonthSignals.find(month, firstDay, lastDay, t, recording, signal -> { }, moves -> { });
        ArrayLiteral texts = new ArrayLiteral(recording.seen().size());
        recording.seen().forEach(texts::addText);
        List<String> ordered = h.createQuery("SELECT t FROM unnest(CAST(:texts AS text[])) t ORDER BY t")
                .bind("texts", texts.toString()).mapTo(String.class).list();
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            ranks.put(ordered.get(i), i);
        }
        return TextOrder.ranked(ranks);
    }

    /** Runs a statement with those of the values it names, writing its signals (if any) into the given table. */
    private static int execute(Handle h, String sql, Map<String, Object> binds, String signals) {
        var update = h.createUpdate(sql).define("signals", signals);
        bind(update, sql, binds);
        return update.execute();
    }

    /** Binds those of the values the statement names (the signal sinks bind theirs through it too). */
    static void bind(SqlStatement<?> statement, String sql, Map<String, Object> binds) {
        binds.forEach((name, value) -> {
            if (sql.contains(":" + name)) {
                statement.bind(name, value);
            }
        });
    }

    /** The thresholds in force: the settings, else the defaults. */
    public static AnomalyThresholds thresholds(Handle h) {
        Map<String, Integer> set = new HashMap<>();
        h.createQuery("SELECT substr(key, 9), value::int FROM setting WHERE left(key, 8) = 'anomaly_'")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2))).forEach(e -> set.put(e.getKey(), e.getValue()));
        return AnomalyThresholds.DEFAULTS.with(set);
    }

    /** Sets thresholds by name (see {@link AnomalyThresholds}), audited; returns the thresholds now in force. */
    public static AnomalyThresholds setThresholds(Handle h, Audit audit, Map<String, Integer> changes) {
        AnomalyThresholds before = thresholds(h);
        AnomalyThresholds after = before.with(changes);
        changes.forEach((name, value) -> PolicyStore.putSetting(h, "anomaly_" + name, value.toString()));
        audit.record(h, "setting", "anomaly thresholds", before.byName(), after.byName());
        return after;
    }

    /** One signal as the report shows it, with its review when an operator has marked it "sudah diperiksa". */
    public record Signal(String employeeKey, String name, String unitCode, LocalDate date, AnomalyKind kind, double strength, String message,
                         String evidence, Optional<Review> review) {
        /** A signal nobody has reviewed yet. */
        public Signal(String employeeKey, String name, String unitCode, LocalDate date, AnomalyKind kind, double strength, String message,
                      String evidence) {
            this(employeeKey, name, unitCode, date, kind, strength, message, evidence, Optional.empty());
        }
    }

    /** Who marked a signal "sudah diperiksa", when, and what they wrote. */
    public record Review(String note, String by, Instant at) {
    }

    /** The signals of the days in scope (a moved employee's under the unit of the day), strongest employees first, then by date. */
    public List<Signal> signals(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS key, e.name, u.code, s.work_date, s.kind, s.strength, s.message, s.evidence::text AS evidence,
                               sum(s.strength) OVER (PARTITION BY s.employee_id) AS total, r.note, r.reviewed_by, r.reviewed_at
                          FROM anomaly_signal s JOIN employee_directory e ON e.id = s.employee_id
                               LEFT JOIN anomaly_review r USING (employee_id, work_date, kind)
                               JOIN unit u ON u.id = CASE WHEN s.employee_id IN (SELECT moved_employees()) THEN unit_on(s.employee_id, s.work_date)
                                                         ELSE e.unit_id END
                         WHERE s.work_date BETWEEN :from AND :to AND u.id IN (SELECT unit_scope(:unit))
                         ORDER BY total DESC, e.name, s.work_date, s.strength DESC""")
                .bind("from", from).bind("to", to).bind("unit", unitCode.map(String::toUpperCase).orElse(null))
                .map((rs, ctx) -> new Signal(rs.getString("key"), rs.getString("name"), rs.getString("code"),
                        rs.getObject("work_date", LocalDate.class), AnomalyKind.valueOf(rs.getString("kind")), rs.getDouble("strength"),
                        rs.getString("message"), rs.getString("evidence"), review(rs)))
                .list());
    }

    private static Optional<Review> review(ResultSet rs) throws SQLException {
        OffsetDateTime at = rs.getObject("reviewed_at", OffsetDateTime.class);
        return at == null ? Optional.empty() : Optional.of(new Review(rs.getString("note"), rs.getString("reviewed_by"), at.toInstant()));
    }

    /**
     * Marks one signal "sudah diperiksa" with a note, in the caller's transaction, through {@code signal_review} (V26),
     * which checks the scope again and writes the audit row: an OPD admin has no write on signals or reviews. A signal
     * the operator cannot see (another unit's, or none) is "no such signal" before the function is asked.
     */
    public static Review review(Handle h, Audit audit, String employeeKey, LocalDate date, AnomalyKind kind, String note) {
        String key = employeeKey.replace(" ", "");
        long employeeId = h.createQuery("""
                        SELECT s.employee_id FROM anomaly_signal s JOIN employee_directory e ON e.id = s.employee_id
                         WHERE (e.nip = :key OR e.nik = :key) AND s.work_date = :date AND s.kind = :kind""")
                .bind("key", key).bind("date", date).bind("kind", kind.name()).mapTo(Long.class).findOne()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " signal of " + key + " on " + date + " in your units"));
        h.createQuery("SELECT signal_review(:id, :date, :kind, :note, :operator, :command)")
                .bind("id", employeeId).bind("date", date).bind("kind", kind.name()).bind("note", note)
                .bind("operator", audit.operator()).bind("command", audit.command())
                .mapTo(OffsetDateTime.class).one();
        return h.createQuery("SELECT note, reviewed_by, reviewed_at FROM anomaly_review WHERE employee_id = :id AND work_date = :date AND kind = :kind")
                .bind("id", employeeId).bind("date", date).bind("kind", kind.name())
                .map((rs, ctx) -> review(rs).orElseThrow()).one();
    }
}
