package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.rules.ValidityPeriod;
import id.presensi.rules.WfhPeriod;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Work-from-home periods and regency-wide settings such as the GPS accuracy limit. */
public final class PolicyStore {

    /** Phones report accuracy in metres; worse than this, a position proves little. */
    public static final int DEFAULT_MAX_ACCURACY_M = 100;

    private final Jdbi jdbi;

    public PolicyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Change upsertWfh(Handle h, Audit audit, WfhPeriod period) {
        Optional<WfhPeriod> before = wfh(h).stream().filter(p -> p.name().equals(period.name())).findFirst();
        if (before.equals(Optional.of(period))) {
            return Change.UNCHANGED;
        }
        List<Long> unitIds = period.unitCodes().stream().map(u -> Lookups.unitId(h, "--unit", u)).toList();
        h.createUpdate("DELETE FROM wfh_period WHERE name = :name").bind("name", period.name()).execute();
        long id = h.createQuery("""
                        INSERT INTO wfh_period (name, valid_from, valid_to, radius_m) VALUES (:name, :from, :to, :radius)
                        RETURNING id""")
                .bind("name", period.name()).bind("from", period.validity().from())
                .bind("to", period.validity().to().orElseThrow()).bind("radius", period.radiusM()).mapTo(Long.class).one();
        unitIds.forEach(u -> h.createUpdate("INSERT INTO wfh_period_unit VALUES (:id, :unit)").bind("id", id).bind("unit", u).execute());
        audit.record(h, "wfh_period", period.name(), before.orElse(null), period);
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    /** What removing a work-from-home period would affect; empty when there is none by that name. */
    public Optional<String> wfhRemovalImpact(String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.valid_from, p.valid_to, p.radius_m, count(pu.unit_id) AS units FROM wfh_period p
                          LEFT JOIN wfh_period_unit pu ON pu.period_id = p.id WHERE p.name = :name GROUP BY p.id""")
                .bind("name", name)
                .map((rs, ctx) -> "Work-from-home period '" + name + "' (" + rs.getObject("valid_from", LocalDate.class) + " to "
                        + rs.getObject("valid_to", LocalDate.class) + ", " + rs.getInt("radius_m") / 1000 + " km, "
                        + (rs.getInt("units") == 0 ? "every unit" : rs.getInt("units") + " unit(s)")
                        + "): without it, check-ins from home in that period are refused as outside the geofence.")
                .findOne());
    }

    public boolean removeWfh(Handle h, Audit audit, String name) {
        Optional<WfhPeriod> before = wfh(h).stream().filter(p -> p.name().equals(name)).findFirst();
        before.ifPresent(b -> {
            h.createUpdate("DELETE FROM wfh_period WHERE name = :name").bind("name", name).execute();
            audit.record(h, "wfh_period", name, b, null);
        });
        return before.isPresent();
    }

    public List<WfhPeriod> wfhPeriods() {
        return jdbi.withHandle(PolicyStore::wfh);
    }

    static List<WfhPeriod> wfh(Handle h) {
        return h.createQuery("""
                        SELECT p.name, p.valid_from, p.valid_to, p.radius_m, array_remove(array_agg(u.code ORDER BY u.code), NULL) AS units
                          FROM wfh_period p LEFT JOIN wfh_period_unit pu ON pu.period_id = p.id LEFT JOIN unit u ON u.id = pu.unit_id
                         GROUP BY p.id ORDER BY p.valid_from""")
                .map((rs, ctx) -> new WfhPeriod(rs.getString("name"), ValidityPeriod.between(rs.getObject("valid_from", LocalDate.class),
                        rs.getObject("valid_to", LocalDate.class)), rs.getInt("radius_m"),
                        new TreeSet<>(List.of((String[]) rs.getArray("units").getArray()))))
                .list();
    }

    public int maxAccuracyM() {
        return jdbi.withHandle(PolicyStore::maxAccuracy);
    }

    static int maxAccuracy(Handle h) {
        return setting(h, "max_accuracy_m").map(Integer::parseInt).orElse(DEFAULT_MAX_ACCURACY_M);
    }

    /** One regency-wide setting's stored value; the one place that reads the setting table by key. */
    static Optional<String> setting(Handle h, String key) {
        return h.createQuery("SELECT value FROM setting WHERE key = :key").bind("key", key).mapTo(String.class).findOne();
    }

    /** Stores one setting's value, replacing any; the caller audits. */
    static void putSetting(Handle h, String key, String value) {
        h.createUpdate("INSERT INTO setting (key, value) VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind("key", key).bind("value", value).execute();
    }

    /**
     * Sets a whole-number setting whose value in force is {@code current} (the stored one, else its default),
     * audited as {value: before} -> {value: after}; nothing is written when it is so already.
     */
    static Change putSetting(Handle h, Audit audit, String key, int current, int value) {
        if (current == value) {
            return Change.UNCHANGED;
        }
        putSetting(h, key, Integer.toString(value));
        audit.record(h, "setting", key, Map.of("value", current), Map.of("value", value));
        return Change.UPDATED;
    }

    /** The regency as reports name it: its name ("Kabupaten Paser") and the city above signatures ("Tana Paser"). */
    public record Regency(Optional<String> name, Optional<String> signatureCity) {
        /** For titles: the configured name, or a reminder to configure it. */
        public String title() {
            return name.orElse("(nama kabupaten belum diatur: presensi config set regency ...)");
        }

        /** For the place-and-date line: the city, else the name without "Kabupaten"/"Kota", else dots. */
        public String city() {
            return signatureCity.or(() -> name.map(n -> n.replaceFirst("^(Kabupaten|Kota)\\s+", ""))).orElse("..................");
        }
    }

    public Regency regency() {
        return jdbi.withHandle(h -> {
            Map<String, String> values = new HashMap<>();
            h.createQuery("SELECT key, value FROM setting WHERE key IN ('regency_name', 'signature_city')")
                    .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getString("value"))).forEach(e -> values.put(e.getKey(), e.getValue()));
            return new Regency(Optional.ofNullable(values.get("regency_name")), Optional.ofNullable(values.get("signature_city")));
        });
    }

    /** Sets a regency setting ("regency" or "city"); audited; unchanged values write nothing. */
    public Change setRegency(Handle h, Audit audit, String what, String value) {
        String key = switch (what.toLowerCase(Locale.ROOT)) {
            case "regency", "kabupaten" -> "regency_name";
            case "city", "kota" -> "signature_city";
            default -> throw new IllegalArgumentException("unknown setting '" + what + "': use regency (e.g. \"Kabupaten Paser\") or city (e.g. \"Tana Paser\")");
        };
        String v = value.strip();
        if (v.isEmpty() || v.length() > 100) {
            throw new IllegalArgumentException(what + " must be 1 to 100 characters");
        }
        Optional<String> before = setting(h, key);
        if (before.equals(Optional.of(v))) {
            return Change.UNCHANGED;
        }
        putSetting(h, key, v);
        audit.record(h, "setting", key, before.map(b -> Map.of("value", b)).orElse(null), Map.of("value", v));
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    public Change setMaxAccuracy(Handle h, Audit audit, int metres) {
        if (metres < 5 || metres > 5_000) {
            throw new IllegalArgumentException("maximum GPS accuracy must be 5 to 5,000 metres, got " + metres);
        }
        return putSetting(h, audit, "max_accuracy_m", maxAccuracy(h), metres);
    }
}
