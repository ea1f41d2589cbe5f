package id.presensi.db;

import id.presensi.files.PrivateFiles;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The PostgreSQL server Presensi runs for itself when no database URL is given: real PostgreSQL 15
 * binaries (15 because Debian 12 ships pg_dump and pg_restore 15, so backups use real tools of the server's own
 * major version) from zonky's Maven artifact, a data directory under the Presensi home, a fixed port on
 * 127.0.0.1 and durable settings.
 *
 * <p>The server is started detached with {@code pg_ctl} and outlives the command that started it, so a
 * second command (an import while {@code presensi serve} runs) simply connects to it. Starting is
 * serialised by a file lock so two commands launched together never race to start two postmasters.
 * {@code presensi db stop} stops it. We manage the processes ourselves rather than through zonky's
 * {@code EmbeddedPostgres}, which stops the server when its JVM exits and cannot run as root.
 */
public final class EmbeddedPostgres {

    public static final int DEFAULT_PORT = 54329;
    static final String SUPERUSER = "presensi";
    static final String DATABASE = "presensi";
    static final String BINARIES_VERSION = "15.14.0";
    /** The server's major version: backups need pg_dump and pg_restore of this major version. */
    public static final int MAJOR = 15;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final Path home;
    private final Path dataDir;
    private final Path settingsFile;

    public EmbeddedPostgres(Path home) {
        this.home = home.toAbsolutePath();
        this.dataDir = this.home.resolve("pgdata");
        this.settingsFile = this.home.resolve("embedded-db.properties");
    }

    /** Connection details of the running server, starting it first when it is not running. */
    public ConnectionSettings ensureRunning() {
        return ensureRunning(notice -> log.info(notice));
    }

    /**
     * As {@link #ensureRunning()}; a new home's choice of port is told to {@code notice} (the operator should
     * know which port their home pinned, and why it is not 54329 when another home holds that).
     */
    public ConnectionSettings ensureRunning(Consumer<String> notice) {
        try {
            // the home holds the superuser password, the server's data and logs: its owner's only
            PrivateFiles.ownerOnlyFolder(home);
            try (FileChannel channel = FileChannel.open(home.resolve(".start.lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
                 FileLock ignored = channel.lock()) {
                Properties settings = loadOrCreateSettings(notice);
                ConnectionSettings connection = connectionSettings(settings);
                if (!isAnswering(connection)) {
                    start(settings, connection);
                }
                return connection;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + home, e);
        }
    }

    /**
     * Stops the server if it runs; returns whether it was running. A pid file whose process is gone (a crash, a
     * reboot, a killed test run) is removed rather than handed to pg_ctl, which fails on it.
     */
    public boolean stop() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        if (!serverAlive(pidFile)) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return false;
        }
        run(List.of(binary("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60"));
        return true;
    }

    /** Whether the process named on the pid file's first line is alive; an unreadable file counts as alive (pg_ctl decides). */
    private static boolean serverAlive(Path pidFile) {
        try {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
            return ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true;
        }
    }

    public boolean isRunning() {
        return Files.exists(settingsFile) && isAnswering(connectionSettings(readSettings()));
    }

    public Path home() {
        return home;
    }

    private void start(Properties settings, ConnectionSettings connection) throws IOException {
        Path binaries = BinaryCache.extract(BINARIES_VERSION);
        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
        if (!fresh) {
            String dataVersion = Files.readString(dataDir.resolve("PG_VERSION")).strip();
            if (!BINARIES_VERSION.startsWith(dataVersion + ".")) {
                throw new IllegalStateException("The database in " + dataDir + " was made by PostgreSQL " + dataVersion
                        + "; this Presensi runs PostgreSQL " + MAJOR + ". Back it up with pg_dump " + dataVersion
                        + " and restore it into a new home with 'presensi db restore', or use a new home (--home)");
            }
        }
        if (fresh) {
            initdb(binaries, settings.getProperty("password"));
        }
        Files.deleteIfExists(dataDir.resolve("postmaster.pid")); // stale after a crash; pg_ctl refuses otherwise
        log.info("Starting embedded PostgreSQL on 127.0.0.1:{} with data in {}", connection.port(), dataDir);
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "start", "-D", dataDir.toString(), "-w", "-t", "120",
                "-l", home.resolve("postgres.log").toString(),
                // a failing statement is never copied into the log: it may carry a secret (issue 11)
                "-o", "-p " + connection.port() + " -c log_min_error_statement=panic -c log_statement=none"));
        if (fresh) {
            createDatabase(connection);
        }
    }

    private static void createDatabase(ConnectionSettings connection) {
        String url = "jdbc:postgresql://127.0.0.1:" + connection.port() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, connection.user(), connection.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the presensi database: " + e.getMessage(), e);
        }
    }

    private void initdb(Path binaries, String password) throws IOException {
        Path tmp = home.resolve("pgdata.init");
        Directories.deleteRecursively(tmp);
        Path pwfile = home.resolve(".pwfile");
        PrivateFiles.writeString(pwfile, password + "\n");
        try {
            run(List.of(binaries.resolve("bin/initdb").toString(), "-D", tmp.toString(), "-U", SUPERUSER,
                    "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"));
        } finally {
            Files.deleteIfExists(pwfile);
        }
        // Durability first: zonky and many test setups turn fsync off; an attendance record must survive a power cut.
        Files.writeString(tmp.resolve("postgresql.conf"), """

                # Presensi embedded server
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                fsync = on
                synchronous_commit = on
                full_page_writes = on
                max_connections = 200
                shared_buffers = 256MB
                # bulk imports and nightly jobs write a lot at once: fewer, larger checkpoints
                max_wal_size = 4GB
                checkpoint_timeout = 15min
                wal_compression = on
                maintenance_work_mem = 256MB
                timezone = 'UTC'
                """, StandardOpenOption.APPEND);
        Files.move(tmp, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    private Properties loadOrCreateSettings(Consumer<String> notice) throws IOException {
        PortRegistry ports = PortRegistry.ofUser();
        if (Files.exists(settingsFile)) {
            Properties settings = readSettings();
            try {
                ports.remember(home, Integer.parseInt(settings.getProperty("port")));
            } catch (IOException | RuntimeException e) {
                log.warn("Could not record this home's port in {}: {}", ports.file(), e.toString());
            }
            return settings;
        }
        Properties settings = new Properties();
        settings.setProperty("port", Integer.toString(choosePort(ports, notice)));
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        settings.setProperty("password", HexFormat.of().formatHex(secret));
        PrivateFiles.writeText(settingsFile, out -> settings.store(out, "Embedded PostgreSQL of this Presensi home: port and superuser password"));
        return settings;
    }

    private Properties readSettings() {
        Properties settings = new Properties();
        try (var in = Files.newBufferedReader(settingsFile)) {
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    /**
     * The port is chosen once per home and then kept: PRESENSI_DB_PORT, else the first from 54329 up that no other
     * home of this user holds (registered in ~/.presensi-ports) and nothing listens on.
     */
    private int choosePort(PortRegistry ports, Consumer<String> notice) throws IOException {
        String wanted = System.getenv("PRESENSI_DB_PORT");
        Optional<Integer> given = Optional.ofNullable(wanted).filter(w -> !w.isBlank()).map(w -> Integer.parseInt(w.strip()));
        PortRegistry.Claim claim;
        try {
            claim = ports.claim(home, given);
        } catch (IOException e) {
            // an unwritable registry must not stop the home: the old choice, a free port
            log.warn("Could not use the port registry {}: {}", ports.file(), e.toString());
            int port = given.orElseGet(() -> PortRegistry.isFree(DEFAULT_PORT) ? DEFAULT_PORT : 0);
            if (port == 0) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = socket.getLocalPort();
                }
            }
            claim = new PortRegistry.Claim(port, Map.of());
        }
        var passed = claim.passedOver().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        String taken = passed.isEmpty() ? ""
                : passed.size() <= 3 ? "; " + passed.stream().map(e -> e.getKey() + " is held by " + e.getValue()).collect(Collectors.joining(", "))
                : "; " + passed.size() + " ports from " + DEFAULT_PORT + " up are held by other homes";
        notice.accept("New Presensi home " + home + ": its database will listen on 127.0.0.1:" + claim.port()
                + (given.isPresent() ? " (PRESENSI_DB_PORT)" : "") + taken + " (recorded in " + ports.file() + ")");
        return claim.port();
    }

    private static ConnectionSettings connectionSettings(Properties settings) {
        int port = Integer.parseInt(settings.getProperty("port"));
        return new ConnectionSettings("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, SUPERUSER,
                settings.getProperty("password"), port);
    }

    private boolean isAnswering(ConnectionSettings connection) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", connection.port()), 500);
        } catch (IOException e) {
            return false;
        }
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            throw new IllegalStateException("Port " + connection.port() + " is used by another program, not by the "
                    + "embedded PostgreSQL of " + home + "; set PRESENSI_DB_PORT for a new home or free the port");
        }
        return true;
    }

    private String binary(String name) {
        return BinaryCache.extract(BINARIES_VERSION).resolve("bin").resolve(name).toString();
    }

    /**
     * Runs a PostgreSQL program. PostgreSQL refuses to run as root, so as root (containers, CI) it runs in
     * a user namespace as "nobody", which still owns root's files from outside.
     */
    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("unshare", "--user", "--map-user=65534", "--map-group=65534", "--"));
        }
        full.addAll(command);
        try {
            Path output = Files.createTempFile("presensi-pg", ".log");
            try {
                Process process = new ProcessBuilder(full).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not finish in 180 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("Embedded PostgreSQL: " + Path.of(command.get(0)).getFileName()
                            + " failed (exit " + process.exitValue() + "): "
                            + Files.readString(output, StandardCharsets.UTF_8).strip()
                            + " (server log: " + home.resolve("postgres.log") + ")");
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }


    /** PostgreSQL binaries unpacked once per version into a cache shared by all homes of the user. */
    static final class BinaryCache {
        private BinaryCache() {
        }

        static Path extract(String version) {
            return extract(Path.of(System.getProperty("user.home"), ".cache", "presensi"), version);
        }

        /**
         * The version's binaries under {@code root}, unpacked first if they are not there whole. A folder without its
         * {@code bin/postgres} (a cleaner of old files in ~/.cache took some of it) is replaced whole: moved onto, it
         * failed every command of the user until someone deleted it by hand.
         */
        static synchronized Path extract(Path root, String version) {
            Path cache = root.resolve("postgresql-" + version);
            try {
                if (Files.exists(cache.resolve("bin/postgres"))) {
                    return cache;
                }
                Files.createDirectories(root);
                try (FileChannel channel = FileChannel.open(root.resolve(".extract.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (Files.exists(cache.resolve("bin/postgres"))) {
                        return cache;
                    }
                    Path tmp = Files.createTempDirectory(root, "extract");
                    try {
                        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
                            untar(new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz))), tmp);
                        }
                        if (Files.exists(cache, LinkOption.NOFOLLOW_LINKS)) {
                            // out of the way in one step, then deleted: a command starting meanwhile finds no half folder
                            Path stale = Files.createTempDirectory(root, "stale");
                            Files.move(cache, stale.resolve("incomplete"), StandardCopyOption.ATOMIC_MOVE);
                            Directories.deleteRecursively(stale);
                        }
                        Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Directories.deleteRecursively(tmp); // what a failed unpacking left (after the move, nothing)
                    }
                    return cache;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not unpack the PostgreSQL binaries into " + cache, e);
            }
        }

        private static void untar(TarArchiveInputStream tar, Path target) throws IOException {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Archive entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }
}
