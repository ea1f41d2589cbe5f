package id.presensi.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** A pooled connection to the Presensi database, migrated to the schema this build expects. */
public final class Database implements AutoCloseable {

    private final DataSource dataSource;
    private final AutoCloseable connections;
    private final String url;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this(dataSource, dataSource, dataSource.getJdbcUrl());
    }

    private Database(DataSource dataSource, AutoCloseable connections, String url) {
        this.dataSource = dataSource;
        this.connections = connections;
        this.url = url;
        this.jdbi = jdbi(dataSource);
    }

    /** Jdbi over a data source, set up as every store expects (PostgreSQL types); batch jobs use it over their transactions. */
    public static Jdbi jdbi(DataSource dataSource) {
        return Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    }

    /**
     * Jdbi whose every handle works on this one connection, inside whatever transaction its owner opened on it: the
     * stores, which open handles of their own, then take part in that transaction (a reconciliation of one chunk).
     */
    public static Jdbi jdbi(Connection connection) {
        return Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return connection;
            }

            @Override
            public void closeConnection(Connection c) {
                // its owner closes it
            }
        }).installPlugin(new PostgresPlugin());
    }

    /** Opens a pool; the caller decides whether to migrate (commands do, before touching data). */
    public static Database open(ConnectionSettings settings, int poolSize) {
        return open(settings, poolSize, Duration.ofSeconds(15));
    }

    /**
     * A pool that starts even when the database is down (a server answers 503 until it is back) and gives up
     * waiting for a connection after {@code connectionTimeout}.
     */
    public static Database open(ConnectionSettings settings, int poolSize, Duration connectionTimeout) {
        HikariConfig config = config(settings, poolSize, connectionTimeout);
        config.setInitializationFailTimeout(-1);
        return new Database(new HikariDataSource(config));
    }

    /**
     * A pool whose first connection is made at once: a command with a wrong password or an unreachable server
     * says so in PostgreSQL's words straight away, not after waiting out the pool's timeout.
     */
    public static Database connect(ConnectionSettings settings, int poolSize, Duration connectionTimeout) {
        HikariConfig config = config(settings, poolSize, connectionTimeout);
        config.setInitializationFailTimeout(1);
        try {
            return new Database(new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            throw new IllegalStateException("cannot connect to the database at " + settings.url().replaceFirst("\\?.*$", "")
                    + " as " + settings.user() + ": " + Failures.rootMessage(e).replaceFirst("^FATAL: ", ""), e);
        }
    }

    /**
     * Plain connections for one short command, the first made at once (a wrong password or an unreachable server is
     * said straight away): no pool to start, see {@link DirectConnections}.
     */
    public static Database direct(ConnectionSettings settings, Duration connectTimeout) {
        DirectConnections connections = new DirectConnections(settings, connectTimeout);
        try {
            connections.getConnection().close(); // kept for the command's first statement
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database at " + settings.url().replaceFirst("\\?.*$", "")
                    + " as " + settings.user() + ": " + Failures.rootMessage(e).replaceFirst("^FATAL: ", ""), e);
        }
        return new Database(connections, connections, settings.url());
    }

    private static HikariConfig config(ConnectionSettings settings, int poolSize, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("presensi");
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "presensi");
        return config;
    }

    /** Whether this database holds no Presensi schema yet (never migrated). */
    public boolean isEmpty() {
        return jdbi.withHandle(h -> h.createQuery("SELECT to_regclass('public.flyway_schema_history') IS NULL").mapTo(Boolean.class).one());
    }

    /** The server's major version (15), which picks the pg_dump and pg_restore to use. */
    public int serverMajor() {
        return jdbi.withHandle(h -> h.createQuery("SELECT current_setting('server_version_num')::int / 10000").mapTo(Integer.class).one());
    }

    public String serverVersion() {
        return jdbi.withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
    }

    /** The group roles every grant of the schema names: server-wide, so a new server lacks them until they are made. */
    public void ensureGroupRoles() {
        jdbi.useHandle(h -> h.execute("""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'presensi_bkpsdm') THEN CREATE ROLE presensi_bkpsdm NOLOGIN; END IF;
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'presensi_opd_admin') THEN CREATE ROLE presensi_opd_admin NOLOGIN; END IF;
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'presensi_checkin') THEN CREATE ROLE presensi_checkin NOLOGIN; END IF;
                END $$"""));
    }

    /** Rights on the database itself are not part of a dump: takes them away from operators again, as V8 did. */
    public void revokeDatabaseRightsFromPublic() {
        jdbi.useHandle(h -> {
            h.execute("DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY, CREATE ON DATABASE %I FROM PUBLIC', current_database()); END $$");
            h.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        });
    }

    public MigrateResult migrate() {
        return flyway().migrate();
    }

    /** Whether this connection's role owns the schema: operators' roles read the schema, they do not change it. */
    public boolean canMigrate() {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT to_regclass('public.flyway_schema_history') IS NULL
                    OR has_table_privilege('public.flyway_schema_history', 'INSERT')""").mapTo(Boolean.class).one());
    }

    /**
     * Whether the schema holds every migration this build carries, none failed: asked in one query, so a command on a
     * current schema does not start Flyway (which reads and checksums every migration). Anything unexpected says
     * no, and the caller lets Flyway decide.
     */
    public boolean isCurrent() {
        try {
            return jdbi.withHandle(Database::isCurrent);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean isCurrent(Handle h) {
        Set<String> carried = Migrations.carried();
        if (carried.isEmpty() || !h.createQuery("SELECT to_regclass('public.flyway_schema_history') IS NOT NULL").mapTo(Boolean.class).one()) {
            return false;
        }
        Set<String> applied = new HashSet<>();
        boolean[] failed = {false};
        h.createQuery("SELECT version, success FROM public.flyway_schema_history WHERE version IS NOT NULL")
                .map((rs, ctx) -> {
                    if (rs.getBoolean("success")) {
                        applied.add(rs.getString("version"));
                    } else {
                        failed[0] = true;
                    }
                    return null;
                }).list();
        return !failed[0] && applied.containsAll(carried);
    }

    /** For a role that cannot migrate: refuses to work on a schema older than this build expects. */
    public void requireCurrentSchema() {
        MigrationInfo[] pending = flyway().info().pending();
        if (pending.length > 0) {
            throw new IllegalStateException("the database schema is older than this version of Presensi ("
                    + pending.length + " migration(s) pending, up to V" + pending[pending.length - 1].getVersion()
                    + "); the account that owns the schema must run 'presensi db migrate' first");
        }
    }

    public List<MigrationInfo> migrations() {
        return List.of(flyway().info().all());
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .failOnMissingLocations(true).load();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Where this pool connects: the desk signs each operator in to the same database as themselves. */
    public String url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        try {
            connections.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the database connections: " + e.getMessage(), e);
        }
    }
}
