package id.presensi.store;

import id.presensi.device.Secrets;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.util.PasswordUtil;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Operators are PostgreSQL login roles in the group presensi_bkpsdm or presensi_opd_admin; the operator table
 * says which unit an OPD admin looks after. Row-level security (migration V7) does the rest.
 */
public final class OperatorStore {
    private static final String NAME = "[a-z][a-z0-9_.]{2,40}";

    public enum Role {
        BKPSDM("presensi_bkpsdm"), OPD_ADMIN("presensi_opd_admin");

        final String group;

        Role(String group) {
            this.group = group;
        }

        public static Role parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "bkpsdm" -> BKPSDM;
                case "opd-admin", "opd_admin" -> OPD_ADMIN;
                default -> throw new IllegalArgumentException("--role must be bkpsdm or opd-admin, got '" + text + "'");
            };
        }
    }

    private final Jdbi jdbi;

    public OperatorStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates the login role and the operator; returns the password (generated when none is given), shown once. */
    public String add(Handle h, Audit audit, String name, Role role, Optional<String> unitCode, Optional<String> password) {
        return add(h, audit, name, role, unitCode, password, Optional.empty());
    }

    /** With the employee the operator is, if they are one: their own requests are then not theirs to decide. */
    public String add(Handle h, Audit audit, String name, Role role, Optional<String> unitCode, Optional<String> password,
                      Optional<String> employeeKey) {
        if (!name.matches(NAME)) {
            throw new IllegalArgumentException("operator name must be 3-41 lower-case letters, digits, '.' or '_', starting with a letter: '" + name + "'");
        }
        if ((role == Role.OPD_ADMIN) != unitCode.isPresent()) {
            throw new IllegalArgumentException(role == Role.OPD_ADMIN ? "an opd-admin needs --unit CODE" : "a bkpsdm operator has no --unit");
        }
        Long unitId = unitCode.map(u -> Lookups.unitId(h, "--unit", u)).orElse(null);
        String secret = password.orElseGet(Secrets::newToken);
        execute(h, "CREATE ROLE %I LOGIN IN ROLE %I", name, role.group);
        setPassword(h, name, secret);
        Long employeeId = employeeKey.map(k -> Lookups.employee(h, k)).orElse(null);
        h.createUpdate("INSERT INTO operator (name, role, unit_id, employee_id) VALUES (:name, :role, :unit, :employee)")
                .bind("name", name).bind("role", role.name()).bind("unit", unitId).bind("employee", employeeId).execute();
        audit.record(h, "operator", name, null, Map.of("role", role.name(), "unit", unitCode.orElse("-")));
        return secret;
    }

    /** What disabling an operator would affect; empty when there is no active operator by that name. */
    public Optional<String> disableImpact(String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT o.role, u.code FROM operator o LEFT JOIN unit u ON u.id = o.unit_id WHERE o.name = :name AND NOT o.disabled""")
                .bind("name", name)
                .map((rs, ctx) -> "Operator " + name + " (" + rs.getString("role") + (rs.getString("code") == null ? "" : ", unit " + rs.getString("code"))
                        + ") can no longer sign in; their past changes stay in the audit trail.")
                .findOne());
    }

    public boolean disable(Handle h, Audit audit, String name) {
        int changed = h.createUpdate("UPDATE operator SET disabled = true WHERE name = :name AND NOT disabled").bind("name", name).execute();
        if (changed > 0) {
            execute(h, "ALTER ROLE %I NOLOGIN", name);
            audit.record(h, "operator", name, Map.of("disabled", false), Map.of("disabled", true));
        }
        return changed > 0;
    }

    public String password(Handle h, Audit audit, String name, Optional<String> password) {
        if (h.createQuery("SELECT count(*) FROM operator WHERE name = :name").bind("name", name).mapTo(Long.class).one() == 0) {
            throw new IllegalArgumentException("no operator named " + name);
        }
        String secret = password.orElseGet(Secrets::newToken);
        setPassword(h, name, secret);
        audit.record(h, "operator", name, null, Map.of("password", "changed"));
        return secret;
    }

    /** The ids of the units the session's operator may write, or empty when they may write all (BKPSDM). */
    public Optional<Set<Long>> writableUnits() {
        return jdbi.withHandle(h -> h.createQuery("SELECT operator_sees_all()").mapTo(Boolean.class).one() ? Optional.empty()
                : Optional.of(Set.copyOf(h.createQuery("SELECT operator_units()").mapTo(Long.class).list())));
    }

    /**
     * The operator a connection signed in as, as the database sees them: BKPSDM sees every unit, an OPD admin their
     * units (the ones they look after first, then those under them). Empty for a login that is no operator (the
     * schema's owner, the check-in service).
     */
    public record SignedIn(String name, boolean seesAll, List<ScopeUnit> units) {
    }

    /** A unit in an operator's scope, with its parent's code (none at the top of the scope). */
    public record ScopeUnit(String code, String name, Optional<String> parentCode) {
    }

    public Optional<SignedIn> signedIn() {
        return jdbi.withHandle(h -> {
            boolean operator = h.createQuery("""
                            SELECT pg_has_role(session_user, 'presensi_bkpsdm', 'MEMBER')
                                OR pg_has_role(session_user, 'presensi_opd_admin', 'MEMBER')""")
                    .mapTo(Boolean.class).one();
            if (!operator) {
                return Optional.empty();
            }
            boolean all = h.createQuery("SELECT operator_sees_all()").mapTo(Boolean.class).one();
            List<ScopeUnit> units = h.createQuery("""
                            WITH RECURSIVE scope AS (
                                SELECT u.id, u.code, u.name, CAST(NULL AS text) AS parent, 0 AS depth FROM unit u
                                 WHERE (:all AND u.parent_id IS NULL)
                                    OR (NOT :all AND u.id IN (SELECT operator_units())
                                        AND (u.parent_id IS NULL OR u.parent_id NOT IN (SELECT operator_units())))
                                UNION ALL
                                SELECT c.id, c.code, c.name, s.code, s.depth + 1 FROM unit c JOIN scope s ON c.parent_id = s.id)
                            SELECT code, name, parent FROM scope ORDER BY depth, code""")
                    .bind("all", all)
                    .map((rs, ctx) -> new ScopeUnit(rs.getString("code"), rs.getString("name"), Optional.ofNullable(rs.getString("parent"))))
                    .list();
            String name = h.createQuery("SELECT session_user").mapTo(String.class).one();
            return Optional.of(new SignedIn(name, all, units));
        });
    }

    /** One operator as listed. */
    public record Listed(String name, String role, String unitCode, boolean disabled, Instant createdAt) {
    }

    public List<Listed> list() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT o.name, o.role, u.code, o.disabled, o.created_at FROM operator o LEFT JOIN unit u ON u.id = o.unit_id ORDER BY o.name""")
                .map((rs, ctx) -> new Listed(rs.getString("name"), rs.getString("role"), rs.getString("code"), rs.getBoolean("disabled"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant())).list());
    }

    /**
     * Sends the SCRAM-SHA-256 verifier computed here, never the password: a failing statement may be logged by
     * PostgreSQL or quoted in an exception, and neither must ever hold a password (as psql's \password does).
     */
    private static void setPassword(Handle h, String name, String password) {
        execute(h, "ALTER ROLE %I PASSWORD %L", name, PasswordUtil.encodeScramSha256(password.toCharArray()));
    }

    /** Role DDL takes no bind parameters: PostgreSQL's format() quotes the names and the password. */
    private static void execute(Handle h, String template, Object... values) {
        var query = h.createQuery("SELECT format(:template" + args(values.length) + ")").bind("template", template);
        for (int i = 0; i < values.length; i++) {
            query.bind("v" + i, values[i].toString());
        }
        h.execute(query.mapTo(String.class).one());
    }

    private static String args(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(", CAST(:v").append(i).append(" AS text)");
        }
        return s.toString();
    }
}
