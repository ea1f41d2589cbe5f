package id.presensi.cli;

import id.presensi.db.Backup;
import id.presensi.db.Database;
import id.presensi.db.EmbeddedPostgres;
import id.presensi.store.OperatorStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true, description = "The database: migrations and the embedded server.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Stop.class, DbCommand.BackupTo.class,
                DbCommand.RestoreFrom.class})
class DbCommand {

    @Command(name = "backup", mixinStandardHelpOptions = true, description = {
            "Back up the whole database to FILE with pg_dump of the server's major version (custom format, compressed).",
            "Safe while the service runs: pg_dump reads one consistent snapshot. Restore it with 'presensi db restore'.",
            "The operators' logins go with it (their SCRAM verifiers and groups, never a password) when the backup is made",
            "as the database's superuser, as on the embedded server."})
    static class BackupTo implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            var settings = db.settings();
            long started = System.nanoTime();
            Optional<Integer> logins;
            try (Database database = db.open()) {
                int major = database.serverMajor();
                logins = new OperatorStore(database.jdbi()).withLoginsSaved(() -> {
                    try {
                        new Backup(settings).dump(file, major);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Backed up to %s (%,d KB) in %.1f s%n", file, Files.size(file) / 1024, (System.nanoTime() - started) / 1e9);
            out.println(logins.map(n -> "With it the logins of " + n + " operator(s).")
                    .orElse("Without the operators' logins (reading them needs the database's superuser): after a restore, "
                            + "'presensi operator relink NAME' gives each a new one."));
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = {
            "Restore a backup made by 'presensi db backup' into an empty database: a new home (--home DIR) or an empty",
            "external database (--db). All of it or nothing (one transaction). The operators' logins the backup carries are",
            "made again with their passwords; a login that exists on this server is left as it is, and an operator whose",
            "login could not be made is named: 'presensi operator relink NAME' gives them a new one, keeping their history."})
    static class RestoreFrom implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
            var settings = db.settings();
            long started = System.nanoTime();
            OperatorStore.RestoredLogins logins;
            try (Database database = Database.connect(settings, 2, Duration.ofSeconds(15))) {
                if (!database.isEmpty()) {
                    throw new IllegalArgumentException("the database already holds Presensi data; restore into a new home (--home DIR) "
                            + "or an empty database, so nothing is overwritten");
                }
                database.ensureGroupRoles(); // the dump's grants name them
                new Backup(settings).restore(file, database.serverMajor());
                database.revokeDatabaseRightsFromPublic();
                logins = new OperatorStore(database.jdbi()).restoreLogins();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Restored %s in %.1f s%n", file, (System.nanoTime() - started) / 1e9);
            if (!logins.made().isEmpty()) {
                out.println("Operators who can sign in again with their own passwords: " + String.join(", ", logins.made()));
            }
            if (!logins.existing().isEmpty()) {
                out.println("Logins already on this server, left as they are: " + String.join(", ", logins.existing()));
            }
            if (!logins.toRelink().isEmpty()) {
                out.println("Operators without a login here (run 'presensi operator relink NAME' for each): " + String.join(", ", logins.toRelink()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply pending migrations (every command also does this before it starts).")
    static class Migrate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;

        @Override
        public Integer call() {
            try (Database database = Database.connect(db.settings(), 2, Duration.ofSeconds(15))) {
                var result = database.migrate();
                spec.commandLine().getOut().printf("Schema at version %s (%d migration(s) applied now)%n",
                        result.targetSchemaVersion == null ? database.migrations().stream()
                                .filter(m -> m.getState().isApplied()).reduce((a, b) -> b)
                                .map(m -> m.getVersion().getVersion()).orElse("none") : result.targetSchemaVersion,
                        result.migrationsExecuted);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show the database and its migrations.")
    static class Info implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;

        @Override
        public Integer call() {
            var settings = db.settings();
            try (Database database = Database.connect(settings, 2, Duration.ofSeconds(15))) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("Database: " + settings.url() + " as " + settings.user());
                out.println("PostgreSQL " + database.serverVersion());
                out.printf("%-8s %-45s %-10s %s%n", "VERSION", "DESCRIPTION", "STATE", "INSTALLED ON");
                database.migrations().forEach(m -> out.printf("%-8s %-45s %-10s %s%n", m.getVersion(), m.getDescription(),
                        m.getState().getDisplayName(), m.getInstalledOn() == null ? "-" : m.getInstalledOn()));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the embedded PostgreSQL of the Presensi home (it keeps running between commands).")
    static class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;

        @Override
        public Integer call() {
            boolean stopped = new EmbeddedPostgres(db.home()).stop();
            spec.commandLine().getOut().println(stopped ? "Embedded PostgreSQL stopped." : "Embedded PostgreSQL was not running.");
            return ExitCodes.OK;
        }
    }
}
