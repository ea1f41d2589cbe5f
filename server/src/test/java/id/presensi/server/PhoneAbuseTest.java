package id.presensi.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.SettableClock;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One phone (or anyone without a token) against the real server and the embedded PostgreSQL: each daily bound
 * answers 429 with Retry-After and an Indonesian message, the spool's cap refuses photos only, a trickling body
 * is a 408 without a stack trace, trickling headers are cut, and a flood from one token leaves honest phones'
 * check-ins all committed.
 */
class PhoneAbuseTest {
    private static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final String OFFICE = "\"lat\":-1.9086,\"lon\":116.1978";
    /** Seconds from 07:15 WITA to the next midnight there: what Retry-After says of a daily bound. */
    private static final String UNTIL_MIDNIGHT = Long.toString(Duration.ofHours(16).plusMinutes(45).toSeconds());

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final SettableClock clock = new SettableClock(LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant());
    private Path spool;
    private CheckInServer server;

    @BeforeEach
    void an_office_that_asks_for_selfies_with_ten_staff() throws IOException {
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
        spool = Files.createTempDirectory("presensi-abuse-spool");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private void start(PhoneLimits limits) {
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock).withSelfieSpool(spool)
                .withLimits(limits).withRate(PhoneRate.LIFTED)); // the day's bounds here, not the rate (PhoneRateTest)
    }

    @Test
    void each_daily_bound_is_a_429_with_retry_after_and_an_indonesian_message() throws Exception {
        start(new PhoneLimits(3, 2, 3, 2, PhoneLimits.DEFAULTS.spoolBytes(), 60));

        String checkIns = activate(1);
        for (int i = 0; i < 3; i++) {
            // answered (a check-in without the selfie its unit asks for is refused, and stored as refused)
            assertThat(checkIn(checkIns).statusCode()).isEqualTo(422);
        }
        assertOverLimit(checkIn(checkIns), "TOO_MANY_CHECKINS", "Perangkat ini sudah mengirim 3 presensi hari ini");
        assertThat(storedCheckIns()).isEqualTo(3);

        String selfies = activate(2);
        assertThat(photoCheckIn(selfies, 1).statusCode()).isEqualTo(201);
        assertThat(photoCheckIn(selfies, 2).statusCode()).isEqualTo(201);
        assertOverLimit(photoCheckIn(selfies, 3), "TOO_MANY_SELFIES", "Sudah 2 swafoto dikirim untuk hari kerja ini");
        assertThat(storedCheckIns()).as("a refused photo's check-in is not stored either").isEqualTo(5);

        String requests = activate(3);
        for (String day : List.of("2026-09-15", "2026-09-16", "2026-09-17")) {
            assertThat(request(requests, UUID.randomUUID(), "I", day, day).statusCode()).isEqualTo(201);
        }
        assertOverLimit(request(requests, UUID.randomUUID(), "I", "2026-09-18", "2026-09-18"), "TOO_MANY_REQUESTS",
                "Perangkat ini sudah mengirim 3 permohonan hari ini");

        String oneDay = activate(4);
        assertThat(request(oneDay, UUID.randomUUID(), "I", "2026-09-15", "2026-09-15").statusCode()).isEqualTo(201);
        assertThat(request(oneDay, UUID.randomUUID(), "S", "2026-09-14", "2026-09-15").statusCode()).isEqualTo(201);
        assertOverLimit(request(oneDay, UUID.randomUUID(), "DL", "2026-09-15", "2026-09-16"), "TOO_MANY_REQUESTS_FOR_DAY",
                "Sudah ada 2 permohonan untuk tanggal ini");
        assertThat(storedRequests()).isEqualTo(5);

        clock.set(LocalDateTime.of(2026, 9, 15, 7, 15).atZone(WITA).toInstant());
        assertThat(checkIn(checkIns).statusCode()).as("a new day, new bounds").isEqualTo(422);
    }

    @Test
    void a_phone_over_its_bound_is_answered_429_from_its_headers_before_it_sends_a_large_body_and_nothing_of_it_is_kept() throws Exception {
        start(new PhoneLimits(2, 6, 1, 3, PhoneLimits.DEFAULTS.spoolBytes(), 60));
        String token = activate(1);
        assertThat(photoCheckIn(token, 1).statusCode()).isEqualTo(201);
        assertThat(photoCheckIn(token, 2).statusCode()).isEqualTo(201);
        assertThat(request(token, UUID.randomUUID(), "I", "2026-09-15", "2026-09-15").statusCode()).isEqualTo(201);
        long spooled = directorySize(spool);
        byte[] photo = jpeg(3, 30_000);
        String fields = "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\"}";
        String letter = "{\"requestId\":\"" + UUID.randomUUID() + "\",\"type\":\"I\",\"dateFrom\":\"2026-09-16\",\"reason\":\"urusan keluarga\","
                + "\"photo\":\"" + "A".repeat(400_000) + "\"}";

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            // the head only: the answer comes while the 30 KB photo is still unsent
            RawHttp.head(socket, "/api/v1/checkins", token, "Content-Type: image/jpeg\r\n" + CheckInServer.CHECKIN_HEADER + ": " + fields + "\r\n", photo.length);
            RawHttp.Answer early = RawHttp.answer(socket);
            assertThat(early.status()).isEqualTo(429);
            assertThat(early.headers()).containsEntry("retry-after", UNTIL_MIDNIGHT);
            assertThat(json.readValue(early.body(), Map.class)).containsEntry("error", "TOO_MANY_CHECKINS")
                    .containsEntry("message", "Perangkat ini sudah mengirim 2 presensi hari ini, batas sehari. Coba lagi besok; "
                            + "bila presensi Anda belum tercatat, hubungi admin OPD.");
            // the photo sent after all is dropped unread, and the connection carries the next request
            socket.getOutputStream().write(photo);
            RawHttp.head(socket, "/api/v1/requests", token, "Content-Type: application/json\r\n", letter.length());
            RawHttp.Answer requests = RawHttp.answer(socket);
            assertThat(requests.status()).isEqualTo(429);
            assertThat(json.readValue(requests.body(), Map.class)).containsEntry("error", "TOO_MANY_REQUESTS");
            socket.getOutputStream().write(letter.getBytes(StandardCharsets.US_ASCII));
            RawHttp.head(socket, "/healthz", null, "", -1);
            assertThat(RawHttp.answer(socket).status()).as("the same connection, after both bodies were dropped").isEqualTo(200);
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            // a client that waits for 100 Continue is answered without being asked for its body
            RawHttp.head(socket, "/api/v1/checkins", token, "Content-Type: image/jpeg\r\nExpect: 100-continue\r\n"
                    + CheckInServer.CHECKIN_HEADER + ": " + fields + "\r\n", photo.length);
            assertThat(RawHttp.answer(socket).status()).isEqualTo(429);
        }
        ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
        Logger access = (Logger) LoggerFactory.getLogger("id.presensi.access");
        accessLog.start();
        access.addAppender(accessLog);
        try {
            for (int i = 0; i < 30; i++) {
                assertThat(photoCheckIn(token, 100 + i).statusCode()).isEqualTo(429);
                assertThat(checkIn(token).statusCode()).as("a check-in's fields, read: a 429 all the same").isEqualTo(429);
            }
        } finally {
            access.detachAppender(accessLog);
        }
        assertThat(accessLog.list).as("a flood of refusals is one access line a minute, not one each").hasSizeLessThanOrEqualTo(1);
        assertThat(storedCheckIns()).isEqualTo(2);
        assertThat(storedRequests()).isEqualTo(1);
        assertThat(storedPhotos()).isEqualTo(2);
        assertThat(directorySize(spool)).as("nothing of the refused photos reached the spool").isLessThanOrEqualTo(spooled);
    }

    @Test
    void a_check_in_or_request_sent_again_gets_its_first_answer_and_costs_none_of_the_days_bounds() throws Exception {
        start(new PhoneLimits(3, 2, 3, 3, PhoneLimits.DEFAULTS.spoolBytes(), 60));
        String token = activate(1);
        UUID withPhoto = UUID.randomUUID();
        UUID withoutPhoto = UUID.randomUUID();
        HttpResponse<String> first = photoCheckIn(token, 1, withPhoto, Map.of());
        assertThat(first.statusCode()).isEqualTo(201);
        HttpResponse<String> refused = checkIn(token, withoutPhoto, Map.of());
        assertThat(refused.statusCode()).as("no selfie where the unit asks for one: refused, and stored as refused").isEqualTo(422);
        for (int i = 0; i < 5; i++) { // the page's retries after answers lost on the way
            assertThat(photoCheckIn(token, 1, withPhoto, Map.of()).body()).isEqualTo(first.body());
            assertThat(checkIn(token, withoutPhoto, Map.of()).body()).isEqualTo(refused.body());
        }
        assertThat(photoCheckIn(token, 2).statusCode()).as("the third check-in, and the second selfie, of the day").isEqualTo(201);
        assertOverLimit(photoCheckIn(token, 3), "TOO_MANY_CHECKINS", "Perangkat ini sudah mengirim 3 presensi hari ini");
        assertOverLimit(checkIn(token), "TOO_MANY_CHECKINS", "Perangkat ini sudah mengirim 3 presensi hari ini");
        // over the bound, a retry still hears its first answer: by the photo's header without the photo being read,
        // by a check-in's small body, or by the Idempotency-Key header
        var again = photoCheckIn(token, 1, withPhoto, Map.of());
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(checkIn(token, withoutPhoto, Map.of()).body()).isEqualTo(refused.body());
        assertThat(checkIn(token, withoutPhoto, Map.of(UnreadBody.IDEMPOTENCY_KEY, withoutPhoto.toString())).body()).isEqualTo(refused.body());
        assertThat(storedCheckIns()).isEqualTo(3);
        assertThat(storedPhotos()).isEqualTo(2);

        UUID izin = UUID.randomUUID();
        var stored = request(token, izin, "I", "2026-09-15", "2026-09-15", Map.of(UnreadBody.IDEMPOTENCY_KEY, izin.toString()));
        assertThat(stored.statusCode()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            assertThat(request(token, izin, "I", "2026-09-15", "2026-09-15", Map.of()).body()).isEqualTo(stored.body());
        }
        var contradicting = request(token, izin, "I", "2026-09-15", "2026-09-15", Map.of(UnreadBody.IDEMPOTENCY_KEY, UUID.randomUUID().toString()));
        assertThat(contradicting.statusCode()).as("refused, and counted as the day's second").isEqualTo(400);
        assertThat(body(contradicting)).containsEntry("message", "Kolom Idempotency-Key tidak sesuai dengan requestId.");
        assertThat(request(token, UUID.randomUUID(), "S", "2026-09-16", "2026-09-16").statusCode()).as("the day's third").isEqualTo(201);
        assertOverLimit(request(token, UUID.randomUUID(), "S", "2026-09-17", "2026-09-17"), "TOO_MANY_REQUESTS",
                "Perangkat ini sudah mengirim 3 permohonan hari ini");
        assertThat(request(token, izin, "I", "2026-09-15", "2026-09-15", Map.of(UnreadBody.IDEMPOTENCY_KEY, izin.toString())).body())
                .as("over the bound, sent again as the page does").isEqualTo(stored.body());
        assertThat(storedRequests()).isEqualTo(2);
    }

    @Test
    void a_second_izin_for_overlapping_days_is_a_409_naming_the_first_even_after_a_restart() throws Exception {
        start(PhoneLimits.DEFAULTS);
        String token = activate(1);
        UUID first = UUID.randomUUID();
        var stored = request(token, first, "I", "2026-09-15", "2026-09-16");
        assertThat(stored.statusCode()).isEqualTo(201);
        Object id = body(stored).get("id");

        var second = request(token, UUID.randomUUID(), "I", "2026-09-16", "2026-09-18");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(body(second)).containsEntry("error", "REQUEST_EXISTS").containsEntry("message",
                "Permohonan izin untuk tanggal 2026-09-15 s.d. 2026-09-16 sudah ada (nomor " + id + ", menunggu keputusan); tidak perlu dikirim lagi.");
        assertThat(request(token, first, "I", "2026-09-15", "2026-09-16").body()).as("the same request sent again").isEqualTo(stored.body());
        assertThat(request(token, UUID.randomUUID(), "S", "2026-09-17", "2026-09-17").statusCode()).as("another kind").isEqualTo(201);

        server.close();
        start(PhoneLimits.DEFAULTS);
        assertThat(request(token, UUID.randomUUID(), "I", "2026-09-14", "2026-09-15").statusCode()).as("after a restart").isEqualTo(409);
        assertThat(storedRequests()).isEqualTo(2);
    }

    @Test
    void a_full_spool_refuses_photos_with_503_while_check_ins_without_photos_commit() throws Exception {
        start(new PhoneLimits(20, 6, 10, 3, 10_000, 60));
        String withPhoto = activate(1);
        var refused = photoCheckIn(withPhoto, 1);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(body(refused)).containsEntry("error", "PHOTO_STORAGE_FULL")
                .containsEntry("message", "Penyimpanan swafoto di server sedang penuh; presensi Anda akan dikirim ulang otomatis.");
        assertThat(storedCheckIns()).isZero();

        // a unit that does not ask for selfies: its check-ins (and the photos nobody keeps) never touch the spool
        db.database().jdbi().useHandle(h -> h.execute("DELETE FROM selfie_policy"));
        String plain = activate(2);
        HttpResponse<String> committed = checkIn(plain);
        for (long until = System.nanoTime() + 5_000_000_000L; committed.statusCode() != 201 && System.nanoTime() < until; ) {
            Thread.sleep(300); // the service looks for rule changes every second
            committed = checkIn(plain);
        }
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(201);
        assertThat(photoCheckIn(withPhoto, 2).statusCode()).isEqualTo(201);
        assertThat(directorySize(spool)).isLessThanOrEqualTo(10_000);
    }

    @Test
    void a_body_sent_one_byte_a_second_is_a_408_and_no_stack_trace_reaches_the_log() throws Exception {
        start(PhoneLimits.DEFAULTS);
        String token = activate(1);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("POST /api/v1/checkins HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + token + "\r\nContent-Length: 400\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            Map<Socket, String> answers = new java.util.HashMap<>();
            for (int second = 0; second < 25 && answers.size() < sockets.size(); second++) {
                Thread.sleep(1000);
                for (Socket s : sockets) {
                    if (!answers.containsKey(s)) {
                        trickle(s);
                        statusLine(s, 10).ifPresent(line -> answers.put(s, line));
                    }
                }
            }
            assertThat(answers.values()).hasSize(20).allMatch(line -> line.startsWith("HTTP/1.1 408"), "a 408");
        } finally {
            root.detachAppender(logged);
            for (Socket s : sockets) {
                s.close();
            }
        }
        List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertThat(warnings).as("one line at most, never a trace").hasSizeLessThanOrEqualTo(1).allMatch(e -> e.getThrowableProxy() == null);
        assertThat(storedCheckIns()).isZero();
    }

    @Test
    void header_lines_sent_one_every_two_seconds_are_cut_off() throws Exception {
        start(PhoneLimits.DEFAULTS);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            int sent = 0;
            boolean open = true;
            // each line well within the idle timeout (10 s), so only a bound on the whole head closes the connection
            for (; sent < 15 && open; sent++) {
                Thread.sleep(2000);
                try {
                    out.write(("X-Slow-" + sent + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.setSoTimeout(10);
                    open = socket.getInputStream().read() != -1;
                } catch (SocketTimeoutException stillOpen) {
                    open = true;
                } catch (IOException closed) {
                    open = false;
                }
            }
            assertThat(open).as("closed before the 15th header line (30 s)").isFalse();
        }
        assertThat(get("/healthz").statusCode()).as("the server itself still answers").isEqualTo(200);
    }

    /**
     * One token floods check-ins with and without photos, and requests, from four connections, while ten honest
     * phones check in: every honest check-in commits, the abuser's stored rows stay within its bounds, and the spool
     * (sampled throughout) never passes its cap. The latency of honest phones is measured by scripts/bench/abuse.
     */
    @Test
    void one_token_flooding_check_ins_selfies_and_requests_leaves_honest_phones_committing_and_the_spool_under_its_cap() throws Exception {
        long cap = 1_000_000; // the honest phones' 18 photos and the abuser's six a day fit: the abuser cannot fill it
        start(new PhoneLimits(20, 6, 10, 3, cap, 60));
        String abuser = activate(10);
        List<String> honest = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            honest.add(activate(i));
        }
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong largestSpool = new AtomicLong();
        AtomicLong abuserAnswers = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> flood = new ArrayList<>();
        try {
            flood.add(pool.submit(() -> {
                while (flooding.get()) {
                    largestSpool.accumulateAndGet(directorySize(spool), Math::max);
                    Thread.sleep(5);
                }
                return null;
            }));
            for (int t = 0; t < 4; t++) {
                int thread = t;
                flood.add(pool.submit(() -> {
                    for (int i = 0; flooding.get(); i++) {
                        int status = switch ((i + thread) % 3) {
                            case 0 -> checkIn(abuser).statusCode();
                            case 1 -> photoCheckIn(abuser, i).statusCode();
                            default -> request(abuser, UUID.randomUUID(), "I", "2026-09-15", "2026-09-15").statusCode();
                        };
                        assertThat(status).isIn(201, 409, 422, 429); // 422: a check-in without the selfie its unit asks for
                        abuserAnswers.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            for (int round = 0; round < 2; round++) {
                List<Future<HttpResponse<String>>> honestAnswers = new ArrayList<>();
                for (int i = 0; i < honest.size(); i++) {
                    String token = honest.get(i);
                    int photo = 1_000 + round * 100 + i;
                    honestAnswers.add(pool.submit(() -> photoCheckIn(token, photo)));
                }
                for (var answer : honestAnswers) {
                    assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
                }
            }
        } finally {
            flooding.set(false);
            for (var f : flood) {
                f.get();
            }
            pool.shutdown();
        }
        assertThat(abuserAnswers.get()).isGreaterThan(30);
        assertThat(largestSpool.get()).isLessThanOrEqualTo(cap);
        long abuserCheckIns = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM checkin c JOIN employee e ON e.id = c.employee_id WHERE e.nip = '199002282015121010'""").mapTo(Long.class).one());
        assertThat(abuserCheckIns).isLessThanOrEqualTo(20);
        assertThat(storedRequests()).as("one izin for the day; the rest 409 or 429").isEqualTo(1);
        assertThat(storedCheckIns() - abuserCheckIns).as("every honest check-in committed").isEqualTo(18);
    }

    private static void trickle(Socket s) {
        try {
            s.getOutputStream().write(' ');
        } catch (IOException closedByTheServer) {
            // answered and closed: the status line is read below
        }
    }

    /** The status line the server wrote on the socket, if it has answered yet. */
    private static java.util.Optional<String> statusLine(Socket s, int waitMillis) {
        try {
            s.setSoTimeout(waitMillis);
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(line.toString());
        } catch (SocketTimeoutException notYet) {
            return java.util.Optional.empty();
        } catch (IOException reset) {
            return java.util.Optional.of("closed: " + reset.getMessage());
        }
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertOverLimit(HttpResponse<String> response, String error, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue(UNTIL_MIDNIGHT);
        assertThat(body(response)).containsEntry("error", error);
        assertThat(body(response).get("message").toString()).startsWith(message);
    }

    private String activate(int employee) {
        String nip = "1990022820151210" + String.format("%02d", employee);
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), nip, Duration.ofHours(72), "admin").code());
        var response = post("/api/v1/activate", null, "application/json",
                "{\"employee\":\"" + nip + "\",\"code\":\"" + code + "\",\"deviceName\":\"HP\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return (String) body(response).get("token");
    }

    private HttpResponse<String> checkIn(String token) {
        return checkIn(token, UUID.randomUUID(), Map.of());
    }

    private HttpResponse<String> checkIn(String token, UUID requestId, Map<String, String> headers) {
        return post("/api/v1/checkins", token, "application/json",
                "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + requestId + "\"}", headers);
    }

    /** A check-in as the page sends it with its selfie: a different 30 KB photo for each seed. */
    private HttpResponse<String> photoCheckIn(String token, int seed) {
        return photoCheckIn(token, seed, UUID.randomUUID(), Map.of());
    }

    private HttpResponse<String> photoCheckIn(String token, int seed, UUID requestId, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/checkins"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg(seed, 30_000))).header("Content-Type", "image/jpeg")
                .header("Authorization", "Bearer " + token)
                .header(CheckInServer.CHECKIN_HEADER, "{\"type\":\"IN\"," + OFFICE + ",\"accuracy\":12,\"requestId\":\"" + requestId + "\"}");
        headers.forEach(builder::header);
        return send(builder.build());
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

    private HttpResponse<String> request(String token, UUID requestId, String kind, String from, String to) {
        return request(token, requestId, kind, from, to, Map.of());
    }

    private HttpResponse<String> request(String token, UUID requestId, String kind, String from, String to, Map<String, String> headers) {
        return post("/api/v1/requests", token, "application/json", "{\"requestId\":\"" + requestId + "\",\"type\":\"" + kind
                + "\",\"dateFrom\":\"" + from + "\",\"dateTo\":\"" + to + "\",\"reason\":\"" + "surat dokter terlampir" + "\"}", headers);
    }

    /** A request's line and headers written on the socket, announcing a body of {@code length} bytes (none if negative). */
    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build());
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) {
        return post(path, token, contentType, body, Map.of());
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return send(builder.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long storedCheckIns() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
    }

    /** Photos in PostgreSQL once the spool has carried everything it holds there (within 10 s). */
    private long storedPhotos() throws InterruptedException {
        for (long until = System.nanoTime() + 10_000_000_000L; directorySize(spool) > 0 && System.nanoTime() < until; ) {
            Thread.sleep(100);
        }
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin_photo").mapTo(Long.class).one());
    }

    private long storedRequests() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM request").mapTo(Long.class).one());
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
