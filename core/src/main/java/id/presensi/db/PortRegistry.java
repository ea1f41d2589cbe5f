package id.presensi.db;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The ports this user's Presensi homes have pinned, one line each ("PORT HOME") in {@code ~/.presensi-ports}, so
 * that a new home never pins a port another home holds. A free port is not enough: a home whose server is stopped
 * (the demo's, while the operator sets up their own) frees its port without giving it up, and the second of the
 * two to start then failed with "Port 54329 is used by another program". Homes made before this registry are found
 * where they usually are (the default home, its demo, the new home's siblings and parent). A line whose home is
 * gone, or now holds another port, is dropped. The file is locked while a port is chosen and recorded, so two
 * homes made at once take two ports.
 */
public final class PortRegistry {
    /** Where tests keep their own registry, away from the user's. */
    public static final String LOCATION_PROPERTY = "presensi.port.registry";
    /** How far above 54329 to look for a port no home holds before asking the system for any free one. */
    private static final int RANGE = 100;

    private final Path file;

    public PortRegistry(Path file) {
        this.file = file;
    }

    public static PortRegistry ofUser() {
        String configured = System.getProperty(LOCATION_PROPERTY);
        return new PortRegistry(configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".presensi-ports"));
    }

    public Path file() {
        return file;
    }

    /** A port chosen for a new home, and the homes that made it pass over the default, for the operator's notice. */
    public record Claim(int port, Map<Integer, Path> passedOver) {
    }

    /**
     * Chooses and records the port of a new home: {@code wanted} when given (PRESENSI_DB_PORT: the operator decides),
     * else the port this home had before (the demo, made again), else 54329 and up, the first that no other home
     * holds and nothing listens on.
     */
    public Claim claim(Path home, Optional<Integer> wanted) throws IOException {
        Path self = home.toAbsolutePath().normalize();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Map<Integer, Path> held = live(read(channel));
            Optional<Integer> before = held.entrySet().stream().filter(e -> e.getValue().equals(self)).map(Map.Entry::getKey).findFirst();
            held.values().removeIf(self::equals);
            known(self).forEach((port, other) -> held.putIfAbsent(port, other));
            int port = wanted.or(() -> before.filter(p -> !held.containsKey(p) && isFree(p)))
                    .orElseGet(() -> firstUnheld(held));
            Map<Integer, Path> passedOver = new LinkedHashMap<>();
            held.forEach((p, other) -> {
                if (p >= EmbeddedPostgres.DEFAULT_PORT && p < port) {
                    passedOver.put(p, other);
                }
            });
            held.put(port, self);
            write(channel, held);
            return new Claim(port, passedOver);
        }
    }

    /** Records the port of a home made before the registry (or elsewhere), if it is not recorded yet. */
    public void remember(Path home, int port) throws IOException {
        Path self = home.toAbsolutePath().normalize();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Map<Integer, Path> held = read(channel);
            if (self.equals(held.get(port))) {
                return;
            }
            held = live(held);
            held.values().removeIf(self::equals);
            held.putIfAbsent(port, self);
            write(channel, held);
        }
    }

    private static int firstUnheld(Map<Integer, Path> held) {
        for (int port = EmbeddedPostgres.DEFAULT_PORT; port < EmbeddedPostgres.DEFAULT_PORT + RANGE; port++) {
            if (!held.containsKey(port) && isFree(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port on 127.0.0.1 for the embedded PostgreSQL", e);
        }
    }

    /** Lines whose home still exists and, when it has settings, still names that port. */
    private static Map<Integer, Path> live(Map<Integer, Path> held) {
        Map<Integer, Path> live = new LinkedHashMap<>();
        held.forEach((port, home) -> {
            if (Files.isDirectory(home) && pinned(home).map(port::equals).orElse(true)) {
                live.put(port, home);
            }
        });
        return live;
    }

    /** Homes made before the registry, where they usually are: the default home and its demo, and the new home's family. */
    private static Map<Integer, Path> known(Path self) {
        List<Path> candidates = new ArrayList<>();
        Path defaultHome = DatabaseLocator.home(System.getenv()).toAbsolutePath().normalize();
        candidates.add(defaultHome);
        candidates.add(defaultHome.resolve("demo"));
        Optional.ofNullable(self.getParent()).ifPresent(parent -> {
            candidates.add(parent);
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(Files::isDirectory).limit(200).forEach(candidates::add);
            } catch (IOException e) {
                // an unreadable parent hides no home of ours
            }
        });
        Map<Integer, Path> found = new LinkedHashMap<>();
        candidates.stream().filter(c -> !c.equals(self)).forEach(c -> pinned(c).ifPresent(port -> found.putIfAbsent(port, c)));
        return found;
    }

    /** The port a home's settings name, if it has settings. */
    static Optional<Integer> pinned(Path home) {
        Path settings = home.resolve("embedded-db.properties");
        if (!Files.isReadable(settings)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(settings)) {
            p.load(in);
            return Optional.of(Integer.parseInt(p.getProperty("port", "").strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<Integer, Path> read(FileChannel channel) throws IOException {
        Map<Integer, Path> held = new LinkedHashMap<>();
        channel.position(0);
        String text = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2 && parts[0].matches("\\d{1,5}")) {
                held.putIfAbsent(Integer.parseInt(parts[0]), Path.of(parts[1]));
            }
        }
        return held;
    }

    private static void write(FileChannel channel, Map<Integer, Path> held) throws IOException {
        StringBuilder text = new StringBuilder("# Ports pinned by this user's Presensi homes (PORT HOME); a new home takes one not listed\n");
        held.forEach((port, home) -> text.append(port).append(' ').append(home).append('\n'));
        channel.truncate(0);
        channel.position(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
    }

    static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
