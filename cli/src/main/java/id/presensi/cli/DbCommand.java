package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.db.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true, description = "The database: migrations and the embedded server.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Stop.class})
class DbCommand {

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply pending migrations (every command also does this before it starts).")
    static class Migrate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;

        @Override
        public Integer call() {
            try (Database database = Database.open(db.settings(), 2)) {
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
            try (Database database = Database.open(settings, 2)) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("Database: " + settings.url() + " as " + settings.user());
                String version = database.jdbi().withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
                out.println("PostgreSQL " + version);
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
