package id.presensi.cli;

import id.presensi.db.DatabaseLocator;
import id.presensi.db.EmbeddedPostgres;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the runs the operator did not ask for share (the launcher's training, {@link ArchiveTraining}; the resident's
 * rehearsal of a recap, {@link RecapRehearsal}): a command run printing nowhere, and whether the operator's database
 * is there to read without starting anything.
 */
final class UnaskedRuns {
    private UnaskedRuns() {
    }

    /** Runs the command as the CLI would, its output and errors to nowhere; returns its exit code. */
    static int quietly(String... words) {
        var cli = Presensi.commandLine(words);
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        cli.setOut(nowhere);
        cli.setErr(nowhere);
        return cli.execute(words);
    }

    /**
     * Whether the database is there to read: a URL ({@code url}, or PRESENSI_DB_URL), or the embedded server of
     * {@code home} (default: the environment's home) running. Never starts a server nor makes a home.
     */
    static boolean databaseThere(boolean url, Optional<Path> home) {
        if (url || System.getenv("PRESENSI_DB_URL") != null) {
            return true;
        }
        try {
            return new EmbeddedPostgres(home.orElseGet(() -> DatabaseLocator.home(System.getenv()))).isRunning();
        } catch (RuntimeException e) { // the port taken by another program: the operator's command said so
            return false;
        }
    }
}
