package id.presensi.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.app.ReminderScan;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.store.OutboxStore;
import id.presensi.store.PushStore;
import id.presensi.store.ReminderStore;
import id.presensi.store.RulesLoader;
import id.presensi.testing.PushReceiver;
import id.presensi.testing.SettableClock;
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
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Ingatkan saya" through the server: the phone subscribes over the API (only a push service's https endpoint with real
 * keys), the day's scan finds it checked in and not out half an hour into the check-out window, and the server's own
 * delivery loop sends the reminder, here to a local push-service receiver that decrypts it and checks its VAPID JWT.
 */
class PushEndpointsTest {
    private static final String CLERK = "199002282015121002";
    private static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final LocalDate MONDAY = LocalDate.of(2026, 9, 7);

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final SettableClock clock = new SettableClock(MONDAY.atTime(16, 31).atZone(WITA).toInstant());
    private PushReceiver receiver;
    private CheckInServer server;
    private String token;

    @BeforeEach
    void a_clerk_checked_in_this_morning_with_reminders_on_for_the_unit() throws Exception {
        db.reset();
        receiver = new PushReceiver();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Pratama', id FROM unit", CLERK);
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.8, 116.1, 60 FROM unit");
            h.execute("INSERT INTO reminder_policy (unit_id, kind, enabled, minutes) SELECT id, 'CHECK_OUT', true, 30 FROM unit");
        });
        db.officeHours("06:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        System.setProperty("PRESENSI_PUSH_RELAY", receiver.relay());
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock).withLimits(CheckInServerTest.MANY));
        token = activate(CLERK);
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, accepted, message)
                SELECT gen_random_uuid(), employee_id, id, 'IN', ?, ?, ?, true, 'Presensi masuk diterima' FROM device""",
                java.sql.Timestamp.from(MONDAY.atTime(7, 15).atZone(WITA).toInstant()),
                java.sql.Timestamp.from(MONDAY.atTime(7, 15).atZone(WITA).toInstant()), MONDAY));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        receiver.close();
        System.clearProperty("PRESENSI_PUSH_RELAY");
    }

    @Test
    void a_subscribed_phone_checked_in_and_not_out_gets_the_reminder_once() throws Exception {
        PushReceiver.Browser browser = receiver.subscribe("https://fcm.googleapis.com");
        JsonNode key = json.readTree(call("GET", "/api/v1/push/key", null).body());
        assertThat(key.get("subscribed").asBoolean()).isFalse();
        var subscribed = call("POST", "/api/v1/push/subscriptions", subscription(browser.endpoint(), browser.p256dh(), browser.auth()));
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        assertThat(json.readTree(call("GET", "/api/v1/push/key", null).body()).get("subscribed").asBoolean()).isTrue();

        // the scan each server runs every minute (here: now, and twice, as two servers would)
        ReminderScan scan = new ReminderScan(new ReminderStore(db.database().jdbi()), new OutboxStore(db.database().jdbi()),
                ReminderScan.loaded(new RulesLoader(db.database().jdbi()), MONDAY), clock);
        assertThat(scan.scan()).isEqualTo(1);
        assertThat(scan.scan()).isZero();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(receiver.protocolErrors()).isZero();
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.message().path("body").asText()).isEqualTo("Andi, Anda belum presensi pulang (pukul 16.31).");
            assertThat(r.vapidKey()).isEqualTo(key.get("publicKey").asText());
        });
        // the receiver holds the message before the worker has its answer and counts it: wait for the count
        String sent = "presensi_reminders_total{outcome=\"sent\"} 1.0";
        while (!call("GET", "/metrics", null).body().contains(sent) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(call("GET", "/metrics", null).body()).contains(sent);

        // off: the subscription goes
        var off = call("DELETE", "/api/v1/push/subscriptions", "{\"endpoint\":\"" + browser.endpoint() + "\"}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(json.readTree(off.body()).get("removed").asBoolean()).isTrue();
    }

    @Test
    void endpoints_and_keys_that_are_not_a_push_services_are_refused() throws Exception {
        PushReceiver.Browser b = receiver.subscribe("https://fcm.googleapis.com");
        for (String endpoint : new String[] {"http://fcm.googleapis.com/fcm/send/x", "https://127.0.0.1/x", "https://169.254.169.254/latest",
                "https://metadata.google.internal/x", "https://fcm.googleapis.com:444/x", "https://evil.example/x"}) {
            var refused = call("POST", "/api/v1/push/subscriptions", subscription(endpoint, b.p256dh(), b.auth()));
            assertThat(refused.statusCode()).as(endpoint).isEqualTo(422);
            assertThat(json.readTree(refused.body()).get("error").asText()).isEqualTo("PUSH_ENDPOINT_REFUSED");
        }
        byte[] notAPoint = b.p256dh().clone();
        notAPoint[40] ^= 1;
        assertThat(call("POST", "/api/v1/push/subscriptions", subscription(b.endpoint(), notAPoint, b.auth())).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/push/subscriptions", subscription(b.endpoint(), b.p256dh(), new byte[15])).statusCode()).isEqualTo(400);
        var tooLong = call("POST", "/api/v1/push/subscriptions", subscription("https://fcm.googleapis.com/" + "a".repeat(3000), b.p256dh(), b.auth()));
        assertThat(tooLong.statusCode()).isIn(400, 413);
        String previous = token;
        token = "not-a-token-of-any-device-0000";
        assertThat(call("POST", "/api/v1/push/subscriptions", subscription(b.endpoint(), b.p256dh(), b.auth())).statusCode()).isEqualTo(401);
        token = previous;
        assertThat(subscriptions()).isZero();

        // a revoked phone: its subscription goes, and it cannot subscribe again
        assertThat(call("POST", "/api/v1/push/subscriptions", subscription(b.endpoint(), b.p256dh(), b.auth())).statusCode()).isEqualTo(201);
        db.database().jdbi().useHandle(h -> h.execute("SELECT device_revoke(id, 'admin', 'test') FROM employee"));
        assertThat(subscriptions()).isZero();
    }

    @Test
    void one_phone_sending_many_endpoints_keeps_only_its_newest_few() throws Exception {
        PushReceiver.Browser b = receiver.subscribe("https://fcm.googleapis.com");
        for (int i = 0; i < 8; i++) {
            var sent = call("POST", "/api/v1/push/subscriptions", subscription(b.endpoint() + "-" + i, b.p256dh(), b.auth()));
            while (sent.statusCode() == 429) { // the phone's rate (2 a second) holds a flood back, it does not bound the table
                Thread.sleep(1_000);
                sent = call("POST", "/api/v1/push/subscriptions", subscription(b.endpoint() + "-" + i, b.p256dh(), b.auth()));
            }
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        }
        assertThat(subscriptions()).isEqualTo(PushStore.MAX_PER_DEVICE);
        int newest = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM push_subscription WHERE endpoint = :e")
                .bind("e", b.endpoint() + "-7").mapTo(Integer.class).one());
        assertThat(newest).as("the last one sent is kept").isEqualTo(1);
    }

    private int subscriptions() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM push_subscription").mapTo(Integer.class).one());
    }

    private String subscription(String endpoint, byte[] p256dh, byte[] auth) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return json.createObjectNode().put("endpoint", endpoint).put("p256dh", b64.encodeToString(p256dh))
                .put("auth", b64.encodeToString(auth)).toString();
    }

    private String activate(String key) throws Exception {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), key, Duration.ofHours(72), "admin").code());
        token = null;
        var activated = call("POST", "/api/v1/activate", "{\"employee\":\"" + key + "\",\"code\":\"" + code + "\",\"deviceName\":\"HP\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
        return json.readTree(activated.body()).get("token").asText();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
