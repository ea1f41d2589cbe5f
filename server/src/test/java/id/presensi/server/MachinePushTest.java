package id.presensi.server;

import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulated ZKTeco machine speaking the ADMS push protocol to the real server, against the embedded PostgreSQL. */
class MachinePushTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = "199002282015121002";
    static final String NURSE = "198503152010012001";
    static final String SERIAL = "AF4C211360651";

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CheckInServerTest.TestClock clock = new CheckInServerTest.TestClock(LocalDateTime.of(2026, 9, 14, 7, 30).atZone(WITA).toInstant());
    private CheckInServer server;

    @BeforeEach
    void a_hospital_machine_with_a_night_nurse_and_a_clerk_enrolled() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'BKPSDM'", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', id, 'SHIFT' FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("INSERT INTO shift_type (unit_id, code, name, start_time, end_time, late_grace_min) SELECT id, 'M', 'Malam', '21:00', '07:00', 15 FROM unit WHERE code = 'RSUD'");
            h.execute("INSERT INTO roster SELECT e.id, '2026-09-13', s.id FROM employee e, shift_type s WHERE e.nip = ?", NURSE);
            h.execute("INSERT INTO machine (serial, unit_id, name) SELECT ?, id, 'Lobi IGD' FROM unit WHERE code = 'RSUD'", SERIAL);
            h.execute("INSERT INTO machine_pin (employee_id, pin) SELECT id, '7' FROM employee WHERE nip = ?", NURSE);
            h.execute("INSERT INTO machine_pin (employee_id, pin, machine_id) SELECT e.id, '12', m.id FROM employee e, machine m WHERE e.nip = ?", CLERK);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()));
        for (int i = 0; i < 50 && handshake(SERIAL).statusCode() != 200; i++) {
            Thread.sleep(100); // the machines are read a moment after start
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void the_handshake_gives_the_options_that_make_the_machine_send_in_its_units_zone() {
        var answer = handshake(SERIAL);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(answer.body()).startsWith("GET OPTION FROM: " + SERIAL + "\n")
                .contains("Stamp=", "OpStamp=", "ErrorDelay=", "Delay=", "TransTimes=", "TransInterval=", "TransFlag=",
                        "Realtime=1", "Encrypt=0", "TimeZone=8");
        assertThat(send("GET", "/iclock/getrequest?SN=" + SERIAL, "").body()).isEqualTo("OK");
        assertThat(send("POST", "/iclock/devicecmd?SN=" + SERIAL, "ID=1&Return=0&CMD=INFO").body()).isEqualTo("OK");
        assertThat(scalar("SELECT last_contact_at IS NOT NULL FROM machine")).isEqualTo(true);
    }

    @Test
    void punches_are_stored_once_filed_by_the_rules_and_unknown_pins_kept_aside() {
        String body = String.join("\n",
                "7\t2026-09-14 07:03:10\t0\t1\t0\t0\t0\t0\t0\t0",  // the night nurse leaving: her shift began yesterday
                "12\t2026-09-14 07:20:00\t255\t15\t\t0\t0",        // the clerk, status 255 as some machines send everything
                "12\t2026-09-14 07:20:02\t255\t15\t\t0\t0",        // a double tap two seconds later
                "99\t2026-09-14 07:21:00\t0\t1\t0\t0\t0",          // a PIN nobody has yet
                "this is not a punch") + "\n";
        var first = attlog(body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("OK");
        assertThat(attlog(body).body()).as("a resend of the same lines").isEqualTo("OK");

        assertThat(scalar("SELECT count(*) FROM checkin")).isEqualTo(3L);
        Map<String, Object> nurse = row("""
                SELECT c.work_date::text AS work_date, c.type, c.source, c.machine_id, c.machine_pin, c.machine_status, c.verify_mode, c.accepted
                  FROM checkin c JOIN employee e ON e.id = c.employee_id WHERE e.nip = '%s'""".formatted(NURSE));
        assertThat(nurse).containsEntry("work_date", "2026-09-13").containsEntry("type", null)
                .containsEntry("source", "FINGERPRINT").containsEntry("machine_id", SERIAL).containsEntry("machine_pin", "7")
                .containsEntry("machine_status", 0).containsEntry("verify_mode", 1).containsEntry("accepted", true);
        assertThat(scalar("SELECT min(machine_status) FROM checkin WHERE machine_pin = '12'")).isEqualTo(255);
        assertThat(scalar("SELECT count(*) FROM machine_unmatched_punch WHERE pin = '99'")).isEqualTo(1L);
        assertThat(scalar("SELECT last_punch_at IS NOT NULL FROM machine")).isEqualTo(true);
        assertThat(metrics()).contains("presensi_machine_records_total{outcome=\"stored\"} 3.0")
                .contains("presensi_machine_records_total{outcome=\"resent\"} 3.0")
                .contains("presensi_machine_records_total{outcome=\"malformed\"} 2.0");
    }

    @Test
    void other_tables_are_acknowledged_and_nothing_is_stored() {
        var operlog = send("POST", "/iclock/cdata?SN=" + SERIAL + "&table=OPERLOG&Stamp=1", "USER PIN=1001\tName=Sri\tGrp=1\tPri=0\n");
        assertThat(operlog.statusCode()).isEqualTo(200);
        assertThat(operlog.body()).isEqualTo("OK");
        assertThat(send("POST", "/iclock/cdata?SN=" + SERIAL + "&table=ATTPHOTO&Stamp=1", "PIN=7\nSN=" + SERIAL + "\n").body()).isEqualTo("OK");
        assertThat(scalar("SELECT count(*) FROM checkin")).isEqualTo(0L);
    }

    @Test
    void an_unregistered_serial_is_refused_remembered_and_counted() {
        var unknown = handshake("NYU7244800354");
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).contains("presensi machine add");
        assertThat(send("POST", "/iclock/cdata?SN=NYU7244800354&table=ATTLOG&Stamp=1", "7\t2026-09-14 07:03:10\t0\t1\t0\n").statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/iclock/cdata", "").statusCode()).as("no SN at all").isEqualTo(400);
        assertThat(scalar("SELECT count(*) FROM checkin")).isEqualTo(0L);
        assertThat(scalar("SELECT count(*) FROM machine_sighting WHERE serial = 'NYU7244800354'")).isEqualTo(1L);
        assertThat(metrics()).contains("presensi_machine_unregistered_requests_total 2.0");
    }

    private HttpResponse<String> handshake(String serial) {
        return send("GET", "/iclock/cdata?SN=" + serial + "&options=all&pushver=2.4.1&language=69", "");
    }

    private HttpResponse<String> attlog(String body) {
        return send("POST", "/iclock/cdata?SN=" + SERIAL + "&table=ATTLOG&Stamp=9999", body);
    }

    private String metrics() {
        return send("GET", "/metrics", "").body();
    }

    private HttpResponse<String> send(String method, String path, String body) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Content-Type", "text/plain")
                    .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Object scalar(String sql) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).map((rs, ctx) -> rs.getObject(1)).one());
    }

    private Map<String, Object> row(String sql) {
        List<Map<String, Object>> rows = db.database().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
