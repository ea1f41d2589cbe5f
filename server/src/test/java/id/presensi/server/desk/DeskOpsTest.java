package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Titip absen" and "Perangkat" over real HTTP against the real server and the embedded PostgreSQL: signals reviewed
 * with a note, phones revoked after a preview, codes issued once, machines listed; every change audited as the
 * operator; and the DINKES admin trying the RSUD's signals, phones, NIPs and machines on every URL and form.
 */
class DeskOpsTest extends DeskFixture {
    static final String DAY = "2026-09-14";
    static final String REVIEW = "/admin/api/signals/review";

    @BeforeEach
    void signals_and_machines_of_both_agencies() {
        db.database().jdbi().useHandle(h -> {
            h.execute("""
                    INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                    SELECT id, DATE '2026-09-14', 'SAME_HAND', 2, 'Presensi pukul 07.10.00 dari alamat 10.0.0.5 berselang beberapa detik dengan 1 pegawai lain.',
                           '{"addresses": ["10.0.0.5"], "with": ["199202022016011001"], "points": [{"at": "07.10.00", "lat": -1.9086, "lon": 116.1978}]}'
                      FROM employee WHERE nip IN (?, ?)""", SRI, ANDI);
            h.execute("INSERT INTO machine (serial, unit_id, name) SELECT 'SN-' || code, id, 'Mesin ' || code FROM unit WHERE code IN ('DINKES', 'RSUD')");
            h.execute("UPDATE machine SET last_contact_at = TIMESTAMPTZ '2026-09-14 08:55+08', last_address = '10.20.0.7'");
            h.execute("INSERT INTO machine_unmatched_punch (machine_id, pin, local_time) SELECT id, '999', '2026-09-14 07:01' FROM machine");
            h.execute("INSERT INTO machine_unmatched_punch (machine_id, pin, local_time) SELECT id, '998', '2026-09-14 07:02' FROM machine");
            h.execute("INSERT INTO machine_held_punch (machine_id, pin, local_time, reason) SELECT id, '999', '2026-09-14 07:03', 'ADDRESS' FROM machine");
        });
    }

    // ---- Titip absen ----

    @Test
    void an_admin_reads_their_units_signals_with_evidence_and_marks_one_reviewed_audited_as_themselves() throws Exception {
        Session admin = signIn(dinkesAdmin);
        JsonNode list = jsonOf(get(admin, "/admin/api/signals"));
        assertThat(list.get("from").asText()).as("30 days up to today").isEqualTo("2026-08-16");
        assertThat(list.get("to").asText()).isEqualTo(DAY);
        assertThat(list.get("signals").findValuesAsText("key")).containsExactly(SRI);
        JsonNode signal = list.get("signals").get(0);
        assertThat(signal.get("title").asText()).isEqualTo("Satu tangan, banyak ponsel");
        assertThat(signal.get("evidence").get("addresses").get(0).asText()).isEqualTo("10.0.0.5");
        assertThat(signal.get("review").isNull()).isTrue();

        var reviewed = post(admin, REVIEW, review(SRI, "SAME_HAND", "Ditanyakan: HP dipinjam rekan karena baterai habis."));
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
        assertThat(jsonOf(reviewed).get("review").get("by").asText()).isEqualTo(dinkesAdmin);
        JsonNode again = jsonOf(get(admin, "/admin/api/signals?from=2026-09-14&to=2026-09-14")).get("signals").get(0);
        assertThat(again.get("review").get("note").asText()).isEqualTo("Ditanyakan: HP dipinjam rekan karena baterai habis.");
        assertThat(again.get("review").get("by").asText()).isEqualTo(dinkesAdmin);

        Map<String, Object> audit = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT operator, command, entity_key, after->>'note' AS note, u.code FROM audit_log a JOIN unit u ON u.id = a.unit_id
                 WHERE entity = 'anomaly_signal'""").mapToMap().one());
        assertThat(audit).containsEntry("operator", dinkesAdmin).containsEntry("entity_key", SRI + "/" + DAY + "/SAME_HAND")
                .containsEntry("note", "Ditanyakan: HP dipinjam rekan karena baterai habis.").containsEntry("code", "DINKES");
        assertThat((String) audit.get("command")).startsWith("desk: signal review");

        // the nightly run replaces the day's signals; the review stays with the signal found again
        db.database().jdbi().useHandle(h -> h.execute("""
                WITH gone AS (DELETE FROM anomaly_signal RETURNING *) INSERT INTO anomaly_signal SELECT * FROM gone"""));
        assertThat(jsonOf(get(admin, "/admin/api/signals")).get("signals").get(0).get("review").get("by").asText()).isEqualTo(dinkesAdmin);
    }

    @Test
    void a_review_needs_a_note_and_a_known_kind_and_date() throws Exception {
        Session admin = signIn(dinkesAdmin);
        for (String body : List.of(review(SRI, "SAME_HAND", "  "), review(SRI, "NO_SUCH_KIND", "dicek"),
                "{\"key\":\"" + SRI + "\",\"date\":\"14/09/2026\",\"kind\":\"SAME_HAND\",\"note\":\"dicek\"}",
                review(SRI, "SAME_HAND", "x".repeat(501)), "{\"key\":\"abc\",\"date\":\"2026-09-14\",\"kind\":\"SAME_HAND\",\"note\":\"x\"}", "[]")) {
            var response = post(admin, REVIEW, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(jsonOf(response).get("error").asText()).isEqualTo("BAD_REQUEST");
        }
        var otherKind = post(admin, REVIEW, review(SRI, "ON_CENTRE", "dicek"));
        assertThat(otherKind.statusCode()).as("a kind not signalled that day").isEqualTo(404);
        assertThat(reviews()).isZero();
    }

    // ---- Perangkat ----

    @Test
    void a_lost_phone_is_revoked_after_the_clis_preview_and_a_confirmation_audited_as_the_admin() throws Exception {
        Session admin = signIn(dinkesAdmin);
        assertThat(jsonOf(get(admin, "/admin/api/devices")).get("devices").findValuesAsText("key")).containsExactlyInAnyOrder(SRI, BUDI);
        JsonNode preview = jsonOf(get(admin, "/admin/api/devices/preview?key=" + SRI));
        assertThat(preview.get("impact").asText()).contains("Ponsel \"HP\" milik Sri Wahyuni").contains("tidak bisa presensi");

        var unconfirmed = post(admin, "/admin/api/devices/revoke", "{\"key\":\"" + SRI + "\"}");
        assertThat(unconfirmed.statusCode()).as("asked, not done").isEqualTo(409);
        assertThat(jsonOf(unconfirmed).get("impact").asText()).isEqualTo(preview.get("impact").asText());
        assertThat(activePhones(SRI)).isEqualTo(1);

        var revoked = post(admin, "/admin/api/devices/revoke", "{\"key\":\"" + SRI + "\",\"confirm\":true}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(activePhones(SRI)).isZero();
        assertThat(text("SELECT operator || ' ' || command FROM audit_log WHERE entity = 'device' AND entity_key = :key AND after->>'active' = 'false'", SRI))
                .isEqualTo(dinkesAdmin + " desk: device revoke " + SRI);
        assertThat(post(admin, "/admin/api/devices/revoke", "{\"key\":\"" + SRI + "\",\"confirm\":true}").statusCode())
                .as("nothing left to revoke").isEqualTo(404);
        assertThat(get(admin, "/admin/api/devices/preview?key=" + SRI).statusCode()).isEqualTo(404);
    }

    @Test
    void an_activation_code_is_shown_once_stored_hashed_and_activates_the_phone() throws Exception {
        Session admin = signIn(dinkesAdmin);
        var issued = post(admin, "/admin/api/devices/code", "{\"key\":\"" + TONO.substring(0, 8) + " " + TONO.substring(8) + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.headers().firstValue("Cache-Control")).contains("no-store");
        String code = jsonOf(issued).get("code").asText();
        assertThat(code).matches("[A-Z2-9]{8}");
        Map<String, Object> stored = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT encode(code_hash, 'escape') AS hash, code_hash_scheme, created_by FROM activation_code c JOIN employee e ON e.id = c.employee_id
                 WHERE e.nip = :key AND used_at IS NULL""").bind("key", TONO).mapToMap().one());
        assertThat((String) stored.get("hash")).doesNotContain(code);
        assertThat((String) stored.get("code_hash_scheme")).startsWith("argon2id$");
        assertThat(stored.get("created_by")).isEqualTo(dinkesAdmin);
        assertThat(text("SELECT operator FROM audit_log WHERE entity = 'activation_code' AND entity_key = :key", TONO)).isEqualTo(dinkesAdmin);
        var activated = send(HttpRequest.newBuilder(uri("/api/v1/activate")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("employee", TONO, "code", code, "deviceName", "HP baru")))));
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
    }

    @Test
    void no_code_for_an_ended_employment_and_the_desk_says_why_in_indonesian() throws Exception {
        db.database().jdbi().useHandle(h -> h.createUpdate("UPDATE employee SET ended_from = DATE '2026-01-01', end_reason = 'PENSIUN' WHERE nip = :key")
                .bind("key", TONO).execute());
        var refused = post(signIn(dinkesAdmin), "/admin/api/devices/code", "{\"key\":\"" + TONO + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(jsonOf(refused).get("message").asText()).contains("berhenti bekerja sejak 2026-01-01").doesNotContain("stopped");
        assertThat(text("SELECT count(*)::text FROM activation_code c JOIN employee e ON e.id = c.employee_id WHERE e.nip = :key", TONO)).isEqualTo("0");
    }

    @Test
    void machines_of_the_scope_show_last_contact_address_and_kept_punches() throws Exception {
        JsonNode machines = jsonOf(get(signIn(dinkesAdmin), "/admin/api/machines")).get("machines");
        assertThat(machines.findValuesAsText("serial")).containsExactly("SN-DINKES");
        JsonNode m = machines.get(0);
        assertThat(m.get("lastContact").asText()).isEqualTo("2026-09-14 08:55");
        assertThat(m.get("lastAddress").asText()).isEqualTo("10.20.0.7");
        assertThat(m.get("unmatched").asInt()).isEqualTo(2);
        assertThat(m.get("held").asInt()).isEqualTo(1);
        assertThat(jsonOf(get(signIn(bkpsdm), "/admin/api/machines")).get("machines").findValuesAsText("serial"))
                .contains("SN-DINKES", "SN-RSUD");
    }

    // ---- the other agency's admin ----

    @Test
    void the_admin_of_one_agency_gets_nothing_of_anothers_signals_phones_or_machines() throws Exception {
        Session admin = signIn(dinkesAdmin);
        for (String path : List.of("/admin/api/signals?unit=RSUD", "/admin/api/devices?unit=RSUD", "/admin/api/machines?unit=RSUD")) {
            assertThat(get(admin, path).statusCode()).as(path).isEqualTo(403);
        }
        String all = get(admin, "/admin/api/signals").body() + get(admin, "/admin/api/devices").body() + get(admin, "/admin/api/machines").body();
        assertThat(all).doesNotContain(ANDI).doesNotContain("Andi").doesNotContain("SN-RSUD");

        var preview = get(admin, "/admin/api/devices/preview?key=" + ANDI);
        assertThat(preview.statusCode()).isEqualTo(404);
        assertThat(preview.body()).doesNotContain("Andi");
        Map<String, String> forms = Map.of(
                REVIEW, review(ANDI, "SAME_HAND", "bukan urusan saya"),
                "/admin/api/devices/revoke", "{\"key\":\"" + ANDI + "\",\"confirm\":true}",
                "/admin/api/devices/code", "{\"key\":\"" + ANDI + "\"}");
        for (var form : forms.entrySet()) {
            var response = post(admin, form.getKey(), form.getValue());
            assertThat(response.statusCode()).as(form.getKey()).isEqualTo(404);
            assertThat(response.body()).as(form.getKey()).doesNotContain("Andi").doesNotContain("RSUD");
        }
        assertThat(reviews()).isZero();
        assertThat(activePhones(ANDI)).isEqualTo(1);
        assertThat(unusedCodes(ANDI)).isZero();
        assertThat(text("SELECT count(*)::text FROM audit_log WHERE operator = :key", dinkesAdmin)).as("nothing was done, so nothing was audited")
                .isEqualTo("0");

        // the RSUD's own admin reviews it
        assertThat(post(signIn(rsudAdmin), REVIEW, review(ANDI, "SAME_HAND", "dicek, HP sendiri")).statusCode()).isEqualTo(200);
        assertThat(reviews()).isEqualTo(1);
    }

    @Test
    void every_new_form_refuses_a_missing_or_forged_csrf_token() throws Exception {
        Session admin = signIn(dinkesAdmin);
        Session other = signIn(rsudAdmin);
        Map<String, String> forms = Map.of(
                REVIEW, review(SRI, "SAME_HAND", "dicek"),
                "/admin/api/devices/revoke", "{\"key\":\"" + SRI + "\",\"confirm\":true}",
                "/admin/api/devices/code", "{\"key\":\"" + TONO + "\"}");
        for (var form : forms.entrySet()) {
            var forged = post(new Session(admin.cookie(), other.csrf()), form.getKey(), form.getValue());
            assertThat(forged.statusCode()).as("another session's token on " + form.getKey()).isEqualTo(403);
            assertThat(jsonOf(forged).get("error").asText()).isEqualTo("CSRF");
            var missing = send(HttpRequest.newBuilder(uri(form.getKey())).header("Cookie", admin.cookie())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(form.getValue())));
            assertThat(missing.statusCode()).as("no token on " + form.getKey()).isEqualTo(403);
            var typed = post(new Session(admin.cookie(), admin.csrf() + "x"), form.getKey(), form.getValue());
            assertThat(typed.statusCode()).as("a token one letter longer on " + form.getKey()).isEqualTo(403);
        }
        assertThat(reviews()).isZero();
        assertThat(activePhones(SRI)).isEqualTo(1);
        assertThat(unusedCodes(TONO)).isZero();
    }

    @Test
    void a_stolen_cookie_after_sign_out_opens_nothing_new() throws Exception {
        Session admin = signIn(dinkesAdmin);
        assertThat(get(admin, "/admin/api/signals").statusCode()).isEqualTo(200);
        assertThat(post(admin, "/admin/api/signout", "{}").statusCode()).isEqualTo(200);
        for (String path : List.of("/admin/api/signals", "/admin/api/devices", "/admin/api/machines", "/admin/api/devices/preview?key=" + SRI)) {
            assertThat(get(admin, path).statusCode()).as(path).isEqualTo(401);
        }
        for (var form : Map.of(REVIEW, review(SRI, "SAME_HAND", "dicek"), "/admin/api/devices/revoke", "{\"key\":\"" + SRI + "\",\"confirm\":true}",
                "/admin/api/devices/code", "{\"key\":\"" + TONO + "\"}").entrySet()) {
            assertThat(post(admin, form.getKey(), form.getValue()).statusCode()).as(form.getKey()).isEqualTo(401);
        }
        assertThat(reviews()).isZero();
        assertThat(activePhones(SRI)).isEqualTo(1);
        assertThat(unusedCodes(TONO)).isZero();
    }

    @Test
    void bad_input_on_the_new_urls_gets_a_4xx_json_answer() throws Exception {
        Session admin = signIn(dinkesAdmin);
        for (String path : List.of("/admin/api/signals?from=kemarin", "/admin/api/signals?from=2026-09-14&to=2026-09-01",
                "/admin/api/signals?from=2026-01-01&to=2026-09-14", "/admin/api/devices/preview", "/admin/api/devices/preview?key=%27%20OR%201=1",
                "/admin/api/devices?unit=" + "X".repeat(500))) {
            HttpResponse<String> response = get(admin, path);
            assertThat(response.statusCode()).as(path).isBetween(400, 499);
            assertThat(jsonOf(response).has("message")).as(path).isTrue();
        }
        for (String body : List.of("{}", "{\"key\":123}", "{\"key\":\"12345\"}", "not json")) {
            assertThat(post(admin, "/admin/api/devices/code", body).statusCode()).as(body).isEqualTo(400);
            assertThat(post(admin, "/admin/api/devices/revoke", body).statusCode()).as(body).isEqualTo(400);
        }
    }

    @Test
    void the_first_load_with_the_new_sections_stays_small_and_scripts_are_files() throws Exception {
        var page = send(HttpRequest.newBuilder(uri("/admin")).GET());
        assertThat(page.body()).contains("src=\"/admin/desk-signals.js\"").contains("src=\"/admin/desk-devices.js\"")
                .contains("data-tab=\"signals\"").contains("data-tab=\"devices\"").doesNotContain("<script>");
        int weight = 0;
        for (String file : List.of("/admin", "/admin/desk.js", "/admin/desk.css", "/admin/desk-signals.js", "/admin/desk-devices.js", "/admin/desk-bkpsdm.js")) {
            var response = send(HttpRequest.newBuilder(uri(file)).GET());
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            weight += response.body().getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(weight).as("first load of the desk").isLessThanOrEqualTo(150 * 1024);
    }

    private static String review(String key, String kind, String note) {
        return "{\"key\":\"" + key + "\",\"date\":\"" + DAY + "\",\"kind\":\"" + kind + "\",\"note\":\"" + note + "\"}";
    }

    private String text(String sql, String key) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).bind("key", key).mapTo(String.class).one());
    }

    private long reviews() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM anomaly_review").mapTo(Long.class).one());
    }

    private long activePhones(String key) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM device d JOIN employee e ON e.id = d.employee_id WHERE e.nip = :key AND d.retired_at IS NULL""")
                .bind("key", key).mapTo(Long.class).one());
    }

    private long unusedCodes(String key) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM activation_code c JOIN employee e ON e.id = c.employee_id WHERE e.nip = :key AND c.used_at IS NULL""")
                .bind("key", key).mapTo(Long.class).one());
    }
}
