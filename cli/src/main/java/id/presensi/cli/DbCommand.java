package id.presensi.cli;

import id.presensi.db.Backup;
import id.presensi.db.Database;
import id.presensi.db.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true, description = "The database: migrations and the embedded server.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Stop.class, DbCommand.BackupTo.class,
                DbCommand.RestoreFrom.class})
class DbCommand {

    @Command(name = "backup", mixinStandardHelpOptions = true, description = {
            "Back up the whole database to FILE with pg_dump of the server's major version (custom format, compressed).",
            "Safe while the service runs: pg_dump reads one consistent snapshot. Restore it with 'presensi db restore'."})
    static class BackupTo implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            var settings = db.settings();
            long started = System.nanoTime();
            try (Database database = db.open()) {
                new Backup(settings).dump(file, database.serverMajor());
            }
            spec.commandLine().getOut().printf("Backed up to %s (%,d KB) in %.1f s%n", file, Files.size(file) / 1024,
                    (System.nanoTime() - started) / 1e9);
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = {
            "Restore a backup made by 'presensi db backup' into an empty database: a new home (--home DIR) or an empty",
            "external database (--db). All of it or nothing (one transaction). Operators' logins are server-wide roles and",
            "are not in the backup: add them again on a new server (presensi operator add)."})
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
            try (Database database = Database.connect(settings, 2, Duration.ofSeconds(15))) {
                if (!database.isEmpty()) {
                    throw new IllegalArgumentException("the database already holds Presensi data; restore into a new home (--home DIR) "
                            + "or an empty database, so nothing is overwritten");
                }
                database.ensureGroupRoles(); // the dump's grants name them
                new Backup(settings).restore(file, database.serverMajor());
                database.revokeDatabaseRightsFromPublic();
            }
            spec.commandLine().getOut().printf("Restored %s in %.1f s%n", file, (System.nanoTime() - started) / 1e9);
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
