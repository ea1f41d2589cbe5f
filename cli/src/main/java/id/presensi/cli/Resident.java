package id.presensi.cli;

import id.presensi.files.PrivateFiles;
import id.presensi.threads.Uninterruptibly;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import picocli.CommandLine;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * The resident process of a Presensi home: a JVM the launcher starts once (scripts/presensi-java.sh) that runs the
 * operator's next commands, one at a time, for a small client (scripts/presensi-resident.pl) that sends the command
 * line, the working directory, the environment and, when the command reads it, standard input, and writes back what
 * the command prints and its exit code. A command started in a JVM of its own spends about a second loading and
 * linking the same classes before a few milliseconds of work; here they are loaded once.
 * <p>
 * Who may use it: the socket is in a 0700 folder of the home, the socket file itself 0600, and a connection whose
 * peer (SO_PEERCRED) is another user is closed unanswered. A command runs here only as it would in a JVM of its own:
 * the same jar (unchanged since this process started), the same environment settings, its files resolved from the
 * client's folder, and nothing else running here (a report takes seconds; the next command does not wait for it);
 * otherwise the client is told to run it directly. It exits after {@code IDLE_SECONDS} without a
 * command, or once the jar changes.
 * <p>
 * Started beside a monthly recap, it makes that recap again once it has ended ({@link RecapRehearsal}), before it takes
 * commands.
 * <p>
 * Usage: {@code java -cp presensi.jar id.presensi.cli.Resident SOCKET JAR IDLE_SECONDS [RECAP_PID RECAP_FILE RECAP_OPTIONS...]}
 */
public final class Resident {
    /** Frames to the client: a byte of kind, then a 32-bit count (bytes that follow, bytes wanted, or the exit code). */
    static final byte OUT = 'o', ERR = 'e', WANT_INPUT = 'i', EXIT = 'x', RUN_DIRECTLY = 'd';
    private static final int MAGIC = 0x50525331; // "PRS1"

    private final Path socket;
    private final Path jar;
    private final FileTime jarTime;
    private final long jarSize;
    private final long idleNanos;
    /** The recap to rehearse before serving: empty, or its process, its file and the options that chose its records. */
    private final List<String> rehearsal;
    private volatile long lastUsed = System.nanoTime();
    private volatile boolean busy;

    Resident(Path socket, Path jar, long idleSeconds, List<String> rehearsal) throws IOException {
        this.socket = socket;
        this.rehearsal = List.copyOf(rehearsal);
        this.jar = jar;
        this.jarTime = Files.getLastModifiedTime(jar);
        this.jarSize = Files.size(jar);
        this.idleNanos = idleSeconds * 1_000_000_000L;
    }

    public static void main(String[] args) throws IOException {
        Logging.configure();
        Resident resident = new Resident(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), Long.parseLong(args[2]),
                List.of(args).subList(3, args.length));
        resident.serve();
        System.exit(ExitCodes.OK);
    }

    /** Serves until idle or the jar changes; returns at once when another process already serves this socket. */
    void serve() throws IOException {
        Path folder = PrivateFiles.ownerOnlyFolder(socket.getParent());
        if (!Files.getOwner(folder).getName().equals(System.getProperty("user.name"))
                || !Files.getPosixFilePermissions(folder).equals(PrivateFiles.FOLDER)) {
            return; // not a folder only we can enter: a socket there would not be ours alone
        }
        Path lockFile = Path.of(socket + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                return;
            }
            Files.writeString(Path.of(socket + ".pid"), Long.toString(ProcessHandle.current().pid())); // "starting": see the launcher
            Files.deleteIfExists(socket); // a crashed process's: nobody serves it, we hold its lock
            // no socket yet: a command meanwhile runs in a JVM of its own (the launcher sees this process starting)
            RecapRehearsal.run(rehearsal, Path.of(socket + ".recap"));
            lastUsed = System.nanoTime();
            Thread stopped = new Thread(() -> { // stopped by a signal: no client should find a socket nobody serves
                try {
                    Files.deleteIfExists(socket);
                    Files.deleteIfExists(Path.of(socket + ".pid"));
                } catch (IOException e) {
                    // the next launcher finds it refusing and starts another process, which replaces it
                }
            }, "resident-stopped");
            Runtime.getRuntime().addShutdownHook(stopped);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                Thread watch = new Thread(() -> watch(server), "resident-idle");
                watch.setDaemon(true);
                watch.start();
                Thread command = null;
                while (server.isOpen()) {
                    SocketChannel client;
                    try {
                        client = server.accept();
                    } catch (IOException e) {
                        break; // closed: idle, a new jar, or stopped after an Error
                    }
                    if (busy) { // a command runs (a report takes seconds): this one runs in a JVM of its own, not after it
                        refuse(client);
                        continue;
                    }
                    if (!current()) {
                        refuse(client);
                        break;
                    }
                    busy = true;
                    command = new Thread(() -> command(client, server), "resident-command");
                    command.start();
                }
                if (command != null) {
                    Uninterruptibly.join(command);
                }
            } finally {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(Path.of(socket + ".pid"));
                Runtime.getRuntime().removeShutdownHook(stopped);
            }
        }
    }

    /** Runs one client's command; after an Error, closes the server: a fresh process is safer. */
    private void command(SocketChannel client, ServerSocketChannel server) {
        try (client) {
            if (ours(client) && !answer(client)) {
                server.close();
            }
        } catch (IOException e) {
            // the client went away mid-command: its command has finished here; wait for the next
        } finally {
            lastUsed = System.nanoTime();
            busy = false;
        }
    }

    /** Tells a client to run its command directly (another user's is closed unanswered). */
    private static void refuse(SocketChannel client) {
        try (client) {
            if (ours(client)) {
                sendFrame(Channels.newOutputStream(client), RUN_DIRECTLY, 0);
            }
        } catch (IOException e) {
            // gone already
        }
    }

    private void watch(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                Thread.sleep(2_000);
                // idle, a new jar, or a home removed (its socket with it): nobody will find this process any more
                if (!busy && (System.nanoTime() - lastUsed > idleNanos || !current() || !Files.exists(socket))) {
                    Files.deleteIfExists(socket); // no new client finds it from here on
                    server.close();
                }
            } catch (InterruptedException | IOException e) {
                return;
            }
        }
    }

    private static boolean ours(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return peer.user().getName().equals(System.getProperty("user.name"));
    }

    /** The jar this process loaded is still the one on disk. */
    private boolean current() {
        try {
            return Files.getLastModifiedTime(jar).equals(jarTime) && Files.size(jar) == jarSize;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads one command: "PRS1", the jar path, argc and each argument, the folder, the environment settings as
     * NAME=VALUE, a byte of flags (1: stdin is a terminal, 2: stdout is one) and the terminal's width (0: none);
     * every string a 32-bit length and its bytes. Runs it, or answers {@link #RUN_DIRECTLY} when it cannot run
     * here as it would in a JVM of its own. False when this process should serve no more commands.
     */
    boolean answer(SocketChannel client) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
        OutputStream raw = Channels.newOutputStream(client);
        Charset platform = Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        if (in.readInt() != MAGIC) {
            return true;
        }
        String jarPath = string(in, platform);
        String[] args = new String[in.readInt()];
        for (int i = 0; i < args.length; i++) {
            args[i] = string(in, platform);
        }
        Path cwd = Path.of(string(in, platform));
        Map<String, String> env = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            String setting = string(in, platform);
            int equals = setting.indexOf('=');
            env.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        int flags = in.read();
        int columns = in.readInt();
        if (!Path.of(jarPath).toAbsolutePath().equals(jar) || !env.equals(settings(System.getenv())) || !cwd.isAbsolute()) {
            sendFrame(raw, RUN_DIRECTLY, 0);
            return true;
        }
        Throwable[] uncaught = new Throwable[1];
        int code = run(args, cwd, env, (flags & 3) == 3, columns, in, raw, uncaught);
        sendFrame(raw, EXIT, code);
        return !(uncaught[0] instanceof Error); // after running out of memory (or stack), a fresh process is safer
    }

    /** The environment settings a command may read, which must be the same here as in the client's shell. */
    static Map<String, String> settings(Map<String, String> env) {
        Map<String, String> chosen = new TreeMap<>();
        env.forEach((name, value) -> {
            if (setting(name)) {
                chosen.put(name, value);
            }
        });
        return chosen;
    }

    /** Keep in step with scripts/presensi-resident.pl. (PRESENSI_RESIDENT*: the launcher's, which chose this process.) */
    static boolean setting(String name) {
        return name.startsWith("PRESENSI_") && !name.startsWith("PRESENSI_RESIDENT") || name.startsWith("PG") || name.startsWith("LC_") || name.startsWith("XDG_")
                || Set.of("HOME", "USER", "LANG", "LANGUAGE", "TZ", "TERM", "PATH", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
                "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS").contains(name);
    }

    /**
     * Runs one command with the client's streams as this JVM's (System.out, err and in, which are global: commands
     * run one at a time) and as picocli's; help as wide, and coloured, as picocli would make it on the client's
     * terminal. A relative path on the command line is opened from the client's folder, and printed as given: this
     * JVM cannot change its own working directory, so the path is made absolute, and the output shows it as the
     * operator wrote it (as {@link Path#of} writes it), as a JVM started in that folder would; so is a file named
     * beside it from its stem.
     */
    private static int run(String[] args, Path cwd, Map<String, String> env, boolean console, int columns,
                           DataInputStream in, OutputStream raw, Throwable[] uncaught) {
        Charset charset = Charset.forName(System.getProperty("stdout.encoding",
                System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name())));
        Map<String, String> shown = new TreeMap<>(Comparator.<String>comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        FrameStream outFrames = new FrameStream(raw, OUT, shown, charset), errFrames = new FrameStream(raw, ERR, shown, charset);
        PrintStream out = new PrintStream(outFrames, true, charset);
        PrintStream err = new PrintStream(errFrames, true, charset);
        InputStream stdin = new ClientInput(in, raw, () -> {
            out.flush();
            err.flush();
            outFrames.drain();
            errFrames.drain();
        });
        PrintStream systemOut = System.out, systemErr = System.err;
        InputStream systemIn = System.in;
        System.setOut(out);
        System.setErr(err);
        System.setIn(stdin);
        Terminal.enter(new Terminal.Client(console, stdin, out, charset));
        try {
            CommandLine cli = Presensi.commandLine(args);
            cli.setOut(new PrintWriter(new OutputStreamWriter(out, charset), true));
            cli.setErr(new PrintWriter(new OutputStreamWriter(err, charset), true));
            cli.registerConverter(Path.class, text -> {
                Path given = Path.of(text);
                if (given.isAbsolute() || given.toString().isEmpty()) {
                    return given;
                }
                Path resolved = cwd.resolve(given);
                shown.put(resolved.toString(), given.toString());
                String name = given.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot > 0) { // a file the command names beside it by its stem (report anomalies' FILE-posisi.csv), shown as given too
                    Path stem = given.resolveSibling(name.substring(0, dot));
                    shown.put(cwd.resolve(stem).toString(), stem.toString());
                }
                return resolved;
            });
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi(env, console)));
            cli.setUsageHelpAutoWidth(false);
            cli.setUsageHelpWidth(columns > 0 ? Math.max(columns, 55) : 80);
            return cli.execute(args);
        } catch (RuntimeException | Error e) { // what the JVM's own handler prints and exits with, in a JVM of its own
            uncaught[0] = e;
            err.print("Exception in thread \"main\" ");
            e.printStackTrace(err);
            return 1;
        } finally {
            out.flush();
            err.flush();
            outFrames.drain();
            errFrames.drain();
            Terminal.leave();
            System.setOut(systemOut);
            System.setErr(systemErr);
            System.setIn(systemIn);
        }
    }

    /** What picocli's Ansi.AUTO decides on Linux, for the client's terminal rather than this process's. */
    private static CommandLine.Help.Ansi ansi(Map<String, String> env, boolean console) {
        if (env.containsKey("NO_COLOR")) {
            return CommandLine.Help.Ansi.OFF;
        }
        String force = env.get("CLICOLOR_FORCE");
        if (force != null && !force.equals("0")) {
            return CommandLine.Help.Ansi.ON;
        }
        return console && !"0".equals(env.get("CLICOLOR")) ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
    }

    private static String string(DataInputStream in, Charset charset) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("bad length " + length);
        }
        return new String(in.readNBytes(length), charset);
    }

    static void sendFrame(OutputStream raw, byte kind, int count) throws IOException {
        synchronized (raw) {
            raw.write(new byte[] {kind, (byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count});
            raw.flush();
        }
    }

    /**
     * One of the command's output streams, as frames to the client; a client gone away is output nobody reads. With
     * paths to show as given, whole lines are sent (a path is never split between two writes), the rest when the
     * command ends or asks for input.
     */
    private static final class FrameStream extends OutputStream {
        private final OutputStream raw;
        private final byte kind;
        private final Map<String, String> shown;
        private final Charset charset;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean gone;

        FrameStream(OutputStream raw, byte kind, Map<String, String> shown, Charset charset) {
            this.raw = raw;
            this.kind = kind;
            this.shown = shown;
            this.charset = charset;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            if (shown.isEmpty() && pending.size() == 0) {
                send(bytes, offset, length);
                return;
            }
            pending.write(bytes, offset, length);
            byte[] held = pending.toByteArray();
            int end = held.length;
            while (end > 0 && held[end - 1] != '\n') {
                end--;
            }
            if (end > 0) {
                pending.reset();
                pending.write(held, end, held.length - end);
                sendShown(held, end);
            }
        }

        synchronized void drain() {
            byte[] held = pending.toByteArray();
            pending.reset();
            sendShown(held, held.length);
        }

        private void sendShown(byte[] bytes, int length) {
            // bytes as ISO-8859-1 characters, one for one, so replacing text never changes the other bytes
            String text = new String(bytes, 0, length, ISO_8859_1);
            for (Map.Entry<String, String> path : shown.entrySet()) {
                text = text.replace(latin1(path.getKey()), latin1(path.getValue()));
            }
            byte[] out = text.getBytes(ISO_8859_1);
            send(out, 0, out.length);
        }

        private String latin1(String text) {
            return new String(text.getBytes(charset), ISO_8859_1);
        }

        private void send(byte[] bytes, int offset, int length) {
            if (length == 0 || gone) {
                return;
            }
            synchronized (raw) {
                try {
                    byte[] frame = new byte[5 + length];
                    frame[0] = kind;
                    frame[1] = (byte) (length >>> 24);
                    frame[2] = (byte) (length >>> 16);
                    frame[3] = (byte) (length >>> 8);
                    frame[4] = (byte) length;
                    System.arraycopy(bytes, offset, frame, 5, length);
                    raw.write(frame);
                } catch (IOException e) {
                    gone = true;
                }
            }
        }
    }

    /** The client's standard input, asked for when the command reads it (as much as one read of the client's returns). */
    private static final class ClientInput extends InputStream {
        private final DataInputStream in;
        private final OutputStream raw;
        private final Runnable beforeAsking;
        private byte[] buffer = new byte[0];
        private int position;
        private boolean ended;

        ClientInput(DataInputStream in, OutputStream raw, Runnable beforeAsking) {
            this.in = in;
            this.raw = raw;
            this.beforeAsking = beforeAsking;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position == buffer.length) {
                if (ended) {
                    return -1;
                }
                beforeAsking.run(); // a question is on the screen before the answer is read
                sendFrame(raw, WANT_INPUT, 65536);
                int count = in.readInt();
                if (count <= 0) {
                    ended = true;
                    return -1;
                }
                buffer = in.readNBytes(Math.min(count, 65536));
                position = 0;
            }
            int n = Math.min(length, buffer.length - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
