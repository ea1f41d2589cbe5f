package id.presensi.cli;

import id.presensi.db.ConnectionSettings;
import id.presensi.db.Database;
import id.presensi.db.DatabaseLocator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** Where the database is, shared by every command that touches it; commands that change data use {@link ChangeOptions}. */
public class DatabaseOptions {

    @Option(names = "--db", paramLabel = "URL",
            description = "PostgreSQL URL, e.g. jdbc:postgresql://db.bkpsdm:5432/presensi (default: $PRESENSI_DB_URL, "
                    + "else the embedded server of the Presensi home). Password from $PRESENSI_DB_PASSWORD.")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: $PRESENSI_DB_USER).")
    String user;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Presensi home holding the embedded database (default: $PRESENSI_HOME, else ~/.presensi).")
    Path home;

    /** The command this is mixed into, for its error stream; null when made with {@link #ofHome}. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The options of a command given only {@code --home DIR}: the embedded database there. */
    public static DatabaseOptions ofHome(Path home) {
        DatabaseOptions options = new DatabaseOptions();
        options.home = home;
        return options;
    }

    public Path home() {
        return home != null ? home : DatabaseLocator.home(System.getenv());
    }

    ConnectionSettings settings() {
        return DatabaseLocator.locate(Optional.ofNullable(url), Optional.ofNullable(user), home(), System.getenv(), notice -> {
            if (command != null) { // a new home says which port it pinned, once, where the operator reads
                command.commandLine().getErr().println(notice);
                command.commandLine().getErr().flush();
            }
        });
    }

    /** The database user this command signs in as, if one was named. */
    Optional<String> signedIn() {
        return Optional.ofNullable(user).or(() -> Optional.ofNullable(System.getenv("PRESENSI_DB_USER"))).filter(u -> !u.isBlank());
    }

    /** A read: connect, ask, disconnect. */
    <T> T read(Function<Database, T> query) {
        try (Database database = open()) {
            return query.apply(database);
        }
    }

    /**
     * Connects and migrates: every command sees the schema this build expects. A command asks one thing at a time,
     * so it gets plain connections, not a pool ({@link Database#direct}); commands that work in parallel name a pool size.
     */
    public Database open() {
        return ready(Database.direct(settings(), Duration.ofSeconds(15)));
    }

    public Database open(int poolSize, Duration connectionTimeout) {
        return ready(Database.connect(settings(), poolSize, connectionTimeout));
    }

    /** A current schema is seen in one query; only a schema behind this build (or a new one) starts Flyway. */
    private static Database ready(Database database) {
        try {
            if (database.isCurrent()) {
                return database;
            }
            if (database.canMigrate()) {
                database.migrate();
            } else {
                database.requireCurrentSchema();
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }
}
