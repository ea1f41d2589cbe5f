package id.presensi.anomaly;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a pattern becomes a signal of titip absen. Each threshold is a setting (key {@code anomaly_<name>}) with
 * the default here, chosen so that honest staff behind one office address, arriving in the same half hour, are not
 * flagged (see the README):
 *
 * @param sameHandSeconds          two employees' check-ins from one address at most this far apart ...
 * @param sameHandDays             ... on at least this many days: "one hand, many phones"
 * @param repeatedPositionDays     one exact position (to the sixth decimal) on at least this many days, by one person or the same two
 * @param constantAccuracyCheckins at least this many check-ins, every one with the same GPS accuracy
 * @param onCentreTimes            at least this many check-ins exactly on a work location's centre
 * @param speedKmh                 two consecutive punches of one person needing more than this speed (and 5 km apart)
 * @param machineAppKm             a fingerprint punch and an app check-in within an hour, at least this far apart
 * @param activations30Days        at least this many phone activations in 30 days
 * @param sharedModelStaff         at least this many staff of one unit moving to one phone model (browser string) within a week
 */
public record AnomalyThresholds(int sameHandSeconds, int sameHandDays, int repeatedPositionDays, int constantAccuracyCheckins,
                                int onCentreTimes, int speedKmh, int machineAppKm, int activations30Days, int sharedModelStaff) {
    public static final AnomalyThresholds DEFAULTS = new AnomalyThresholds(10, 8, 3, 10, 2, 200, 30, 3, 3);

    /** The thresholds by their setting names (without the {@code anomaly_} prefix), in order. */
    public Map<String, Integer> byName() {
        Map<String, Integer> named = new LinkedHashMap<>();
        named.put("same_hand_seconds", sameHandSeconds);
        named.put("same_hand_days", sameHandDays);
        named.put("repeated_position_days", repeatedPositionDays);
        named.put("constant_accuracy_checkins", constantAccuracyCheckins);
        named.put("on_centre_times", onCentreTimes);
        named.put("speed_kmh", speedKmh);
        named.put("machine_app_km", machineAppKm);
        named.put("activations_30_days", activations30Days);
        named.put("shared_model_staff", sharedModelStaff);
        return named;
    }

    /** These thresholds with some replaced by name; an unknown name or a value below 1 is refused. */
    public AnomalyThresholds with(Map<String, Integer> changes) {
        Map<String, Integer> named = byName();
        changes.forEach((name, value) -> {
            if (!named.containsKey(name)) {
                throw new IllegalArgumentException("unknown anomaly threshold '" + name + "'; the thresholds are " + named.keySet());
            }
            if (value < 1) {
                throw new IllegalArgumentException("anomaly threshold " + name + " must be 1 or more, got " + value);
            }
            named.put(name, value);
        });
        return new AnomalyThresholds(named.get("same_hand_seconds"), named.get("same_hand_days"), named.get("repeated_position_days"),
                named.get("constant_accuracy_checkins"), named.get("on_centre_times"), named.get("speed_kmh"), named.get("machine_app_km"),
                named.get("activations_30_days"), named.get("shared_model_staff"));
    }
}
