package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import org.jdbi.v3.core.Handle;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.EnumSet;
import java.util.stream.Collectors;

/**
 * The month's signal kinds as SQL computed them before they were computed in Java (AnomalyStore until December 2026),
 * kept verbatim so that {@link AnomalyMonthEquivalenceTest} can hold the new path to exactly what the old one wrote.
 */
final class LegacyMonthSignals {
    private LegacyMonthSignals() {
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
    }

    private static final Set<AnomalyKind> OVER_THE_MONTH = EnumSet.of(AnomalyKind.SAME_HAND, AnomalyKind.REPEATED_POSITION,
            AnomalyKind.CONSTANT_ACCURACY, AnomalyKind.ON_CENTRE, AnomalyKind.IMPOSSIBLE_TRAVEL);

    private static final String OVER_THE_MONTH_SQL = "WITH " + MONTH + OVER_THE_MONTH.stream()
            .map(kind -> ",\n" + kind.name().toLowerCase(Locale.ROOT) + "_signals AS (" + SIGNALS.get(kind) + "\nRETURNING kind)")
            .collect(Collectors.joining())
            + "\nSELECT kind, count(*) FROM (" + OVER_THE_MONTH.stream().map(kind -> "SELECT kind FROM " + kind.name().toLowerCase(Locale.ROOT) + "_signals")
            .collect(Collectors.joining(" UNION ALL ")) + ") written GROUP BY kind";

    /** Writes the five kinds' signals as the old statement did, with the same planner settings. */
    static void write(Handle h, Map<String, Object> binds) {
        h.execute("SELECT set_config('work_mem', '64MB', true)");
        h.execute("SELECT set_config('enable_nestloop', 'off', true), set_config('enable_mergejoin', 'off', true)");
        var month = h.createQuery(OVER_THE_MONTH_SQL);
        binds.forEach((name, value) -> {
            if (OVER_THE_MONTH_SQL.contains(":" + name)) {
                month.bind(name, value);
            }
        });
        month.mapToMap().list();
        h.execute("SELECT set_config('enable_nestloop', 'on', true), set_config('enable_mergejoin', 'on', true)");
    }
}
