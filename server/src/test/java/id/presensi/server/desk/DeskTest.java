package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk over real HTTP against the real server and the embedded PostgreSQL: operators sign in with their own
 * database logins, and row-level security decides what each sees; the DINKES admin tries everything of the RSUD's.
 */
class DeskTest extends DeskFixture {

    // ---- sign-in and the session ----

    @Test
    void an_operator_signs_in_with_their_own_database_login_and_a_wrong_password_is_refused() throws Exception {
        var wrong = signInRaw(dinkesAdmin, "salah-salah-salah");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(jsonOf(wrong).get("error").asText()).isEqualTo("WRONG_PASSWORD");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(signInRaw("nobody.here", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(signInRaw("'; DROP TABLE unit; --", PASSWORD).statusCode()).isEqualTo(401);

        Session admin = signIn(dinkesAdmin);
        JsonNode me = jsonOf(get(admin, "/admin/api/session"));
        assertThat(me.get("name").asText()).isEqualTo(dinkesAdmin);
        assertThat(me.get("role").asText()).isEqualTo("OPD_ADMIN");
        assertThat(me.get("home").asText()).isEqualTo("DINKES");
        assertThat(me.get("units").findValuesAsText("code")).containsExactly("DINKES", "PKM-1");
        assertThat(jsonOf(get(signIn(bkpsdm), "/admin/api/session")).get("role").asText()).isEqualTo("BKPSDM");
    }

    @Test
    void wrong_passwords_are_throttled_by_name_and_by_address() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(signInRaw(dinkesAdmin, "salah-" + i).statusCode()).isEqualTo(401);
        }
        var throttled = signInRaw(dinkesAdmin, PASSWORD);
        assertThat(throttled.statusCode()).as("even the right password waits").isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        // the address has used its free tries too: another name from it waits as well
        assertThat(signInRaw(rsudAdmin, PASSWORD).statusCode()).isEqualTo(429);
        // and from another address (behind the local proxy), the name still waits
        assertThat(signInFrom("10.1.2.3", dinkesAdmin, PASSWORD).statusCode()).isEqualTo(429);
        assertThat(signInFrom("10.1.2.4", rsudAdmin, PASSWORD).statusCode()).isEqualTo(200);
        clock.set(at(9, 2));
        assertThat(signInFrom("10.1.2.5", dinkesAdmin, PASSWORD).statusCode()).as("a minute later").isEqualTo(200);
    }

    @Test
    void the_cookie_is_http_only_same_site_strict_and_secure_behind_tls() throws Exception {
        var plain = signInRaw(dinkesAdmin, PASSWORD);
        String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/admin").doesNotContain("Secure");
        var tls = send(HttpRequest.newBuilder(uri("/admin/api/signin")).header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "10.9.9.9")
                .POST(HttpRequest.BodyPublishers.ofString(credentials(dinkesAdmin, PASSWORD))));
        assertThat(tls.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void pages_and_answers_carry_a_strict_content_security_policy() throws Exception {
        var page = send(HttpRequest.newBuilder(uri("/admin")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Meja Admin Presensi").doesNotContain("<script>").contains("src=\"/admin/desk.js\"");
        for (var response : List.of(page, send(HttpRequest.newBuilder(uri("/admin/api/today")).GET()))) {
            String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
        int weight = 0;
        for (String file : List.of("/admin", "/admin/desk.js", "/admin/desk.css", "/admin/desk-bkpsdm.js", "/admin/desk-signals.js", "/admin/desk-devices.js")) {
            weight += send(HttpRequest.newBuilder(uri(file)).GET()).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        assertThat(weight).as("first load of the desk").isLessThanOrEqualTo(150 * 1024);
    }

    @Test
    void a_change_without_the_csrf_token_or_with_a_forged_one_is_refused() throws Exception {
        Session admin = signIn(dinkesAdmin);
        long id = submitRequest(SRI, false);
        String decide = "{\"ids\":[" + id + "],\"decision\":\"APPROVE\"}";
        var missing = send(HttpRequest.newBuilder(uri("/admin/api/requests/decide")).header("Cookie", admin.cookie())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(decide)));
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(jsonOf(missing).get("error").asText()).isEqualTo("CSRF");
        Session other = signIn(rsudAdmin);
        var forged = post(new Session(admin.cookie(), other.csrf()), "/admin/api/requests/decide", decide);
        assertThat(forged.statusCode()).as("another session's token").isEqualTo(403);
        var form = send(HttpRequest.newBuilder(uri("/admin/api/requests/decide")).header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("ids=" + id + "&decision=APPROVE")));
        assertThat(form.statusCode()).as("a cross-site form's content type").isEqualTo(415);
        var signOut = send(HttpRequest.newBuilder(uri("/admin/api/signout")).header("Cookie", admin.cookie())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(signOut.statusCode()).as("signing out is a change too").isEqualTo(403);
        assertThat(requestStatus(id)).isEqualTo("PENDING");
    }

    @Test
    void a_cookie_is_dead_after_sign_out_and_after_the_idle_timeout() throws Exception {
        Session admin = signIn(dinkesAdmin);
        assertThat(get(admin, "/admin/api/today").statusCode()).isEqualTo(200);
        assertThat(post(admin, "/admin/api/signout", "{}").statusCode()).isEqualTo(200);
        var stolen = get(admin, "/admin/api/today");
        assertThat(stolen.statusCode()).isEqualTo(401);
        assertThat(post(admin, "/admin/api/requests/decide", "{\"ids\":[1],\"decision\":\"APPROVE\"}").statusCode()).isEqualTo(401);

        Session idle = signIn(dinkesAdmin);
        clock.set(at(9, 29));
        assertThat(get(idle, "/admin/api/session").statusCode()).isEqualTo(200);
        clock.set(at(10, 0));
        assertThat(get(idle, "/admin/api/session").statusCode()).as("30 minutes idle").isEqualTo(401);
        assertThat(get(new Session("presensi_desk=" + "x".repeat(60), "x"), "/admin/api/session").statusCode()).isEqualTo(401);
    }

    @Test
    void a_sign_in_the_database_fails_midway_answers_503_and_keeps_no_connection_open() throws Exception {
        // the login works, but the operator's first query fails (its search path names no schema of ours)
        db.database().jdbi().useHandle(h -> h.execute("ALTER ROLE \"" + dinkesAdmin + "\" SET search_path = no_such_schema"));
        try {
            var refused = signInRaw(dinkesAdmin, PASSWORD);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).doesNotContain("Exception").doesNotContain("no_such_schema");
            long open = 0;
            for (long until = System.nanoTime() + 5_000_000_000L; System.nanoTime() < until; Thread.sleep(100)) {
                open = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = :name")
                        .bind("name", dinkesAdmin).mapTo(Long.class).one());
                if (open == 0) {
                    break;
                }
            }
            assertThat(open).as("connections left open by the failed sign-in").isZero();
        } finally {
            db.database().jdbi().useHandle(h -> h.execute("ALTER ROLE \"" + dinkesAdmin + "\" RESET search_path"));
        }
        assertThat(signInRaw(dinkesAdmin, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void an_operator_keeps_a_few_sessions_not_a_connection_for_every_sign_in() throws Exception {
        Session first = signIn(dinkesAdmin);
        List<Session> later = new java.util.ArrayList<>();
        for (int i = 0; i < DeskSessions.MAX_PER_OPERATOR; i++) {
            later.add(signIn(dinkesAdmin));
        }
        assertThat(get(first, "/admin/api/session").statusCode()).as("the least recently used one").isEqualTo(401);
        for (Session s : later) {
            assertThat(get(s, "/admin/api/session").statusCode()).isEqualTo(200);
        }
        // a closed connection's backend leaves the server's list a moment later
        long connections = Long.MAX_VALUE;
        for (int i = 0; i < 50 && connections != DeskSessions.MAX_PER_OPERATOR; i++) {
            Thread.sleep(i == 0 ? 0 : 100);
            connections = db.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = :name").bind("name", dinkesAdmin).mapTo(Long.class).one());
        }
        assertThat(connections).isEqualTo(DeskSessions.MAX_PER_OPERATOR);
    }

    // ---- Hari ini ----

    @Test
    void the_board_counts_the_admins_units_and_sub_units_today() throws Exception {
        JsonNode board = jsonOf(get(signIn(dinkesAdmin), "/admin/api/today"));
        Map<String, Integer> counts = counts(board);
        assertThat(counts).containsEntry("SUDAH_MASUK", 2).containsEntry("TERLAMBAT", 1).containsEntry("BELUM_PRESENSI", 1)
                .containsEntry("IZIN_CUTI_DL", 1).containsEntry("SUDAH_PULANG", 0).containsEntry("SHIFT_NANTI", 0);
        assertThat(board.get("people").findValuesAsText("key")).containsExactlyInAnyOrder(SRI, RINA, TONO, BUDI);
        JsonNode budi = person(board, BUDI);
        assertThat(budi.get("in").asText()).isEqualTo("07:45");
        assertThat(budi.get("lateMin").asLong()).isEqualTo(15);

        JsonNode puskesmas = jsonOf(get(signIn(dinkesAdmin), "/admin/api/today?unit=PKM-1"));
        assertThat(puskesmas.get("people").findValuesAsText("key")).containsExactly(BUDI);

        JsonNode regency = jsonOf(get(signIn(bkpsdm), "/admin/api/today"));
        assertThat(counts(regency)).containsEntry("SUDAH_MASUK", 3);
        assertThat(regency.get("people").findValuesAsText("key")).contains(ANDI);

        clock.set(at(16, 30));
        assertThat(checkOut(SRI).statusCode()).isEqualTo(201);
        assertThat(counts(jsonOf(get(signIn(dinkesAdmin), "/admin/api/today")))).as("the next poll").containsEntry("SUDAH_PULANG", 1);
    }

    @Test
    void a_persons_day_shows_attempts_with_refusals_and_what_policy_explain_says() throws Exception {
        clock.set(at(9, 5));
        var refused = send(HttpRequest.newBuilder(uri("/api/v1/checkins")).header("Authorization", "Bearer " + tokens.get(SRI))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"IN\",\"lat\":-1.95,\"lon\":116.25,\"accuracy\":10,\"requestId\":\"" + UUID.randomUUID() + "\"}")));
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode day = jsonOf(get(signIn(dinkesAdmin), "/admin/api/today/person?key=" + SRI));
        assertThat(day.get("attempts")).hasSize(2);
        assertThat(day.get("attempts").get(0).get("accepted").asBoolean()).isTrue();
        assertThat(day.get("attempts").get(1).get("accepted").asBoolean()).isFalse();
        assertThat(day.get("attempts").get(1).get("reason").asText()).isNotBlank();
        assertThat(day.get("explain").get("workDate").asText()).isEqualTo("2026-09-14");
        assertThat(day.get("explain").get("employee").asText()).isEqualTo(SRI);
    }

    // ---- Permohonan ----

    @Test
    void an_approval_at_the_desk_reaches_the_phone_and_the_audit_trail_names_the_operator() throws Exception {
        long withLetter = submitRequest(SRI, true);
        long other = submitRequest(BUDI, false);
        Session admin = signIn(dinkesAdmin);
        JsonNode inbox = jsonOf(get(admin, "/admin/api/requests"));
        assertThat(inbox.get("requests").findValuesAsText("status")).containsOnly("PENDING");
        assertThat(ids(inbox.get("requests"))).containsExactlyInAnyOrder(withLetter, other);
        var letter = get(admin, "/admin/api/requests/" + withLetter + "/attachment");
        assertThat(letter.statusCode()).isEqualTo(200);
        assertThat(letter.headers().firstValue("Content-Type")).contains("image/jpeg");

        var decided = post(admin, "/admin/api/requests/decide", "{\"ids\":[" + withLetter + "," + other + "],\"decision\":\"APPROVE\",\"note\":\"ok\"}");
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(jsonOf(decided).get("results").findValuesAsText("ok")).containsExactly("true", "true");

        var phone = send(HttpRequest.newBuilder(uri("/api/v1/requests")).header("Authorization", "Bearer " + tokens.get(SRI)).GET());
        JsonNode mine = jsonOf(phone).get("requests").get(0);
        assertThat(mine.get("status").asText()).isEqualTo("APPROVED");
        assertThat(mine.get("note").asText()).isEqualTo("ok");
        List<String> audited = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT operator FROM audit_log WHERE entity = 'request' AND entity_key = :key").bind("key", Long.toString(withLetter))
                .mapTo(String.class).list());
        assertThat(audited).containsExactly(dinkesAdmin);
        String decidedBy = db.database().jdbi().withHandle(h -> h.createQuery("SELECT decided_by FROM request WHERE id = :id").bind("id", withLetter)
                .mapTo(String.class).one());
        assertThat(decidedBy).isEqualTo(dinkesAdmin);

        var again = post(admin, "/admin/api/requests/decide", "{\"ids\":[" + withLetter + "],\"decision\":\"REJECT\",\"note\":\"salah\"}");
        assertThat(again.statusCode()).as("already decided").isEqualTo(409);
        assertThat(jsonOf(again).get("results").get(0).get("message").asText()).isEqualTo("Permohonan #" + withLetter + " sudah disetujui oleh "
                + dinkesAdmin + ".");
        var noNote = post(admin, "/admin/api/requests/decide", "{\"ids\":[" + other + "],\"decision\":\"REJECT\"}");
        assertThat(noNote.statusCode()).isEqualTo(400);
    }

    // ---- isolation ----

    @Test
    void the_admin_of_one_agency_gets_nothing_of_another_on_any_desk_url_or_form() throws Exception {
        long rsudRequest = submitRequest(ANDI, true);
        Session admin = signIn(dinkesAdmin);
        for (String path : List.of("/admin/api/today?unit=RSUD", "/admin/api/recap?month=2026-09&unit=RSUD",
                "/admin/api/recap.xlsx?month=2026-09&unit=RSUD", "/admin/api/recap.csv?month=2026-09&unit=RSUD",
                "/admin/api/requests?unit=RSUD", "/admin/api/recap/explain?month=2026-09&unit=RSUD&key=" + ANDI,
                "/admin/api/today?unit=BKPSDM", "/admin/api/today?unit=NOPE")) {
            var response = get(admin, path);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(jsonOf(response).get("error").asText()).as(path).isEqualTo("OUT_OF_SCOPE");
        }
        for (String path : List.of("/admin/api/today/person?key=" + ANDI, "/admin/api/requests/" + rsudRequest + "/attachment",
                "/admin/api/recap/explain?month=2026-09&key=" + ANDI)) {
            var response = get(admin, path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("Andi").doesNotContain("RSUD Panglima");
        }
        assertThat(jsonOf(get(admin, "/admin/api/today")).get("people").findValuesAsText("key")).doesNotContain(ANDI);
        assertThat(ids(jsonOf(get(admin, "/admin/api/requests")).get("requests"))).doesNotContain(rsudRequest);
        assertThat(jsonOf(get(admin, "/admin/api/recap?month=2026-09")).get("employees").findValuesAsText("key")).doesNotContain(ANDI);
        for (String decision : List.of("APPROVE", "REJECT")) {
            var decided = post(admin, "/admin/api/requests/decide", "{\"ids\":[" + rsudRequest + "],\"decision\":\"" + decision + "\",\"note\":\"x\"}");
            assertThat(decided.statusCode()).isEqualTo(404);
            assertThat(decided.body()).doesNotContain("Andi");
        }
        assertThat(requestStatus(rsudRequest)).isEqualTo("PENDING");
        // the RSUD's own admin sees and decides it
        Session rsud = signIn(rsudAdmin);
        assertThat(ids(jsonOf(get(rsud, "/admin/api/requests")).get("requests"))).containsExactly(rsudRequest);
    }

    @Test
    void bad_requests_get_a_4xx_json_answer_never_a_500() throws Exception {
        Session admin = signIn(dinkesAdmin);
        for (String path : List.of("/admin/api/recap?month=bulan", "/admin/api/recap?month=99999-01", "/admin/api/today/person",
                "/admin/api/today/person?key=abc", "/admin/api/requests/abc/attachment", "/admin/api/requests/-1/attachment",
                "/admin/api/requests?status=MAYBE", "/admin/api/nothing")) {
            var response = get(admin, path);
            assertThat(response.statusCode()).as(path).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/json");
        }
        for (String body : List.of("", "[]", "{", "{\"ids\":\"1\",\"decision\":\"APPROVE\"}", "{\"ids\":[],\"decision\":\"APPROVE\"}",
                "{\"ids\":[1],\"decision\":\"MAYBE\"}", "{\"ids\":[1.5e400],\"decision\":\"APPROVE\"}", "{\"ids\":[\"x\"],\"decision\":\"APPROVE\"}")) {
            var response = post(admin, "/admin/api/requests/decide", body);
            assertThat(response.statusCode()).as(body).isBetween(400, 499);
        }
        assertThat(signInRaw("", "").statusCode()).isEqualTo(400);
    }
}
