package id.presensi.testing;

import id.presensi.db.ConnectionSettings;
import id.presensi.db.Database;
import id.presensi.db.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * One embedded PostgreSQL per test JVM, in a throw-away Presensi home, migrated once and stopped when the
 * JVM exits. {@link #reset()} gives each test a known, empty state.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final Path home;
    private final ConnectionSettings settings;
    private final Database database;

    private TestDatabase() throws IOException {
        home = Files.createTempDirectory("presensi-test-home");
        EmbeddedPostgres server = new EmbeddedPostgres(home);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            deleteQuietly(home);
        }));
        settings = server.ensureRunning();
        database = Database.open(settings, 8);
        database.migrate();
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            try {
                instance = new TestDatabase();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public Database database() {
        return database;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** The Presensi home the server lives in; commands run with it as PRESENSI_HOME find the same server. */
    public Path home() {
        return home;
    }

    /** Tables whose rows the migrations seed: they are put back to the seed, not emptied. */
    private static final String SEEDED = "'flyway_schema_history', 'setting', 'deduction_table', 'deduction_rate'";

    /** Empties every table of ours (the job repository too), keeping the schema and the seeded defaults. */
    public void reset() {
        database.jdbi().useHandle(h -> {
            var tables = h.createQuery("""
                    SELECT string_agg(format('%I.%I', schemaname, tablename), ', ')
                      FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN (""" + SEEDED + ")")
                    .mapTo(String.class).one();
            h.execute("TRUNCATE " + tables + " RESTART IDENTITY CASCADE");
            h.execute("UPDATE setting SET value = '100' WHERE key = 'max_accuracy_m'");
            h.execute("DELETE FROM setting WHERE key <> 'max_accuracy_m'");
            h.execute("DELETE FROM deduction_table WHERE valid_from <> '2000-01-01'");
        });
    }

    /**
     * A regency-wide schedule 'Perbup' valid from 2025, Monday to Friday: check-in window, start, end and
     * check-out window as given (no grace). The fixture most tests of the rules stand on.
     */
    public void officeHours(String checkinOpens, String checkinCloses, String start, String end, String checkoutOpens,
                            String checkoutCloses) {
        database.jdbi().useHandle(h -> {
            h.execute("INSERT INTO work_schedule (name, valid_from) VALUES ('Perbup', '2025-01-01')");
            h.createUpdate("""
                            INSERT INTO schedule_day
                            SELECT id, d, CAST(:opens AS time), CAST(:closes AS time), CAST(:start AS time), 0, CAST(:end AS time), 0,
                                   CAST(:outOpens AS time), CAST(:outCloses AS time)
                              FROM work_schedule, generate_series(1, 5) d WHERE name = 'Perbup'""")
                    .bind("opens", checkinOpens).bind("closes", checkinCloses).bind("start", start).bind("end", end)
                    .bind("outOpens", checkoutOpens).bind("outCloses", checkoutCloses).execute();
        });
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
