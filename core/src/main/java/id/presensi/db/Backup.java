package id.presensi.db;

import id.presensi.files.PrivateFiles;
import org.postgresql.Driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Backups with PostgreSQL's own tools of the server's major version: pg_dump in its custom format (compressed,
 * restorable table by table) and pg_restore into an empty database. Never a hand-written dump. The password
 * goes to the tools in their environment, never on a command line or in a log.
 */
public final class Backup {
    private final ConnectionSettings settings;

    public Backup(ConnectionSettings settings) {
        this.settings = settings;
    }

    /**
     * Dumps the database into {@code file}: pg_dump writes into a new 0600 file beside it, which then replaces the
     * target (see {@link PrivateFiles}); a backup holds everyone's data and the secrets' hashes.
     */
    public void dump(Path file, int serverMajor) throws IOException {
        Path tool = tool("pg_dump", serverMajor);
        Path tmp = PrivateFiles.newTemporary(file);
        try {
            List<String> command = new ArrayList<>(List.of(tool.toString(), "--format=custom", "--compress=6", "--file=" + tmp));
            command.addAll(connection());
            run(command);
            PrivateFiles.replace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Restores a dump into this (empty) database, in one transaction: all of it, or nothing. */
    public void restore(Path file, int serverMajor) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool("pg_restore", serverMajor).toString(), "--single-transaction",
                "--exit-on-error", "--no-owner"));
        command.addAll(connection());
        command.add(file.toAbsolutePath().toString());
        run(command);
    }

    /** The tool of the server's major version: Debian's layout first, then the PATH, checked by its own --version. */
    static Path tool(String name, int major) throws IOException {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("PRESENSI_PG_BIN")).ifPresent(dir -> candidates.add(Path.of(dir, name)));
        candidates.add(Path.of("/usr/lib/postgresql/" + major + "/bin/" + name));
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, name));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate) && majorOf(candidate) == major) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " " + major + " is needed, for a PostgreSQL " + major + " server, and was not found "
                + "(install it: apt-get install postgresql-client-" + major + "; or set PRESENSI_PG_BIN to its directory)");
    }

    private static int majorOf(Path tool) throws IOException {
        Process p = new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var m = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(out);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private List<String> connection() {
        Properties url = Driver.parseURL(settings.url(), null);
        if (url == null) {
            throw new IllegalArgumentException("cannot read the database URL " + settings.url());
        }
        List<String> args = new ArrayList<>(List.of("--host=" + url.getProperty("PGHOST"), "--port=" + url.getProperty("PGPORT"),
                "--dbname=" + url.getProperty("PGDBNAME"), "--no-password"));
        if (settings.user() != null) {
            args.add("--username=" + settings.user());
        }
        return args;
    }

    private void run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        if (settings.password() != null) {
            env.put("PGPASSWORD", settings.password());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
                throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
