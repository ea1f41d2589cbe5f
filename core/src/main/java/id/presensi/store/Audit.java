package id.presensi.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jdbi.v3.core.Handle;

import java.util.Objects;

/**
 * The audit trail of one command: who runs it and the command line. Stores take it with their Handle and
 * record each change's before and after in the same transaction as the change ({@link AuditStore} holds the SQL).
 */
public final class Audit {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * SQL for "who did this" in a row: the operator's name (bound as :by) when the database's owner runs the command,
     * else the login itself, as the audit's own stamp (V8) does, so nobody writes another's name from psql.
     */
    public static final String BY = "CASE WHEN public.session_is_owner() THEN :by ELSE session_user END";

    private final String operator;
    private final String command;

    /** @param command the command line as typed (without secrets), e.g. "location add --unit RSUD ..." */
    public Audit(String operator, String command) {
        this.operator = operator;
        this.command = command;
    }

    /**
     * Who the change is by, as the audit names them: a row that records who did something (a closed month, a WFA
     * grant, a decision) names the same person, not the database login the command ran as.
     */
    public String operator() {
        return operator;
    }

    public String command() {
        return command;
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

    /** Records a change concerning one unit's object (a machine): the unit's OPD admin sees it. */
    public void recordForUnit(Handle h, long unitId, String entity, String key, Object before, Object after) {
        record(h, entity, key, before, after, unitId);
    }

    private void record(Handle h, String entity, String key, Object before, Object after, Long unitId) {
        String beforeJson = json(before);
        String afterJson = json(after);
        if (Objects.equals(beforeJson, afterJson)) {
            return;
        }
        AuditStore.insert(h, operator, command, entity, key, beforeJson, afterJson, unitId);
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
}
