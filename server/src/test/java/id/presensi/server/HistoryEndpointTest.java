package id.presensi.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.app.RequestDecisions;
import id.presensi.attendance.AttendanceRule;
import id.presensi.db.ConnectionSettings;
import id.presensi.db.Database;
import id.presensi.attendance.Punch;
import id.presensi.attendance.StatusBands;
import id.presensi.checkin.PunchType;
import id.presensi.recap.EmployeeMonth;
import id.presensi.recap.Percent;
import id.presensi.report.MonthlyRecap;
import id.presensi.request.ApprovalChain;
import id.presensi.request.ApprovalStep;
import id.presensi.request.RequestKind;
import id.presensi.rules.RuleResolver;
import id.presensi.store.AttendanceStore;
import id.presensi.store.Audit;
import id.presensi.store.ClosedMonthStore;
import id.presensi.store.DeviceStore;
import id.presensi.store.RequestChainStore;
import id.presensi.store.RulesLoader;
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
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Riwayat ({@code GET /api/v1/history}) against the real server and the embedded PostgreSQL, on 16 September 2026 at
 * 07:15 WITA: a clerk whose August and first half of September were reconciled from check-ins (on time, late, leaving
 * early, absent) by the real attendance rule, and a colleague of the same unit who was always on time.
 */
class HistoryEndpointTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = "199002282015121002";
    static final String COLLEAGUE = "198801012010012001";
    static final LocalDate TODAY = LocalDate.of(2026, 9, 16);

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final SettableClock clock = new SettableClock(TODAY.atTime(7, 15).atZone(WITA).toInstant());
    private CheckInServer server;

    @BeforeEach
    void a_clerk_with_six_weeks_of_records_and_a_colleague() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi Rajin', id FROM unit", COLLEAGUE);
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9086, 116.1978, 100 FROM unit");
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        reconcile(CLERK, HistoryEndpointTest::clerkDay);
        reconcile(COLLEAGUE, day -> day.getDayOfWeek().getValue() >= 6 ? List.of()
                : List.of(punch(day, 7, 10, PunchType.IN), punch(day, 16, 10, PunchType.OUT)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void riwayat_gives_each_day_as_attendance_list_does_and_the_deduction_as_the_recap_computes_it() throws Exception {
        start(PhoneLimits.DEFAULTS);
        String token = activate(CLERK);

        var answer = get("/api/v1/history", token);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("employee").asText()).isEqualTo(CLERK);
        assertThat(body.get("fetchedAt").asText()).isEqualTo("2026-09-16T07:15+08:00");
        assertThat(body.get("months")).extracting(m -> m.get("month").asText()).containsExactly("2026-09", "2026-08");
        for (JsonNode month : body.get("months")) {
            YearMonth m = YearMonth.parse(month.get("month").asText());
            List<AttendanceStore.Listed> listed = new AttendanceStore(db.database().jdbi())
                    .list(m.atDay(1), m.atEndOfMonth(), Optional.empty(), Optional.of(CLERK));
            assertThat(listed).hasSizeGreaterThan(10);
            assertThat(days(month)).as(m.toString()).containsExactlyElementsOf(listed.stream().map(HistoryEndpointTest::line).toList());
            assertThat(month.get("final").asBoolean()).isFalse();
            JsonNode deduction = month.get("deduction");
            assertThat(deduction.get("provisional").asBoolean()).isTrue();
            EmployeeMonth recap = recapOf(m, CLERK);
            JsonNode part = deduction.get("parts").get(0);
            assertThat(deduction.get("parts")).hasSize(1);
            assertThat(part.get("unit").asText()).isEqualTo("BKPSDM");
            assertThat(part.get("total").asText()).isEqualTo(Percent.text(recap.deductionPercent())).isNotEqualTo("0 %");
            List<String> lines = new ArrayList<>();
            part.get("lines").forEach(l -> lines.add(l.get("date").asText() + " " + l.get("what").asText() + " " + l.get("percent").asText()));
            assertThat(lines).containsExactlyElementsOf(recap.deductionLines().stream()
                    .map(l -> l.date().map(LocalDate::toString).orElse("null") + " " + l.what() + " " + Percent.text(l.percent())).toList());
        }
        // the clerk's pattern shows in the codes: late, leaving early and absent days are all there
        assertThat(answer.body()).contains("\"TL1\"", "\"PSW4\"", "\"TK\"");
    }

    @Test
    void a_closed_month_is_final_and_its_deduction_no_longer_provisional() throws Exception {
        db.database().jdbi().useTransaction(h -> new ClosedMonthStore(db.database().jdbi())
                .close(h, new Audit("bkpsdm", "test"), YearMonth.of(2026, 8), Optional.empty()));
        start(PhoneLimits.DEFAULTS);

        JsonNode body = json.readTree(get("/api/v1/history?month=2026-08", activate(CLERK)).body());

        assertThat(body.get("months")).hasSize(1);
        assertThat(body.get("months").get(0).get("final").asBoolean()).isTrue();
        assertThat(body.get("months").get(0).get("deduction").get("provisional").asBoolean()).isFalse();
    }

    @Test
    void the_corrections_left_this_month_count_the_clerk_s_requests_with_their_state() throws Exception {
        start(PhoneLimits.DEFAULTS);
        String token = activate(CLERK);
        var sent = send("POST", "/api/v1/requests", token, """
                {"requestId":"3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d","type":"LUPA_MASUK","reason":"Lupa menekan tombol","time":"2026-09-15T07:20"}""");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);

        JsonNode corrections = json.readTree(get("/api/v1/history", token).body()).get("corrections");

        assertThat(corrections.get("month").asText()).isEqualTo("2026-09");
        assertThat(corrections.get("allowed").asInt()).isEqualTo(3);
        assertThat(corrections.get("used").asInt()).isEqualTo(1);
        assertThat(corrections.get("left").asInt()).isEqualTo(2);
        assertThat(corrections.get("requests")).extracting(r -> r.get("type").asText() + " " + r.get("dateFrom").asText() + " " + r.get("status").asText())
                .containsExactly("LUPA_MASUK 2026-09-15 PENDING");
    }

    @Test
    void riwayat_shows_each_step_of_a_request_on_a_chain_who_signs_where_it_stands_and_until_when() throws Exception {
        var owner = db.database().jdbi();
        var audit = new Audit("rina.bkpsdm", "presensi request chain set");
        owner.useHandle(h -> h.execute("UPDATE unit SET head_employee_id = (SELECT id FROM employee WHERE nip = ?)", COLLEAGUE));
        owner.useTransaction(h -> new RequestChainStore(owner).set(h, audit, new ApprovalChain("BKPSDM", RequestKind.LUPA_MASUK, 1, false,
                List.of(ApprovalStep.parse("ADMIN:2wd"), ApprovalStep.parse("HEAD:3wd:lapse")))));
        start(PhoneLimits.DEFAULTS);
        String token = activate(CLERK);
        var sent = send("POST", "/api/v1/requests", token, """
                {"requestId":"4a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d","type":"LUPA_MASUK","reason":"Lupa menekan tombol","time":"2026-09-15T07:20"}""");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);

        JsonNode steps = json.readTree(get("/api/v1/history", token).body()).get("corrections").get("requests").get(0).get("steps");
        assertThat(steps).extracting(s -> s.get("position").asInt() + " " + s.get("actor").asText() + " " + s.get("status").asText()
                + (s.has("signer") ? " " + s.get("signer").asText() : "")).containsExactly("1 ADMIN CURRENT", "2 HEAD WAITING Budi Rajin");
        assertThat(steps.get(0).has("dueAt")).as("the step deciding now shows its deadline").isTrue();

        long id = owner.withHandle(h -> h.createQuery("SELECT id FROM request").mapTo(Long.class).one());
        owner.useTransaction(h -> new RequestDecisions(owner).decide(h, audit, id, true, Optional.of("surat lengkap")));
        steps = json.readTree(get("/api/v1/history", token).body()).get("corrections").get("requests").get(0).get("steps");
        assertThat(steps).extracting(s -> s.get("actor").asText() + " " + s.get("status").asText()).containsExactly("ADMIN APPROVED", "HEAD CURRENT");
        assertThat(steps.get(0).get("note").asText()).isEqualTo("surat lengkap");
        assertThat(steps.get(1).has("dueAt")).isTrue();
    }

    @Test
    void a_cuti_tahunan_request_beyond_the_balance_is_refused_with_the_balance_and_riwayat_shows_it() throws Exception {
        // the regency's figure for 2026: 3 days left at the start of the year (an opening balance, as cuti import-saldo writes it)
        db.database().jdbi().useHandle(h -> h.execute(
                "INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) SELECT id, 2026, 3, 'bkpsdm' FROM employee WHERE nip = ?",
                CLERK));
        start(PhoneLimits.DEFAULTS);
        String token = activate(CLERK);

        var tooLong = send("POST", "/api/v1/requests", token, """
                {"requestId":"5a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d","type":"CT","reason":"Pulang kampung","dateFrom":"2026-09-21","dateTo":"2026-09-27"}""");
        assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(422);
        // Monday 21 to Sunday 27 September: 5 working days, 3 left
        assertThat(json.readTree(tooLong.body()).get("message").asText())
                .isEqualTo("Sisa cuti tahunan 2026 Anda 3 hari kerja; permintaan ini 5 hari kerja.");

        var fits = send("POST", "/api/v1/requests", token, """
                {"requestId":"6a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d","type":"CT","reason":"Pulang kampung","dateFrom":"2026-09-21","dateTo":"2026-09-23"}""");
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(201);
        // 1-2 October alone fits the 3 days, but the 3 days of 21-23 September already wait for a decision
        var besidePending = send("POST", "/api/v1/requests", token, """
                {"requestId":"7a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d","type":"CT","reason":"Pulang kampung","dateFrom":"2026-10-01","dateTo":"2026-10-02"}""");
        assertThat(besidePending.statusCode()).as(besidePending.body()).isEqualTo(422);
        assertThat(json.readTree(besidePending.body()).get("message").asText()).isEqualTo(
                "Sisa cuti tahunan 2026 Anda 3 hari kerja, 3 di antaranya sudah diminta dan menunggu keputusan; permintaan ini 2 hari kerja.");

        JsonNode leave = json.readTree(get("/api/v1/history", token).body()).get("annualLeave");
        assertThat(leave.get("text").asText()).isEqualTo("Sisa cuti tahunan: 3 hari");
        assertThat(leave.get("remaining").asInt()).isEqualTo(3);
    }

    @Test
    void another_employee_s_token_never_sees_this_employee_s_record() throws Exception {
        start(PhoneLimits.DEFAULTS);
        String clerk = activate(CLERK);
        send("POST", "/api/v1/requests", clerk, """
                {"requestId":"3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d","type":"LUPA_MASUK","reason":"Lupa menekan tombol","time":"2026-09-15T07:20"}""");
        String colleague = activate(COLLEAGUE);

        var answer = get("/api/v1/history", colleague);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("employee").asText()).isEqualTo(COLLEAGUE);
        assertThat(answer.body()).doesNotContain(CLERK).doesNotContain("Andi").doesNotContain("TK").doesNotContain("TL1")
                .doesNotContain("Lupa menekan");
        assertThat(body.get("corrections").get("requests")).isEmpty();
        for (JsonNode month : body.get("months")) {
            YearMonth m = YearMonth.parse(month.get("month").asText());
            assertThat(days(month)).containsExactlyElementsOf(new AttendanceStore(db.database().jdbi())
                    .list(m.atDay(1), m.atEndOfMonth(), Optional.empty(), Optional.of(COLLEAGUE)).stream().map(HistoryEndpointTest::line).toList());
        }
    }

    @Test
    void bad_input_is_a_4xx_json_error_and_a_phone_is_bounded_per_day() throws Exception {
        start(new PhoneLimits(20, 6, 10, 3, PhoneLimits.DEFAULTS.spoolBytes(), 2));
        String token = activate(CLERK);

        assertError(get("/api/v1/history?month=2026-07", token), 400, "Parameter month harus bulan ini atau bulan lalu, TTTT-BB.");
        assertError(get("/api/v1/history?month=September", token), 400, "Parameter month harus bulan ini atau bulan lalu, TTTT-BB.");
        assertError(get("/api/v1/history?employee=" + COLLEAGUE, token), 400, "Parameter tidak dikenal: employee");
        assertError(get("/api/v1/history", null), 401, "Perangkat belum terdaftar: aktifkan dengan kode dari admin OPD.");
        assertError(get("/api/v1/history", "x".repeat(43)), 401, "Perangkat belum terdaftar: aktifkan dengan kode dari admin OPD.");
        assertError(send("POST", "/api/v1/history", token, "{}"), 404, "Alamat tidak dikenal: POST /api/v1/history");

        assertThat(get("/api/v1/history", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/history?month=2026-08", token).statusCode()).isEqualTo(200);
        var third = get("/api/v1/history", token);
        assertError(third, 429, null);
        assertThat(json.readTree(third.body()).get("error").asText()).isEqualTo("TOO_MANY_HISTORY_READS");
        assertThat(third.headers().firstValue("Retry-After")).contains(Long.toString(Duration.ofHours(16).plusMinutes(45).toSeconds()));

        db.database().jdbi().useTransaction(h -> new DeviceStore(db.database().jdbi()).revoke(h, new Audit("admin", "test"), CLERK));
        // the service re-reads changed devices once a second; a loaded machine may take a few
        var revoked = get("/api/v1/history", token);
        for (int i = 0; i < 100 && revoked.statusCode() != 403; i++) {
            Thread.sleep(100);
            revoked = get("/api/v1/history", token);
        }
        assertError(revoked, 403, "Perangkat ini sudah tidak terdaftar, hubungi admin OPD.");
    }

    @Test
    void the_service_running_as_its_own_role_answers_riwayat() throws Exception {
        String role = "service" + System.nanoTime() % 100_000;
        db.database().jdbi().useHandle(h -> h.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'layanan-presensi-1' IN ROLE presensi_checkin"));
        var settings = new ConnectionSettings(db.settings().url(), role, "layanan-presensi-1", db.settings().port());
        try (var serviceDb = Database.open(settings, 4, Duration.ofSeconds(2))) {
            server = CheckInServer.start(serviceDb, ServerSettings.defaults("127.0.0.1", 0).withClock(clock).withLimits(PhoneLimits.DEFAULTS));
            String token = activate(CLERK);

            var answer = get("/api/v1/history", token);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json.readTree(answer.body()).get("months").get(0).get("deduction").get("parts").get(0).get("total").asText())
                    .isEqualTo(Percent.text(recapOf(YearMonth.of(2026, 9), CLERK).deductionPercent()));
            server.close();
            server = null;
        }
    }

    private void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json.readTree(r.body());
        assertThat(body.has("error")).isTrue();
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
    }

    /** A day's line as attendance list --json gives it: date, codes, times, minutes, explanation. */
    static String line(AttendanceStore.Listed r) {
        return r.date() + " " + String.join("/", r.codes()) + " " + r.firstIn().map(t -> t.withNano(0).toString()).orElse("-") + " "
                + r.lastOut().map(t -> t.withNano(0).toString()).orElse("-") + " " + r.lateMin() + " " + r.earlyMin() + " " + r.explanation();
    }

    static List<String> days(JsonNode month) {
        List<String> days = new ArrayList<>();
        month.get("days").forEach(d -> {
            List<String> codes = new ArrayList<>();
            d.get("codes").forEach(c -> codes.add(c.asText()));
            days.add(d.get("date").asText() + " " + String.join("/", codes) + " " + (d.has("checkIn") ? d.get("checkIn").asText() : "-") + " "
                    + (d.has("checkOut") ? d.get("checkOut").asText() : "-") + " " + d.get("lateMin").asInt() + " " + d.get("earlyMin").asInt()
                    + " " + d.get("explanation").asText());
        });
        return days;
    }

    /** The clerk's month as the unit's recap (the workbook's and the CSV's) computes it. */
    private EmployeeMonth recapOf(YearMonth month, String key) {
        List<EmployeeMonth> found = new ArrayList<>();
        new MonthlyRecap(db.database().jdbi(), month, Optional.empty()).employees((u, m) -> {
            if (m.key().equals(key)) {
                found.add(m);
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Late on some days, without a check-out on others, absent now and then, else on time; never at the weekend. */
    static List<Punch> clerkDay(LocalDate day) {
        if (day.getDayOfWeek().getValue() >= 6) {
            return List.of();
        }
        return switch (day.getDayOfMonth() % 5) {
            case 0 -> List.of();
            case 1 -> List.of(punch(day, 7, 45, PunchType.IN), punch(day, 16, 5, PunchType.OUT));
            case 2 -> List.of(punch(day, 7, 10, PunchType.IN));
            default -> List.of(punch(day, 7, 10, PunchType.IN), punch(day, 16, 10, PunchType.OUT));
        };
    }

    static Punch punch(LocalDate day, int hour, int minute, PunchType type) {
        return new Punch(LocalDateTime.of(day, LocalTime.of(hour, minute)), Optional.of(type), false, false, false, Punch.Source.APP);
    }

    /** 1 August to yesterday, planned and decided by the real rules as the nightly reconcile does, then stored. */
    void reconcile(String key, java.util.function.Function<LocalDate, List<Punch>> punches) {
        reconcile(db, key, LocalDate.of(2026, 8, 1), TODAY.minusDays(1), punches);
    }

    static void reconcile(TestDatabase db, String key, LocalDate from, LocalDate to, java.util.function.Function<LocalDate, List<Punch>> punches) {
        RulesLoader.Loaded who = new RulesLoader(db.database().jdbi()).load(key, from.minusDays(1), to.plusDays(1));
        long unit = db.database().jdbi().withHandle(h -> h.createQuery("SELECT unit_id FROM employee WHERE id = :id")
                .bind("id", who.employeeId()).mapTo(Long.class).one());
        List<AttendanceStore.Computed> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(new AttendanceStore.Computed(who.employeeId(), unit, who.rules().zone(),
                    AttendanceRule.decide(RuleResolver.plan(who.rules(), day), punches.apply(day), StatusBands.DEFAULT)));
        }
        new AttendanceStore(db.database().jdbi()).replace(List.of(who.employeeId()), from, to, days);
    }

    private void start(PhoneLimits limits) {
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock).withLimits(limits));
    }

    private String activate(String key) throws Exception {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), key, Duration.ofHours(72), "admin").code());
        var activated = send("POST", "/api/v1/activate", null, "{\"employee\":\"" + key + "\",\"code\":\"" + code + "\",\"deviceName\":\"HP\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
        return json.readTree(activated.body()).get("token").asText();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
