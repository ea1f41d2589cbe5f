package id.presensi.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands run through the resident process (its real client, scripts/presensi-resident.pl, over its socket) print
 * the same bytes on stdout and stderr, and exit with the same code, as the same commands in a JVM of their own,
 * started in the same folder: a listing, a failing command, a usage error, files named relative to the folder (a
 * monthly recap's workbook too), standard input and a question refused without a terminal. A command that comes while
 * another runs is sent to a JVM of its own at once. And only its user's client is let in.
 */
class ResidentCliTest extends CliTest {
    private static final Path CLIENT = Path.of("..", "scripts", "presensi-resident.pl").toAbsolutePath().normalize();
    private static Path folder;
    private static Path jar;
    private static Thread serving;

    @TempDir
    Path cwd;

    @BeforeAll
    static void startResident(@TempDir Path temporary) throws Exception {
        folder = temporary.resolve("resident");
        jar = Files.writeString(temporary.resolve("presensi.jar"), "stands for the jar: the resident checks it is unchanged");
        Process name = new ProcessBuilder("perl", CLIENT.toString(), "--socket", folder.toString(), jar.toString()).start();
        String socket = new String(name.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(name.waitFor()).isZero();
        Resident resident = new Resident(Path.of(socket), jar, 600, List.of());
        serving = new Thread(() -> {
            try {
                resident.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "resident");
        serving.setDaemon(true);
        serving.start();
        // the socket is made by bind, then narrowed to the user (inside a folder that is theirs alone from the start): wait for both
        for (int i = 0; i < 200 && !(Files.exists(Path.of(socket))
                && Files.getPosixFilePermissions(Path.of(socket)).equals(PosixFilePermissions.fromString("rw-------"))); i++) {
            Thread.sleep(50);
        }
        assertThat(Path.of(socket)).exists();
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(Path.of(socket))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void stopResident() throws IOException {
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0)); // a changed jar: it stops
    }

    @BeforeEach
    void staff() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '196512311990031001', 'Hasan Pensiun', id FROM unit");
        });
    }

    @Test
    void a_listing_prints_the_same_bytes() throws Exception {
        Run direct = direct("", "unit", "list", "--home", db.home().toString());
        assertThat(direct.code).as(direct.err).isEqualTo(ExitCodes.OK);
        assertThat(direct.out).contains("BAPPEDA");
        assertThat(resident("", "unit", "list", "--home", db.home().toString())).isEqualTo(direct);
        assertThat(resident("", "--help")).isEqualTo(direct("", "--help"));
        Run completion = direct("", "completion");
        assertThat(resident("", "completion")).isEqualTo(completion).isEqualTo(resident("", "completion"));
    }

    @Test
    void a_failing_command_and_a_usage_error_exit_with_the_same_code_and_words() throws Exception {
        Run missing = direct("", "staff", "show", "000000000000000000", "--home", db.home().toString());
        assertThat(missing.code).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err).isNotEmpty();
        assertThat(resident("", "staff", "show", "000000000000000000", "--home", db.home().toString())).isEqualTo(missing);

        Run misspelt = direct("", "unit", "lisst", "--home", db.home().toString());
        assertThat(misspelt.code).isEqualTo(ExitCodes.USAGE);
        assertThat(resident("", "unit", "lisst", "--home", db.home().toString())).isEqualTo(misspelt);
    }

    @Test
    void a_file_named_relative_to_the_folder_is_read_there_and_named_as_given() throws Exception {
        Files.createDirectories(cwd.resolve("in"));
        Files.writeString(cwd.resolve("in/unit.csv"), "KODE_UNIT;NAMA_UNIT;KODE_INDUK;ZONA_WAKTU\nRSUD;RSUD Panglima Sebaya;;WITA\nX;;;\n");
        Run direct = direct("", "unit", "import", "in/unit.csv", "--dry-run", "--rejects", "in/ditolak.csv", "--home", db.home().toString());
        assertThat(direct.out).contains("from in/unit.csv").contains("in/ditolak.csv").doesNotContain(cwd.toString());
        Files.delete(cwd.resolve("in/ditolak.csv"));
        assertThat(resident("", "unit", "import", "in/unit.csv", "--dry-run", "--rejects", "in/ditolak.csv", "--home", db.home().toString()))
                .isEqualTo(direct);
        assertThat(cwd.resolve("in/ditolak.csv")).as("written in the client's folder").exists();

        Run absent = direct("", "unit", "import", "nowhere.csv", "--home", db.home().toString());
        assertThat(absent.code).isEqualTo(ExitCodes.FAILED);
        assertThat(resident("", "unit", "import", "nowhere.csv", "--home", db.home().toString())).isEqualTo(absent);
    }

    @Test
    void a_monthly_recap_is_written_in_the_clients_folder_with_the_same_bytes() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, first_in, last_out, late_min,
                                        early_min, codes, explanation)
                SELECT id, date '2026-08-03', unit_id, timestamptz '2026-08-03 07:30+08', timestamptz '2026-08-03 16:00+08',
                       timestamptz '2026-08-03 07:41+08', timestamptz '2026-08-03 16:02+08', 11, 0, ARRAY['TL1'], 'test' FROM employee"""));
        Run direct = direct("", "report", "monthly", "--month", "2026-08", "--out", "rekap.xlsx", "--home", db.home().toString());
        assertThat(direct.code).as(direct.err).isEqualTo(ExitCodes.OK);
        assertThat(direct.out).contains("written to rekap.xlsx").doesNotContain(cwd.toString());
        byte[] written = Files.readAllBytes(cwd.resolve("rekap.xlsx"));
        Files.delete(cwd.resolve("rekap.xlsx"));

        assertThat(resident("", "report", "monthly", "--month", "2026-08", "--out", "rekap.xlsx", "--home", db.home().toString())).isEqualTo(direct);
        assertThat(Files.readAllBytes(cwd.resolve("rekap.xlsx"))).as("the same workbook, in the client's folder").isEqualTo(written);
        assertThat(Files.getPosixFilePermissions(cwd.resolve("rekap.xlsx"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void the_anomalies_workbook_and_the_positions_beside_it_are_shown_as_given() throws Exception {
        Run direct = direct("", "report", "anomalies", "--from", "2026-08-01", "--to", "2026-08-31", "--out", "anomali.xlsx", "--home", db.home().toString());
        assertThat(direct.code).as(direct.err).isEqualTo(ExitCodes.OK);
        assertThat(direct.out).contains("written to anomali.xlsx; positions to anomali-posisi.csv");
        Files.delete(cwd.resolve("anomali.xlsx"));
        Files.delete(cwd.resolve("anomali-posisi.csv"));

        assertThat(resident("", "report", "anomalies", "--from", "2026-08-01", "--to", "2026-08-31", "--out", "anomali.xlsx", "--home",
                db.home().toString())).isEqualTo(direct);
        assertThat(cwd.resolve("anomali-posisi.csv")).exists();
    }

    @Test
    void a_command_that_comes_while_another_runs_is_sent_to_a_jvm_of_its_own_not_kept_waiting() throws Exception {
        List<String> waiting = new ArrayList<>(List.of("perl", CLIENT.toString(), folder.toString(), jar.toString(), "operator", "add",
                "rina" + uniqueSuffix(), "--role", "bkpsdm", "--password-stdin", "--home", db.home().toString()));
        Process first = new ProcessBuilder(waiting).directory(cwd.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // waits for its password, as a long report would run
        try {
            List<String> second = new ArrayList<>(List.of("perl", CLIENT.toString(), folder.toString(), jar.toString(), "unit", "list",
                    "--home", db.home().toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int code;
            do { // until the first is being served (on a loaded machine its client may connect late): a listing before that runs here
                Thread.sleep(200);
                Process next = new ProcessBuilder(second).directory(cwd.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                boolean answered = next.waitFor(10, TimeUnit.SECONDS);
                next.destroy();
                assertThat(answered).as("answered while the other command runs").isTrue();
                code = next.exitValue();
            } while (code == ExitCodes.OK && first.isAlive() && System.nanoTime() < deadline);
            assertThat(code).as("not served: the launcher runs it directly").isEqualTo(199);
        } finally {
            first.getOutputStream().close(); // no password: the first command ends
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void standard_input_is_read_when_the_command_reads_it_and_a_question_without_a_terminal_is_refused() throws Exception {
        Run shortPassword = direct("short\n", "operator", "add", "rina" + uniqueSuffix(), "--role", "bkpsdm", "--password-stdin",
                "--home", db.home().toString());
        assertThat(shortPassword.err).contains("at least 12 characters");
        String name = "rina" + uniqueSuffix();
        Run tooShort = resident("short\n", "operator", "add", name, "--role", "bkpsdm", "--password-stdin", "--home", db.home().toString());
        assertThat(tooShort).isEqualTo(new Run(shortPassword.code, shortPassword.out, shortPassword.err.replaceAll("rina\\d+", name)));

        Run added = resident("a-long-enough-password\n", "operator", "add", name, "--role", "bkpsdm", "--password-stdin",
                "--home", db.home().toString());
        assertThat(added.code).as(added.err).isEqualTo(ExitCodes.OK);
        assertThat(added.out).contains(name);

        Run refused = direct("y\n", "staff", "end", "196512311990031001", "--from", "2026-09-10", "--reason", "pensiun",
                "--home", db.home().toString());
        assertThat(refused.code).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err).contains("add --yes");
        assertThat(resident("y\n", "staff", "end", "196512311990031001", "--from", "2026-09-10", "--reason", "pensiun",
                "--home", db.home().toString())).isEqualTo(refused);
    }

    @Test
    void another_folder_or_a_stale_socket_is_not_served_and_the_client_says_so_with_its_own_code() throws Exception {
        Path elsewhere = Files.createDirectories(cwd.resolve("other"));
        assertThat(client(elsewhere, "", "unit", "list").code).isEqualTo(199);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));
        try {
            assertThat(client(folder, "", "unit", "list").code).as("a folder others may enter is not trusted").isEqualTo(199);
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run resident(String stdin, String... args) throws Exception {
        return client(folder, stdin, args);
    }

    private Run client(Path socketFolder, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("perl", CLIENT.toString(), socketFolder.toString(), jar.toString()));
        command.addAll(List.of(args));
        return started(command, stdin);
    }

    /** The command in a JVM of its own, started in the test's folder, as the launcher starts it. */
    private Run direct(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Presensi.class.getName()));
        command.addAll(List.of(args));
        return started(command, stdin);
    }

    private Run started(List<String> command, String stdin) throws Exception {
        Path input = Files.writeString(Files.createTempFile(cwd, "stdin", ""), stdin);
        Path out = Files.createTempFile("out", ""), err = Files.createTempFile("err", "");
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectInput(input.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("PWD"); // as a shell in cwd would have it: the client reads its folder itself
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Files.delete(input);
        return new Run(process.exitValue(), Files.readString(out), TEST_LOG.matcher(Files.readString(err)).replaceAll(""));
    }

    /**
     * The tests' logback configuration logs to the console, with the time and stack traces that differ between two runs
     * (the commands' own logging goes to presensi.log, in the home, not to the terminal): left out of the comparison.
     */
    private static final Pattern TEST_LOG = Pattern.compile(
            "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ .*\n(?:(?:\t|Caused by: |[\\w.$]+(?:Exception|Error)\\b).*\n)*");
}
