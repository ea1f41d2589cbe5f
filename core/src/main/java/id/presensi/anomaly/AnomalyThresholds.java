package id.presensi.anomaly;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * When a pattern becomes a signal of titip absen. Each threshold is a setting (key {@code anomaly_<name>}) with
 * the default its {@link Threshold} declares, chosen so that honest staff behind one office address, arriving in the
 * same half hour, are not flagged (see the README).
 *
 * @param byName every threshold by its setting name (without the {@code anomaly_} prefix), in {@link Threshold} order
 */
public record AnomalyThresholds(Map<String, Integer> byName) {

    /** The thresholds: each one's setting name is its constant's name in lower case, so it is spelled once here. */
    public enum Threshold {
        /** Two employees' check-ins from one address at most this many seconds apart ... */
        SAME_HAND_SECONDS(10),
        /** ... on at least this many days: "one hand, many phones". */
        SAME_HAND_DAYS(8),
        /** One exact position (to the sixth decimal) on at least this many days, by one person or the same two. */
        REPEATED_POSITION_DAYS(3),
        /** At least this many check-ins, every one with the same GPS accuracy. */
        CONSTANT_ACCURACY_CHECKINS(10),
        /** At least this many check-ins exactly on a work location's centre. */
        ON_CENTRE_TIMES(2),
        /** Two consecutive punches of one person needing more than this speed (and 5 km apart). */
        SPEED_KMH(200),
        /** A fingerprint punch and an app check-in within an hour, at least this far apart. */
        MACHINE_APP_KM(30),
        /** At least this many phone activations in 30 days. */
        ACTIVATIONS_30_DAYS(3),
        /** At least this many staff of one unit moving to one phone model (browser string) within a week. */
        SHARED_MODEL_STAFF(3);

        private final int defaultValue;

        Threshold(int defaultValue) {
            this.defaultValue = defaultValue;
        }

        /** The name in settings (after {@code anomaly_}), in {@code policy anomaly NAME=VALUE} and in the signals' SQL. */
        public String settingName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public int defaultValue() {
            return defaultValue;
        }
    }

    public static final AnomalyThresholds DEFAULTS = defaults();

    public AnomalyThresholds {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    private static AnomalyThresholds defaults() {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (Threshold t : Threshold.values()) {
            named.put(t.settingName(), t.defaultValue());
        }
        return new AnomalyThresholds(named);
    }

    /** One threshold's value. */
    public int get(Threshold threshold) {
        return byName.get(threshold.settingName());
    }

    /** These thresholds with some replaced by name; an unknown name or a value below 1 is refused. */
    public AnomalyThresholds with(Map<String, Integer> changes) {
        Map<String, Integer> named = new LinkedHashMap<>(byName);
        changes.forEach((name, value) -> {
            if (!named.containsKey(name)) {
                throw new IllegalArgumentException("unknown anomaly threshold '" + name + "'; the thresholds are " + named.keySet());
            }
            if (value < 1) {
                throw new IllegalArgumentException("anomaly threshold " + name + " must be 1 or more, got " + value);
            }
            named.put(name, value);
        });
        return new AnomalyThresholds(named);
    }
}
