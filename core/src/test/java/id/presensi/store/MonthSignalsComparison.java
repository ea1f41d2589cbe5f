package id.presensi.store;

import id.presensi.anomaly.AnomalyThresholds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month's kinds written by the SQL reference ({@link LegacyMonthSignals}) and by the detectors
 * ({@link AnomalyStore#recompute}) over the same days, each in a transaction rolled back, and compared row by row: the
 * equivalence tests' one way of asking "did anything change".
 */
final class MonthSignalsComparison {
    static final List<String> MONTH_KINDS = List.of("SAME_HAND", "REPEATED_POSITION", "CONSTANT_ACCURACY", "ON_CENTRE",
            "IMPOSSIBLE_TRAVEL", "MACHINE_APP");
    /** Every threshold low enough for small data to meet each kind. */
    static final AnomalyThresholds LOW = AnomalyThresholds.DEFAULTS.with(Map.of("same_hand_seconds", 30, "same_hand_days", 2,
            "repeated_position_days", 2, "constant_accuracy_checkins", 3, "on_centre_times", 1, "speed_kmh", 60, "machine_app_km", 3));

    private MonthSignalsComparison() {
    }

    /** What the SQL wrote of the month's kinds, a row a signal. */
    static List<String> sqlWrote(Jdbi jdbi, LocalDate from, LocalDate to, String unit, AnomalyThresholds thresholds) {
        return jdbi.inTransaction(h -> {
            Map<String, Object> binds = new HashMap<>(thresholds.byName());
            binds.put("from", from);
            binds.put("to", to);
            binds.put("since", from.minusDays(AnomalyStore.CONTEXT_DAYS));
            binds.put("unit", unit);
            LegacyMonthSignals.write(h, binds);
            List<String> rows = written(h);
            h.rollback();
            return rows;
        });
    }

    /**
     * What the detectors wrote, run by a BKPSDM operator (under row security) or by the owner; the owner's run done twice,
     * the second finding every signal as stored and writing none again (its rows stay where they are).
     */
    static List<String> detectorsWrote(Jdbi jdbi, LocalDate from, LocalDate to, String unit, AnomalyThresholds thresholds, boolean codePoints,
                                       boolean operator) {
        Optional<String> scope = Optional.ofNullable(unit);
        return jdbi.inTransaction(h -> {
            if (operator) {
                h.execute("SET LOCAL ROLE presensi_bkpsdm");
                assertThat(h.createQuery("SELECT row_security_active('anomaly_signal')").mapTo(Boolean.class).one()).isTrue();
            }
            AnomalyStore.recompute(h, from, to, scope, thresholds, codePoints);
            h.execute("RESET ROLE");
            if (!operator) {
                List<String> places = places(h);
                AnomalyStore.recompute(h, from, to, scope, thresholds, codePoints);
                assertThat(places(h)).as("where each signal's row is, after a second run").isEqualTo(places);
            }
            List<String> rows = written(h);
            h.rollback();
            return rows;
        });
    }

    /** The same rows in the same order, the first few differences named when not. */
    static void assertSame(List<String> after, List<String> before) {
        assertThat(after.stream().filter(row -> !before.contains(row)).limit(5))
                .as("written now and not before; written before and not now: %s", before.stream().filter(row -> !after.contains(row)).limit(5).toList())
                .isEmpty();
        assertThat(after).containsExactlyElementsOf(before);
    }

    private static List<String> places(Handle h) {
        return h.createQuery("SELECT employee_id || '|' || work_date || '|' || kind || '|' || ctid FROM anomaly_signal ORDER BY employee_id, work_date, kind")
                .mapTo(String.class).list();
    }

    private static List<String> written(Handle h) {
        return h.createQuery("""
                        SELECT employee_id || '|' || work_date || '|' || kind || '|' || strength || '|' || message || '|' || evidence::text
                          FROM anomaly_signal WHERE kind IN (<kinds>) ORDER BY employee_id, work_date, kind""")
                .bindList("kinds", MONTH_KINDS).mapTo(String.class).list();
    }
}
