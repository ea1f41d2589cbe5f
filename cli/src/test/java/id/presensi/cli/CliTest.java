package id.presensi.cli;

import id.presensi.testing.TestDatabase;

import java.io.StringWriter;

/** A test of the real command line on the shared embedded database, with what it prints captured. */
abstract class CliTest {
    final TestDatabase db = TestDatabase.get();
    final Cli cli = new Cli(db.home());
    final StringWriter out = cli.out;
    final StringWriter err = cli.err;

    int run(String... args) {
        return cli.run(args);
    }
}
