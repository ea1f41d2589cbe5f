package id.presensi.server;

import id.presensi.testing.SettableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One phone's request rate against the real server and the embedded PostgreSQL: past its bucket a token's requests are
 * answered 429 TOO_FAST with Retry-After, held back a second or more without a thread, so a flood on a few connections
 * gets few answers a second while other phones commit; the held answers are bounded (past the bound, the connection is
 * closed); and a large body under a token that is no phone's is answered 401 (403 revoked) before it is sent.
 */
class PhoneRateTest {
    private static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final String OFFICE = "\"lat\":-1.9086,\"lon\":116.1978";

    private final TestDatabase db = TestDatabase.get();
    private final ObjectMapper json = new ObjectMapper();
    private final SettableClock clock = new SettableClock(LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant());
    private CheckInServer server;

    @BeforeEach
    void an_office_that_asks_for_selfies_with_ten_staff() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("""
                    INSERT INTO employee (type, nip, name, unit_id)
                    SELECT 'PNS', '1990022820151210' || lpad(n::text, 2, '0'), 'Pegawai ' || n, u.id FROM unit u, generate_series(1, 10) n""");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9086, 116.1978, 100 FROM unit");
            h.execute("INSERT INTO selfie_policy (unit_id, required) SELECT id, true FROM unit");
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private void start(PhoneRate rate) {
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock).withRate(rate));
    }

    @Test
    void a_token_flooding_from_four_connections_is_answered_429_slowly_while_other_phones_commit() throws Exception {
        start(new PhoneRate(2, 5));
        String abuser = activate(1);
        List<String> honest = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            honest.add(activate(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        long seconds = 4;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<List<Timed>>> flood = new ArrayList<>();
        for (int connection = 0; connection < 4; connection++) {
            int seed = connection;
            flood.add(pool.submit(() -> {
                // its own client: one connection, each request sent once the last is answered, as a flooding script does
                HttpClient own = HttpClient.newHttpClient();
                List<Timed> answers = new ArrayList<>();
                for (int i = 0; System.nanoTime() < end; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer = i % 2 == 0 ? photoCheckIn(own, abuser, seed * 1000 + i) : me(own, abuser);
                    answers.add(new Timed(answer, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
                }
                return answers;
            }));
        }
        Future<List<Integer>> others = pool.submit(() -> {
            HttpClient own = HttpClient.newHttpClient();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < honest.size(); i++) {
                statuses.add(photoCheckIn(own, honest.get(i), 50_000 + i).statusCode());
                statuses.add(me(own, honest.get(i)).statusCode());
            }
            return statuses;
        });
        List<Timed> answers = new ArrayList<>();
        for (Future<List<Timed>> f : flood) {
            answers.addAll(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(others.get(30, TimeUnit.SECONDS)).as("other tokens: each check-in stored, each read answered")
                .containsExactly(201, 200, 201, 200, 201, 200, 201, 200, 201, 200);
        pool.shutdown();

        // over its day's selfies too (6): those 429s are answered at once, within the bucket
        List<Timed> tooFast = answers.stream().filter(a -> a.response().body().contains("\"TOO_FAST\"")).toList();
        assertThat(answers.size() - tooFast.size()).as("within the bucket: its burst, then 2 a second")
                .isBetween(5, 5 + 2 * (int) seconds + 2);
        // unthrottled, four connections of refusals answered in a millisecond each would be thousands of answers; held
        // a second or more each, a connection gets at most one a second after its share of the bucket
        assertThat(answers.size()).as("answers in %d s on 4 connections", seconds).isLessThanOrEqualTo(5 + 2 * (int) seconds + 4 * (int) seconds + 4);
        assertThat(tooFast).isNotEmpty().allSatisfy(a -> {
            assertThat(a.response().statusCode()).isEqualTo(429);
            assertThat(a.response().headers().firstValue("Retry-After")).hasValue("1");
            assertThat(body(a.response())).containsEntry("error", "TOO_FAST").containsEntry("message",
                    "Perangkat ini mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi.");
            assertThat(a.millis()).as("held back before it is answered").isGreaterThanOrEqualTo(Tarpit.FIRST_DELAY_MILLIS - 50);
        });
        long stored = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM checkin c JOIN device d ON d.id = c.device_id WHERE d.employee_id = (SELECT id FROM employee WHERE nip = '199002282015121001')")
                .mapTo(Long.class).one());
        assertThat(stored).as("the abuser's check-ins stored: those within its bucket").isLessThanOrEqualTo(answers.size() - tooFast.size());

        Thread.sleep(1_000);
        assertThat(me(HttpClient.newHttpClient(), abuser).statusCode()).as("a second later the bucket has room again").isEqualTo(200);
    }

    @Test
    void answers_held_for_one_address_are_bounded_and_past_the_bound_the_connection_is_closed() throws Exception {
        start(new PhoneRate(0.01, 1)); // one request, then none for 100 s
        String token = activate(1);
        assertThat(me(HttpClient.newHttpClient(), token).statusCode()).isEqualTo(200);
        int sockets = 80;
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                open.add(new Socket("127.0.0.1", server.port()));
            }
            for (Socket socket : open) { // all sent well within the second the first is held
                RawHttp.head(socket, "/api/v1/me", token, "", -1);
            }
            int closedAtOnce = 0;
            int held = 0;
            for (Socket socket : open) {
                long start = System.nanoTime();
                RawHttp.Answer answer = RawHttp.answer(socket);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(answer.status()).isEqualTo(429);
                assertThat(json.readValue(answer.body(), Map.class)).containsEntry("error", "TOO_FAST");
                if ("close".equalsIgnoreCase(answer.headers().get("connection"))) {
                    closedAtOnce++;
                    socket.setSoTimeout(2_000);
                    assertThat(socket.getInputStream().read()).as("closed after its answer").isEqualTo(-1);
                } else {
                    held++;
                }
            }
            assertThat(held).as("held: at most 64 for one address").isEqualTo(64);
            assertThat(closedAtOnce).isEqualTo(sockets - 64);
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("presensi_tarpit_closed " + (sockets - 64) + ".0").contains("presensi_tarpit_held 0.0");
    }

    @Test
    void a_large_body_under_an_unknown_or_revoked_token_is_refused_before_it_is_sent() throws Exception {
        start(PhoneRate.DEFAULT);
        String fields = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\"}";
        byte[] photo = jpeg(1, 30_000);
        String unknown = "x".repeat(43);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            RawHttp.head(socket, "/api/v1/checkins", unknown, "Content-Type: image/jpeg\r\n" + CheckInServer.CHECKIN_HEADER + ": " + fields + "\r\n", photo.length);
            RawHttp.Answer early = RawHttp.answer(socket);
            assertThat(early.status()).as("answered while the photo is unsent").isEqualTo(401);
            assertThat(json.readValue(early.body(), Map.class)).containsEntry("error", "UNAUTHORIZED")
                    .containsEntry("message", "Perangkat belum terdaftar: aktifkan dengan kode dari admin OPD.");
            socket.getOutputStream().write(photo); // sent after all: dropped unread, and the connection goes on
            RawHttp.head(socket, "/healthz", null, "", -1);
            assertThat(RawHttp.answer(socket).status()).isEqualTo(200);
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            RawHttp.head(socket, "/api/v1/requests", unknown, "Content-Type: application/json\r\nExpect: 100-continue\r\n", 400_000);
            RawHttp.Answer early = RawHttp.answer(socket);
            assertThat(early.status()).as("a 401, and no 100 Continue asking for the letter").isEqualTo(401);
        }
        String token = activate(1);
        db.database().jdbi().useTransaction(h -> new DeviceStore(db.database().jdbi()).revoke(h, new Audit("admin", "test"), "199002282015121001"));
        int status = 0;
        for (int i = 0; i < 50 && status != 403; i++) { // the service learns of the revocation within a second
            Thread.sleep(100);
            status = me(HttpClient.newHttpClient(), token).statusCode();
        }
        assertThat(status).isEqualTo(403);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            RawHttp.head(socket, "/api/v1/checkins", token, "Content-Type: image/jpeg\r\n" + CheckInServer.CHECKIN_HEADER + ": " + fields + "\r\n", photo.length);
            RawHttp.Answer early = RawHttp.answer(socket);
            assertThat(early.status()).isEqualTo(403);
            assertThat(json.readValue(early.body(), Map.class)).containsEntry("error", "DEVICE_REVOKED");
        }
        // a check-in's fields are small: read as before, and the 401 follows
        HttpResponse<String> small = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/checkins"))
                .POST(HttpRequest.BodyPublishers.ofString(fields)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + unknown).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(401);
        long checkins = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
        assertThat(checkins).isZero();
    }

    private record Timed(HttpResponse<String> response, long millis) {
    }

    private String activate(int employee) {
        String nip = "1990022820151210" + String.format("%02d", employee);
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), nip, Duration.ofHours(72), "admin").code());
        HttpResponse<String> response = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/activate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"employee\":\"" + nip + "\",\"code\":\"" + code + "\",\"deviceName\":\"HP\"}"))
                .header("Content-Type", "application/json").build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return (String) body(response).get("token");
    }

    private HttpResponse<String> photoCheckIn(HttpClient client, String token, int seed) {
        return send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/checkins"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg(seed, 30_000))).header("Content-Type", "image/jpeg")
                .header("Authorization", "Bearer " + token)
                .header(CheckInServer.CHECKIN_HEADER, "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\"}")
                .build());
    }

    private HttpResponse<String> me(HttpClient client, String token) {
        return send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/me"))
                .header("Authorization", "Bearer " + token).build());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Random bytes after a JPEG's marker: what a photo looks like to the server. */
    private static byte[] jpeg(int seed, int size) {
        byte[] photo = new byte[size];
        new Random(seed).nextBytes(photo);
        photo[0] = (byte) 0xff;
        photo[1] = (byte) 0xd8;
        photo[2] = (byte) 0xff;
        return photo;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(HttpResponse<String> response) {
        try {
            return json.readValue(response.body(), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }
}
