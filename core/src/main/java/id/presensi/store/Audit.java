package id.presensi.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The audit trail: who changed what, when, with which command, and the values before and after. */
public final class Audit {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String operator;
    private final String command;

    /** @param command the command line as typed (without secrets), e.g. "location add --unit RSUD ..." */
    public Audit(String operator, String command) {
        this.operator = operator;
        this.command = command;
    }

    /** Records a change; nothing is recorded when before and after are the same. */
    public void record(Handle h, String entity, String key, Object before, Object after) {
        record(h, entity, key, before, after, null);
    }

    /** Records a change concerning one employee: the row carries their unit, so their OPD admin sees it. */
    public void recordForEmployee(Handle h, long employeeId, String entity, String key, Object before, Object after) {
        Long unitId = h.createQuery("SELECT unit_id FROM employee WHERE id = :id").bind("id", employeeId).mapTo(Long.class).one();
        record(h, entity, key, before, after, unitId);
    }

    private void record(Handle h, String entity, String key, Object before, Object after, Long unitId) {
        String beforeJson = json(before);
        String afterJson = json(after);
        if (Objects.equals(beforeJson, afterJson)) {
            return;
        }
        h.createUpdate("""
                        INSERT INTO audit_log (operator, command, entity, entity_key, before, after, unit_id)
                        VALUES (:operator, :command, :entity, :key, CAST(:before AS jsonb), CAST(:after AS jsonb), :unit)""")
                .bind("unit", unitId).bind("operator", operator).bind("command", command).bind("entity", entity).bind("key", key)
                .bind("before", beforeJson).bind("after", afterJson).execute();
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record " + value.getClass().getSimpleName() + " in the audit", e);
        }
    }

    /** One audit row as listed. */
    public record Entry(long id, OffsetDateTime at, String operator, String command, String entity, String entityKey,
                        String before, String after) {
    }

    public static List<Entry> list(Jdbi jdbi, Optional<OffsetDateTime> since, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, at, operator, command, entity, entity_key, before::text AS before, after::text AS after
                          FROM audit_log WHERE at >= coalesce(:since, '-infinity'::timestamptz)
                         ORDER BY id DESC LIMIT :limit""")
                .bind("since", since.orElse(null)).bind("limit", limit)
                .map(ConstructorMapper.of(Entry.class)).list());
    }
}
