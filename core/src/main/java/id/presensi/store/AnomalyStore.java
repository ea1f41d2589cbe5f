package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.AnomalyThresholds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signals of titip absen, computed set-wise from the check-ins of a range of days (one statement per kind), and
 * read back for the report. A run replaces the signals of its days for the staff in its scope. Every list in a
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
     * The month, read once: the staff in scope and their accepted app check-ins of the days and the context before
     * them, with local times for the messages. The kinds computed from it are parts of one statement (each its own
     * INSERT, a data-modifying WITH), so this is read and joined once for all of them, not once per kind.
     */
    private static final String MONTH = STAFF + """
            ,
            app AS MATERIALIZED (SELECT c.employee_id, c.work_date, c.at, c.type, c.latitude, c.longitude, c.accuracy_m, c.client_address, s.key,
                                        to_char(c.at AT TIME ZONE s.time_zone, 'HH24.MI.SS') AS local
                                   FROM checkin c JOIN staff s ON s.id = c.employee_id
                                  WHERE c.accepted AND c.source = 'APP' AND c.latitude IS NOT NULL AND c.work_date BETWEEN :since AND :to)""";

    /** A punch's place for the evidence: {at, lat, lon}. */
    private static final String POINT = "jsonb_build_object('at', %1$s.local, 'lat', %1$s.latitude, 'lon', %1$s.longitude)";

    private static final Map<AnomalyKind, String> SIGNALS = new EnumMap<>(AnomalyKind.class);

    static {
        // consecutive check-ins at one address (same day, same direction) seconds apart; a pair seen on enough days
        SIGNALS.put(AnomalyKind.SAME_HAND, """
                WITH seq AS (SELECT a.*, lag(a.employee_id) OVER w AS prev_emp, lag(a.key) OVER w AS prev_key, lag(a.at) OVER w AS prev_at,
                               lag(a.local) OVER w AS prev_local, lag(a.latitude) OVER w AS prev_lat, lag(a.longitude) OVER w AS prev_lon
                          FROM app a WHERE a.client_address IS NOT NULL
                        WINDOW w AS (PARTITION BY a.client_address, a.work_date, a.type ORDER BY a.at)),
                near AS (SELECT * FROM seq WHERE prev_emp IS NOT NULL AND prev_emp <> employee_id
                                             AND at - prev_at <= make_interval(secs => :same_hand_seconds)),
                pairs AS (SELECT employee_id AS emp, prev_emp AS other, prev_key AS other_key, prev_local AS other_local, work_date,
                                 client_address, local, latitude, longitude FROM near
                          UNION ALL
                          SELECT prev_emp, employee_id, key, local, work_date, client_address, prev_local, prev_lat, prev_lon FROM near),
                repeated AS MATERIALIZED (SELECT emp, other FROM (SELECT DISTINCT emp, other, work_date FROM pairs) days
                                           GROUP BY emp, other HAVING count(*) >= :same_hand_days)
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                SELECT p.emp, p.work_date, 'SAME_HAND', count(DISTINCT p.other),
                       format('Presensi pukul %%s dari alamat %%s berselang beberapa detik dengan %%s pegawai lain (%%s); pasangan yang sama berulang pada %%s hari atau lebih.',
                              signal_list(array_agg(DISTINCT p.local)), signal_list(array_agg(DISTINCT host(p.client_address)), 3), count(DISTINCT p.other),
                              signal_list(array_agg(DISTINCT p.other_key || ' pukul ' || p.other_local)), :same_hand_days),
                       jsonb_build_object('addresses', jsonb_agg(DISTINCT host(p.client_address)), 'with', jsonb_agg(DISTINCT p.other_key),
                                          'points', jsonb_agg(DISTINCT %s))
                  FROM pairs p JOIN repeated r ON r.emp = p.emp AND r.other = p.other
                 WHERE p.work_date BETWEEN :from AND :to
                 GROUP BY p.emp, p.work_date""".formatted(POINT.formatted("p")));
        // one exact position (to 11 cm) used by one person on many days, or, on many days, one the person shared with
        // someone else that same day: measured positions never repeat so. Strangers meeting one position once is
        // common where thousands of check-ins a month fall on one office. Every step is a grouping, never a join of
        // check-ins with each other: an office typing in one position for all its staff stays linear. The distinct
        // person-position-days are counted by hashing, not by sorting the month for each count(DISTINCT ...).
        SIGNALS.put(AnomalyKind.REPEATED_POSITION, """
                WITH place AS MATERIALIZED (SELECT DISTINCT employee_id, latitude, longitude, work_date FROM app),
                mine AS MATERIALIZED (SELECT employee_id, latitude, longitude, count(*) AS days FROM place
                                       GROUP BY 1, 2, 3 HAVING count(*) >= :repeated_position_days),
                sameday AS MATERIALIZED (SELECT latitude, longitude, work_date, count(*) AS people FROM place
                                          GROUP BY 1, 2, 3 HAVING count(*) >= 2),
                shared AS MATERIALIZED (SELECT a.employee_id, count(DISTINCT a.work_date) AS days FROM app a JOIN sameday s
                                           USING (latitude, longitude, work_date)
                                         GROUP BY 1 HAVING count(DISTINCT a.work_date) >= :repeated_position_days),
                hits AS (SELECT a.*, greatest(m.days, sh.days) AS days, coalesce(s.people, 1) AS people FROM app a
                           LEFT JOIN mine m USING (employee_id, latitude, longitude)
                           LEFT JOIN sameday s USING (latitude, longitude, work_date)
                           LEFT JOIN shared sh ON sh.employee_id = a.employee_id AND s.people IS NOT NULL
                          WHERE m.employee_id IS NOT NULL OR sh.employee_id IS NOT NULL)
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                SELECT h.employee_id, h.work_date, 'REPEATED_POSITION', max(h.days * h.people),
                       format('Posisi persis sama (%%s) dipakai pada %%s hari oleh %%s pegawai; hari ini pukul %%s.',
                              signal_list(array_agg(DISTINCT h.latitude || ', ' || h.longitude), 3, '; '), max(h.days), max(h.people),
                              signal_list(array_agg(h.local ORDER BY h.at))),
                       jsonb_build_object('points', jsonb_agg(%s ORDER BY h.at))
                  FROM hits h
                 WHERE h.work_date BETWEEN :from AND :to
                 GROUP BY h.employee_id, h.work_date""".formatted(POINT.formatted("h")));
        // GPS accuracy that never changes over many check-ins: a fake-location app's constant
        SIGNALS.put(AnomalyKind.CONSTANT_ACCURACY, """
                WITH steady AS MATERIALIZED (SELECT employee_id, min(accuracy_m) AS accuracy, count(*) AS n FROM app GROUP BY employee_id
                            HAVING count(*) >= :constant_accuracy_checkins AND min(accuracy_m) = max(accuracy_m))
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                SELECT a.employee_id, a.work_date, 'CONSTANT_ACCURACY', s.n::real / :constant_accuracy_checkins,
                       format('Akurasi GPS selalu tepat %%s m pada %%s presensi dalam rentang ini; hari ini pukul %%s.', s.accuracy, s.n,
                              signal_list(array_agg(a.local ORDER BY a.at))),
                       jsonb_build_object('accuracyM', s.accuracy, 'checkins', s.n, 'points', jsonb_agg(%s ORDER BY a.at))
                  FROM app a JOIN steady s USING (employee_id)
                 WHERE a.work_date BETWEEN :from AND :to
                 GROUP BY a.employee_id, a.work_date, s.accuracy, s.n""".formatted(POINT.formatted("a")));
        // a position exactly on a work location's centre: typed in, not measured
        SIGNALS.put(AnomalyKind.ON_CENTRE, """
                WITH centred AS (SELECT a.*, l.name AS place, count(*) OVER (PARTITION BY a.employee_id) AS n
                                   FROM app a JOIN work_location l ON l.latitude = a.latitude AND l.longitude = a.longitude)
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                SELECT c.employee_id, c.work_date, 'ON_CENTRE', c.n::real / :on_centre_times,
                       format('Posisi tepat di titik pusat lokasi %%s pukul %%s (%%s kali dalam rentang ini).', signal_list(array_agg(DISTINCT c.place), 3),
                              signal_list(array_agg(c.local ORDER BY c.at)), c.n),
                       jsonb_build_object('points', jsonb_agg(%s ORDER BY c.at))
                  FROM centred c
                 WHERE c.n >= :on_centre_times AND c.work_date BETWEEN :from AND :to
                 GROUP BY c.employee_id, c.work_date, c.n""".formatted(POINT.formatted("c")));
        // consecutive punches of one person (app, or a fingerprint machine at its unit's first location) too far apart
        // for the time between them; a machine punch and an app check-in within the hour far apart are their own kind
        SIGNALS.put(AnomalyKind.IMPOSSIBLE_TRAVEL, """
                WITH machine AS (SELECT c.employee_id, c.work_date, c.at, l.latitude, l.longitude, 'FINGERPRINT' AS source, m.name AS place,
                                   to_char(c.at AT TIME ZONE s.time_zone, 'HH24.MI.SS') AS local
                              FROM checkin c JOIN staff s ON s.id = c.employee_id JOIN machine m ON m.serial = c.machine_id
                              JOIN LATERAL (SELECT latitude, longitude FROM work_location WHERE unit_id = m.unit_id ORDER BY id LIMIT 1) l ON true
                             WHERE c.accepted AND c.source = 'FINGERPRINT' AND c.work_date BETWEEN :since AND :to),
                punch AS (SELECT employee_id, work_date, at, latitude, longitude, 'APP' AS source, 'aplikasi' AS place, local FROM app
                          UNION ALL SELECT * FROM machine),
                seq AS (SELECT p.*, lag(at) OVER w AS prev_at, lag(latitude) OVER w AS prev_lat, lag(longitude) OVER w AS prev_lon,
                               lag(source) OVER w AS prev_source, lag(place) OVER w AS prev_place, lag(local) OVER w AS prev_local
                          FROM punch p WINDOW w AS (PARTITION BY employee_id ORDER BY at)),
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
                 GROUP BY employee_id, work_date, kind""");
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
        // the thresholds are bound under their setting names (same_hand_days ...), beside the days and the scope
        Map<String, Object> binds = new HashMap<>(t.byName());
        binds.put("from", from);
        binds.put("to", to);
        binds.put("since", from.minusDays(CONTEXT_DAYS));
        binds.put("unit", unitCode.map(String::toUpperCase).orElse(null));
        execute(h, """
                DELETE FROM anomaly_signal WHERE work_date BETWEEN :from AND :to
                   AND employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(:unit)))""", binds);
        // sorts and hashes of a month of check-ins in memory rather than in files, for this transaction only
        h.execute("SELECT set_config('work_mem', '64MB', true)");
        String nestedLoops = h.createQuery("SELECT current_setting('enable_nestloop')").mapTo(String.class).one();
        String mergeJoins = h.createQuery("SELECT current_setting('enable_mergejoin')").mapTo(String.class).one();
        Map<AnomalyKind, Integer> found = new EnumMap<>(AnomalyKind.class);
        for (AnomalyKind kind : AnomalyKind.values()) {
            found.put(kind, 0); // the month's statement counts only the kinds it wrote
        }
        long start = System.nanoTime();
        // Over the month, a join of check-ins with an aggregate of them that the planner misjudged as one row became a
        // nested loop: each employee's row rescanned the whole month (every phone on one office point made
        // CONSTANT_ACCURACY take minutes). Hash joins keep each kind linear in the check-ins, and one with an empty
        // side (no repeated pair, no steady accuracy: the usual month) ends without reading the other; a merge join
        // sorted all of it first.
        h.execute("SELECT set_config('enable_nestloop', 'off', true), set_config('enable_mergejoin', 'off', true)");
        var month = h.createQuery(OVER_THE_MONTH_SQL);
        bind(month, OVER_THE_MONTH_SQL, binds);
        month.map((rs, ctx) -> Map.entry(AnomalyKind.valueOf(rs.getString(1)), rs.getInt(2))).forEach(e -> found.put(e.getKey(), e.getValue()));
        log.info("anomaly signals {} to {}: {} from the month's check-ins in {} ms", from, to, found, (System.nanoTime() - start) / 1_000_000);
        // the other kinds look a few rows up by index (the night's photos, one person's phones)
        h.execute("SELECT set_config('enable_nestloop', ?, true), set_config('enable_mergejoin', ?, true)", nestedLoops, mergeJoins);
        SIGNALS.forEach((kind, sql) -> {
            if (!OVER_THE_MONTH.contains(kind)) {
                long kindStart = System.nanoTime();
                int rows = execute(h, sql, binds);
                found.put(kind, rows);
                log.info("anomaly signals {} to {}: {} {} in {} ms", from, to, rows, kind, (System.nanoTime() - kindStart) / 1_000_000);
            }
        });
        return found;
    }

    /** The kinds computed from the month's check-ins, in one statement over one read of them. */
    private static final Set<AnomalyKind> OVER_THE_MONTH = EnumSet.of(AnomalyKind.SAME_HAND, AnomalyKind.REPEATED_POSITION,
            AnomalyKind.CONSTANT_ACCURACY, AnomalyKind.ON_CENTRE, AnomalyKind.IMPOSSIBLE_TRAVEL);

    /** {@link #MONTH}, then each kind's INSERT as a data-modifying WITH, then how many signals of each kind were written. */
    private static final String OVER_THE_MONTH_SQL = "WITH " + MONTH + OVER_THE_MONTH.stream()
            .map(kind -> ",\n" + kind.name().toLowerCase(Locale.ROOT) + "_signals AS (" + SIGNALS.get(kind) + "\nRETURNING kind)")
            .collect(Collectors.joining())
            + "\nSELECT kind, count(*) FROM (" + OVER_THE_MONTH.stream().map(kind -> "SELECT kind FROM " + kind.name().toLowerCase(Locale.ROOT) + "_signals")
            .collect(Collectors.joining(" UNION ALL ")) + ") written GROUP BY kind";

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
