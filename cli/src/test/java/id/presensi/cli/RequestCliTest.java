package id.presensi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.device.Secrets;
import id.presensi.server.CheckInServer;
import id.presensi.server.ServerSettings;
import id.presensi.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A clerk asks from the phone (over the real service), the OPD admin decides with the CLI, reconciliation and a closed month follow. */
class RequestCliTest extends CliTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = "199002282015121002";
    static final String OTHER = "198503152010012001";
    static final String TOKEN = "token-of-the-clerks-phone-0123456789";
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private CheckInServer server;

    @BeforeEach
    void a_clerk_with_a_phone_who_checked_in_on_monday() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'DINKES'", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Bappeda', id FROM unit WHERE code = 'BAPPEDA'", OTHER);
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', ? FROM employee WHERE nip = ?", Secrets.sha256(TOKEN), CLERK);
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, accepted, message)
                    SELECT gen_random_uuid(), d.employee_id, d.id, 'IN', TIMESTAMPTZ '2026-09-14 07:10+08', now(), DATE '2026-09-14', true, 'ok'
                      FROM device d""");
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        SettableClock clock = new SettableClock(LocalDateTime.of(2026, 9, 15, 9, 0).atZone(WITA).toInstant());
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void a_forgotten_check_out_is_asked_for_approved_and_counted_and_a_closed_month_stays_closed() throws Exception {
        String correction = """
                {"requestId":"%s","type":"LUPA_PULANG","time":"2026-09-14T16:30","reason":"lupa tekan pulang","photo":"%s"}"""
                .formatted(UUID.randomUUID(), Base64.getEncoder().encodeToString(PNG));
        HttpResponse<String> asked = post(correction);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        long correctionId = json.readTree(asked.body()).get("id").asLong();
        assertThat(json.readTree(post(correction).body()).get("id").asLong()).as("sent again: stored once").isEqualTo(correctionId);
        HttpResponse<String> leave = post("""
                {"requestId":"%s","type":"I","dateFrom":"2026-09-16","reason":"urusan keluarga"}""".formatted(UUID.randomUUID()));
        assertThat(leave.statusCode()).as(leave.body()).isEqualTo(201);
        long leaveId = json.readTree(leave.body()).get("id").asLong();

        HttpResponse<String> late = post("""
                {"requestId":"%s","type":"LUPA_MASUK","time":"2026-09-01T07:05","reason":"lupa"}""".formatted(UUID.randomUUID()));
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(late.body()).contains("Batas pengajuan sudah lewat");
        HttpResponse<String> farAway = post("""
                {"requestId":"%s","type":"DL","dateFrom":"9999-12-31","reason":"dinas"}""".formatted(UUID.randomUUID()));
        assertThat(farAway.statusCode()).isEqualTo(422);
        assertThat(farAway.body()).contains("terlalu jauh ke depan");
        HttpResponse<String> pdf = post("{\"requestId\":\"" + UUID.randomUUID() + "\",\"type\":\"I\",\"dateFrom\":\"2026-09-16\",\"reason\":\"urusan\",\"photo\":\""
                + Base64.getEncoder().encodeToString("%PDF-1.4".getBytes()) + "\"}");
        assertThat(pdf.statusCode()).as("not a JPEG or PNG: " + pdf.body()).isEqualTo(415);
        assertThat(get("/api/v1/requests").body()).contains("LUPA_PULANG").contains("PENDING");

        out.getBuffer().setLength(0);
        assertThat(run("request", "list", "--status", "pending")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Andi Staf").contains("LUPA_PULANG").contains("2 requests, 2 pending");
        Path photo = Files.createTempFile("surat", ".png");
        assertThat(run("request", "show", Long.toString(correctionId), "--photo", photo.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(photo)).isEqualTo(PNG);

        assertThat(run("reconcile", "--date", "2026-09-14")).isEqualTo(ExitCodes.OK);
        assertThat(codes()).as("before the correction: no check-out").contains("PSW4");
        assertThat(run("request", "approve", Long.toString(correctionId), "--note", "ok", "--operator", "rina.bkpsdm")).as(err.toString())
                .isEqualTo(ExitCodes.OK);
        assertThat(run("request", "approve", Long.toString(correctionId))).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("already approved by rina.bkpsdm"); // as the audit names her, not the database login
        assertThat(run("request", "reject", Long.toString(leaveId), "--note", "tidak ada surat")).isEqualTo(ExitCodes.OK);
        assertThat(run("reconcile", "--date", "2026-09-14")).isEqualTo(ExitCodes.OK);
        assertThat(codes()).as("after it: a full day, flagged as corrected").isEqualTo("{H}|{CORRECTED}");
        HttpResponse<String> travel = post("""
                {"requestId":"%s","type":"DL","dateFrom":"2026-09-15","dateTo":"2026-09-16","reason":"rapat di Tanah Grogot"}""".formatted(UUID.randomUUID()));
        assertThat(travel.statusCode()).as(travel.body()).isEqualTo(201);
        assertThat(run("request", "approve", json.readTree(travel.body()).get("id").asText())).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run("reconcile", "--from", "2026-09-15", "--to", "2026-09-16")).isEqualTo(ExitCodes.OK);
        String travelled = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT string_agg(a.codes::text, ' ' ORDER BY a.work_date) FROM attendance a JOIN employee e ON e.id = a.employee_id"
                        + " WHERE e.nip = '" + CLERK + "' AND a.work_date IN ('2026-09-15', '2026-09-16')").mapTo(String.class).one());
        assertThat(travelled).as("dinas luar approved: leave DL on both days").isEqualTo("{DL} {DL}");
        Path recap = Files.createTempFile("rekap", ".csv");
        assertThat(run("report", "monthly", "--month", "2026-09", "--out", recap.toString())).isEqualTo(ExitCodes.OK);
        List<String> lines = Files.readAllLines(recap);
        List<String> header = List.of(lines.stream().filter(l -> l.contains("HARI DIKOREKSI")).findFirst().orElseThrow().split(";"));
        String clerk = lines.stream().filter(l -> l.contains(CLERK)).findFirst().orElseThrow();
        assertThat(clerk.split(";")[header.indexOf("HARI DIKOREKSI")]).as("the recap shows the corrected day").isEqualTo("1");
        JsonNode mine = json.readTree(get("/api/v1/requests").body()).get("requests");
        assertThat(mine.toString()).contains("\"status\":\"APPROVED\"").contains("\"status\":\"REJECTED\"").contains("tidak ada surat");

        assertThat(run("month", "close", "2026-09", "--operator", "rina.bkpsdm")).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(run("month", "list")).isEqualTo(ExitCodes.OK);
        String closedAt = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT to_char(closed_at AT TIME ZONE 'Asia/Makassar', 'YYYY-MM-DD\"T\"HH24:MI') FROM closed_month").mapTo(String.class).one());
        assertThat(out.toString()).contains("rina.bkpsdm").contains(closedAt).doesNotContain("Z\n"); // who, and when in WITA
        assertThat(run("reconcile", "--date", "2026-09-14")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("closed month(s) 2026-09");
        assertThat(run("leave", "add", CLERK, "--from", "2026-09-21", "--to", "2026-09-21", "--type", "CT")).isEqualTo(ExitCodes.FAILED);
        assertThat(db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM leave WHERE type = 'CT'").mapTo(Long.class).one()).longValue()).isZero();
        HttpResponse<String> closed = post("""
                {"requestId":"%s","type":"S","dateFrom":"2026-09-15","reason":"demam"}""".formatted(UUID.randomUUID()));
        assertThat(closed.statusCode()).isEqualTo(422);
        assertThat(closed.body()).contains("Bulan 2026-09 sudah ditutup");
        assertThat(run("month", "reopen", "2026-09", "--reason", "koreksi BKD")).isEqualTo(ExitCodes.OK);
        assertThat(run("reconcile", "--date", "2026-09-14")).as(err.toString()).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(run("audit", "list", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("month reopen").contains("koreksi BKD").contains("request approve");
    }

    @Test
    void the_quota_of_corrections_holds_and_nobody_decides_their_own_or_another_units_request() throws Exception {
        assertThat(run("request", "rules", "--unit", "DINKES", "--monthly-corrections", "1")).isEqualTo(ExitCodes.OK);
        HttpResponse<String> first = post("""
                {"requestId":"%s","type":"LUPA_PULANG","time":"2026-09-14T16:45","reason":"lupa"}""".formatted(UUID.randomUUID()));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> second = post("""
                {"requestId":"%s","type":"DI_LUAR_LOKASI","punch":"IN","time":"2026-09-15T07:20","reason":"GPS error"}""".formatted(UUID.randomUUID()));
        assertThat(second.statusCode()).isEqualTo(422);
        assertThat(second.body()).contains("Jatah koreksi bulan ini sudah habis (1 kali)");
        long id = json.readTree(first.body()).get("id").asLong();

        String self = "andi.admin" + uniqueSuffix();
        String other = "bappeda.admin" + uniqueSuffix();
        signIn(Map.of(self, addOperator(self, "--role", "opd-admin", "--unit", "DINKES", "--employee", CLERK),
                other, addOperator(other, "--role", "opd-admin", "--unit", "BAPPEDA")));
        assertThat(run("request", "approve", Long.toString(id), "--db-user", self)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("nobody decides their own request");
        out.getBuffer().setLength(0);
        assertThat(run("request", "list", "--db-user", other)).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).doesNotContain(CLERK).contains("0 requests");
        assertThat(run("request", "approve", Long.toString(id), "--db-user", other)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("no request #" + id);
        assertThat(db.database().jdbi().withHandle(h -> h.createQuery("SELECT status FROM request").mapTo(String.class).one()).toString()).isEqualTo("PENDING");
    }

    private String codes() {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT a.codes::text || '|' || a.flags::text FROM attendance a JOIN employee e ON e.id = a.employee_id
                 WHERE e.nip = :nip AND a.work_date = '2026-09-14'""").bind("nip", CLERK).mapTo(String.class).one());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/requests"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
