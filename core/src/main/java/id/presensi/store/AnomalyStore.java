package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.AnomalyThresholds;
import id.presensi.anomaly.MonthPunches;
import id.presensi.anomaly.MonthSignals;
import id.presensi.anomaly.TextOrder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Signals of titip absen, computed from the check-ins of a range of days (the kinds read from the month's check-ins
 * from one read of them, by {@link MonthSignals}; the others one statement each), and read back for the report. A run replaces the signals of its days for the staff in its scope. Every list in a
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
     * as numerics the reader scales to millionths of a degree, exact for numeric(9, 6)): COPY takes no parameters, so
     * the days and the unit are written in as literals ({@link #readMonth}).
     */
    private static final String MONTH = """
            COPY (SELECT c.employee_id, c.work_date - DATE '%1$s' AS day, c.at, c.type = 'IN' AS arriving, c.latitude, c.longitude,
                         c.accuracy_m::text AS accuracy, c.client_address::text AS address, c.source = 'FINGERPRINT' AS machine, c.machine_id
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

    /** The signals the month's detectors found, one column array each. */
    private static final String INSERT_SIGNALS = """
            INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
            SELECT * FROM unnest(CAST(:employee AS bigint[]), CAST(:work_date AS date[]), CAST(:kind AS text[]), CAST(:strength AS real[]),
                                 CAST(:message AS text[]), CAST(:evidence AS jsonb[]))""";

    /**
     * IMPOSSIBLE_TRAVEL and MACHINE_APP from the moves the detectors found (consecutive punches of one person, app or a
     * fingerprint machine at its unit's first location, far enough apart): their distance, hours and speed are
     * computed and judged here, in the database's numeric and float arithmetic, and the sentences written as before.
     * A machine punch and an app check-in within the hour far apart are their own kind.
     */
    private static final String TRAVEL = """
            WITH seq AS (SELECT * FROM unnest(CAST(:employee AS bigint[]), CAST(:work_date AS date[]), CAST(:at AS timestamptz[]),
                                              CAST(:latitude AS numeric[]), CAST(:longitude AS numeric[]), CAST(:source AS text[]),
                                              CAST(:place AS text[]), CAST(:local AS text[]), CAST(:prev_at AS timestamptz[]),
                                              CAST(:prev_lat AS numeric[]), CAST(:prev_lon AS numeric[]), CAST(:prev_source AS text[]),
                                              CAST(:prev_place AS text[]), CAST(:prev_local AS text[]))
                                      AS m(employee_id, work_date, at, latitude, longitude, source, place, local, prev_at, prev_lat, prev_lon,
                                           prev_source, prev_place, prev_local)),
            moves AS (SELECT *, 111.32 * sqrt(power(latitude - prev_lat, 2)
                                     + power(cos(radians((latitude + prev_lat) / 2)) * (longitude - prev_lon), 2)) AS km,
                             extract(epoch FROM at - prev_at) / 3600.0 AS hours
                        FROM seq WHERE prev_at IS NOT NULL),
            judged AS (SELECT *, CASE WHEN source <> prev_source AND hours <= 1 AND km >= :machine_app_km THEN 'MACHINE_APP'
                                      WHEN km >= 5 AND km / greatest(hours, 1 / 3600.0) > :speed_kmh THEN 'IMPOSSIBLE_TRAVEL' END AS kind
                         FROM moves)
            INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
            SELECT employee_id, work_date, kind, max(km),
                   signal_list(array_agg(format('%s pukul %s lalu %s pukul %s: %s km dalam %s menit (%s km/jam).', prev_place, prev_local,
                                                place, local, round(km::numeric, 1), round((hours * 60)::numeric),
                                                round((km / greatest(hours, 1 / 3600.0))::numeric)) ORDER BY at), 2, ' '),
                   jsonb_build_object('points', jsonb_agg(jsonb_build_array(
                       jsonb_build_object('at', prev_local, 'lat', prev_lat, 'lon', prev_lon),
                       jsonb_build_object('at', local, 'lat', latitude, 'lon', longitude)) ORDER BY at))
              FROM judged WHERE kind IS NOT NULL AND work_date BETWEEN :from AND :to
             GROUP BY employee_id, work_date, kind
            RETURNING kind""";

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
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
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
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
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
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
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
        execute(h, """
                DELETE FROM anomaly_signal WHERE work_date BETWEEN :from AND :to
                   AND employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit)))""", binds);
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
        // the other kinds look a few rows up by index (the night's photos, one person's phones): the database writes them
        // while the detectors work, before the detectors' first signals (one statement at a time on the connection)
        Map<AnomalyKind, Integer> others = new EnumMap<>(AnomalyKind.class);
        Runnable otherKinds = () -> SIGNALS.forEach((kind, sql) -> {
            long kindStart = System.nanoTime();
            int rows = execute(h, sql, binds);
            others.put(kind, rows);
            log.info("anomaly signals {} to {}: {} {} in {} ms", from, to, rows, kind, (System.nanoTime() - kindStart) / 1_000_000);
        });
        try (SignalSink writer = rowSecurityApplies(h) ? new SignalWriter(h, binds, found, otherKinds) : new SignalCopy(h, binds, found, otherKinds)) {
            MonthSignals.find(month, firstDay, lastDay, t, order, writer::add, writer::addMoves);
            writer.finish();
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
            try (BinaryCopyRows rows = new BinaryCopyRows(new PGCopyInputStream(connection, sql))) {
                while (rows.next()) {
                    addPunch(month, rows, machines);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the month's check-ins could not be read", e);
        }
        return month;
    }

    /** One row of {@link #MONTH}: a check-in, or a machine's punch placed at its machine (none there, no punch). */
    private static void addPunch(MonthPunches month, BinaryCopyRows row, Map<String, MachinePlace> machines) throws IOException {
        row.field();
        long employee = row.int8();
        row.field();
        int day = row.int4();
        row.field();
        long at = row.instantMicros();
        boolean arriving = row.field() && row.bool();
        int lat = row.field() ? (int) row.scaled(6) : 0;
        int lon = row.field() ? (int) row.scaled(6) : MonthPunches.NONE;
        String accuracy = row.field() ? row.text() : null;
        String address = row.field() ? row.text() : null;
        row.field();
        boolean machine = row.bool();
        String machineId = row.field() ? row.text() : null;
        if (machine) {
            MachinePlace place = machines.get(machineId);
            if (place != null) {
                month.addMachinePunch(employee, day, at, place.name(), place.latitude(), place.longitude());
            }
        } else {
            month.addCheckIn(employee, day, at, arriving, lat, lon, accuracy, address);
        }
    }

    private record MachinePlace(String serial, String name, int latitude, int longitude) {
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

    /** Where the detectors' signals and moves go, until {@link #finish} has them all in the database. */
    private interface SignalSink extends AutoCloseable {
        void add(MonthSignals.Signal signal);

        /** One employee's moves, all at once (the database judges an employee's in one statement). */
        void addMoves(List<MonthSignals.Move> employeeMoves);

        void finish();

        @Override
        void close();
    }

    /** Whether row-level security applies to this session's writes of signals (an operator's run, not the owner's). */
    private static boolean rowSecurityApplies(Handle h) {
        return h.createQuery("SELECT row_security_active('anomaly_signal')").mapTo(Boolean.class).one();
    }

    /**
     * Streams the signals into one COPY, when row-level security does not apply to the session (COPY refuses a table
     * with it; the nightly run signs in as the owner): the database parses and inserts each row as it arrives while
     * the detectors find the next, with none of an INSERT's array literals to parse, and writes them a page at a time.
     * The other kinds' statements run first, on a thread of their own while the detectors work (on a month with few
     * signals they are most of the database's work); the COPY starts with the first signals once they are written.
     * The connection is the COPY's until it ends, so the moves are judged after it (they are few: far punches).
     */
    private static final class SignalCopy implements SignalSink {
        private static final int CHUNK = 1 << 16;
        private final Handle h;
        private final Map<String, Object> binds;
        private final Map<AnomalyKind, Integer> found;
        private final ExecutorService database = writerThread();
        /** The other kinds' statements, run on the database's thread while the detectors find the first signals. */
        private final Future<?> others;
        /** Opened with the first signals, once the other kinds are written. */
        private CopyIn copy;
        private final StringBuilder rows = new StringBuilder(CHUNK + 4096);
        private final List<MonthSignals.Move> moves = new ArrayList<>();

        SignalCopy(Handle h, Map<String, Object> binds, Map<AnomalyKind, Integer> found, Runnable otherKinds) {
            this.h = h;
            this.binds = binds;
            this.found = found;
            this.others = database.submit(otherKinds);
        }

        @Override
        public void add(MonthSignals.Signal s) {
            found.merge(s.kind(), 1, Integer::sum);
            rows.append(s.employeeId()).append('\t').append(s.date()).append('\t').append(s.kind().name()).append('\t')
                    .append(Double.toString(s.strength())).append('\t'); // the float's exact value, as the INSERT sends it
            CopyText.field(rows, s.message()).append('\t');
            CopyText.field(rows, s.evidence()).append('\n');
            if (rows.length() >= CHUNK) {
                send();
            }
        }

        @Override
        public void addMoves(List<MonthSignals.Move> employeeMoves) {
            moves.addAll(employeeMoves);
        }

        @Override
        public void finish() {
            send();
            await(others);
            if (copy != null) {
                try {
                    copy.endCopy();
                } catch (SQLException e) {
                    throw new IllegalStateException("the signals could not be written", e);
                }
            }
            Map<AnomalyKind, Integer> judged = new EnumMap<>(AnomalyKind.class);
            for (int start = 0, end; start < moves.size(); start = end) {
                end = Math.min(moves.size(), start + SignalWriter.BATCH);
                while (end < moves.size() && moves.get(end).employeeId() == moves.get(end - 1).employeeId()) {
                    end++; // an employee's moves stay in one batch
                }
                SignalWriter.judgeMoves(h, binds, moves.subList(start, end), judged);
            }
            judged.forEach((kind, n) -> found.merge(kind, n, Integer::sum));
        }

        private void send() {
            if (rows.isEmpty()) {
                return;
            }
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            rows.setLength(0);
            try {
                if (copy == null) {
                    await(others);
                    copy = h.getConnection().unwrap(PGConnection.class).getCopyAPI()
                            .copyIn("COPY anomaly_signal (employee_id, work_date, kind, strength, message, evidence) FROM STDIN");
                }
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new IllegalStateException("the signals could not be written", e);
            }
        }

        /** After a failure: the other kinds' statement and the COPY end, so that the caller can roll the transaction back. */
        @Override
        public void close() {
            try {
                quietly(others);
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException e) {
                log.debug("cancelling the signals' COPY", e);
            } finally {
                database.shutdown();
            }
        }
    }

    /**
     * Writes the detectors' signals in batches (one INSERT of column arrays each; COPY is refused on a table with
     * row-level security), and has the database judge their moves, an employee's all in one batch. A full batch goes to
     * the database on a thread of its own while the detectors go on with the next: the database's work (parsing the
     * arrays, inserting, judging) and the detectors' take turns otherwise, and each is a large part of the step. The
     * other kinds' statements go first, while the detectors find the first batch. One piece of work at a time is in
     * flight, so the handle is used by one thread at a time and the batches stay in order.
     */
    private static final class SignalWriter implements SignalSink {
        private static final int BATCH = 10_000;
        private final Handle h;
        private final Map<String, Object> binds;
        private final Map<AnomalyKind, Integer> found;
        /** The kinds the database judged moves to be, counted on the writer's thread, added to found at the end. */
        private final Map<AnomalyKind, Integer> judged = new EnumMap<>(AnomalyKind.class);
        private final ExecutorService database = writerThread();
        private Future<?> inFlight;
        private List<MonthSignals.Signal> signals = new ArrayList<>();
        private List<MonthSignals.Move> moves = new ArrayList<>();

        SignalWriter(Handle h, Map<String, Object> binds, Map<AnomalyKind, Integer> found, Runnable otherKinds) {
            this.h = h;
            this.binds = binds;
            this.found = found;
            this.inFlight = database.submit(otherKinds); // while the detectors find the first batch
        }

        @Override
        public void add(MonthSignals.Signal signal) {
            signals.add(signal);
            found.merge(signal.kind(), 1, Integer::sum);
            if (signals.size() >= BATCH) {
                sendSignals();
            }
        }

        @Override
        public void addMoves(List<MonthSignals.Move> employeeMoves) {
            moves.addAll(employeeMoves);
            if (moves.size() >= BATCH) {
                sendMoves();
            }
        }

        /** Sends what is left and waits for the database to be done with it all. */
        @Override
        public void finish() {
            sendSignals();
            sendMoves();
            awaitInFlight();
            judged.forEach((kind, n) -> found.merge(kind, n, Integer::sum));
        }

        private void sendSignals() {
            if (!signals.isEmpty()) {
                List<MonthSignals.Signal> batch = signals;
                signals = new ArrayList<>();
                send(() -> writeSignals(batch));
            }
        }

        private void sendMoves() {
            if (!moves.isEmpty()) {
                List<MonthSignals.Move> batch = moves;
                moves = new ArrayList<>();
                send(() -> judgeMoves(h, binds, batch, judged));
            }
        }

        private void send(Runnable work) {
            awaitInFlight();
            inFlight = database.submit(work);
        }

        private void awaitInFlight() {
            await(inFlight);
        }

        /** After a failure of the detectors too: the batch in flight ends before the caller rolls the transaction back. */
        @Override
        public void close() {
            try {
                quietly(inFlight);
            } finally {
                database.shutdown();
            }
        }

        private void writeSignals(List<MonthSignals.Signal> signals) {
            ArrayLiteral[] c = columns(6, signals.size());
            for (MonthSignals.Signal s : signals) {
                c[0].add(Long.toString(s.employeeId()));
                c[1].add(s.date().toString());
                c[2].add(s.kind().name());
                c[3].add(Double.toString(s.strength())); // the float's exact value: the real column rounds it back to itself
                c[4].addText(s.message());
                c[5].addText(s.evidence());
            }
            h.createUpdate(INSERT_SIGNALS).bind("employee", c[0].toString()).bind("work_date", c[1].toString()).bind("kind", c[2].toString())
                    .bind("strength", c[3].toString()).bind("message", c[4].toString()).bind("evidence", c[5].toString()).execute();
        }

        /** Has the database judge the moves, counting the signals it wrote by kind. */
        static void judgeMoves(Handle h, Map<String, Object> binds, List<MonthSignals.Move> moves, Map<AnomalyKind, Integer> judged) {
            ArrayLiteral[] c = columns(14, moves.size());
            for (MonthSignals.Move m : moves) {
                c[0].add(Long.toString(m.employeeId()));
                c[1].add(m.workDate().toString());
                c[2].add(instant(m.atMicros()));
                c[3].add(m.latitude());
                c[4].add(m.longitude());
                c[5].add(m.source());
                c[6].addText(m.place());
                c[7].add(m.local());
                c[8].add(instant(m.previousAtMicros()));
                c[9].add(m.previousLatitude());
                c[10].add(m.previousLongitude());
                c[11].add(m.previousSource());
                c[12].addText(m.previousPlace());
                c[13].add(m.previousLocal());
            }
            String[] names = {"employee", "work_date", "at", "latitude", "longitude", "source", "place", "local", "prev_at", "prev_lat",
                              "prev_lon", "prev_source", "prev_place", "prev_local"};
            var travel = h.createQuery(TRAVEL);
            for (int i = 0; i < names.length; i++) {
                travel.bind(names[i], c[i].toString());
            }
            bind(travel, TRAVEL, binds);
            travel.mapTo(String.class).forEach(kind -> judged.merge(AnomalyKind.valueOf(kind), 1, Integer::sum));
        }

        private static ArrayLiteral[] columns(int n, int elements) {
            ArrayLiteral[] c = new ArrayLiteral[n];
            for (int i = 0; i < n; i++) {
                c[i] = new ArrayLiteral(elements);
            }
            return c;
        }

        private static String instant(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L).toString();
        }
    }

    /** The thread a sink hands the database's work to: one statement at a time on the connection, in order. */
    private static ExecutorService writerThread() {
        return Executors.newSingleThreadExecutor(work -> {
            Thread thread = new Thread(work, "anomaly-signal-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits for the database's work; its failure is the step's. */
    private static void await(Future<?> work) {
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the signals were written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for the database's work after a failure: it ends before the caller rolls back; the first failure is reported. */
    private static void quietly(Future<?> work) {
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // already thrown by finish, or the detectors' failure is the one to report
        }
    }

    /** Runs a statement with those of the values it names. */
    private static int execute(Handle h, String sql, Map<String, Object> binds) {
        var update = h.createUpdate(sql);
        bind(update, sql, binds);
        return update.execute();
    }

    private static void bind(SqlStatement<?> statement, String sql, Map<String, Object> binds) {
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
