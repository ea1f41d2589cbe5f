package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
                .contains("1 machines registered, 1 seen but not registered");
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
}
