package id.presensi.cli;

import id.presensi.db.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A backup restored into a fresh home holds the same rows in every table, with PostgreSQL's own tools. */
class BackupCliTest extends CliTest {
    static final String CLERK = "199002282015121002";

    @Test
    void a_backup_restored_into_a_fresh_home_gives_identical_tables() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/postgresql/" + EmbeddedPostgres.MAJOR + "/bin/pg_dump")),
                "pg_dump " + EmbeddedPostgres.MAJOR + " is not installed (apt-get install postgresql-client-" + EmbeddedPostgres.MAJOR
                        + "); .ci/run installs it");
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Rina Tetap', id FROM unit", CLERK);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        assertThat(cli.run("leave", "add", CLERK, "--from", "2026-09-14", "--to", "2026-09-15", "--type", "CT")).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("device", "enroll", CLERK)).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("reconcile", "--from", "2026-09-01", "--to", "2026-09-30")).isEqualTo(ExitCodes.OK);

        Path file = Files.createTempDirectory("cadangan").resolve("presensi.dump");
        Path victim = Files.writeString(file.resolveSibling("victim"), "not a dump");
        Files.createSymbolicLink(file, victim); // planted where the backup goes
        assertThat(cli.run("db", "backup", file.toString())).as(cli.err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).contains("Backed up to");
        assertThat(Files.isSymbolicLink(file)).as("the link replaced, not followed").isFalse();
        assertThat(Files.readString(victim)).isEqualTo("not a dump");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("everyone's data: the owner's only").isEqualTo("rw-------");

        Path fresh = Files.createTempDirectory("presensi-restored");
        EmbeddedPostgres restoredServer = new EmbeddedPostgres(fresh);
        try {
            Cli restoring = new Cli(fresh);
            assertThat(restoring.run("db", "restore", file.toString())).as(restoring.err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(restoring.run("db", "restore", file.toString())).as("never over existing data").isEqualTo(ExitCodes.FAILED);
            var settings = restoredServer.ensureRunning();
            Map<String, String> original = fingerprints(db.settings().url(), db.settings().user(), db.settings().password());
            Map<String, String> restored = fingerprints(settings.url(), settings.user(), settings.password());
            assertThat(original).hasSizeGreaterThan(30);
            assertThat(restored).isEqualTo(original);
            assertThat(restoring.run("staff", "show", CLERK)).as("the restored home works").isEqualTo(ExitCodes.OK);
        } finally {
            restoredServer.stop();
        }
    }

    /** An md5 of every table's rows in a fixed order, by table name. */
    private static Map<String, String> fingerprints(String url, String user, String password) throws Exception {
        Map<String, String> result = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            var tables = new ArrayList<String>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t")) {
                    rs.next();
                    result.put(table, rs.getString(1));
                }
            }
        }
        return result;
    }
}
