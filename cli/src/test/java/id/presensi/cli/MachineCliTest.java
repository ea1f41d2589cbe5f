package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A hospital's fingerprint machine: registered, its staff enrolled, its USB download read and reconciled; through the real commands. */
class MachineCliTest extends CliTest {
    static final String NURSE = "198503152010012001";
    static final String CLERK = "199002282015121002";
    static final String SERIAL = "NYU7244800354";

    @BeforeEach
    void a_hospital_with_a_night_nurse_and_a_clerk() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', id, 'SHIFT' FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'RSUD'", CLERK);
            h.execute("INSERT INTO shift_type (unit_id, code, name, start_time, end_time, late_grace_min) SELECT id, 'M', 'Malam', '21:00', '07:00', 15 FROM unit WHERE code = 'RSUD'");
            h.execute("INSERT INTO roster SELECT e.id, '2026-11-29', s.id FROM employee e, shift_type s WHERE e.nip = ?", NURSE);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }

    @Test
    void a_usb_download_is_read_by_pin_filed_by_the_rules_and_stored_once() throws Exception {
        assertThat(run("machine", "add", SERIAL, "--unit", "rsud", "--name", "Lobi IGD")).as(err.toString()).isEqualTo(ExitCodes.OK);
        Path pins = Files.createTempFile("pin", ".csv");
        Files.writeString(pins, "NIP;PIN;SERIAL\n" + NURSE + ";1;\n" + CLERK + ";28;" + SERIAL + "\n199912312020121001;5;\n");
        out.getBuffer().setLength(0);
        assertThat(run("machine", "pin", "import", pins.toString())).as(out + err.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("no employee with NIP or NIK 199912312020121001");

        // as machines write it: PIN right-aligned in 9 characters, CRLF, status 0/1/4/255, verify 1 or 0
        String download = String.join("\r\n",
                "        1\t2026-11-29 20:52:43\t1\t0\t1\t0",   // the nurse arrives for the night shift
                "       28\t2026-11-30 07:21:39\t1\t255\t1\t0", // the clerk, status 255
                "       28\t2026-11-30 07:21:41\t1\t255\t1\t0", // a double tap two seconds later
                "        1\t2026-11-30 07:03:10\t1\t4\t1\t0",   // the nurse leaves next morning: status 4 pressed by mistake
                "       28\t2026-11-30 16:05:00\t1\t1\t1\t0",
                "        9\t2026-11-30 08:00:00\t1\t0\t1\t0",   // nobody has PIN 9
                "       28\t2026-13-30 08:00:00\t1\t0\t1\t0",   // no month 13
                "") ;
        Path file = Files.createTempDirectory("usb").resolve(SERIAL + "_attlog.dat");
        Files.writeString(file, download, StandardCharsets.US_ASCII);
        Path rejects = Files.createTempFile("tolak", ".csv");
        out.getBuffer().setLength(0);
        assertThat(run("punch", "import", file.toString(), "--rejects", rejects.toString())).as(out + err.toString())
                .isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("read 7").contains("inserted 5").contains("rejected 2");
        String rejected = Files.readString(rejects);
        assertThat(rejected).contains("PIN 9 is not enrolled on machine " + SERIAL).contains("'2026-13-30 08:00:00' is not a time");
        assertThat(rejected.lines().filter(l -> l.contains("PIN 9")).findFirst().orElseThrow()).contains("6");

        out.getBuffer().setLength(0);
        assertThat(run("punch", "import", file.toString(), "--json")).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).as("the same download again").contains("\"inserted\":0").contains("\"unchanged\":5");
        out.getBuffer().setLength(0);
        assertThat(run("machine", "list")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as("the machine's last punch, from its download").contains("2026-11-30T16:05");
        Path csv = Files.createTempFile("absen", ".csv");
        Files.writeString(csv, "NIP;WAKTU;JENIS;MESIN\n" + CLERK + ";2026-12-01 07:12;IN;Lobi IGD\n");
        assertThat(run("punch", "import", csv.toString())).as(out + err.toString()).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(run("machine", "list")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as("and from a CSV of punches naming it").contains("2026-12-01T07:12");

        assertThat(run("reconcile", "--from", "2026-11-29", "--to", "2026-11-30")).as(err.toString()).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(run("attendance", "list", "--from", "2026-11-29", "--to", "2026-11-29", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as("the night shift that began on the 29th has its morning punch")
                .contains(NURSE).contains("20:52").contains("07:03");
        Object stored = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT machine_status || '/' || verify_mode || '/' || work_date FROM checkin WHERE machine_pin = '1' AND machine_status = 4")
                .mapTo(String.class).one());
        assertThat(stored).as("the raw status kept, the work date from the rules").isEqualTo("4/1/2026-11-29");
    }

    @Test
    void a_download_named_by_device_number_needs_the_serial_and_a_binary_file_is_refused() throws Exception {
        assertThat(run("machine", "add", SERIAL, "--unit", "RSUD", "--name", "Lobi IGD")).isEqualTo(ExitCodes.OK);
        Path dir = Files.createTempDirectory("usb");
        Path numbered = dir.resolve("1_attlog.dat");
        Files.writeString(numbered, "        1\t2026-11-29 20:52:43\t1\t0\t1\t0\r\n");
        assertThat(run("punch", "import", numbered.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("--machine SERIAL");
        Path binary = dir.resolve("X_attlog.dat");
        Files.write(binary, new byte[] {'P', 'K', 3, 4, 0, 0, 7, 8});
        assertThat(run("punch", "import", binary.toString(), "--machine", SERIAL)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("not a machine's attlog download").doesNotContain("\u0003");
        assertThat(run("punch", "import", numbered.toString(), "--machine", "UNKNOWN1")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("no machine UNKNOWN1 is registered");
    }

    @Test
    void machines_are_listed_with_unregistered_serials_and_removed_with_their_own_pins() throws Exception {
        assertThat(run("machine", "add", SERIAL, "--unit", "RSUD", "--name", "Lobi IGD")).isEqualTo(ExitCodes.OK);
        assertThat(run("machine", "add", "bad serial!", "--unit", "RSUD", "--name", "X")).isEqualTo(ExitCodes.FAILED);
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO machine_sighting (serial, client) VALUES ('AF4C211360651', '10.1.2.3')"));
        Path pins = Files.createTempFile("pin", ".csv");
        Files.writeString(pins, "NIP,PIN,SERIAL\n" + CLERK + ",28," + SERIAL + "\n" + NURSE + ",1,\n");
        assertThat(run("machine", "pin", "import", pins.toString())).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(run("machine", "list")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(SERIAL).contains("Lobi IGD").contains("AF4C211360651").contains("tidak")
                .contains("1 machine registered, 1 seen but not registered");
        out.getBuffer().setLength(0);
        assertThat(run("machine", "pin", "list", "--csv")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("28").contains(SERIAL);
        assertThat(run("machine", "remove", SERIAL, "--yes")).as(err.toString()).isEqualTo(ExitCodes.OK);
        List<String> left = db.database().jdbi().withHandle(h -> h.createQuery("SELECT pin FROM machine_pin").mapTo(String.class).list());
        assertThat(left).as("the PIN valid everywhere stays; the machine's own went with it").containsExactly("1");
    }

    @Test
    void an_opd_admin_neither_sees_nor_registers_another_units_machine() throws Exception {
        assertThat(run("machine", "add", SERIAL, "--unit", "BKPSDM", "--name", "Lobi BKPSDM")).isEqualTo(ExitCodes.OK);
        String admin = "rsud.admin" + uniqueSuffix();
        signIn(Map.of(admin, addOperator(admin, "--role", "opd-admin", "--unit", "RSUD")));
        out.getBuffer().setLength(0);
        assertThat(run("machine", "list", "--db-user", admin)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).doesNotContain(SERIAL);
        assertThat(run("machine", "add", SERIAL, "--unit", "RSUD", "--name", "Milik saya", "--db-user", admin)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("outside your scope");
        assertThat(run("machine", "add", "RSUD0001", "--unit", "BKPSDM", "--name", "X", "--db-user", admin)).isEqualTo(ExitCodes.FAILED);
        assertThat(run("machine", "add", "RSUD0001", "--unit", "RSUD", "--name", "IGD", "--db-user", admin)).as(err.toString())
                .isEqualTo(ExitCodes.OK);
        assertThat(run("machine", "remove", SERIAL, "--yes", "--db-user", admin)).isEqualTo(ExitCodes.FAILED);
        List<String> machines = db.database().jdbi().withHandle(h -> h.createQuery("SELECT serial || ':' || name FROM machine ORDER BY serial")
                .mapTo(String.class).list());
        assertThat(machines).containsExactly(SERIAL + ":Lobi BKPSDM", "RSUD0001:IGD");
    }

    @Test
    void an_allowlist_is_set_and_cleared_and_a_confirmed_address_files_what_was_held_audited() throws Exception {
        ok("machine", "add", SERIAL, "--unit", "RSUD", "--name", "Lobi IGD", "--from", "203.0.113.7/32", "--from", "2001:db8:5::/48");
        assertThat(scalar("SELECT allowed_from::text FROM machine")).isEqualTo("{203.0.113.7/32,2001:db8:5::/48}");
        assertThat(run("machine", "allow", SERIAL, "--from", "203.0.113.7/33")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("prefix after / must be 0 to 32");
        assertThat(run("machine", "allow", SERIAL, "--from", "kantor.example.go.id")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("is not an address block");
        ok("machine", "allow", SERIAL, "--none");
        assertThat(scalar("SELECT cardinality(allowed_from) FROM machine")).isEqualTo(0);

        enroll(CLERK + ",28,");
        // what the service held: the machine first pushed from the office, then from a new address
        db.database().jdbi().useHandle(h -> {
            h.execute("UPDATE machine SET trusted_address = '203.0.113.7', last_address = '198.51.100.66'");
            h.execute("""
                    INSERT INTO machine_held_punch (machine_id, pin, local_time, status, verify_mode, reason, address)
                    SELECT id, '28', ?::timestamp, 0, 1, 'ADDRESS', '198.51.100.66' FROM machine""", today() + " 07:21:00");
            h.execute("""
                    INSERT INTO machine_held_punch (machine_id, pin, local_time, status, verify_mode, reason, address)
                    SELECT id, '28', ?::timestamp, 0, 1, 'ADDRESS', '198.51.100.66' FROM machine""", today() + " 16:05:00");
        });
        out.getBuffer().setLength(0);
        ok("machine", "list");
        assertThat(out.toString()).contains("198.51.100.66").contains("DITAHAN");
        out.getBuffer().setLength(0);
        ok("machine", "confirm", SERIAL);
        assertThat(out.toString()).contains("address 198.51.100.66 confirmed; 2 held punch(es) released, 2 filed");
        assertThat(scalar("SELECT count(*) FROM checkin WHERE machine_pin = '28'")).isEqualTo(2L);
        assertThat(scalar("SELECT host(trusted_address) FROM machine")).isEqualTo("198.51.100.66");
        assertThat(scalar("SELECT count(*) FROM audit_log WHERE entity = 'machine_address' AND command LIKE '%machine confirm%'")).isEqualTo(1L);
        assertThat(scalar("SELECT count(*) FROM audit_log WHERE entity = 'machine_punch' AND (after ->> 'filed')::int = 2")).isEqualTo(1L);
        assertThat(run("machine", "confirm", SERIAL)).as("nothing held, no address given").isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("--address");
    }

    @Test
    void an_address_confirmed_for_an_allowlisted_machine_joins_its_allowlist() throws Exception {
        ok("machine", "add", SERIAL, "--unit", "RSUD", "--name", "Lobi IGD", "--from", "203.0.113.0/24");
        enroll(NURSE + ",1,");
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO machine_held_punch (machine_id, pin, local_time, reason, address)
                SELECT id, '1', ?::timestamp, 'ADDRESS', '2001:db8:7::15' FROM machine""", today() + " 07:00:00"));
        assertThat(run("machine", "confirm", SERIAL, "--address", "2001:db8:7::15/64")).as("an address, not a block").isEqualTo(ExitCodes.FAILED);
        out.getBuffer().setLength(0);
        ok("machine", "confirm", SERIAL, "--address", "2001:DB8:7:0::15");
        assertThat(out.toString()).contains("1 held punch(es) released, 1 filed");
        assertThat(scalar("SELECT allowed_from::text FROM machine")).isEqualTo("{203.0.113.0/24,2001:db8:7::15/128}");
        assertThat(scalar("SELECT count(*) FROM checkin")).isEqualTo(1L);
    }

    @Test
    void a_sighted_serial_is_registered_saying_when_and_whence_it_called_and_gives_no_claim_to_another_units_machine() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO machine_sighting (serial, client, last_seen, requests) VALUES ('RSUD0001', '10.1.2.3', now(), 4),
                                                                                     ('BKP00001', '10.9.9.9', now(), 2)"""));
        ok("machine", "add", "BKP00001", "--unit", "BKPSDM", "--name", "Lobi BKPSDM");
        String admin = "rsud.admin" + uniqueSuffix();
        signIn(Map.of(admin, addOperator(admin, "--role", "opd-admin", "--unit", "RSUD")));
        assertThat(run("machine", "add", "BKP00001", "--unit", "RSUD", "--name", "Punya saya", "--db-user", admin))
                .as("seen calling is no claim to a machine registered elsewhere").isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("outside your scope");
        out.getBuffer().setLength(0);
        ok("machine", "add", "RSUD0001", "--unit", "RSUD", "--name", "IGD", "--db-user", admin);
        assertThat(out.toString()).contains("called the service unregistered 4 time(s)").contains("from 10.1.2.3")
                .contains("the first address it pushes from will be trusted");
        assertThat(scalar("SELECT string_agg(serial || ':' || name, ',' ORDER BY serial) FROM machine")).isEqualTo("BKP00001:Lobi BKPSDM,RSUD0001:IGD");
    }

    @Test
    void pin_import_files_kept_punches_from_the_enrolment_day_on_and_the_backlog_only_when_asked() throws Exception {
        ok("machine", "add", SERIAL, "--unit", "RSUD", "--name", "Lobi IGD");
        LocalDate today = today();
        db.database().jdbi().useHandle(h -> {
            for (int back = 0; back < 5; back++) {
                h.execute("INSERT INTO machine_unmatched_punch (machine_id, pin, local_time, status) SELECT id, '28', ?::timestamp, 0 FROM machine",
                        today.minusDays(back) + " 00:10:00");
            }
        });
        out.getBuffer().setLength(0);
        enroll(CLERK + ",28," + SERIAL);
        assertThat(out.toString()).contains("1 punches machines had sent under these PINs are now stored")
                .contains("4 punches pushed under these PINs before they were enrolled stay aside");
        out.getBuffer().setLength(0);
        Path pins = Files.createTempFile("pin", ".csv");
        Files.writeString(pins, "NIP,PIN,SERIAL\n" + CLERK + ",28," + SERIAL + "\n");
        ok("machine", "pin", "import", pins.toString(), "--file-backlog");
        assertThat(out.toString()).contains("4 punches machines had sent").contains("backlog from before enrolment included");
        assertThat(scalar("SELECT count(*) FROM checkin WHERE machine_pin = '28'")).isEqualTo(5L);
        assertThat(scalar("SELECT count(*) FROM audit_log WHERE entity = 'machine_punch' AND after ->> 'backlog' = 'true'")).isEqualTo(1L);
    }

    @Test
    void an_opd_admin_with_psql_can_neither_plant_nor_file_punches_nor_change_a_machines_trust_behind_the_commands() throws Exception {
        ok("machine", "add", SERIAL, "--unit", "RSUD", "--name", "Lobi IGD");
        ok("machine", "add", "BKP00001", "--unit", "BKPSDM", "--name", "Lobi BKPSDM");
        String staff = "199505052020121001";
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Staf BKPSDM', id FROM unit WHERE code = 'BKPSDM'", staff);
            // the BKPSDM employee's regency-wide PIN, and punches under it on the hospital's machine (as if planted or pushed)
            h.execute("INSERT INTO machine_pin (employee_id, pin, created_at) SELECT id, '31', '2026-01-01' FROM employee WHERE nip = ?", staff);
            h.execute("INSERT INTO machine_unmatched_punch (machine_id, pin, local_time) SELECT id, '31', ?::timestamp FROM machine WHERE serial = ?",
                    today() + " 07:01:00", SERIAL);
        });
        String admin = "rsud.admin" + uniqueSuffix();
        String password = addOperator(admin, "--role", "opd-admin", "--unit", "RSUD");
        signIn(Map.of(admin, password));
        try (Connection psql = DriverManager.getConnection(db.settings().url(), admin, password)) {
            String machine = "(SELECT id FROM machine WHERE serial = '" + SERIAL + "')";
            for (String attack : List.of(
                    "INSERT INTO machine_unmatched_punch (machine_id, pin, local_time) VALUES (" + machine + ", '31', now()::timestamp)",
                    "UPDATE machine_unmatched_punch SET local_time = local_time - interval '1 day'",
                    "DELETE FROM machine_unmatched_punch",
                    "INSERT INTO machine_held_punch (machine_id, pin, local_time, reason) VALUES (" + machine + ", '31', now()::timestamp, 'ADDRESS')",
                    "DELETE FROM machine_held_punch",
                    "UPDATE machine SET allowed_from = '{0.0.0.0/0}'",
                    "UPDATE machine SET trusted_address = '198.51.100.66'",
                    "INSERT INTO machine (serial, unit_id, name, trusted_address) SELECT 'RSUD0002', unit_id, 'X', '198.51.100.66' FROM machine",
                    "SELECT machine_allow('BKP00001', '{0.0.0.0/0}', 'x', 'x')",
                    "SELECT machine_confirm('BKP00001', '198.51.100.66', 'x', 'x')",
                    "SELECT machine_release_held(1)")) {
                assertThatThrownBy(() -> execute(psql, attack)).as(attack).isInstanceOf(SQLException.class);
            }
            // filing through the function with a work date of its choosing: another agency's regency-wide PIN is not filed
            assertThat(query(psql, "SELECT machine_file_unmatched(ARRAY[" + machine + "], '{31}', ARRAY['" + today() + " 07:01:00'::timestamp], "
                    + "ARRAY['2026-01-01'::date], true, 'x', 'x')")).isEqualTo("0");
        }
        out.getBuffer().setLength(0);
        Path pins = Files.createTempFile("pin", ".csv");
        Files.writeString(pins, "NIP,PIN,SERIAL\n" + CLERK + ",28,\n");
        ok("machine", "pin", "import", pins.toString(), "--file-backlog", "--db-user", admin);
        assertThat(scalar("SELECT count(*) FROM checkin")).as("nothing filed under the other agency's PIN").isEqualTo(0L);
        assertThat(scalar("SELECT count(*) FROM machine_unmatched_punch WHERE pin = '31'")).isEqualTo(1L);
        assertThat(scalar("SELECT count(*) FROM machine WHERE trusted_address IS NOT NULL OR cardinality(allowed_from) > 0")).isEqualTo(0L);

        // a punch of her own staff, filed by the function under the PIN's holder on its own day, whatever day is asked
        db.database().jdbi().useHandle(h -> h.execute(
                "INSERT INTO machine_unmatched_punch (machine_id, pin, local_time) SELECT id, '28', ?::timestamp FROM machine WHERE serial = ?",
                today() + " 07:02:00", SERIAL));
        try (Connection psql = DriverManager.getConnection(db.settings().url(), admin, password)) {
            assertThat(query(psql, "SELECT machine_file_unmatched(ARRAY[(SELECT id FROM machine WHERE serial = '" + SERIAL + "')], '{28}', "
                    + "ARRAY['" + today() + " 07:02:00'::timestamp], ARRAY['2026-01-01'::date], true, 'forged', 'x')")).isEqualTo("1");
        }
        assertThat(scalar("SELECT work_date::text || ' ' || e.nip FROM checkin c JOIN employee e ON e.id = c.employee_id"))
                .isEqualTo(today() + " " + CLERK);
        assertThat(scalar("SELECT operator FROM audit_log WHERE entity = 'machine_punch' ORDER BY id DESC LIMIT 1"))
                .as("the audit names the real session user").isEqualTo(admin);
    }

    private void enroll(String row) throws Exception {
        Path pins = Files.createTempFile("pin", ".csv");
        Files.writeString(pins, "NIP,PIN,SERIAL\n" + row + "\n");
        ok("machine", "pin", "import", pins.toString());
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Makassar"));
    }

    private Object scalar(String sql) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).map((rs, ctx) -> rs.getObject(1)).one());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
