package id.presensi.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The audit_log table. Rows are written through {@link Audit} inside each change's transaction; a trigger
 * (V8) stamps the operator and time for every non-owner, so the trail cannot be forged from psql.
 */
public final class AuditStore {

    /** One audit row as listed. */
    public record Entry(long id, OffsetDateTime at, String operator, String command, String entity, String entityKey,
                        String before, String after) {
    }

    private final Jdbi jdbi;

    public AuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Changes, newest first, since an instant (or all), at most {@code limit}; an OPD admin sees their units' only. */
    public List<Entry> list(Optional<OffsetDateTime> since, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, at, operator, command, entity, entity_key, before::text AS before, after::text AS after
                          FROM audit_log WHERE at >= coalesce(:since, '-infinity'::timestamptz)
                         ORDER BY id DESC LIMIT :limit""")
                .bind("since", since.orElse(null)).bind("limit", limit)
                .map(ConstructorMapper.of(Entry.class)).list());
    }

    static void insert(Handle h, String operator, String command, String entity, String key, String beforeJson, String afterJson,
                       Long unitId) {
        h.createUpdate("""
                        INSERT INTO audit_log (operator, command, entity, entity_key, before, after, unit_id)
                        VALUES (:operator, :command, :entity, :key, CAST(:before AS jsonb), CAST(:after AS jsonb), :unit)""")
                .bind("unit", unitId).bind("operator", operator).bind("command", command).bind("entity", entity).bind("key", key)
                .bind("before", beforeJson).bind("after", afterJson).execute();
    }
}
