package id.presensi.db;

import id.presensi.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides which PostgreSQL a command talks to: the URL given by the operator ({@code --db} or
 * {@code PRESENSI_DB_URL}), or else the embedded server of the Presensi home, started on demand.
 */
public final class DatabaseLocator {

    private DatabaseLocator() {
    }

    public static Path home(Map<String, String> env) {
        String configured = env.get("PRESENSI_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".presensi");
    }

    private static void ownerOnly(Path home) {
        try {
            PrivateFiles.ownerOnlyFolder(home);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the Presensi home " + home + " private to its owner", e);
        }
    }

    public static ConnectionSettings locate(Optional<String> url, Optional<String> user, Path home,
                                            Map<String, String> env) {
        return locate(url, user, home, env, notice -> { });
    }

    /** As above; a new embedded home's choice of port is told to {@code notice}. */
    public static ConnectionSettings locate(Optional<String> url, Optional<String> user, Path home,
                                            Map<String, String> env, Consumer<String> notice) {
        Optional<String> givenUrl = url.or(() -> Optional.ofNullable(env.get("PRESENSI_DB_URL")))
                .filter(u -> !u.isBlank());
        if (givenUrl.isPresent()) {
            ownerOnly(home); // logs and the check-in service's selfie spool live there whatever the database
            String u = givenUrl.get();
            if (!u.startsWith("jdbc:")) {
                u = "jdbc:" + u;
            }
            if (!u.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("Only PostgreSQL is supported: --db must be jdbc:postgresql://HOST:PORT/DB");
            }
            return new ConnectionSettings(u,
                    user.or(() -> Optional.ofNullable(env.get("PRESENSI_DB_USER"))).orElse(null),
                    env.get("PRESENSI_DB_PASSWORD"), -1);
        }
        ConnectionSettings embedded = new EmbeddedPostgres(home).ensureRunning(notice);
        Optional<String> operator = user.or(() -> Optional.ofNullable(env.get("PRESENSI_DB_USER"))).filter(u -> !u.isBlank());
        // an operator on the embedded server signs in as themselves (password from the environment or ~/.pgpass)
        return operator.map(u -> new ConnectionSettings(embedded.url(), u, env.get("PRESENSI_DB_PASSWORD"), embedded.port()))
                .orElse(embedded);
    }
}
