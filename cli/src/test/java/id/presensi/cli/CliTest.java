package id.presensi.cli;

import id.presensi.testing.TestDatabase;

import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;

/** A test of the real command line on the shared embedded database, with what it prints captured. */
abstract class CliTest {
    final TestDatabase db = TestDatabase.get();
    final Cli cli = new Cli(db.home());
    final StringWriter out = cli.out;
    final StringWriter err = cli.err;

    private static final AtomicInteger ROLES = new AtomicInteger(1000);

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
}
