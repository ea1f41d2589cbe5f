package id.presensi.cli;

import id.presensi.db.Directories;
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
            Directories.deleteRecursively(fresh);
        }
    }

    @Test
    void the_operators_come_back_with_a_restore_and_a_missing_login_is_made_again_under_the_same_name() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/postgresql/" + EmbeddedPostgres.MAJOR + "/bin/pg_dump")),
                "pg_dump " + EmbeddedPostgres.MAJOR + " is not installed");
        db.reset();
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')"));
        String admin = "dinkes.admin" + uniqueSuffix();
        String chief = "bkpsdm.kepala" + uniqueSuffix();
        String adminPassword = addOperator(admin, "--role", "opd-admin", "--unit", "DINKES");
        addOperator(chief, "--role", "bkpsdm");
        Path file = Files.createTempDirectory("cadangan").resolve("presensi.dump");
        assertThat(cli.run("db", "backup", file.toString())).as(cli.err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).contains("With it the logins of 2 operator(s).");
        long copies = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM operator_login").mapTo(Long.class).one());
        assertThat(copies).as("no verifier stays behind in the database").isZero();

        Path fresh = Files.createTempDirectory("presensi-restored");
        EmbeddedPostgres restoredServer = new EmbeddedPostgres(fresh);
        try {
            Cli restoring = new Cli(fresh);
            assertThat(restoring.run("db", "restore", file.toString())).as(restoring.err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(restoring.out.toString()).contains("Operators who can sign in again with their own passwords: ").contains(admin).contains(chief);
            var settings = restoredServer.ensureRunning();
            // the OPD admin signs in to the new server with the password they had, and still sees only their unit
            try (Connection c = DriverManager.getConnection(settings.url(), admin, adminPassword);
                 ResultSet rs = c.createStatement().executeQuery("SELECT operator_sees_all(), pg_has_role(current_user, 'presensi_opd_admin', 'MEMBER')")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isFalse();
                assertThat(rs.getBoolean(2)).isTrue();
            }

            // a login that did not come along (a backup without it): the name says so, and relink makes it again
            try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
                c.createStatement().execute("DROP ROLE \"" + chief + "\"");
                c.createStatement().execute("DROP ROLE \"" + admin + "\"");
            }
            assertThat(restoring.run("operator", "disable", admin, "--yes")).as("nothing to sign in with, so only marked: " + restoring.err)
                    .isEqualTo(ExitCodes.OK);
            restoring.out.getBuffer().setLength(0);
            assertThat(restoring.run("operator", "list")).isEqualTo(ExitCodes.OK);
            assertThat(restoring.out.toString()).contains("tanpa login (operator relink " + chief + ")").containsPattern(admin + "\\s+OPD_ADMIN\\s+DINKES\\s+nonaktif");
            assertThat(restoring.run("operator", "add", chief, "--role", "bkpsdm")).isEqualTo(ExitCodes.FAILED);
            assertThat(restoring.err.toString()).contains("operator " + chief + " already exists (BKPSDM)").contains("operator relink " + chief)
                    .doesNotContain("operator_pkey").doesNotContain("duplicate key");
            assertThat(restoring.run("operator", "passwd", chief)).isEqualTo(ExitCodes.FAILED);
            assertThat(restoring.err.toString()).contains("has no login on this server").contains("'presensi operator relink " + chief + "'")
                    .doesNotContain("does not exist");
            restoring.out.getBuffer().setLength(0);
            assertThat(restoring.run("operator", "relink", chief)).as(restoring.err.toString()).isEqualTo(ExitCodes.OK);
            var password = java.util.regex.Pattern.compile("Password \\(shown once, give it to \\S+ privately\\): (\\S+)").matcher(restoring.out.toString());
            assertThat(password.find()).isTrue();
            try (Connection c = DriverManager.getConnection(settings.url(), chief, password.group(1));
                 ResultSet rs = c.createStatement().executeQuery("SELECT operator_sees_all(), (SELECT count(*) FROM audit_log WHERE entity_key = current_user)")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("a BKPSDM operator again").isTrue();
                assertThat(rs.getLong(2)).as("added, then made again: one history").isEqualTo(2);
            }
        } finally {
            restoredServer.stop();
            Directories.deleteRecursively(fresh);
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
