package id.presensi.server;

import id.presensi.testing.SettableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Presensi apel" against the real server and the embedded PostgreSQL, on Monday 7 September 2026 (WITA): the
 * regency's apel pagi 07:15-08:00 on the Setda's field, a Dinkes clerk whose office is elsewhere.
 */
class ApelEndpointsTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = "199002282015121002";
    static final LocalDate MONDAY = LocalDate.of(2026, 9, 7);
    static final String FIELD = "\"lat\":-1.9003,\"lon\":116.2002";
    static final String OFFICE = "\"lat\":-1.8000,\"lon\":116.1000";

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final SettableClock clock = new SettableClock(MONDAY.atTime(7, 20).atZone(WITA).toInstant());
    private CheckInServer server;
    private String token;
    private long apelId;

    @BeforeEach
    void the_monday_apel_on_the_field() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('SETDA', 'Sekretariat Daerah'), ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'DINKES'", CLERK);
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Lapangan Pemda', -1.9, 116.2, 150 FROM unit WHERE code = 'SETDA'");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor Dinkes', -1.8, 116.1, 60 FROM unit WHERE code = 'DINKES'");
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        apelId = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT apel_put('Apel pagi', NULL, NULL, CAST(1 AS smallint), NULL, '07:15', '08:00', '{}',
                                ARRAY(SELECT id FROM work_location WHERE name = 'Lapangan Pemda'), false, 'bkpsdm', 'test')""").mapTo(Long.class).one());
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock).withLimits(PhoneLimits.DEFAULTS));
        token = activate(CLERK);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void the_open_apel_is_attended_on_the_field_once_whatever_the_phone_sends_again() throws Exception {
        JsonNode today = json.readTree(get("/api/v1/apel").body());
        assertThat(today.get("date").asText()).isEqualTo("2026-09-07");
        JsonNode apel = today.get("apel").get(0);
        assertThat(apel.get("name").asText()).isEqualTo("Apel pagi");
        assertThat(apel.get("duty").asText()).isEqualTo("REQUIRED");
        assertThat(apel.get("open").asBoolean()).isTrue();
        assertThat(apel.get("places").get(0).get("name").asText()).isEqualTo("Lapangan Pemda");

        String requestId = UUID.randomUUID().toString();
        var first = checkIn(requestId, FIELD);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json.readTree(first.body()).get("message").asText()).isEqualTo("Presensi Apel pagi diterima pukul 07.20 di Lapangan Pemda.");
        var again = checkIn(requestId, FIELD);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        var another = checkIn(UUID.randomUUID().toString(), FIELD);
        assertThat(another.statusCode()).isEqualTo(201);
        assertThat(json.readTree(another.body()).get("message").asText()).isEqualTo("Presensi apel Anda sudah tercatat pukul 07:20.");
        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM apel_checkin").mapTo(Long.class).one());
        assertThat(stored).isEqualTo(1);

        JsonNode after = json.readTree(get("/api/v1/apel").body()).get("apel").get(0);
        assertThat(after.get("open").asBoolean()).as("attended: the button is gone").isFalse();
        assertThat(after.get("checkedInAt").asText()).isEqualTo("2026-09-07T07:20+08:00");
    }

    @Test
    void at_the_office_or_after_the_window_it_is_refused_in_indonesian() throws Exception {
        var atOffice = checkIn(UUID.randomUUID().toString(), OFFICE);
        assertThat(atOffice.statusCode()).isEqualTo(422);
        JsonNode refused = json.readTree(atOffice.body());
        assertThat(refused.get("reason").asText()).isEqualTo("OUTSIDE_GEOFENCE");
        assertThat(refused.get("message").asText()).startsWith("Anda berada ").endsWith("dari lokasi Apel pagi (Lapangan Pemda, batas 150 m).");

        clock.set(MONDAY.atTime(8, 5).atZone(WITA).toInstant());
        assertThat(json.readTree(get("/api/v1/apel").body()).get("apel").get(0).get("open").asBoolean()).isFalse();
        var late = checkIn(UUID.randomUUID().toString(), FIELD);
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(json.readTree(late.body()).get("message").asText()).isEqualTo("Presensi Apel pagi hanya pukul 07.15-08.00; sekarang pukul 08.05.");
    }

    @Test
    void a_cancelled_apel_shows_why_and_takes_no_check_in() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("SELECT apel_cancel(?, DATE '2026-09-07', 'hujan deras', 'bkpsdm', 'test')", apelId));
        JsonNode apel = json.readTree(get("/api/v1/apel").body()).get("apel").get(0);
        assertThat(apel.get("duty").asText()).isEqualTo("CANCELLED");
        assertThat(apel.get("note").asText()).isEqualTo("ditiadakan: hujan deras");
        assertThat(apel.get("open").asBoolean()).isFalse();
        var refused = checkIn(UUID.randomUUID().toString(), FIELD);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).get("message").asText()).isEqualTo("Apel pagi hari ini ditiadakan: hujan deras.");
    }

    @Test
    void bad_requests_are_4xx_json_in_indonesian() throws Exception {
        var unknownField = send("/api/v1/apel/checkins", "{\"requestId\":\"" + UUID.randomUUID() + "\",\"apelId\":" + apelId + "," + FIELD
                + ",\"accuracy\":10,\"photo\":\"x\"}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknownField.body()).get("message").asText()).isEqualTo("Kolom tidak dikenal: photo");
        var noSuchApel = send("/api/v1/apel/checkins", "{\"requestId\":\"" + UUID.randomUUID() + "\",\"apelId\":999999," + FIELD + ",\"accuracy\":10}");
        assertThat(noSuchApel.statusCode()).isEqualTo(404);
        var fraction = send("/api/v1/apel/checkins", "{\"requestId\":\"" + UUID.randomUUID() + "\",\"apelId\":" + apelId + ".7," + FIELD
                + ",\"accuracy\":10}");
        assertThat(fraction.statusCode()).as("an id of %s.7 is not apel %s", apelId, apelId).isEqualTo(400);
        assertThat(json.readTree(fraction.body()).get("message").asText()).isEqualTo("Kolom apelId harus berupa bilangan bulat.");

        // SETDA's own apel: Andi of DINKES is not called, and learns nothing of it, not even its name
        long setdas = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT apel_put('Apel rahasia Setda', (SELECT id FROM unit WHERE code = 'SETDA'), NULL, CAST(1 AS smallint), NULL, '07:15',
                                '08:00', '{}', '{}', false, 'bkpsdm', 'test')""").mapTo(Long.class).one());
        var notCalled = send("/api/v1/apel/checkins", "{\"requestId\":\"" + UUID.randomUUID() + "\",\"apelId\":" + setdas + "," + FIELD
                + ",\"accuracy\":10}");
        assertThat(notCalled.statusCode()).isEqualTo(404);
        assertThat(notCalled.body()).isEqualTo(noSuchApel.body().replace("999999", String.valueOf(setdas))).doesNotContain("rahasia");
        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM apel_checkin").mapTo(Long.class).one());
        assertThat(stored).as("nothing stored for an apel not found").isZero();
        var noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/apel")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(send("/api/v1/apel/checkins", "not json").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> checkIn(String requestId, String where) throws Exception {
        return send("/api/v1/apel/checkins", "{\"requestId\":\"" + requestId + "\",\"apelId\":" + apelId + "," + where + ",\"accuracy\":12}");
    }

    private String activate(String key) throws Exception {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), key, Duration.ofHours(72), "admin").code());
        token = null;
        var activated = send("/api/v1/activate", "{\"employee\":\"" + key + "\",\"code\":\"" + code + "\",\"deviceName\":\"HP\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
        return json.readTree(activated.body()).get("token").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET()
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
