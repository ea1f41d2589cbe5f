package id.presensi.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.checkin.PunchType;
import id.presensi.db.ConnectionSettings;
import id.presensi.db.Database;
import id.presensi.db.EmbeddedPostgres;
import id.presensi.db.EmbeddedWatchdog;
import id.presensi.overtime.Golongan;
import id.presensi.photo.Photo;
import id.presensi.store.Audit;
import id.presensi.store.CheckInStore;
import id.presensi.store.DeviceStore;
import id.presensi.store.OvertimeStore;
import id.presensi.store.SelfieStore;
import id.presensi.testing.SettableClock;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real server on a random port, against the embedded PostgreSQL, driven over HTTP. */
class CheckInServerTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = "199002282015121002";
    static final String NURSE = "198503152010012001";
    static final String OFFICE = "\"lat\":-1.9086,\"lon\":116.1978";

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant());
    private CheckInServer server;

    @BeforeEach
    void a_regency_with_an_office_clerk_and_a_night_nurse() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'BKPSDM'", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', id, 'SHIFT' FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9086, 116.1978, 100 FROM unit");
            h.execute("INSERT INTO shift_type (unit_id, code, name, start_time, end_time, late_grace_min) SELECT id, 'M', 'Malam', '21:00', '07:00', 15 FROM unit WHERE code = 'RSUD'");
            h.execute("INSERT INTO roster SELECT e.id, '2026-08-31', s.id FROM employee e, shift_type s WHERE e.nip = ?", NURSE);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        // one phone here tries every rule in a day, far more check-ins than a day's bound (PhoneAbuseTest tests the bounds)
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()).withLimits(MANY)
                .withRate(PhoneRate.LIFTED)); // each test sends many requests from one phone at machine speed; the rate: PhoneRateTest
    }

    static final PhoneLimits MANY = new PhoneLimits(1_000_000, 1_000_000, 1_000_000, 1_000_000, PhoneLimits.DEFAULTS.spoolBytes(), 1_000_000);

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void a_code_activates_once_and_wrong_expired_or_reused_codes_are_refused() {
        String code = enroll(CLERK);
        assertThat(post("/api/v1/activate", Map.of("employee", CLERK, "code", "WRONG234", "deviceName", "HP")).statusCode()).isEqualTo(401);
        var ok = post("/api/v1/activate", Map.of("employee", CLERK, "code", code.toLowerCase(), "deviceName", "iPhone 8"));
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(body(ok)).containsKeys("deviceId", "token");
        var reused = post("/api/v1/activate", Map.of("employee", CLERK, "code", code, "deviceName", "HP lain"));
        assertThat(reused.statusCode()).isEqualTo(410);
        assertThat(body(reused)).containsEntry("error", "USED_CODE");

        String old = enroll(CLERK);
        db.database().jdbi().useHandle(h -> h.execute("UPDATE activation_code SET created_at = now() - interval '4 days', expires_at = now() - interval '1 day' WHERE used_at IS NULL"));
        assertThat(body(post("/api/v1/activate", Map.of("employee", CLERK, "code", old, "deviceName", "HP")))).containsEntry("error", "EXPIRED_CODE");
        boolean codeStoredPlain = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) > 0 FROM activation_code WHERE encode(code_hash, 'escape') LIKE '%' || :c || '%'")
                .bind("c", old).mapTo(Boolean.class).one());
        assertThat(codeStoredPlain).isFalse();
    }

    @Test
    void an_unknown_field_is_refused_naming_it_and_validation_speaks_indonesian() {
        String token = activate(CLERK);
        var request = raw("POST", "/api/v1/requests", "application/json", token, """
                {"requestId":"%s","type":"I","dateFrom":"2026-09-15","reason":"urusan keluarga","attachment":"surat.jpg"}"""
                .formatted(UUID.randomUUID()));
        assertThat(request.statusCode()).isEqualTo(400);
        assertThat(body(request)).containsEntry("error", "UNKNOWN_FIELD").containsEntry("message", "Kolom tidak dikenal: attachment");
        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM request").mapTo(Long.class).one());
        assertThat(stored).isZero();

        var noTime = raw("POST", "/api/v1/requests", "application/json", token, """
                {"requestId":"%s","type":"LUPA_MASUK","reason":"lupa"}""".formatted(UUID.randomUUID()));
        assertThat(body(noTime)).containsEntry("message", "Kolom time wajib diisi.");
        assertThat(body(send(token, "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":15,\"requestId\":\"" + UUID.randomUUID()
                + "\",\"foto\":1,\"attachment\":2}"))).containsEntry("message", "Kolom tidak dikenal: foto, attachment");
        assertThat(body(post("/api/v1/activate", Map.of("employee", CLERK, "code", "AAAAAAAA"))))
                .containsEntry("message", "Kolom deviceName wajib diisi.");
    }

    @Test
    void wrong_codes_are_throttled_after_five_tries() {
        enroll(CLERK);
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/v1/activate", Map.of("employee", CLERK, "code", "AAAAAAAA", "deviceName", "HP")).statusCode()).isEqualTo(401);
        }
        var sixth = post("/api/v1/activate", Map.of("employee", CLERK, "code", "AAAAAAAA", "deviceName", "HP"));
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void a_check_in_inside_the_geofence_in_the_window_is_accepted_and_each_refusal_has_its_reason() {
        String token = activate(CLERK);
        var accepted = checkIn(token, "IN", OFFICE, 15, null, false);
        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(body(accepted)).containsEntry("accepted", true).containsEntry("workDate", "2026-09-14")
                .containsEntry("message", "Presensi masuk diterima pukul 07.15 WITA.");

        assertThat(refusal(checkIn(token, "IN", "\"lat\":-1.9086,\"lon\":116.2086", 15, null, false)))
                .containsEntry("reason", "OUTSIDE_GEOFENCE").containsEntry("message", "Anda berada 1,2 km dari lokasi kerja terdekat (batas 100 m).");
        assertThat(refusal(checkIn(token, "IN", OFFICE, 250, null, false))).containsEntry("reason", "LOW_ACCURACY");
        assertThat(refusal(checkIn(token, "IN", OFFICE, 15, null, true))).containsEntry("reason", "MOCK_LOCATION");
        assertThat(refusal(checkIn(token, "OUT", OFFICE, 15, null, false))).containsEntry("reason", "OUTSIDE_WINDOW")
                .containsEntry("message", "Di luar jam presensi pulang: 16.00-18.00 WITA.");
        clock.set(LocalDateTime.of(2026, 9, 13, 7, 15)); // a Sunday
        assertThat(refusal(checkIn(token, "IN", OFFICE, 15, null, false))).containsEntry("reason", "NOT_SCHEDULED");

        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin WHERE NOT accepted AND reason IS NOT NULL")
                .mapTo(Long.class).one());
        assertThat(stored).isEqualTo(5);
    }

    @Test
    void on_a_wfa_day_a_check_in_anywhere_in_indonesia_is_accepted_and_flagged_and_the_week_holds_two() {
        String token = activate(CLERK);
        String jakarta = "\"lat\":-6.2088,\"lon\":106.8456";
        assertThat(refusal(checkIn(token, "IN", jakarta, 15, null, false))).containsEntry("reason", "OUTSIDE_GEOFENCE");

        grantWfa("2026-09-14");
        var accepted = checkIn(token, "IN", jakarta, 15, null, false);
        for (long until = System.nanoTime() + 5_000_000_000L; accepted.statusCode() == 422 && System.nanoTime() < until; ) {
            accepted = checkIn(token, "IN", jakarta, 15, null, false); // the service looks for rule changes every second
        }

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(body(accepted)).containsEntry("workFromAnywhere", true).containsEntry("location", "WFA");
        assertThat((String) body(accepted).get("message")).matches("Presensi masuk WFA diterima pukul 07\\.15 WITA \\(\\d+,\\d km dari Kantor\\)\\.");
        assertThat(refusal(checkIn(token, "IN", "\"lat\":-12.4634,\"lon\":130.8456", 15, null, false))) // Darwin
                .containsEntry("reason", "OUTSIDE_GEOFENCE").containsEntry("message", "Hari ini hari WFA, tetapi lokasi Anda di luar wilayah Indonesia.");
        long flagged = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin WHERE work_from_anywhere AND accepted")
                .mapTo(Long.class).one());
        assertThat(flagged).isEqualTo(1);

        grantWfa("2026-09-16");
        assertThatThrownBy(() -> grantWfa("2026-09-18")).hasMessageContaining(CLERK + " on 2026-09-18: WFA is at most 2 day(s) a week (week of 2026-09-14 to 2026-09-20");
        grantWfa("2026-09-21"); // the next week starts again
    }

    @Test
    void where_the_unit_asks_for_a_selfie_it_is_stored_hashed_with_its_check_in_and_bad_photos_are_refused() throws Exception {
        String token = activate(CLERK);
        byte[] selfie = jpeg(30_000);
        assertThat(withSelfie(token, UUID.randomUUID(), Base64.getEncoder().encodeToString(selfie)).statusCode()).isEqualTo(201);
        assertThat(photos()).as("a selfie nobody asked for is not kept").isZero();

        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO selfie_policy (unit_id, required) SELECT id, true FROM unit WHERE code = 'BKPSDM'"));
        var without = checkIn(token, "IN", OFFICE, 15, null, false);
        for (long until = System.nanoTime() + 5_000_000_000L; without.statusCode() == 201 && System.nanoTime() < until; ) {
            without = checkIn(token, "IN", OFFICE, 15, null, false); // the service looks for rule changes every second
        }
        assertThat(refusal(without)).containsEntry("reason", "SELFIE_REQUIRED");
        assertThat(body(raw("GET", "/api/v1/me", null, token, null))).containsEntry("selfie", true);

        UUID id = UUID.randomUUID();
        var accepted = withSelfie(token, id, Base64.getEncoder().encodeToString(selfie));
        var retried = withSelfie(token, id, Base64.getEncoder().encodeToString(selfie));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(retried.body()).isEqualTo(accepted.body());
        waitForPhotos(1); // the spool's mover carries it into PostgreSQL within moments
        String stored = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT p.content_type || ' ' || octet_length(p.bytes) || ' ' || encode(p.sha256, 'hex') || ' ' || c.accepted
                          FROM checkin_photo p JOIN checkin c USING (request_id) WHERE p.request_id = :id""")
                .bind("id", id).mapTo(String.class).one());
        assertThat(stored).isEqualTo("image/jpeg 30000 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(selfie)) + " true");

        long checkins = checkins();
        assertThat(withSelfie(token, UUID.randomUUID(), Base64.getEncoder().encodeToString(jpeg(70_000))).statusCode()).isEqualTo(413);
        var gif = withSelfie(token, UUID.randomUUID(), Base64.getEncoder().encodeToString("GIF89a-not-a-jpeg".getBytes(StandardCharsets.US_ASCII)));
        assertThat(gif.statusCode()).isEqualTo(415);
        assertThat(body(gif)).containsEntry("message", "Foto harus JPEG atau PNG.");
        assertThat(withSelfie(token, UUID.randomUUID(), "bukan base64 sama sekali!").statusCode()).isEqualTo(400);
        assertThat(body(withSelfie(token, UUID.randomUUID(), "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(selfie))))
                .containsEntry("message", "Kolom selfie harus berupa base64 (tanpa awalan data:).");
        assertThat(send(token, "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\",\"selfie\":12}")
                .statusCode()).isEqualTo(400);
        assertThat(announcedOverTheCap(token, 200_000)).as("a body over 96 KB").contains("PAYLOAD_TOO_LARGE");
        assertThat(checkins()).as("a refused photo stores no check-in").isEqualTo(checkins);
        Thread.sleep(500);
        assertThat(photos()).isEqualTo(1);
    }

    @Test
    void the_page_sends_the_selfie_as_the_body_itself_with_the_check_in_in_a_header() throws Exception {
        String token = activate(CLERK);
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO selfie_policy (unit_id, required) SELECT id, true FROM unit WHERE code = 'BKPSDM'"));
        for (long until = System.nanoTime() + 5_000_000_000L; !Boolean.TRUE.equals(body(raw("GET", "/api/v1/me", null, token, null)).get("selfie"))
                && System.nanoTime() < until; ) {
            Thread.sleep(100);
        }
        byte[] selfie = jpeg(30_000);
        UUID id = UUID.randomUUID();
        String fields = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + id + "\"}";
        var accepted = photoBody(token, "image/jpeg", fields, selfie);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(photoBody(token, "image/jpeg", fields, selfie).body()).as("a retry").isEqualTo(accepted.body());
        waitForPhotos(1);
        String sha256 = db.database().jdbi().withHandle(h -> h.createQuery("SELECT encode(sha256, 'hex') FROM checkin_photo WHERE request_id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertThat(sha256).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(selfie)));

        long checkins = checkins();
        String another = fields.replace(id.toString(), UUID.randomUUID().toString());
        assertThat(body(photoBody(token, "image/jpeg", null, selfie)))
                .containsEntry("message", "Header Presensi-Checkin wajib ada bila isi permintaan berupa foto.");
        assertThat(body(photoBody(token, "image/jpeg", "{\"type\":", selfie)).get("message").toString()).startsWith("Header Presensi-Checkin bukan JSON yang sah");
        assertThat(body(photoBody(token, "image/jpeg", "[1]", selfie))).containsEntry("message", "Header Presensi-Checkin harus berupa objek JSON.");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            // announced, not sent: the 413 comes before a byte of the body (a client still streaming it may see a reset instead)
            RawHttp.head(socket, "/api/v1/checkins", token, "Content-Type: image/jpeg\r\n" + CheckInServer.CHECKIN_HEADER + ": " + another + "\r\n", 70_000);
            assertThat(RawHttp.answer(socket).status()).as("a photo over the cap").isEqualTo(413);
        }
        var gif = photoBody(token, "image/jpeg", another, "GIF89a-not-a-jpeg".getBytes(StandardCharsets.US_ASCII));
        assertThat(gif.statusCode()).isEqualTo(415);
        assertThat(body(gif)).containsEntry("message", "Foto harus JPEG atau PNG.");
        assertThat(photoBody(token, "image/jpeg", another, new byte[0]).statusCode()).isEqualTo(415);
        assertThat(photoBody(token, "image/png", another.replace("\"IN\"", "\"LUNCH\""), selfie).statusCode()).isEqualTo(400);
        assertThat(photoBody("not-a-device-token-at-all", "image/jpeg", another, selfie).statusCode()).isEqualTo(401);
        assertThat(checkins()).as("a refused request stores no check-in").isEqualTo(checkins);
        Thread.sleep(500);
        assertThat(photos()).isEqualTo(1);
    }

    /** A server whose selfie spool is the given folder, and the token of a clerk whose unit asks for selfies. */
    private String selfieClerkWithSpool(Path spool) throws Exception {
        server.close();
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()).withLimits(MANY)
                .withRate(PhoneRate.LIFTED).withSelfieSpool(spool));
        String token = activate(CLERK);
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO selfie_policy (unit_id, required) SELECT id, true FROM unit WHERE code = 'BKPSDM'"));
        for (long until = System.nanoTime() + 5_000_000_000L; !Boolean.TRUE.equals(body(raw("GET", "/api/v1/me", null, token, null)).get("selfie"))
                && System.nanoTime() < until; ) {
            Thread.sleep(100); // the service looks for rule changes every second
        }
        return token;
    }

    @Test
    void a_check_in_whose_photo_cannot_reach_the_disk_is_never_answered_201_and_its_retry_is_once_it_can(@TempDir Path home) throws Exception {
        Path spool = home.resolve("spool");
        String token = selfieClerkWithSpool(spool);
        // the spool's folder replaced by a file: no segment can be opened, so no photo made durable
        Files.delete(spool);
        Files.write(spool, new byte[] {1});
        byte[] selfie = jpeg(20_000);
        UUID id = UUID.randomUUID();
        String fields = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + id + "\"}";
        var refused = photoBody(token, "image/jpeg", fields, selfie);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        Files.delete(spool);
        Files.createDirectories(spool);
        var retried = photoBody(token, "image/jpeg", fields, selfie);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        assertThat(body(retried)).containsEntry("requestId", id.toString()).containsEntry("accepted", true);
        waitForPhotos(1);
        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin WHERE request_id = :id")
                .bind("id", id).mapTo(Long.class).one());
        assertThat(stored).as("the check-in committed beside the refused photo is the one answered at the retry").isEqualTo(1);
    }

    @Test
    void photos_refused_together_by_a_spool_that_cannot_write_give_their_room_back_once(@TempDir Path home) throws Exception {
        Path spool = home.resolve("spool");
        String token = selfieClerkWithSpool(spool);
        Files.delete(spool);
        Files.write(spool, new byte[] {1}); // no segment can be opened: every batch of photos fails
        byte[] selfie = jpeg(20_000);
        var phones = Executors.newFixedThreadPool(32);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 96; i++) { // at once, so that the selfie writers take several photos a batch
                String fields = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\"}";
                sent.add(phones.submit(() -> photoBody(token, "image/jpeg", fields, selfie)));
            }
            for (Future<HttpResponse<String>> f : sent) {
                assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
            }
        } finally {
            phones.shutdown();
        }
        String metrics = raw("GET", "/metrics", null, null, null).body();
        assertThat(metrics).as("nothing is on disk nor on its way: no room is counted, and none given back twice (which would let the "
                + "spool pass its cap)").contains("presensi_selfie_spool_bytes 0.0");
    }

    private HttpResponse<String> photoBody(String token, String contentType, String fields, byte[] photo) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/checkins"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(photo))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + token);
        if (fields != null) {
            builder.header(CheckInServer.CHECKIN_HEADER, fields);
        }
        return send(builder.build());
    }

    private void waitForPhotos(long n) throws InterruptedException {
        for (long until = System.nanoTime() + 10_000_000_000L; photos() < n && System.nanoTime() < until; ) {
            Thread.sleep(50);
        }
        assertThat(photos()).isEqualTo(n);
    }

    /** A JPEG as far as its first bytes go, with random bytes after them (photos do not compress). */
    private static byte[] jpeg(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xd8;
        bytes[2] = (byte) 0xff;
        return bytes;
    }

    private HttpResponse<String> withSelfie(String token, UUID requestId, String selfie) {
        return send(token, "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + requestId + "\",\"selfie\":\"" + selfie + "\"}");
    }

    private long photos() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin_photo").mapTo(Long.class).one());
    }

    private long checkins() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
    }

    private void grantWfa(String date) {
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO wfa_day (employee_id, work_date) SELECT id, ?::date FROM employee WHERE nip = ?",
                date, CLERK));
    }

    @Test
    void a_night_shift_check_out_after_midnight_counts_for_the_day_the_shift_started() {
        String token = activate(NURSE);
        clock.set(LocalDateTime.of(2026, 9, 1, 6, 40));

        var out = checkIn(token, "OUT", OFFICE, 10, null, false);

        assertThat(out.statusCode()).isEqualTo(201);
        assertThat(body(out)).containsEntry("workDate", "2026-08-31");
    }

    /** Check-out closes 18:00 after the 16:00 end; an SPL of 3 h ordered during the day keeps it open until 21:00. */
    @Test
    void a_check_out_after_the_window_is_accepted_once_overtime_is_ordered_for_the_day() throws Exception {
        String token = activate(CLERK);
        clock.set(LocalDateTime.of(2026, 9, 14, 18, 40));
        assertThat(refusal(checkIn(token, "OUT", OFFICE, 10, null, false))).as("no order yet").containsEntry("reason", "OUTSIDE_WINDOW");

        db.database().jdbi().useTransaction(h -> new OvertimeStore(db.database().jdbi()).order(h, new Audit("admin", "test"),
                h.createQuery("SELECT id FROM employee WHERE nip = :nip").bind("nip", CLERK).mapTo(Long.class).one(),
                LocalDate.of(2026, 9, 14), 180, "800/7/IX/2026", Golongan.III));

        HttpResponse<String> out = checkIn(token, "OUT", OFFICE, 10, null, false);
        for (int i = 0; i < 50 && out.statusCode() != 201; i++) { // the service reloads its rules within a second of a change
            Thread.sleep(100);
            out = checkIn(token, "OUT", OFFICE, 10, null, false);
        }
        assertThat(out.statusCode()).as(out.body()).isEqualTo(201);
        assertThat(body(out)).containsEntry("accepted", true).containsEntry("workDate", "2026-09-14");
    }

    /** Saturday 19 September is a day off; an SPL of 3 h for it opens both punches that whole date, at the office. */
    @Test
    void on_a_day_off_with_overtime_ordered_the_phone_checks_in_and_out() throws Exception {
        String token = activate(CLERK);
        clock.set(LocalDateTime.of(2026, 9, 19, 8, 10));
        assertThat(refusal(checkIn(token, "IN", OFFICE, 10, null, false))).as("no order yet").containsEntry("reason", "NOT_SCHEDULED");

        db.database().jdbi().useTransaction(h -> new OvertimeStore(db.database().jdbi()).order(h, new Audit("admin", "test"),
                h.createQuery("SELECT id FROM employee WHERE nip = :nip").bind("nip", CLERK).mapTo(Long.class).one(),
                LocalDate.of(2026, 9, 19), 180, "800/9/IX/2026", Golongan.III));

        HttpResponse<String> in = checkIn(token, "IN", OFFICE, 10, null, false);
        for (int i = 0; i < 50 && in.statusCode() != 201; i++) { // the service reloads its rules within a second of a change
            Thread.sleep(100);
            in = checkIn(token, "IN", OFFICE, 10, null, false);
        }
        assertThat(in.statusCode()).as(in.body()).isEqualTo(201);
        assertThat(body(in)).containsEntry("workDate", "2026-09-19");
        assertThat((String) body(in).get("message")).contains("surat perintah lembur 3 jam");
        clock.set(LocalDateTime.of(2026, 9, 19, 12, 5));
        assertThat(checkIn(token, "OUT", OFFICE, 10, null, false).statusCode()).isEqualTo(201);
    }

    @Test
    void a_retry_with_the_same_request_id_returns_the_first_answer_and_stores_nothing_twice() {
        String token = activate(CLERK);
        UUID id = UUID.randomUUID();
        var first = send(token, "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + id + "\"}");
        clock.set(LocalDateTime.of(2026, 9, 14, 7, 20));
        var retry = send(token, "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + id + "\"}");

        assertThat(retry.statusCode()).isEqualTo(first.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        long rows = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void an_offline_check_in_keeps_its_earlier_time_only_within_the_tolerance() {
        String token = activate(CLERK);
        clock.set(LocalDateTime.of(2026, 9, 14, 8, 5));
        Instant fiveMinutesAgo = clock.instant().minus(Duration.ofMinutes(5));
        Instant twentyMinutesAgo = clock.instant().minus(Duration.ofMinutes(20));

        var synced = checkIn(token, "IN", OFFICE, 10, fiveMinutesAgo.atOffset(ZoneOffset.ofHours(8)).toString(), false);
        var tooOld = checkIn(token, "IN", OFFICE, 10, twentyMinutesAgo.atOffset(ZoneOffset.ofHours(8)).toString(), false);

        assertThat(synced.statusCode()).isEqualTo(201);
        assertThat(body(synced)).containsEntry("offlineSynced", true).containsEntry("at", fiveMinutesAgo.toString());
        assertThat(refusal(tooOld)).containsEntry("reason", "OUTSIDE_WINDOW").containsEntry("offlineSynced", false);
    }

    @Test
    void a_phone_time_finer_than_a_microsecond_is_answered_as_the_database_keeps_it() {
        String token = activate(CLERK);
        clock.set(LocalDateTime.of(2026, 9, 14, 8, 5));
        Instant claimed = clock.instant().minus(Duration.ofMinutes(6)).plusNanos(123_456_789);

        var synced = checkIn(token, "IN", OFFICE, 10, claimed.toString(), false);

        assertThat(synced.statusCode()).isEqualTo(201);
        Instant stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT at FROM checkin").mapTo(OffsetDateTime.class).one()).toInstant();
        assertThat(stored).isEqualTo(claimed.truncatedTo(ChronoUnit.MICROS));
        // a resend answered from the database (after a restart, from another server) then says what the first answer said
        assertThat(body(synced)).containsEntry("at", stored.toString());
    }

    @Test
    void a_revoked_device_is_refused_with_403_within_seconds() throws Exception {
        String token = activate(CLERK);
        assertThat(checkIn(token, "IN", OFFICE, 10, null, false).statusCode()).isEqualTo(201);
        db.database().jdbi().useTransaction(h -> new DeviceStore(db.database().jdbi()).revoke(h, new Audit("admin", "test"), CLERK));

        int status = 0;
        for (int i = 0; i < 50 && status != 403; i++) {
            Thread.sleep(100);
            status = checkIn(token, "IN", OFFICE, 10, null, false).statusCode();
        }
        assertThat(status).isEqualTo(403);
    }

    @Test
    void malformed_requests_all_get_a_4xx_json_error_and_never_a_stack_trace() throws Exception {
        String token = activate(CLERK);
        String good = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + UUID.randomUUID() + "\"}";
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("{", 400);
        cases.put("[]", 400);
        cases.put("null", 400);
        cases.put("{\"type\":\"IN\"}", 400);
        cases.put(good.replace("\"IN\"", "\"MASUK\""), 400);
        cases.put(good.replace("-1.9086", "-91"), 400);
        cases.put(good.replace("116.1978", "\"116\""), 400);
        cases.put(good.replace("\"accuracy\":10", "\"accuracy\":-1"), 400);
        cases.put(good.replace("\"requestId\":\"", "\"requestId\":\"x"), 400);
        cases.put(good.replace("}", ",\"clientTime\":\"kemarin\"}"), 400);
        cases.put(good.replace("}", ",\"mock\":\"ya\"}"), 400);
        cases.forEach((body, status) -> {
            var response = send(token, body);
            assertThat(response.statusCode()).as(body.length() > 100 ? body.substring(0, 100) : body).isEqualTo(status);
            assertThat(response.body()).contains("\"error\"").doesNotContain("Exception").doesNotContain("\tat ");
        });
        assertThat(announcedOverTheCap(token, 100_000)).as("a body announced over 96 KB").contains("PAYLOAD_TOO_LARGE").doesNotContain("Exception");
        // chunked, with no Content-Length to refuse it by: still read no further than the route's 96 KB (a selfie's room)
        byte[] padded = ("{\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        var chunked = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/checkins"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(padded))).build());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("PAYLOAD_TOO_LARGE");
        assertThat(raw("POST", "/api/v1/checkins", "text/plain", token, good).statusCode()).isEqualTo(415);
        assertThat(raw("POST", "/api/v1/checkins", "application/json", null, good).statusCode()).isEqualTo(401);
        assertThat(raw("POST", "/api/v1/checkins", "application/json", "not-a-real-token-at-all", good).statusCode()).isEqualTo(401);
        assertThat(raw("GET", "/api/v1/nothing", null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void me_tells_the_phone_who_it_is_and_todays_check_ins() {
        String token = activate(CLERK);
        checkIn(token, "IN", OFFICE, 10, null, false);

        Map<String, Object> me = body(raw("GET", "/api/v1/me", null, token, null));

        assertThat(me).containsEntry("name", "Andi Staf").containsEntry("workDate", "2026-09-14").containsEntry("open", "CHECK_IN");
        assertThat(me.get("checkins").toString()).contains("Presensi masuk diterima");
    }

    @Test
    void when_the_database_stops_check_ins_get_503_and_recover_when_it_is_back() {
        String token = activate(CLERK);
        EmbeddedPostgres postgres = new EmbeddedPostgres(db.home());
        postgres.stop();
        try {
            var down = checkIn(token, "IN", OFFICE, 10, null, false);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(raw("GET", "/healthz", null, null, null).statusCode()).isEqualTo(503);
        } finally {
            postgres.ensureRunning();
        }
        assertThat(raw("GET", "/healthz", null, null, null).statusCode()).isEqualTo(200);
        assertThat(checkIn(token, "IN", OFFICE, 10, null, false).statusCode()).isEqualTo(201);
    }

    @Test
    void a_crashed_embedded_database_is_started_again_and_check_ins_resume() throws Exception {
        String token = activate(CLERK);
        EmbeddedPostgres postgres = new EmbeddedPostgres(db.home());
        try (var watchdog = new EmbeddedWatchdog(postgres).start()) {
            long postmaster = Long.parseLong(Files.readAllLines(db.home().resolve("pgdata/postmaster.pid")).get(0).strip());
            long crashed = System.nanoTime();
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL: a crash, not a shutdown
            int status = 0;
            while (status != 201 && System.nanoTime() - crashed < 60_000_000_000L) {
                Thread.sleep(200);
                status = checkIn(token, "IN", OFFICE, 10, null, false).statusCode();
                assertThat(status).as("while the database is away the answer is 503, never anything else").isIn(201, 503);
            }
            long millis = (System.nanoTime() - crashed) / 1_000_000;
            System.out.printf("Check-ins resumed %d ms after the embedded PostgreSQL was killed%n", millis);
            assertThat(status).isEqualTo(201);
            assertThat(raw("GET", "/healthz", null, null, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_service_runs_as_its_own_role_with_only_the_rights_it_needs() throws Exception {
        String role = "service" + System.nanoTime() % 100_000;
        db.database().jdbi().useHandle(h -> h.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'layanan-presensi-1' IN ROLE presensi_checkin"));
        var settings = new ConnectionSettings(db.settings().url(), role, "layanan-presensi-1", db.settings().port());
        try (var serviceDb = Database.open(settings, 4, Duration.ofSeconds(2))) {
            server.close();
            server = CheckInServer.start(serviceDb, ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()));
            String token = activate(CLERK);

            assertThat(checkIn(token, "IN", OFFICE, 15, null, false).statusCode()).isEqualTo(201);
            assertThat(body(raw("GET", "/api/v1/me", null, token, null))).containsEntry("name", "Andi Staf");
            server.close();
        }
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()));
    }

    @Test
    void values_postgresql_would_refuse_are_refused_before_the_queue_and_honest_phones_never_pay_for_them() throws Exception {
        String token = activate(CLERK);
        String nurse = activate(NURSE);
        assertThat(checkIn(token, "IN", OFFICE, 10, "+999999999-12-31T23:59:59Z", false).statusCode()).isEqualTo(400);
        assertThat(checkIn(token, "IN", OFFICE, 10, "-999999999-01-01T00:00:00Z", false).statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/activate", Map.of("employee", "1990\u0000", "code", "AAAA", "deviceName", "HP")).statusCode()).isEqualTo(400);
        assertThat(raw("POST", "/api/v1/activate", "application/json", null,
                "{\"employee\":\"" + CLERK + "\",\"code\":\"AAAAAAAA\",\"deviceName\":\"HP \\uD800\"}").statusCode()).isEqualTo(400);

        var pool = Executors.newFixedThreadPool(16);
        try {
            var honest = new ArrayList<Future<Integer>>();
            var poison = new ArrayList<Future<Integer>>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 12; i++) {
                    String phone = i % 2 == 0 ? token : nurse;
                    honest.add(pool.submit(() -> checkIn(phone, "IN", OFFICE, 10, null, false).statusCode()));
                }
                for (int i = 0; i < 4; i++) {
                    poison.add(pool.submit(() -> checkIn(token, "IN", OFFICE, 10, "+999999999-12-31T23:59:59Z", false).statusCode()));
                }
            }
            for (var f : honest) {
                assertThat(f.get()).isIn(201, 422);
            }
            for (var f : poison) {
                assertThat(f.get()).isEqualTo(400);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_retry_committed_by_another_writer_at_the_same_moment_is_stored_once_and_both_get_the_first_answer() throws Exception {
        activate(CLERK);
        long device = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM device").mapTo(Long.class).one());
        long employee = db.database().jdbi().withHandle(h -> h.createQuery("SELECT employee_id FROM device").mapTo(Long.class).one());
        Instant now = clock.clock().instant();
        var first = new ArrayList<CompletableFuture<List<CheckInStore.Row>>>();
        var retry = new ArrayList<CompletableFuture<List<CheckInStore.Row>>>();
        try (var writer = CheckInServer.checkInWriter(new CheckInStore(db.database().jdbi()), 1_000, 8, photos -> CompletableFuture.completedFuture(null))) {
            for (int i = 0; i < 200; i++) {
                // the phone's retry (same requestId) differs in what it says, so the answer shows which one was stored
                UUID requestId = UUID.randomUUID();
                first.add(writer.submit(List.of(new CheckInServer.Arrival(row(requestId, employee, device, now, "first"), Optional.empty()))));
                retry.add(writer.submit(List.of(new CheckInServer.Arrival(row(requestId, employee, device, now, "retry"), Optional.empty()))));
            }
            for (int i = 0; i < 200; i++) {
                CheckInStore.Row a = first.get(i).get(10, TimeUnit.SECONDS).get(0);
                CheckInStore.Row b = retry.get(i).get(10, TimeUnit.SECONDS).get(0);
                assertThat(b.requestId()).isEqualTo(a.requestId());
                assertThat(b.message()).isEqualTo(a.message());
            }
        }
        assertThat(CheckInServer.CHECKIN_WRITERS).isGreaterThan(1);
        List<Long> stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*), count(DISTINCT request_id) FROM checkin")
                .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2))).one());
        assertThat(stored).containsExactly(200L, 200L);
    }

    @Test
    void a_check_in_without_a_photo_neither_waits_for_nor_fails_with_the_photos_of_its_batch() throws Exception {
        activate(CLERK);
        long device = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM device").mapTo(Long.class).one());
        long employee = db.database().jdbi().withHandle(h -> h.createQuery("SELECT employee_id FROM device").mapTo(Long.class).one());
        Instant now = clock.clock().instant();
        Photo jpeg = Photo.of(jpeg(1_000)).orElseThrow();
        Set<UUID> holders = ConcurrentHashMap.newKeySet();
        AtomicInteger held = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> diskGone = new CompletableFuture<>();
        try (var writer = CheckInServer.checkInWriter(new CheckInStore(db.database().jdbi()), 1_000, 100, photos -> {
            if (!holders.contains(photos.get(0).requestId())) {
                return diskGone;
            }
            held.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        })) {
            // every writer held in its batch's photos, so that what comes next waits in the queue and goes as one batch
            for (int i = 1; i <= CheckInServer.CHECKIN_WRITERS; i++) {
                UUID holder = UUID.randomUUID();
                holders.add(holder);
                writer.submit(List.of(arrival(row(holder, employee, device, now, "holder"), Optional.of(jpeg))));
                for (long until = System.nanoTime() + 5_000_000_000L; held.get() < i; Thread.sleep(5)) {
                    assertThat(System.nanoTime()).as("a writer held").isLessThan(until);
                }
            }
            UUID photographed = UUID.randomUUID();
            var withPhoto = writer.submit(List.of(arrival(row(photographed, employee, device, now, "photo"), Optional.of(jpeg))));
            var without = new ArrayList<CompletableFuture<List<CheckInStore.Row>>>();
            for (int i = 0; i < 8; i++) {
                without.add(writer.submit(List.of(new CheckInServer.Arrival(row(UUID.randomUUID(), employee, device, now, "no photo"), Optional.empty()))));
            }
            release.countDown();
            for (var f : without) {
                assertThat(f.get(5, TimeUnit.SECONDS).get(0).message()).as("answered though the batch's photo is not on disk")
                        .isEqualTo("no photo");
            }
            assertThat(withPhoto).as("a photo's check-in waits for its photo").isNotDone();
            diskGone.completeExceptionally(new UncheckedIOException(new IOException("disk gone")));
            assertThatThrownBy(() -> withPhoto.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk gone");
        }
    }

    @Test
    void after_a_refused_row_the_batch_stored_one_by_one_still_waits_for_its_photos_handed_to_the_spool_once() throws Exception {
        activate(CLERK);
        long device = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM device").mapTo(Long.class).one());
        long employee = db.database().jdbi().withHandle(h -> h.createQuery("SELECT employee_id FROM device").mapTo(Long.class).one());
        Instant now = clock.clock().instant();
        Photo jpeg = Photo.of(jpeg(1_000)).orElseThrow();
        List<UUID> handed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> onDisk = new CopyOnWriteArrayList<>();
        try (var writer = CheckInServer.checkInWriter(new CheckInStore(db.database().jdbi()), 100, 100, photos -> {
            photos.forEach(p -> handed.add(p.requestId()));
            CompletableFuture<Void> kept = new CompletableFuture<>();
            onDisk.add(kept);
            return kept;
        })) {
            var committed = new ArrayList<CompletableFuture<List<CheckInStore.Row>>>();
            var refused = new ArrayList<CompletableFuture<List<CheckInStore.Row>>>();
            for (int i = 0; i < 16; i++) {
                // every fourth row a latitude beyond 90, which the table refuses: its batch is stored one by one
                CheckInStore.Row ok = row(UUID.randomUUID(), employee, device, now, "ok");
                CheckInStore.Row row = i % 4 == 3 ? new CheckInStore.Row(ok.requestId(), employee, device, ok.type(), now, now, Optional.empty(),
                        ok.workDate(), 1000, 116.1978, 10, Optional.of(0), Optional.of("Kantor"), true, "ok", Optional.empty(), false, false,
                        false, Optional.of("10.0.0.1")) : ok;
                (i % 4 == 3 ? refused : committed).add(writer.submit(List.of(arrival(row, Optional.of(jpeg)))));
            }
            for (var f : refused) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(GroupCommit.RefusedRow.class);
            }
            for (long until = System.nanoTime() + 5_000_000_000L; handed.size() < 16; Thread.sleep(5)) {
                assertThat(System.nanoTime()).as("all photos handed to the spool").isLessThan(until);
            }
            Thread.sleep(200); // a photo handed twice (its room then given back twice) would show now
            assertThat(handed).as("each photo handed to the spool once, the retry's too").hasSize(16).doesNotHaveDuplicates();
            assertThat(committed).as("committed one by one, but their photos are not on disk yet").noneMatch(CompletableFuture::isDone);
            onDisk.forEach(f -> f.complete(null));
            for (var f : committed) {
                assertThat(f.get(10, TimeUnit.SECONDS).get(0).message()).isEqualTo("ok");
            }
        }
    }

    private static CheckInServer.Arrival arrival(CheckInStore.Row row, Optional<Photo> photo) {
        return new CheckInServer.Arrival(row, photo.map(p -> new SelfieStore.Taken(row.requestId(), row.employeeId(), row.workDate(), row.at(), p)));
    }

    private static CheckInStore.Row row(UUID requestId, long employee, long device, Instant now, String message) {
        return new CheckInStore.Row(requestId, employee, device, Optional.of(PunchType.IN), now, now, Optional.empty(), Optional.of(LocalDate.of(2026, 9, 14)),
                -1.9086, 116.1978, 10, Optional.of(0), Optional.of("Kantor"), true, message, Optional.empty(), false, false, false,
                Optional.of("10.0.0.1"));
    }

    @Test
    void a_row_the_database_refuses_fails_alone_and_the_rest_of_its_batch_commits() throws Exception {
        String token = activate(CLERK);
        long device = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM device").mapTo(Long.class).one());
        long employee = db.database().jdbi().withHandle(h -> h.createQuery("SELECT employee_id FROM device").mapTo(Long.class).one());
        Instant now = clock.clock().instant();
        try (var writer = CheckInServer.checkInWriter(new CheckInStore(db.database().jdbi()), 100, 100, photos -> CompletableFuture.completedFuture(null))) {
            var futures = new LinkedHashMap<UUID, CompletableFuture<List<CheckInStore.Row>>>();
            for (int i = 0; i < 16; i++) {
                // every fourth row breaks a constraint of the table (a latitude beyond 90), as a poisoned row would
                double latitude = i % 4 == 3 ? 1000 : -1.9086;
                var row = new CheckInStore.Row(UUID.randomUUID(), employee, device, Optional.of(PunchType.IN), now, now, Optional.empty(),
                        Optional.of(LocalDate.of(2026, 9, 14)), latitude, 116.1978, 10, Optional.of(0),
                        Optional.of("Kantor"), true, "ok", Optional.empty(), false, false, false,
                        Optional.of("10.0.0.1"));
                futures.put(row.requestId(), writer.submit(List.of(new CheckInServer.Arrival(row, Optional.empty()))));
            }
            int committed = 0;
            int refused = 0;
            for (var f : futures.values()) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                    committed++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(GroupCommit.RefusedRow.class);
                    refused++;
                }
            }
            assertThat(committed).isEqualTo(12);
            assertThat(refused).isEqualTo(4);
        }
        assertThat(db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one()).longValue()).isEqualTo(12);
        assertThat(token).isNotBlank();
    }

    @Test
    void a_request_id_belongs_to_the_phone_that_used_it_first() {
        String clerk = activate(CLERK);
        String nurse = activate(NURSE);
        String requestId = UUID.randomUUID().toString();
        String body = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + requestId + "\"}";
        var first = send(clerk, body);
        assertThat(first.statusCode()).isEqualTo(201);

        var stolen = send(nurse, body);
        assertThat(stolen.statusCode()).isEqualTo(409);
        assertThat(stolen.body()).doesNotContain("Andi").doesNotContain("07.15").doesNotContain("2026-09-14").contains("REQUEST_ID_IN_USE");
        assertThat(send(clerk, body).body()).isEqualTo(first.body());
        assertThat(checkIn(nurse, "IN", OFFICE, 10, null, false).statusCode()).isIn(201, 422);
    }

    @Test
    void a_stranger_guessing_codes_cannot_lock_the_owner_out() {
        String code = enroll(CLERK);
        for (int i = 0; i < 6; i++) {
            post("/api/v1/activate", Map.of("employee", CLERK, "code", "AAAAAAAA", "deviceName", "HP"), "10.9.9.9");
        }
        assertThat(post("/api/v1/activate", Map.of("employee", CLERK, "code", code, "deviceName", "HP"), "10.9.9.9").statusCode())
                .as("the guessing address is throttled, even with the right code").isEqualTo(429);
        assertThat(post("/api/v1/activate", Map.of("employee", CLERK, "code", code, "deviceName", "iPhone 8"), "10.1.1.1").statusCode())
                .as("the owner's phone from its own address").isEqualTo(201);
    }

    @Test
    void two_servers_on_one_database_behave_as_one() throws Exception {
        CheckInServer second = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()));
        try {
            String token = activate(CLERK);
            String body = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + UUID.randomUUID() + "\"}";
            var first = send(token, body);
            assertThat(first.statusCode()).isEqualTo(201);
            var retry = raw(second.port(), "POST", "/api/v1/checkins", "application/json", token, body);
            assertThat(retry.body()).as("a retry sent to the other server gets the same answer").isEqualTo(first.body());

            for (int i = 0; i < 5; i++) {
                post("/api/v1/activate", Map.of("employee", NURSE, "code", "AAAAAAAA", "deviceName", "HP"));
            }
            assertThat(raw(second.port(), "POST", "/api/v1/activate", "application/json", null,
                    "{\"employee\":\"" + NURSE + "\",\"code\":\"AAAAAAAA\",\"deviceName\":\"HP\"}").statusCode())
                    .as("throttling holds across servers").isEqualTo(429);

            db.database().jdbi().useTransaction(h -> new DeviceStore(db.database().jdbi()).revoke(h, new Audit("admin", "test"), CLERK));
            long start = System.nanoTime();
            int one = 0;
            int two = 0;
            while ((one != 403 || two != 403) && System.nanoTime() - start < 5_000_000_000L) {
                Thread.sleep(100);
                one = checkIn(token, "IN", OFFICE, 10, null, false).statusCode();
                two = raw(second.port(), "POST", "/api/v1/checkins", "application/json", token,
                        "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + UUID.randomUUID() + "\"}").statusCode();
            }
            assertThat(one).isEqualTo(403);
            assertThat(two).isEqualTo(403);
            assertThat(System.nanoTime() - start).as("a revocation reaches both servers within a second or two").isLessThan(3_000_000_000L);
        } finally {
            second.close();
        }
    }

    @Test
    void four_hundred_slow_clients_do_not_keep_a_fresh_check_in_waiting() throws Exception {
        String token = activate(CLERK);
        var slow = new ArrayList<Socket>();
        var trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 400; i++) {
                var socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST /api/v1/checkins HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + token + "\r\nContent-Length: 400\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(s -> {
                try {
                    s.getOutputStream().write(' ');
                } catch (IOException closedByTheServer) {
                    // the server gave up on it: what we want
                }
            }), 1, 1, TimeUnit.SECONDS);
            Thread.sleep(3000);
            long start = System.nanoTime();
            var fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/v1/checkins")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":10,\"requestId\":\"" + UUID.randomUUID() + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("A fresh check-in under 400 slow connections was answered in %d ms%n", millis);
            assertThat(fresh.statusCode()).isEqualTo(201);
            assertThat(millis).as("a generous bound; scripts/bench measures the time").isLessThan(10_000);
        } finally {
            trickle.shutdownNow();
            for (var s : slow) {
                s.close();
            }
        }
    }

    private String enroll(String employee) {
        return db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), employee, Duration.ofHours(72), "admin").code());
    }

    private String activate(String employee) {
        var response = post("/api/v1/activate", Map.of("employee", employee, "code", enroll(employee), "deviceName", "HP"));
        assertThat(response.statusCode()).isEqualTo(201);
        return (String) body(response).get("token");
    }

    /**
     * A check-in whose head announces a body of {@code length} bytes, over the route's cap: the answer (asserted 413)
     * comes before a byte of the body is sent. A client streaming the body at once could see the connection reset
     * instead (the server closes on the unread bytes), which is TCP's race, not the server's answer.
     */
    private String announcedOverTheCap(String token, int length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            RawHttp.head(socket, "/api/v1/checkins", token, "Content-Type: application/json\r\n", length);
            RawHttp.Answer answer = RawHttp.answer(socket);
            assertThat(answer.status()).isEqualTo(413);
            return answer.body();
        }
    }

    private HttpResponse<String> checkIn(String token, String type, String position, double accuracy, String clientTime, boolean mock) {
        return send(token, "{\"type\":\"" + type + "\"," + position + ",\"accuracy\":" + accuracy + ",\"requestId\":\"" + UUID.randomUUID() + "\""
                + (clientTime == null ? "" : ",\"clientTime\":\"" + clientTime + "\"") + (mock ? ",\"mock\":true" : "") + "}");
    }

    private HttpResponse<String> send(String token, String body) {
        return raw("POST", "/api/v1/checkins", "application/json", token, body);
    }

    private HttpResponse<String> post(String path, Map<String, String> body) {
        return post(path, body, null);
    }

    /** From a phone at the given address, as the local TLS proxy reports it. */
    private HttpResponse<String> post(String path, Map<String, String> body, String forwardedFor) {
        try {
            return raw(server.port(), "POST", path, "application/json", null, json.writeValueAsString(body), forwardedFor);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> raw(String method, String path, String contentType, String token, String body) {
        return raw(server.port(), method, path, contentType, token, body);
    }

    private HttpResponse<String> raw(int port, String method, String path, String contentType, String token, String body) {
        return raw(port, method, path, contentType, token, body, null);
    }

    private HttpResponse<String> raw(int port, String method, String path, String contentType, String token, String body, String forwardedFor) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return send(builder.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> refusal(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        return body(response);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(HttpResponse<String> response) {
        try {
            return json.readValue(response.body(), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    /** The server's official clock, set by the test in WITA. */
    static final class TestClock {
        private final SettableClock clock;

        TestClock(Instant start) {
            clock = new SettableClock(start);
        }

        void set(LocalDateTime witaTime) {
            clock.set(witaTime.atZone(WITA).toInstant());
        }

        Instant instant() {
            return clock.instant();
        }

        SettableClock clock() {
            return clock;
        }
    }
}
