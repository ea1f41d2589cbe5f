package id.presensi.store;

import id.presensi.photo.Photo;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Selfies at check-in: which units ask for one ({@code selfie_policy}), the photos as stored ({@code checkin_photo}),
 * how long they are kept, and their purge.
 */
public final class SelfieStore {
    public static final int DEFAULT_RETENTION_DAYS = 90;
    private static final String RETENTION = "selfie_retention_days";

    private final Jdbi jdbi;

    public SelfieStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The units with a setting of their own, by code: whether they ask for a selfie. */
    public Map<String, Boolean> policies() {
        return jdbi.withHandle(SelfieStore::policies);
    }

    static Map<String, Boolean> policies(Handle h) {
        Map<String, Boolean> byCode = new LinkedHashMap<>();
        h.createQuery("SELECT u.code, p.required FROM selfie_policy p JOIN unit u ON u.id = p.unit_id ORDER BY u.code")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBoolean(2))).forEach(e -> byCode.put(e.getKey(), e.getValue()));
        return byCode;
    }

    /** Whether someone of a unit (its chain, nearest first) is asked for a selfie: the nearest setting decides. */
    static boolean required(Map<String, Boolean> policies, List<String> unitChain) {
        for (String unit : unitChain) {
            Boolean required = policies.get(unit);
            if (required != null) {
                return required;
            }
        }
        return false;
    }

    /** Sets a unit's own setting, or with none removes it (the unit then follows its parent); audited. */
    public void setPolicy(Handle h, Audit audit, String unitCode, Optional<Boolean> required) {
        long unitId = Lookups.unitId(h, "--unit", unitCode);
        Optional<Boolean> before = h.createQuery("SELECT required FROM selfie_policy WHERE unit_id = :unit").bind("unit", unitId)
                .mapTo(Boolean.class).findOne();
        if (before.equals(required)) {
            return;
        }
        if (required.isPresent()) {
            h.createUpdate("""
                            INSERT INTO selfie_policy (unit_id, required) VALUES (:unit, :required)
                            ON CONFLICT (unit_id) DO UPDATE SET required = excluded.required, changed_by = session_user, changed_at = now()""")
                    .bind("unit", unitId).bind("required", required.get()).execute();
        } else {
            h.createUpdate("DELETE FROM selfie_policy WHERE unit_id = :unit").bind("unit", unitId).execute();
        }
        audit.recordForUnit(h, unitId, "selfie_policy", unitCode.toUpperCase(Locale.ROOT),
                before.map(b -> Map.of("required", b)).orElse(null), required.map(r -> Map.of("required", r)).orElse(null));
    }

    /** How many days a photo is kept after it was received. */
    public int retentionDays() {
        return jdbi.withHandle(SelfieStore::retentionDays);
    }

    static int retentionDays(Handle h) {
        return PolicyStore.setting(h, RETENTION).map(Integer::parseInt).orElse(DEFAULT_RETENTION_DAYS);
    }

    public void setRetentionDays(Handle h, Audit audit, int days) {
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("photos are kept 1 to 3,650 days, got " + days);
        }
        PolicyStore.putSetting(h, audit, RETENTION, retentionDays(h), days);
    }

    /** A selfie as the service took it with a check-in attempt. */
    public record Taken(UUID requestId, long employeeId, Optional<LocalDate> workDate, Instant receivedAt, Photo photo) {
    }

    /**
     * Stores selfies in one transaction; one already stored (sent again) is left, and one that is someone else's is
     * dropped. Answers those not stored because no check-in of theirs is (yet) in the database: its commit may still be
     * on its way, or it was never stored (the database refused it, or the phone was answered 503 and sends it again).
     */
    public List<Taken> store(List<Taken> photos) {
        if (photos.isEmpty()) {
            return List.of();
        }
        return jdbi.inTransaction(h -> {
            // the check-ins there, and whether each has its photo already (a segment carried again sends none twice)
            Map<UUID, Boolean> checkedIn = new HashMap<>();
            h.createQuery("""
                            SELECT c.request_id, EXISTS (SELECT 1 FROM checkin_photo p WHERE p.request_id = c.request_id) AS kept
                              FROM checkin c WHERE c.request_id = ANY (:ids)""")
                    .bindArray("ids", UUID.class, photos.stream().map(Taken::requestId).toList())
                    .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getBoolean(2))).forEach(e -> checkedIn.put(e.getKey(), e.getValue()));
            List<Taken> present = photos.stream().filter(t -> Boolean.FALSE.equals(checkedIn.get(t.requestId()))).toList();
            if (!present.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("""
                        INSERT INTO checkin_photo (request_id, employee_id, work_date, received_at, content_type, bytes, sha256)
                        SELECT :request, :employee, :workDate, :received, :type, :bytes, :sha
                         WHERE EXISTS (SELECT 1 FROM checkin WHERE request_id = :request AND employee_id = :employee)
                        ON CONFLICT (request_id) DO NOTHING""");
                for (Taken t : present) {
                    batch.bind("request", t.requestId()).bind("employee", t.employeeId()).bind("workDate", t.workDate().orElse(null))
                            .bind("received", t.receivedAt().atOffset(ZoneOffset.UTC)).bind("type", t.photo().contentType())
                            .bind("bytes", t.photo().bytes()).bind("sha", t.photo().sha256()).add();
                }
                batch.execute();
            }
            return photos.stream().filter(t -> !checkedIn.containsKey(t.requestId())).toList();
        });
    }

    /** A photo with the check-in it came with, as an admin looks at it, and the SHA-256 stored with it. */
    public record Stored(String employeeKey, String name, String unitCode, LocalDateTime at, String type, boolean accepted,
                         Optional<String> reason, Optional<String> location, Optional<Integer> distanceM, Photo photo, String sha256Hex) {
    }

    /**
     * The photos of a day (by the check-in's official time in the unit's zone) of a unit and its sub-units, or of
     * all the operator sees, oldest first; streamed, as a regency's day is hundreds of megabytes.
     */
    public void ofDay(LocalDate date, Optional<String> unitCode, Consumer<Stored> each) {
        jdbi.useTransaction(h -> h.createQuery("""
                            SELECT coalesce(e.nip, e.nik) AS employee, e.name, u.code AS unit, u.time_zone, c.at, c.type, c.accepted,
                                   c.reason, c.location_name, c.distance_m, p.content_type, p.bytes, encode(p.sha256, 'hex') AS sha256
                              FROM checkin_photo p JOIN checkin c ON c.request_id = p.request_id
                              JOIN employee e ON e.id = p.employee_id JOIN unit u ON u.id = e.unit_id
                             WHERE (c.at AT TIME ZONE u.time_zone)::date = :date AND e.unit_id IN (SELECT unit_scope(:unit))
                             ORDER BY c.at, c.request_id""")
                    .bind("date", date).bind("unit", unitCode.map(String::toUpperCase).orElse(null)).setFetchSize(50)
                    .map((rs, ctx) -> new Stored(rs.getString("employee"), rs.getString("name"), rs.getString("unit"),
                            rs.getObject("at", OffsetDateTime.class).atZoneSameInstant(ZoneId.of(rs.getString("time_zone"))).toLocalDateTime().withNano(0),
                            rs.getString("type"), rs.getBoolean("accepted"), Optional.ofNullable(rs.getString("reason")),
                            Optional.ofNullable(rs.getString("location_name")), Optional.ofNullable((Integer) rs.getObject("distance_m")),
                            new Photo(rs.getString("content_type"), rs.getBytes("bytes")), rs.getString("sha256")))
                    .forEach(each));
    }

    /** Writes to the audit trail, per unit, how many of its photos of a day an operator took out (personal data seen). */
    public void auditExport(Handle h, Audit audit, LocalDate date, Map<String, Integer> photosByUnit) {
        photosByUnit.forEach((unit, photos) -> audit.recordForUnit(h, Lookups.unitId(h, "unit", unit), "checkin_photo",
                "export " + date, null, Map.of("photos", photos)));
    }

    /**
     * Deletes the photos received more than the retention before {@code now} that the operator may delete, in
     * the caller's transaction; each unit's deletion is one audit entry (how many, received from when to when).
     * Answers how many were deleted.
     */
    public static int purge(Handle h, Audit audit, Instant now) {
        int days = retentionDays(h);
        List<Purged> purged = h.createQuery("""
                        WITH gone AS (DELETE FROM checkin_photo WHERE received_at < :cutoff RETURNING employee_id, received_at)
                        SELECT e.unit_id, count(*) AS photos, min(g.received_at) AS oldest, max(g.received_at) AS newest
                          FROM gone g JOIN employee e ON e.id = g.employee_id GROUP BY e.unit_id ORDER BY e.unit_id""")
                .bind("cutoff", now.minus(days, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new Purged(rs.getLong("unit_id"), rs.getInt("photos"), rs.getObject("oldest", OffsetDateTime.class),
                        rs.getObject("newest", OffsetDateTime.class)))
                .list();
        for (Purged p : purged) {
            audit.recordForUnit(h, p.unitId(), "checkin_photo", "retention " + days + " days",
                    Map.of("photos", p.photos(), "receivedFrom", p.oldest().toString(), "receivedTo", p.newest().toString()), null);
        }
        return purged.stream().mapToInt(Purged::photos).sum();
    }

    private record Purged(long unitId, int photos, OffsetDateTime oldest, OffsetDateTime newest) {
    }
}
