package id.presensi.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two OPDs and their admins: each sees and changes its own staff only, in the CLI and in plain SQL. */
class OperatorCliTest extends CliTest {
    static final String BKPSDM_STAFF = "199002282015121002";
    static final String DINKES_STAFF = "198503152010012001";
    static final String PUSKESMAS_STAFF = "198001012005011003";

    private final String suffix = uniqueSuffix();
    private String admin;
    private String adminPassword;
    private String bkpsdm;
    private String bkpsdmPassword;

    @BeforeEach
    void two_opds_and_their_operators() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi BKPSDM', id FROM unit WHERE code = 'BKPSDM'", BKPSDM_STAFF);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Dinkes', id FROM unit WHERE code = 'DINKES'", DINKES_STAFF);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi Puskesmas', id FROM unit WHERE code = 'PKM-1'", PUSKESMAS_STAFF);
        });
        admin = "dinkes.admin" + suffix;
        adminPassword = added(run("operator", "add", admin, "--role", "opd-admin", "--unit", "DINKES"));
        bkpsdm = "budi.bkpsdm" + suffix;
        bkpsdmPassword = added(run("operator", "add", bkpsdm, "--role", "bkpsdm"));
        Path pgpass = Files.createTempFile("pgpass", "");
        pgpass.toFile().deleteOnExit(); // a password file: gone with the test run, not left in /tmp
        Files.writeString(pgpass, "127.0.0.1:" + db.settings().port() + ":presensi:" + admin + ":" + adminPassword + "\n");
        pgpass.toFile().setReadable(false, false);
        pgpass.toFile().setReadable(true, true);
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
    }

    @AfterEach
    void forget_the_password_file() {
        System.clearProperty("org.postgresql.pgpassfile");
    }

    @Test
    void an_opd_admin_lists_their_unit_and_sub_units_only() {
        out.getBuffer().setLength(0);
        assertThat(run("staff", "list", "--json", "--db-user", admin)).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains(DINKES_STAFF).contains(PUSKESMAS_STAFF).doesNotContain(BKPSDM_STAFF);
    }

    @Test
    void a_wrong_password_is_said_in_postgresql_words_at_once() throws Exception {
        Path wrong = Files.createTempFile("pgpass", "");
        wrong.toFile().deleteOnExit(); // a password file: gone with the test run, not left in /tmp
        Files.writeString(wrong, "127.0.0.1:" + db.settings().port() + ":presensi:" + admin + ":not-the-password\n");
        wrong.toFile().setReadable(false, false);
        wrong.toFile().setReadable(true, true);
        System.setProperty("org.postgresql.pgpassfile", wrong.toString());

        assertThat(run("staff", "list", "--db-user", admin)).isEqualTo(ExitCodes.FAILED);

        assertThat(err.toString()).contains("cannot connect to the database").contains("as " + admin)
                .contains("password authentication failed for user \"" + admin + "\"")
                .doesNotContain("request timed out").doesNotContain("not-the-password");
    }

    @Test
    void an_opd_admin_works_within_their_unit_and_cannot_touch_another() {
        assertThat(run("leave", "add", PUSKESMAS_STAFF, "--from", "2026-09-07", "--to", "2026-09-08", "--type", "CT", "--db-user", admin))
                .isEqualTo(ExitCodes.OK);
        assertThat(run("device", "enroll", DINKES_STAFF, "--db-user", admin)).isEqualTo(ExitCodes.OK);

        assertThat(run("leave", "add", BKPSDM_STAFF, "--from", "2026-09-07", "--to", "2026-09-08", "--type", "CT", "--db-user", admin))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("no employee with NIP or NIK " + BKPSDM_STAFF);
        assertThat(run("unit", "import", "nothing.csv", "--db-user", admin)).isEqualTo(ExitCodes.FAILED);
        err.getBuffer().setLength(0);
        assertThat(run("calendar", "add", "2026-12-31", "--description", "Libur", "--db-user", admin)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("not allowed: 'calendar add' needs a BKPSDM operator").contains("ask a BKPSDM operator")
                .doesNotContain("Exception").doesNotContain("holiday");
    }

    @Test
    void plain_sql_as_an_opd_admin_sees_and_changes_nothing_outside_their_scope() throws SQLException {
        try (Connection c = DriverManager.getConnection(db.settings().url(), admin, adminPassword)) {
            assertThat(count(c, "SELECT count(*) FROM employee")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM employee WHERE nip = '" + BKPSDM_STAFF + "'")).isZero();
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE employee SET name = 'x'"))
                    .hasMessageContaining("permission denied");
            long outsider = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM employee WHERE nip = :nip")
                    .bind("nip", BKPSDM_STAFF).mapTo(Long.class).one());
            assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO leave (employee_id, date_from, date_to, type) VALUES ("
                    + outsider + ", DATE '2026-10-01', DATE '2026-10-01', 'CT')"))
                    .hasMessageContaining("permission denied"); // leave is written through leave_put() only (V20)
            assertThatThrownBy(() -> c.createStatement().execute("SELECT leave_put(" + outsider
                    + ", DATE '2026-10-01', DATE '2026-10-01', 'CT', NULL, 'x', 'x')")).hasMessageContaining("in your units");
            assertThatThrownBy(() -> c.createStatement().executeUpdate("DELETE FROM audit_log")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT * FROM operator")).hasMessageContaining("permission denied");
        }
    }

    @Test
    void nobody_can_alter_the_audit_trail_not_even_bkpsdm() throws SQLException {
        run("leave", "add", BKPSDM_STAFF, "--from", "2026-09-07", "--to", "2026-09-08", "--type", "CT");
        try (Connection c = DriverManager.getConnection(db.settings().url(), bkpsdm, bkpsdmPassword)) {
            assertThat(count(c, "SELECT count(*) FROM audit_log")).isPositive();
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE audit_log SET operator = 'someone'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> c.createStatement().executeUpdate("DELETE FROM audit_log")).hasMessageContaining("permission denied");
        }
        db.database().jdbi().useHandle(h -> assertThatThrownBy(() -> h.execute("DELETE FROM audit_log"))
                .hasMessageContaining("the audit trail cannot be changed or deleted"));
    }

    @Test
    void an_opd_admin_reads_the_audit_of_their_scope_only() {
        run("leave", "add", BKPSDM_STAFF, "--from", "2026-09-07", "--to", "2026-09-08", "--type", "CT");
        run("leave", "add", DINKES_STAFF, "--from", "2026-09-07", "--to", "2026-09-08", "--type", "S");
        out.getBuffer().setLength(0);

        assertThat(run("audit", "list", "--json", "--db-user", admin)).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains(DINKES_STAFF + "/2026-09-07").doesNotContain(BKPSDM_STAFF + "/2026-09-07");
    }

    @Test
    void a_signed_in_operator_is_recorded_as_themselves_whatever_operator_they_claim() {
        assertThat(run("leave", "add", DINKES_STAFF, "--from", "2026-10-05", "--to", "2026-10-05", "--type", "I",
                "--db-user", admin, "--operator", "someone.else")).isEqualTo(ExitCodes.OK);

        String recordedBy = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT operator FROM audit_log WHERE entity_key = :key").bind("key", DINKES_STAFF + "/2026-10-05").mapTo(String.class).one());
        assertThat(recordedBy).isEqualTo(admin);
    }

    @Test
    void the_check_in_service_role_cannot_read_operators_or_the_audit_trail() throws SQLException {
        String service = "checkin" + suffix;
        db.database().jdbi().useHandle(h -> h.execute("CREATE ROLE " + service + " LOGIN PASSWORD 'layanan-presensi-1' IN ROLE presensi_checkin"));
        try (Connection c = DriverManager.getConnection(db.settings().url(), service, "layanan-presensi-1")) {
            assertThat(count(c, "SELECT count(*) FROM employee")).isEqualTo(3);
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT * FROM operator")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT * FROM audit_log")).hasMessageContaining("permission denied");
            assertThat(count(c, "SELECT version FROM change_version WHERE kind = 'rules'")).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void a_bkpsdm_operator_signed_in_as_themselves_manages_opd_admins_but_makes_no_bkpsdm_operator() throws Exception {
        Path pgpass = Files.createTempFile("pgpass", "");
        pgpass.toFile().deleteOnExit(); // a password file: gone with the test run, not left in /tmp
        Files.writeString(pgpass, "127.0.0.1:" + db.settings().port() + ":presensi:" + bkpsdm + ":" + bkpsdmPassword + "\n");
        pgpass.toFile().setReadable(false, false);
        pgpass.toFile().setReadable(true, true);
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        String puskesmas = "pkm.admin" + suffix;

        String password = added(run("operator", "add", puskesmas, "--role", "opd-admin", "--unit", "PKM-1", "--db-user", bkpsdm));
        try (Connection c = DriverManager.getConnection(db.settings().url(), puskesmas, password)) {
            assertThat(count(c, "SELECT count(*) FROM employee")).as("the puskesmas's own staff").isEqualTo(1);
        }
        assertThat(run("operator", "passwd", puskesmas, "--db-user", bkpsdm)).isEqualTo(ExitCodes.OK);
        assertThat(run("operator", "disable", puskesmas, "--yes", "--db-user", bkpsdm)).isEqualTo(ExitCodes.OK);
        assertThat(run("operator", "add", "lain.bkpsdm" + suffix, "--role", "bkpsdm", "--db-user", bkpsdm)).isEqualTo(ExitCodes.FAILED);
        assertThat(run("operator", "disable", bkpsdm, "--yes", "--db-user", bkpsdm)).as("not themselves")
                .isEqualTo(ExitCodes.FAILED);

        List<String> audited = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT operator || ' ' || after::text FROM audit_log WHERE entity = 'operator' AND entity_key = :name ORDER BY id")
                .bind("name", puskesmas).mapTo(String.class).list());
        assertThat(audited).hasSize(3).allMatch(a -> a.startsWith(bkpsdm + " "));
        long made = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pg_roles WHERE rolname = :name")
                .bind("name", "lain.bkpsdm" + suffix).mapTo(Long.class).one());
        assertThat(made).as("a BKPSDM operator makes no BKPSDM operator").isZero();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String added(int exit) {
        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        Matcher m = Pattern.compile("Password \\(shown once, give it to \\S+ privately\\): (\\S+)").matcher(out.toString());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertThat(last).isNotNull();
        return last;
    }

}
