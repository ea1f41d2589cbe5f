package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.operator.Role;
import id.presensi.server.CheckInServer;
import id.presensi.server.ServerSettings;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.store.OperatorStore;
import id.presensi.testing.SettableClock;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the desk's tests stand on: the real server on a random port and the embedded PostgreSQL, two agencies (DINKES
 * with a puskesmas under it, and the RSUD), an admin for each and a BKPSDM operator, each a real database login, and a
 * morning of check-ins sent from the phones over HTTP.
 */
abstract class DeskFixture {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String SRI = "198503152010012001";    // DINKES, on time
    static final String BUDI = "198001012005011003";   // PKM-1 (under DINKES), late
    static final String RINA = "199001012015022001";   // DINKES, on leave
    static final String TONO = "199202022016011001";   // DINKES, not yet checked in
    static final String ANDI = "199002282015121002";   // RSUD
    static final String OFFICE = "\"lat\":-1.9086,\"lon\":116.1978";
    static final AtomicInteger ROLES = new AtomicInteger(1);
    static final String PASSWORD = "kata-sandi-rahasia-1";

    final TestDatabase db = TestDatabase.get();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final SettableClock clock = new SettableClock(at(7, 0));
    final String suffix = Integer.toString(ROLES.getAndIncrement());
    final String dinkesAdmin = "dinkes.admin" + suffix;
    final String rsudAdmin = "rsud.admin" + suffix;
    final String bkpsdm = "bkpsdm.op" + suffix;
    CheckInServer server;
    final Map<String, String> tokens = new HashMap<>();

    static java.time.Instant at(int hour, int minute) {
        return LocalDateTime.of(2026, 9, 14, hour, minute).atZone(WITA).toInstant();
    }

    @BeforeEach
    void two_agencies_with_a_morning_of_check_ins() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('DINKES', 'Dinas Kesehatan'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            for (String[] e : new String[][] {{SRI, "Sri Wahyuni", "DINKES"}, {BUDI, "Budi Santoso", "PKM-1"}, {RINA, "Rina Marlina", "DINKES"},
                    {TONO, "Tono Sugiarto", "DINKES"}, {ANDI, "Andi Rahman", "RSUD"}}) {
                h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, ?, id FROM unit WHERE code = ?", e[0], e[1], e[2]);
            }
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9086, 116.1978, 100 FROM unit");
            h.execute("INSERT INTO leave (employee_id, date_from, date_to, type) SELECT id, '2026-09-14', '2026-09-15', 'CT' FROM employee WHERE nip = ?", RINA);
            OperatorStore operators = new OperatorStore(db.database().jdbi());
            Audit audit = new Audit("test", "test");
            operators.add(h, audit, dinkesAdmin, Role.OPD_ADMIN, Optional.of("DINKES"), Optional.of(PASSWORD));
            operators.add(h, audit, rsudAdmin, Role.OPD_ADMIN, Optional.of("RSUD"), Optional.of(PASSWORD));
            operators.add(h, audit, bkpsdm, Role.BKPSDM, Optional.empty(), Optional.of(PASSWORD));
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock));
        for (String nip : List.of(SRI, BUDI, ANDI)) {
            tokens.put(nip, activate(nip));
        }
        clock.set(at(7, 10));
        assertThat(checkIn(SRI).statusCode()).isEqualTo(201);
        clock.set(at(7, 20));
        assertThat(checkIn(ANDI).statusCode()).isEqualTo(201);
        clock.set(at(7, 45));
        assertThat(checkIn(BUDI).statusCode()).isEqualTo(201);
        clock.set(at(9, 0));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    record Session(String cookie, String csrf) {
    }

    Session signIn(String name) throws Exception {
        var response = signInRaw(name, PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Session(cookie, jsonOf(response).get("csrf").asText());
    }

    HttpResponse<String> signInRaw(String name, String password) throws Exception {
        return send(HttpRequest.newBuilder(uri("/admin/api/signin")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials(name, password))));
    }

    HttpResponse<String> signInFrom(String address, String name, String password) throws Exception {
        return send(HttpRequest.newBuilder(uri("/admin/api/signin")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", address).POST(HttpRequest.BodyPublishers.ofString(credentials(name, password))));
    }

    String credentials(String name, String password) throws IOException {
        return json.writeValueAsString(Map.of("name", name, "password", password));
    }

    HttpResponse<String> get(Session s, String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Cookie", s.cookie()).GET());
    }

    HttpResponse<String> post(Session s, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Cookie", s.cookie()).header("X-CSRF-Token", s.csrf())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    JsonNode jsonOf(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    static Map<String, Integer> counts(JsonNode board) {
        Map<String, Integer> counts = new HashMap<>();
        board.get("groups").forEach(g -> counts.put(g.get("group").asText(), g.get("count").asInt()));
        return counts;
    }

    static JsonNode person(JsonNode board, String key) {
        for (JsonNode p : board.get("people")) {
            if (p.get("key").asText().equals(key)) {
                return p;
            }
        }
        throw new AssertionError("no " + key + " on the board");
    }

    String activate(String employee) throws Exception {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), employee, Duration.ofHours(72), "admin").code());
        var response = send(HttpRequest.newBuilder(uri("/api/v1/activate")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("employee", employee, "code", code, "deviceName", "HP")))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).get("token").asText();
    }

    HttpResponse<String> checkIn(String employee) throws Exception {
        return punch(employee, "IN");
    }

    HttpResponse<String> checkOut(String employee) throws Exception {
        return punch(employee, "OUT");
    }

    HttpResponse<String> punch(String employee, String type) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/v1/checkins")).header("Authorization", "Bearer " + tokens.get(employee))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"" + type + "\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + UUID.randomUUID() + "\"}")));
    }

    /** An izin for tomorrow from the employee's phone, with a photo of the letter or not; its id. */
    long submitRequest(String employee, boolean letter) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("requestId", UUID.randomUUID().toString(), "type", "I", "dateFrom", "2026-09-15",
                "reason", "Mengantar anak berobat"));
        if (letter) {
            body.put("photo", Base64.getEncoder().encodeToString(jpeg()));
        }
        var response = send(HttpRequest.newBuilder(uri("/api/v1/requests")).header("Authorization", "Bearer " + tokens.get(employee))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).get("id").asLong();
    }

    static byte[] jpeg() throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    static List<Long> ids(JsonNode requests) {
        List<Long> ids = new java.util.ArrayList<>();
        requests.forEach(r -> ids.add(r.get("id").asLong()));
        return ids;
    }

    String requestStatus(long id) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT status FROM request WHERE id = :id").bind("id", id).mapTo(String.class).one());
    }
}
