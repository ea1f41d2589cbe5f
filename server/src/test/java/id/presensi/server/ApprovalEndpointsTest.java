package id.presensi.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.app.RequestDecisions;
import id.presensi.request.ApprovalChain;
import id.presensi.request.ApprovalStep;
import id.presensi.request.RequestKind;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.store.RequestChainStore;
import id.presensi.testing.SettableClock;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persetujuan on the phone against the real server and database: a clerk asks for izin, the OPD admin checks it
 * (admin step), the head signs from their own phone, the clerk's page shows the decisions step by step; nobody
 * else's phone signs, and nothing after the signature.
 */
class ApprovalEndpointsTest {
    static final String CLERK = "199002282015121002";
    static final String HEAD = "197001012000031001";
    static final String COLLEAGUE = "198801012010012001";

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private CheckInServer server;

    @BeforeEach
    void a_unit_whose_izin_goes_admin_then_head() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')");
            for (String[] e : List.of(new String[] {CLERK, "Andi Staf"}, new String[] {HEAD, "Budi Kepala"}, new String[] {COLLEAGUE, "Citra Rekan"})) {
                h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, ?, id FROM unit", e[0], e[1]);
            }
            h.execute("UPDATE unit SET head_employee_id = (SELECT id FROM employee WHERE nip = ?)", HEAD);
        });
        db.database().jdbi().useTransaction(h -> new RequestChainStore(db.database().jdbi()).set(h, new Audit("rina.bkpsdm", "request chain set"),
                new ApprovalChain("DINKES", RequestKind.I, 1, false, List.of(ApprovalStep.parse("ADMIN:2wd"), ApprovalStep.parse("HEAD:2wd:lapse")))));
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(new SettableClock(Instant.now()))
                .withRate(PhoneRate.LIFTED)); // a phone here tries ids at machine speed; the rate: PhoneRateTest
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void the_head_signs_from_the_phone_after_the_admin_and_the_clerk_sees_each_step() throws Exception {
        String clerk = activate(CLERK);
        String head = activate(HEAD);
        String colleague = activate(COLLEAGUE);
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Makassar")).plusDays(7);
        while (day.getDayOfWeek().getValue() > 5) {
            day = day.plusDays(1);
        }
        assertThat(day.getDayOfWeek()).isNotEqualTo(DayOfWeek.SUNDAY);
        var asked = send("POST", "/api/v1/requests", clerk, """
                {"requestId":"%s","type":"I","dateFrom":"%s","reason":"urusan keluarga"}""".formatted(UUID.randomUUID(), day));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        long id = json.readTree(asked.body()).get("id").asLong();

        assertThat(approvals(head)).as("the admin's step comes first").isEmpty();
        var stranger = send("POST", "/api/v1/approvals/" + id, colleague, "{\"decision\":\"APPROVED\"}");
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(404);
        assertThat(stranger.body()).as("a phone not signing it learns nothing of the request's step").isEqualTo(missing(colleague));
        var early = send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"APPROVED\"}");
        assertThat(early.statusCode()).as(early.body()).isEqualTo(422);
        assertThat(early.body()).contains("belum sampai pada giliran kepala");

        db.database().jdbi().useTransaction(h -> new RequestDecisions(db.database().jdbi())
                .decide(h, new Audit("dewi.admin", "presensi request approve"), id, true, Optional.of("surat lengkap")));
        JsonNode waiting = approvals(head);
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("name").asText()).isEqualTo("Andi Staf");
        assertThat(approvals(colleague)).as("a colleague is no head").isEmpty();

        var notTheirs = send("POST", "/api/v1/approvals/" + id, colleague, "{\"decision\":\"APPROVED\"}");
        assertThat(notTheirs.statusCode()).as(notTheirs.body()).isEqualTo(404);
        assertThat(notTheirs.body()).isEqualTo(missing(colleague));
        var own = send("POST", "/api/v1/approvals/" + id, clerk, "{\"decision\":\"APPROVED\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(422);
        assertThat(own.body()).contains("Permohonan Anda sendiri");
        assertThat(send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"MAYBE\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"APPROVED\",\"employee\":\"" + CLERK + "\"}").statusCode())
                .as("no field names the signer").isEqualTo(400);
        assertThat(send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"REJECTED\"}").body()).contains("Tuliskan alasan penolakan");
        assertThat(send("POST", "/api/v1/approvals/abc", head, "{\"decision\":\"APPROVED\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/approvals/999999", head, "{\"decision\":\"APPROVED\"}").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/approvals/" + id, null, "{\"decision\":\"APPROVED\"}").statusCode()).isEqualTo(401);

        var signed = send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"APPROVED\",\"note\":\"setuju\"}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(json.readTree(signed.body()).get("status").asText()).isEqualTo("APPROVED");
        var again = send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"REJECTED\",\"note\":\"batal\"}");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("terkunci");
        var after = send("POST", "/api/v1/approvals/" + id, colleague, "{\"decision\":\"REJECTED\",\"note\":\"batal\"}");
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(after.body()).as("nor that it was signed").isEqualTo(missing(colleague));

        JsonNode mine = json.readTree(get("/api/v1/requests", clerk).body()).get("requests").get(0);
        assertThat(mine.get("status").asText()).isEqualTo("APPROVED");
        assertThat(mine.get("steps").get(0).get("actor").asText()).isEqualTo("ADMIN");
        assertThat(mine.get("steps").get(0).get("note").asText()).isEqualTo("surat lengkap");
        assertThat(mine.get("steps").get(1).get("actor").asText()).isEqualTo("HEAD");
        assertThat(mine.get("steps").get(1).get("status").asText()).isEqualTo("APPROVED");
        assertThat(mine.get("steps").get(1).get("signer").asText()).isEqualTo("Budi Kepala");
        int leave = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*)::int FROM leave l JOIN employee e ON e.id = l.employee_id WHERE e.nip = :nip").bind("nip", CLERK).mapTo(Integer.class).one());
        assertThat(leave).as("the approval's effect").isEqualTo(1);
    }

    @Test
    void a_signature_the_database_refuses_for_a_leave_already_recorded_answers_422_not_500() throws Exception {
        String clerk = activate(CLERK);
        String head = activate(HEAD);
        LocalDate day = weekdayNextWeek();
        var asked = send("POST", "/api/v1/requests", clerk, """
                {"requestId":"%s","type":"I","dateFrom":"%s","reason":"urusan keluarga"}""".formatted(UUID.randomUUID(), day));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        long id = json.readTree(asked.body()).get("id").asLong();
        db.database().jdbi().useTransaction(h -> new RequestDecisions(db.database().jdbi())
                .decide(h, new Audit("dewi.admin", "presensi request approve"), id, true, Optional.empty()));
        db.database().jdbi().useHandle(h -> h.execute(
                "INSERT INTO leave (employee_id, date_from, date_to, type, reference) SELECT id, ?, ?, 'S', 'surat dokter' FROM employee WHERE nip = ?",
                day, day, CLERK));

        var signed = send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"APPROVED\"}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(422);
        assertThat(signed.body()).contains("sudah tercatat");
    }

    @Test
    void another_employees_cuti_tahunan_says_nothing_of_its_balance_to_a_phone_that_is_not_its_signer() throws Exception {
        db.database().jdbi().useTransaction(h -> new RequestChainStore(db.database().jdbi()).set(h, new Audit("rina.bkpsdm", "request chain set"),
                new ApprovalChain("DINKES", RequestKind.CT, 1, false, List.of(ApprovalStep.parse("HEAD:2wd")))));
        String clerk = activate(CLERK);
        String head = activate(HEAD);
        String colleague = activate(COLLEAGUE);
        LocalDate day = weekdayNextWeek();
        db.database().jdbi().useHandle(h -> h.execute(
                "INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) SELECT id, ?, 1, 'uji' FROM employee WHERE nip = ?",
                day.getYear(), CLERK));
        var asked = send("POST", "/api/v1/requests", clerk, """
                {"requestId":"%s","type":"CT","dateFrom":"%s","reason":"pulang kampung"}""".formatted(UUID.randomUUID(), day));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        long id = json.readTree(asked.body()).get("id").asLong();
        db.database().jdbi().useHandle(h -> h.execute("UPDATE leave_opening_balance SET days = 0"));

        var notTheirs = send("POST", "/api/v1/approvals/" + id, colleague, "{\"decision\":\"APPROVED\"}");
        assertThat(notTheirs.statusCode()).as(notTheirs.body()).isEqualTo(404);
        assertThat(notTheirs.body()).isEqualTo(missing(colleague));
        var short_ = send("POST", "/api/v1/approvals/" + id, head, "{\"decision\":\"APPROVED\"}");
        assertThat(short_.statusCode()).as(short_.body()).isEqualTo(422);
        assertThat(short_.body()).as("the signer is told").contains("Sisa cuti tahunan");
    }

    @Test
    void a_strangers_phone_is_answered_for_any_request_id_not_its_own_exactly_as_for_a_missing_one() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO unit (code, name) VALUES ('BAPPEDA', 'Bappeda')"));
        db.database().jdbi().useTransaction(h -> new RequestChainStore(db.database().jdbi()).set(h, new Audit("rina.bkpsdm", "request chain set"),
                new ApprovalChain("DINKES", RequestKind.S, 1, false, List.of(ApprovalStep.parse("HEAD:2wd")))));
        String clerk = activate(CLERK);
        String head = activate(HEAD);
        String colleague = activate(COLLEAGUE);
        LocalDate day = weekdayNextWeek();
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB), "jpg", jpeg);
        String photo = java.util.Base64.getEncoder().encodeToString(jpeg.toByteArray());
        long atAdmin = ask(clerk, "I", day, photo);                // ADMIN then HEAD: a head's step to come
        long atHead = ask(clerk, "S", day.plusDays(1), null);       // HEAD alone: at the head's step now
        long unchained = ask(clerk, "DL", day.plusDays(2), null);   // no chain: no head's step at all
        long signed = ask(clerk, "S", day.plusDays(3), null);
        assertThat(send("POST", "/api/v1/approvals/" + signed, head, "{\"decision\":\"APPROVED\"}").statusCode()).isEqualTo(200);
        long missingId = signed + 1000;

        var none = send("POST", "/api/v1/approvals/" + missingId, colleague, "{\"decision\":\"APPROVED\"}");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).as("the endpoint's own words, not the unknown address's with the id in it")
                .contains("Permohonan tidak ditemukan").doesNotContain(Long.toString(missingId));
        for (long id : List.of(atAdmin, atHead, unchained, signed)) {
            var answer = send("POST", "/api/v1/approvals/" + id, colleague, "{\"decision\":\"APPROVED\"}");
            assertThat(answer.statusCode()).as("request #" + id).isEqualTo(none.statusCode());
            assertThat(answer.body()).as("request #" + id).isEqualTo(none.body());
            assertThat(answer.headers().map().keySet()).as("request #" + id).isEqualTo(none.headers().map().keySet());
            var attachment = get("/api/v1/requests/" + id + "/attachment", colleague);
            var noAttachment = get("/api/v1/requests/" + missingId + "/attachment", colleague);
            assertThat(attachment.statusCode()).as("Riwayat's attachment of request #" + id).isEqualTo(404);
            assertThat(attachment.body()).isEqualTo(noAttachment.body());
        }
        assertThat(get("/api/v1/requests/" + atAdmin + "/attachment", clerk).statusCode()).as("the requester gets it").isEqualTo(200);
        assertThat(json.readTree(get("/api/v1/requests", colleague).body()).get("requests")).as("Riwayat: one's own only").isEmpty();
        var early = send("POST", "/api/v1/approvals/" + atAdmin, head, "{\"decision\":\"APPROVED\"}");
        assertThat(early.body()).as("the request's own head is told where it stands").contains("belum sampai pada giliran kepala");
        int decided = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*)::int FROM request_step WHERE status = 'APPROVED'")
                .mapTo(Integer.class).one());
        assertThat(decided).as("only the head's own signature").isEqualTo(1);
    }

    private long ask(String token, String type, LocalDate day, String photo) throws Exception {
        var asked = send("POST", "/api/v1/requests", token, """
                {"requestId":"%s","type":"%s","dateFrom":"%s","reason":"urusan keluarga"%s}""".formatted(UUID.randomUUID(), type, day,
                photo == null ? "" : ",\"photo\":\"" + photo + "\""));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        return json.readTree(asked.body()).get("id").asLong();
    }

    /** What a phone is told for a request id nobody has. */
    private String missing(String token) throws Exception {
        var answer = send("POST", "/api/v1/approvals/987654321", token, "{\"decision\":\"APPROVED\"}");
        assertThat(answer.statusCode()).isEqualTo(404);
        return answer.body();
    }

    private static LocalDate weekdayNextWeek() {
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Makassar")).plusDays(7);
        while (day.getDayOfWeek().getValue() > 5) {
            day = day.plusDays(1);
        }
        return day;
    }

    private JsonNode approvals(String token) throws Exception {
        var answer = get("/api/v1/approvals", token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body()).get("approvals");
    }

    private String activate(String key) throws Exception {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), key, Duration.ofHours(72), "admin").code());
        var activated = send("POST", "/api/v1/activate", null, "{\"employee\":\"" + key + "\",\"code\":\"" + code + "\",\"deviceName\":\"HP\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
        return json.readTree(activated.body()).get("token").asText();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET()
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
