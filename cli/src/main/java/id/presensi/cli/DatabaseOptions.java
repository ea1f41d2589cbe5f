package id.presensi.cli;

import id.presensi.db.ConnectionSettings;
import id.presensi.db.Database;
import id.presensi.db.DatabaseLocator;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Where the database is, shared by every command that touches it. */
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

    @Option(names = "--operator", paramLabel = "NAME",
            description = "Who is making the change, for the audit trail (default: the OS user). An operator signed in with "
                    + "--db-user is always recorded as themselves.")
    String operator;

    /** The name the audit trail records: a signed-in operator cannot write changes in someone else's name. */
    String operator() {
        Optional<String> signedIn = Optional.ofNullable(user).or(() -> Optional.ofNullable(System.getenv("PRESENSI_DB_USER")))
                .filter(u -> !u.isBlank());
        return signedIn.orElseGet(() -> operator != null ? operator : System.getProperty("user.name"));
    }

    /** The audit trail of this command: the operator and the command line as typed. */
    id.presensi.store.Audit audit(picocli.CommandLine.Model.CommandSpec spec) {
        return new id.presensi.store.Audit(operator(), spec.qualifiedName() + " "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    }

    Path home() {
        return home != null ? home : DatabaseLocator.home(System.getenv());
    }

    ConnectionSettings settings() {
        return DatabaseLocator.locate(Optional.ofNullable(url), Optional.ofNullable(user), home(), System.getenv());
    }

    /** One change by an operator: connect, do it in one transaction with the command's audit trail, disconnect. */
    <T> T change(picocli.CommandLine.Model.CommandSpec spec, Change<T> work) {
        try (Database database = open()) {
            id.presensi.store.Audit audit = audit(spec);
            return database.jdbi().inTransaction(h -> work.apply(database.jdbi(), h, audit));
        }
    }

    /** A read: connect, ask, disconnect. */
    <T> T read(java.util.function.Function<Database, T> query) {
        try (Database database = open()) {
            return query.apply(database);
        }
    }

    /** The work of {@link #change}. */
    @FunctionalInterface
    interface Change<T> {
        T apply(org.jdbi.v3.core.Jdbi jdbi, org.jdbi.v3.core.Handle h, id.presensi.store.Audit audit);
    }

    /** Connects and migrates: every command sees the schema this build expects. */
    Database open() {
        return open(6, java.time.Duration.ofSeconds(15));
    }

    Database open(int poolSize, java.time.Duration connectionTimeout) {
        Database database = Database.open(settings(), poolSize, connectionTimeout);
        try {
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
