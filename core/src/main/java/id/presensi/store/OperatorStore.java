package id.presensi.store;

import id.presensi.device.Secrets;
import id.presensi.operator.Role;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.postgresql.util.PasswordUtil;

import java.time.Instant;
import java.util.ArrayList;
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
        Optional<String> existing = h.createQuery("""
                        SELECT o.role || coalesce(', unit ' || u.code, '') FROM operator o LEFT JOIN unit u ON u.id = o.unit_id WHERE o.name = :name""")
                .bind("name", name).mapTo(String.class).findOne();
        if (existing.isPresent()) {
            throw new IllegalArgumentException("operator " + name + " already exists (" + existing.get() + "); 'operator passwd " + name
                    + "' gives them a new password" + (hasLogin(h, name) ? "" : ", and as their login is missing on this server (after a "
                    + "restore), 'operator relink " + name + "' makes one, keeping their history"));
        }
        if (hasLogin(h, name)) {
            throw new IllegalArgumentException("a database role named " + name + " already exists on this server and is not an operator "
                    + "of this database; choose another name");
        }
        String secret = password.orElseGet(Secrets::newToken);
        Long employeeId = employeeKey.map(k -> Lookups.employee(h, k)).orElse(null);
        if (role == Role.OPD_ADMIN) {
            // the database's own function (V27), which a BKPSDM operator may call too, makes the login, the row and the audit row
            h.createQuery("SELECT operator_admin_add(:name, :unit, :verifier, :employee, :operator, :command)")
                    .bind("name", name).bind("unit", unitCode.orElseThrow().strip().toUpperCase(Locale.ROOT))
                    .bind("verifier", verifier(secret)).bind("employee", employeeId)
                    .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(String.class).one();
            return secret;
        }
        execute(h, "CREATE ROLE %I LOGIN IN ROLE %I", name, role.group());
        setPassword(h, name, secret);
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

    /**
     * Disables the operator; one whose login is missing (after a restore) is only marked: there is nothing to sign in
     * with. False when there is no active operator by that name. Done by the database's function (V27), audited there.
     */
    public boolean disable(Handle h, Audit audit, String name) {
        if (h.createQuery("SELECT count(*) FROM operator WHERE name = :name AND NOT disabled").bind("name", name).mapTo(Long.class).one() == 0) {
            return false;
        }
        return h.createQuery("SELECT operator_disable(:name, :operator, :command)").bind("name", name)
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(Boolean.class).one();
    }

    /** A new password (generated when none is given), returned to be shown once; set by the database's function (V27). */
    public String password(Handle h, Audit audit, String name, Optional<String> password) {
        if (h.createQuery("SELECT count(*) FROM operator WHERE name = :name").bind("name", name).mapTo(Long.class).one() == 0) {
            throw new IllegalArgumentException("no operator named " + name);
        }
        if (!hasLogin(h, name)) {
            throw new IllegalArgumentException(missingLogin(name));
        }
        String secret = password.orElseGet(Secrets::newToken);
        h.createQuery("SELECT operator_password(:name, :verifier, :operator, :command)").bind("name", name).bind("verifier", verifier(secret))
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(String.class).one();
        return secret;
    }

    private static String missingLogin(String name) {
        return "operator " + name + " has no login on this server (its role is missing, as after a restore from a backup without "
                + "it): 'presensi operator relink " + name + "' makes one with a new password, keeping " + name + "'s history";
    }

    /**
     * Makes the missing login of an existing operator again, with a new password (generated when none is given): the
     * operator row, their unit and their audit history stay theirs, where a new name would split them.
     */
    public String relink(Handle h, Audit audit, String name, Optional<String> password) {
        record Row(Role role, boolean disabled) {
        }
        Row row = h.createQuery("SELECT role, disabled FROM operator WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> new Row(Role.valueOf(rs.getString("role")), rs.getBoolean("disabled"))).findOne()
                .orElseThrow(() -> new IllegalArgumentException("no operator named " + name + " ('operator add' makes a new one)"));
        if (row.disabled()) {
            throw new IllegalArgumentException("operator " + name + " is disabled; a disabled operator gets no login");
        }
        if (hasLogin(h, name)) {
            throw new IllegalArgumentException("operator " + name + " already has a login on this server; 'operator passwd " + name
                    + "' gives them a new password");
        }
        String secret = password.orElseGet(Secrets::newToken);
        execute(h, "CREATE ROLE %I LOGIN IN ROLE %I", name, row.role().group());
        setPassword(h, name, secret);
        audit.record(h, "operator", name, Map.of("login", "missing"), Map.of("login", "made again"));
        return secret;
    }

    private static boolean hasLogin(Handle h, String name) {
        return h.createQuery("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :name)").bind("name", name).mapTo(Boolean.class).one();
    }

    /**
     * Runs {@code dump} with the operators' login roles copied into operator_login (SCRAM verifiers, never
     * passwords, and their groups), so that pg_dump carries them, and empties the table again afterwards. Returns
     * how many were copied, or empty when this session may not read them (pg_authid is a superuser's): the backup
     * is then made without them. A lock keeps two backups from emptying each other's copy.
     */
    public Optional<Integer> withLoginsSaved(Runnable dump) {
        try (Handle h = jdbi.open()) {
            boolean readable = h.createQuery("SELECT has_table_privilege('pg_catalog.pg_authid', 'SELECT') AND to_regclass('public.operator_login') IS NOT NULL")
                    .mapTo(Boolean.class).one();
            if (!readable) {
                dump.run();
                return Optional.empty();
            }
            h.execute("SELECT pg_advisory_lock(hashtext('operator_login'))");
            try {
                h.execute("DELETE FROM operator_login");
                int saved = h.createUpdate("""
                        INSERT INTO operator_login (name, verifier, can_login, groups)
                        SELECT o.name, CASE WHEN a.rolpassword LIKE 'SCRAM-SHA-256$%' THEN a.rolpassword END, a.rolcanlogin,
                               ARRAY(SELECT g.rolname FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                                      WHERE m.member = a.oid AND g.rolname IN ('presensi_bkpsdm', 'presensi_opd_admin', 'presensi_checkin')
                                      ORDER BY g.rolname)
                          FROM operator o JOIN pg_catalog.pg_authid a ON a.rolname = o.name""").execute();
                dump.run();
                return Optional.of(saved);
            } finally {
                h.execute("DELETE FROM operator_login");
                h.execute("SELECT pg_advisory_unlock(hashtext('operator_login'))");
            }
        }
    }

    /** What a restore did with the operators' logins it carried. */
    public record RestoredLogins(List<String> made, List<String> existing, List<String> toRelink) {
    }

    /**
     * After a restore: makes the operators' login roles the backup carried (same verifier, so the same password
     * works, and same groups), leaves a role that already exists on this server as it is, and empties the copy. An
     * operator without a carried login, or one that could not be made, is for 'operator relink'.
     */
    public RestoredLogins restoreLogins() {
        return jdbi.inTransaction(h -> {
            List<String> made = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            List<String> toRelink = new ArrayList<>();
            if (h.createQuery("SELECT to_regclass('public.operator_login') IS NULL").mapTo(Boolean.class).one()) {
                toRelink.addAll(h.createQuery("SELECT name FROM operator WHERE NOT disabled AND name NOT IN (SELECT rolname FROM pg_roles) ORDER BY name")
                        .mapTo(String.class).list());
                return new RestoredLogins(made, existing, toRelink);
            }
            record Saved(String name, Optional<String> verifier, boolean canLogin, List<String> groups) {
            }
            var saved = h.createQuery("SELECT name, verifier, can_login, groups FROM operator_login ORDER BY name")
                    .map((rs, ctx) -> new Saved(rs.getString("name"), Optional.ofNullable(rs.getString("verifier")), rs.getBoolean("can_login"),
                            List.of((String[]) rs.getArray("groups").getArray()))).list();
            for (Saved s : saved) {
                if (hasLogin(h, s.name())) {
                    existing.add(s.name());
                    continue;
                }
                if (s.verifier().isEmpty() && s.canLogin()) {
                    toRelink.add(s.name());
                    continue;
                }
                execute(h, "CREATE ROLE %I " + (s.canLogin() ? "LOGIN" : "NOLOGIN"), s.name());
                s.verifier().ifPresent(v -> execute(h, "ALTER ROLE %I PASSWORD %L", s.name(), v));
                for (String group : s.groups()) {
                    execute(h, "GRANT %I TO %I", group, s.name());
                }
                made.add(s.name());
            }
            h.execute("DELETE FROM operator_login");
            toRelink.addAll(h.createQuery("""
                            SELECT name FROM operator WHERE NOT disabled AND name NOT IN (SELECT rolname FROM pg_roles)
                               AND name <> ALL(:listed) ORDER BY name""")
                    .bind("listed", toRelink.toArray(String[]::new)).mapTo(String.class).list());
            return new RestoredLogins(made, existing, toRelink);
        });
    }

    /** The ids of the units the session's operator may write, or empty when they may write all (BKPSDM). */
    public Optional<Set<Long>> writableUnits() {
        return jdbi.withHandle(h -> h.createQuery("SELECT operator_sees_all()").mapTo(Boolean.class).one() ? Optional.empty()
                : Optional.of(Set.copyOf(h.createQuery("SELECT operator_units()").mapTo(Long.class).list())));
    }

    /**
     * What row-level security lets the connection read, as every policy asks it: everything ({@code operator_sees_all()}),
     * or the units of {@code operator_units()} (ids, sorted). The policies of the tables keyed by employee, of their moved
     * days (V23) and of the units ask nothing else, so two connections with equal scopes read the same rows there.
     */
    public record Scope(boolean seesAll, List<Long> units) {
    }

    public Scope scope() {
        return jdbi.withHandle(h -> h.createQuery("SELECT operator_sees_all(), ARRAY(SELECT u FROM operator_units() u ORDER BY u)")
                .map((rs, ctx) -> new Scope(rs.getBoolean(1), List.of((Long[]) rs.getArray(2).getArray())))
                .one());
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
                            SELECT code, name, parent AS parent_code FROM scope ORDER BY depth, code""")
                    .bind("all", all)
                    .map(ConstructorMapper.of(ScopeUnit.class))
                    .list();
            String name = h.createQuery("SELECT session_user").mapTo(String.class).one();
            return Optional.of(new SignedIn(name, all, units));
        });
    }

    /** One operator as listed; {@code hasLogin} false: their role is missing on this server (operator relink). */
    public record Listed(String name, String role, String unitCode, boolean disabled, Instant createdAt, boolean hasLogin) {
    }

    public List<Listed> list() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT o.name, o.role, u.code AS unit_code, o.disabled, o.created_at, EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = o.name) AS has_login
                          FROM operator o LEFT JOIN unit u ON u.id = o.unit_id ORDER BY o.name""")
                .map(ConstructorMapper.of(Listed.class)).list());
    }

    /**
     * Sends the SCRAM-SHA-256 verifier computed here, never the password: a failing statement may be logged by
     * PostgreSQL or quoted in an exception, and neither must ever hold a password (as psql's \password does).
     */
    private static void setPassword(Handle h, String name, String password) {
        execute(h, "ALTER ROLE %I PASSWORD %L", name, verifier(password));
    }

    private static String verifier(String password) {
        return PasswordUtil.encodeScramSha256(password.toCharArray());
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
