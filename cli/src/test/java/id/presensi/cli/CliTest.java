package id.presensi.cli;

import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A test of the real command line on the shared embedded database, with what it prints captured. */
abstract class CliTest {
    final TestDatabase db = TestDatabase.get();
    final Cli cli = new Cli(db.home());
    final StringWriter out = cli.out;
    final StringWriter err = cli.err;

    private static final AtomicInteger ROLES = new AtomicInteger(1000);
    private static final Pattern PASSWORD = Pattern.compile("Password \\(shown once, give it to \\S+ privately\\): (\\S+)");

    /**
     * A suffix no other test of this run has used, for login roles: roles are server-wide and outlive each test's
     * reset, so a random one (four digits) collided now and then.
     */
    static String uniqueSuffix() {
        return Integer.toString(ROLES.getAndIncrement());
    }

    int run(String... args) {
        return cli.run(args);
    }

    /** Runs a command that must succeed; if it does not, the failure says which and what it printed. */
    void ok(String... args) {
        assertThat(run(args)).as("presensi %s: %s", String.join(" ", args), err).isEqualTo(ExitCodes.OK);
    }

    /** Runs 'operator add ARGS' and gives back the password it printed, once, for the new operator. */
    String addOperator(String... args) {
        out.getBuffer().setLength(0);
        assertThat(run(Stream.concat(Stream.of("operator", "add"), Stream.of(args)).toArray(String[]::new))).as(err.toString())
                .isEqualTo(ExitCodes.OK);
        Matcher m = PASSWORD.matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        return m.group(1);
    }

    /** Lets these operators sign in with --db-user (a password file, as an operator's ~/.pgpass), until the test ends. */
    void signIn(Map<String, String> passwordByName) throws IOException {
        Path pgpass = Files.createTempFile("pgpass", "");
        pgpass.toFile().deleteOnExit(); // a password file: gone with the test run, not left in /tmp
        Files.writeString(pgpass, passwordByName.entrySet().stream()
                .map(e -> "127.0.0.1:" + db.settings().port() + ":presensi:" + e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining()));
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
    }

    @AfterEach
    void signOut() {
        System.clearProperty("org.postgresql.pgpassfile");
    }
}
