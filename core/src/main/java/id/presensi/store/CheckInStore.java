package id.presensi.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Check-in attempts as stored, accepted or refused. */
public final class CheckInStore {

    /** One attempt: what was decided and what the phone said. */
    public record Row(UUID requestId, long employeeId, long deviceId, String type, Instant at, Instant receivedAt,
                      Optional<Instant> clientTime, Optional<LocalDate> workDate, double latitude, double longitude,
                      double accuracyM, Optional<Integer> distanceM, Optional<String> locationName, boolean accepted,
                      String message, Optional<String> reason, boolean offlineSynced, boolean workFromHome) {
    }

    private final Jdbi jdbi;

    public CheckInStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores a batch in one statement and one transaction (group commit). Returns, for every request id of
     * the batch, the row as stored: the new one, or the one stored earlier under the same request id.
     */
    public Map<UUID, Row> insertAll(Collection<Row> rows) {
        return jdbi.inTransaction(h -> {
            Set<UUID> inserted = new HashSet<>(h.createQuery("""
                            INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, client_time, work_date,
                                                 latitude, longitude, accuracy_m, distance_m, location_name, accepted, message,
                                                 reason, offline_synced, work_from_home)
                            SELECT * FROM unnest(:requestId::uuid[], :employeeId::bigint[], :deviceId::bigint[], :type::text[],
                                                 :at::timestamptz[], :receivedAt::timestamptz[], :clientTime::timestamptz[],
                                                 :workDate::date[], :latitude::numeric[], :longitude::numeric[], :accuracy::real[],
                                                 :distance::int[], :location::text[], :accepted::boolean[], :message::text[],
                                                 :reason::text[], :offline::boolean[], :wfh::boolean[])
                            ON CONFLICT (request_id) DO NOTHING
                            RETURNING request_id""")
                    .bind("requestId", rows.stream().map(Row::requestId).toArray(UUID[]::new))
                    .bind("employeeId", rows.stream().map(Row::employeeId).toArray(Long[]::new))
                    .bind("deviceId", rows.stream().map(Row::deviceId).toArray(Long[]::new))
                    .bind("type", rows.stream().map(Row::type).toArray(String[]::new))
                    .bind("at", rows.stream().map(r -> r.at().atOffset(java.time.ZoneOffset.UTC)).toArray(OffsetDateTime[]::new))
                    .bind("receivedAt", rows.stream().map(r -> r.receivedAt().atOffset(java.time.ZoneOffset.UTC)).toArray(OffsetDateTime[]::new))
                    .bind("clientTime", rows.stream().map(r -> r.clientTime().map(t -> t.atOffset(java.time.ZoneOffset.UTC)).orElse(null)).toArray(OffsetDateTime[]::new))
                    .bind("workDate", rows.stream().map(r -> r.workDate().orElse(null)).toArray(LocalDate[]::new))
                    .bind("latitude", rows.stream().map(Row::latitude).toArray(Double[]::new))
                    .bind("longitude", rows.stream().map(Row::longitude).toArray(Double[]::new))
                    .bind("accuracy", rows.stream().map(r -> (float) r.accuracyM()).toArray(Float[]::new))
                    .bind("distance", rows.stream().map(r -> r.distanceM().orElse(null)).toArray(Integer[]::new))
                    .bind("location", rows.stream().map(r -> r.locationName().orElse(null)).toArray(String[]::new))
                    .bind("accepted", rows.stream().map(Row::accepted).toArray(Boolean[]::new))
                    .bind("message", rows.stream().map(Row::message).toArray(String[]::new))
                    .bind("reason", rows.stream().map(r -> r.reason().orElse(null)).toArray(String[]::new))
                    .bind("offline", rows.stream().map(Row::offlineSynced).toArray(Boolean[]::new))
                    .bind("wfh", rows.stream().map(Row::workFromHome).toArray(Boolean[]::new))
                    .mapTo(UUID.class).list());
            Map<UUID, Row> stored = new HashMap<>();
            List<UUID> replayed = new ArrayList<>();
            for (Row row : rows) {
                if (inserted.remove(row.requestId())) {
                    stored.put(row.requestId(), row);
                } else {
                    replayed.add(row.requestId());
                }
            }
            if (!replayed.isEmpty()) {
                find(h, replayed).forEach(r -> stored.put(r.requestId(), r));
            }
            return stored;
        });
    }

    /** Whether the database answers at all (as opposed to refusing one row). */
    public boolean isAvailable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A failure caused by the row's own values (SQLSTATE class 22 data exception, 23 integrity violation). */
    public static boolean isDataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** Today's attempts of an employee for a work date, oldest first. */
    public List<Row> ofWorkDate(long employeeId, LocalDate workDate) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE employee_id = :employee AND work_date = :date ORDER BY at")
                .bind("employee", employeeId).bind("date", workDate).map((rs, ctx) -> map(rs)).list());
    }

    private static final String SELECT = """
            SELECT request_id, employee_id, device_id, type, at, received_at, client_time, work_date, latitude::float8 AS latitude,
                   longitude::float8 AS longitude, accuracy_m, distance_m, location_name, accepted, message, reason,
                   offline_synced, work_from_home
              FROM checkin""";

    private static List<Row> find(Handle h, List<UUID> requestIds) {
        return h.createQuery(SELECT + " WHERE request_id = ANY(:ids)").bind("ids", requestIds.toArray(UUID[]::new))
                .map((rs, ctx) -> map(rs)).list();
    }

    private static Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getObject("request_id", UUID.class), rs.getLong("employee_id"), rs.getLong("device_id"), rs.getString("type"),
                rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject("client_time", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(rs.getObject("work_date", LocalDate.class)), rs.getDouble("latitude"), rs.getDouble("longitude"),
                rs.getDouble("accuracy_m"), Optional.ofNullable((Integer) rs.getObject("distance_m")),
                Optional.ofNullable(rs.getString("location_name")), rs.getBoolean("accepted"), rs.getString("message"),
                Optional.ofNullable(rs.getString("reason")), rs.getBoolean("offline_synced"), rs.getBoolean("work_from_home"));
    }
}
