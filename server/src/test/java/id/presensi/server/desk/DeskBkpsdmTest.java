package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.db.Failures;
import id.presensi.operator.Role;
import id.presensi.store.Audit;
import id.presensi.store.ClosedMonthStore;
import id.presensi.store.OperatorStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The BKPSDM pages of the desk over real HTTP and the embedded PostgreSQL: all units today, month close and reopen,
 * OPD admins added, given a new password and disabled, each audited as the BKPSDM operator; an OPD admin is refused
 * every one of them by the desk and, when they go around it, by the database. And the database's refusals are said
 * in Indonesian, the inbox shows each request's deadline.
 */
class DeskBkpsdmTest extends DeskFixture {
    static final List<String> READS = List.of("/admin/api/bkpsdm/units", "/admin/api/bkpsdm/months", "/admin/api/bkpsdm/operators");

    /** Every change of the BKPSDM pages, with a body that BKPSDM's session would have done. */
    Map<String, String> changes() {
        return Map.of(
                "/admin/api/bkpsdm/months/close", "{\"month\":\"2026-08\"}",
                "/admin/api/bkpsdm/months/reopen", "{\"month\":\"2026-08\",\"reason\":\"salah hitung\"}",
                "/admin/api/bkpsdm/operators", "{\"name\":\"kawan.admin\",\"unit\":\"DINKES\"}",
                "/admin/api/bkpsdm/operators/disable", "{\"name\":\"" + rsudAdmin + "\"}",
                "/admin/api/bkpsdm/operators/password", "{\"name\":\"" + rsudAdmin + "\"}");
    }

    Session signIn(String name, String password) throws Exception {
        var response = signInRaw(name, password);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new Session(response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0], jsonOf(response).get("csrf").asText());
    }

    // ---- all units ----

    @Test
    void bkpsdm_sees_every_unit_today_one_line_per_opd_and_opens_any_units_board_and_recap() throws Exception {
        Session bk = signIn(bkpsdm);
        JsonNode units = jsonOf(get(bk, "/admin/api/bkpsdm/units"));
        Map<String, JsonNode> byCode = new java.util.HashMap<>();
        units.get("units").forEach(u -> byCode.put(u.get("code").asText(), u));
        assertThat(byCode).containsOnlyKeys("BKPSDM", "DINKES", "RSUD");
        assertThat(byCode.get("DINKES").get("staff").asLong()).as("the puskesmas counts under its OPD").isEqualTo(4);
        assertThat(byCode.get("DINKES").get("counts").get("SUDAH_MASUK").asLong()).isEqualTo(2);
        assertThat(byCode.get("DINKES").get("counts").get("TERLAMBAT").asLong()).isEqualTo(1);
        assertThat(byCode.get("RSUD").get("counts").get("SUDAH_MASUK").asLong()).isEqualTo(1);
        assertThat(units.toString()).as("counts only, nobody's name").doesNotContain("Andi Rahman").doesNotContain(SRI);

        assertThat(jsonOf(get(bk, "/admin/api/today?unit=RSUD")).get("people").findValuesAsText("key")).containsExactly(ANDI);
        assertThat(jsonOf(get(bk, "/admin/api/today?unit=PKM-1")).get("people").findValuesAsText("key")).containsExactly(BUDI);
        var recap = get(bk, "/admin/api/recap?month=2026-09&unit=RSUD");
        assertThat(recap.statusCode()).as(recap.body()).isEqualTo(200);
        assertThat(jsonOf(recap).get("unit").asText()).isEqualTo("RSUD");
        assertThat(get(bk, "/admin/api/recap.xlsx?month=2026-09&unit=RSUD").statusCode()).isEqualTo(200);
        assertThat(jsonOf(get(bk, "/admin/api/session")).get("units").findValuesAsText("code")).contains("BKPSDM", "DINKES", "PKM-1", "RSUD");
    }

    // ---- month close and reopen ----

    @Test
    void bkpsdm_closes_and_reopens_a_month_from_the_desk_and_both_are_audited_in_their_name() throws Exception {
        Session bk = signIn(bkpsdm);
        var closed = post(bk, "/admin/api/bkpsdm/months/close", "{\"month\":\"2026-08\"}");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(jsonOf(closed).get("message").asText()).isEqualTo("Bulan 2026-08 ditutup untuk seluruh kabupaten.");
        assertThat(jsonOf(post(bk, "/admin/api/bkpsdm/months/close", "{\"month\":\"2026-08\"}")).get("closed").asBoolean()).as("again").isFalse();
        assertThat(post(bk, "/admin/api/bkpsdm/months/close", "{\"month\":\"2026-09\",\"unit\":\"pkm-1\"}").statusCode()).isEqualTo(200);
        JsonNode months = jsonOf(get(bk, "/admin/api/bkpsdm/months")).get("months");
        assertThat(months).hasSize(2);
        assertThat(months.get(0).get("month").asText()).isEqualTo("2026-09");
        assertThat(months.get(0).get("unit").asText()).isEqualTo("PKM-1");
        assertThat(months.get(1).get("closedBy").asText()).isEqualTo(bkpsdm);
        // the same store as `month list`: the database holds what the desk did
        assertThat(new ClosedMonthStore(db.database().jdbi()).list()).extracting(id.presensi.attendance.ClosedMonth::month)
                .containsExactly(YearMonth.of(2026, 9), YearMonth.of(2026, 8));

        var noReason = post(bk, "/admin/api/bkpsdm/months/reopen", "{\"month\":\"2026-08\",\"reason\":\"  \"}");
        assertThat(noReason.statusCode()).as("a reopen says why").isEqualTo(400);
        var reopened = post(bk, "/admin/api/bkpsdm/months/reopen", "{\"month\":\"2026-08\",\"reason\":\"koreksi TPP dari BPKAD\"}");
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
        var notClosed = post(bk, "/admin/api/bkpsdm/months/reopen", "{\"month\":\"2026-08\",\"reason\":\"lagi\"}");
        assertThat(notClosed.statusCode()).isEqualTo(409);
        assertThat(jsonOf(notClosed).get("message").asText()).isEqualTo("Bulan 2026-08 tidak sedang ditutup untuk seluruh kabupaten.");

        List<Map<String, Object>> audit = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT operator, entity_key, after::text AS after, command FROM audit_log WHERE entity = 'closed_month' ORDER BY id""")
                .mapToMap().list());
        assertThat(audit).extracting(a -> a.get("operator")).containsOnly(bkpsdm);
        assertThat(audit).extracting(a -> a.get("entity_key")).containsExactly("2026-08", "2026-09/PKM-1", "2026-08");
        assertThat(audit.get(2).get("after").toString()).contains("koreksi TPP dari BPKAD");
        assertThat(audit.get(2).get("command").toString()).isEqualTo("desk: month reopen 2026-08");

        for (String body : List.of("{\"month\":\"agustus\"}", "{}", "{\"month\":\"2026-08\",\"unit\":\"NOPE\"}", "{\"month\":\"1999-12\"}")) {
            assertThat(post(bk, "/admin/api/bkpsdm/months/close", body).statusCode()).as(body).isBetween(400, 499);
        }
    }

    @Test
    void a_closed_month_shows_in_the_inbox_beside_each_requests_deadline() throws Exception {
        long request = submitRequest(SRI, false); // izin for Tuesday 15 September
        Session admin = signIn(dinkesAdmin);
        JsonNode deadline = jsonOf(get(admin, "/admin/api/requests")).get("requests").get(0).get("deadline");
        assertThat(deadline.get("submitBy").asText()).as("3 working days after the 15th: Friday").isEqualTo("2026-09-18");
        assertThat(deadline.get("workdays").asInt()).isEqualTo(3);
        assertThat(deadline.get("monthClosed").asBoolean()).isFalse();

        assertThat(post(signIn(bkpsdm), "/admin/api/bkpsdm/months/close", "{\"month\":\"2026-09\",\"unit\":\"DINKES\"}").statusCode()).isEqualTo(200);
        assertThat(jsonOf(get(admin, "/admin/api/requests")).get("requests").get(0).get("deadline").get("monthClosed").asBoolean()).isTrue();
        var approve = post(admin, "/admin/api/requests/decide", "{\"ids\":[" + request + "],\"decision\":\"APPROVE\"}");
        assertThat(approve.statusCode()).isEqualTo(409);
        assertThat(jsonOf(approve).get("results").get(0).get("message").asText())
                .isEqualTo("Bulan dari 2026-09-15 sampai 2026-09-15 sudah ditutup untuk unit pegawai ini; BKPSDM dapat membukanya kembali.");
    }

    // ---- operators ----

    @Test
    void bkpsdm_adds_an_opd_admin_who_signs_in_gives_them_a_new_password_and_disables_them_all_audited() throws Exception {
        Session bk = signIn(bkpsdm);
        String name = "baru.admin" + suffix;
        var added = post(bk, "/admin/api/bkpsdm/operators", "{\"name\":\"" + name + "\",\"unit\":\"RSUD\",\"employee\":\"" + ANDI + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String password = jsonOf(added).get("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(12);
        Session newcomer = signIn(name, password);
        assertThat(jsonOf(get(newcomer, "/admin/api/session")).get("home").asText()).isEqualTo("RSUD");
        assertThat(jsonOf(get(bk, "/admin/api/bkpsdm/operators")).get("operators").findValuesAsText("name")).contains(name, dinkesAdmin, bkpsdm);

        var again = post(bk, "/admin/api/bkpsdm/operators", "{\"name\":\"" + name + "\",\"unit\":\"DINKES\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(jsonOf(again).get("message").asText()).isEqualTo("Operator " + name + " sudah ada.");

        var chosen = post(bk, "/admin/api/bkpsdm/operators/password", "{\"name\":\"" + name + "\",\"password\":\"dipilih-oleh-bkpsdm-1\"}");
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
        assertThat(jsonOf(chosen).has("password")).as("a password the operator chose is not answered back").isFalse();
        assertThat(get(newcomer, "/admin/api/session").statusCode()).as("a new password signs them out").isEqualTo(401);
        assertThat(signInRaw(name, password).statusCode()).isEqualTo(401);
        Session again2 = signIn(name, "dipilih-oleh-bkpsdm-1");

        var disabled = post(bk, "/admin/api/bkpsdm/operators/disable", "{\"name\":\"" + name + "\"}");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(get(again2, "/admin/api/today").statusCode()).as("disabled: signed out at once").isEqualTo(401);
        assertThat(signInRaw(name, "dipilih-oleh-bkpsdm-1").statusCode()).isEqualTo(401);
        assertThat(post(bk, "/admin/api/bkpsdm/operators/disable", "{\"name\":\"" + name + "\"}").statusCode()).as("already").isEqualTo(404);

        List<Map<String, Object>> audit = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT operator, after::text AS after FROM audit_log WHERE entity = 'operator' AND entity_key = :name ORDER BY id""")
                .bind("name", name).mapToMap().list());
        assertThat(audit).extracting(a -> a.get("operator")).containsOnly(bkpsdm);
        assertThat(audit).extracting(a -> a.get("after").toString()).satisfiesExactly(
                a -> assertThat(a).contains("OPD_ADMIN").contains("RSUD"), a -> assertThat(a).contains("changed"), a -> assertThat(a).contains("true"));
        assertThat(audit.toString()).doesNotContain(password).doesNotContain("dipilih-oleh-bkpsdm-1");
        String log = java.nio.file.Files.readString(db.home().resolve("postgres.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(log).as("the server's log").doesNotContain(password).doesNotContain("dipilih-oleh-bkpsdm-1");
        Long employee = db.database().jdbi().withHandle(h -> h.createQuery("SELECT employee_id FROM operator WHERE name = :name").bind("name", name)
                .mapTo(Long.class).one());
        assertThat(employee).as("the admin is Andi: his own requests are not his to decide").isNotNull();
    }

    @Test
    void bkpsdm_manages_opd_admins_only_not_other_bkpsdm_operators_and_says_why_in_indonesian() throws Exception {
        Session bk = signIn(bkpsdm);
        String other = "bkpsdm.lain" + suffix;
        db.database().jdbi().useHandle(h -> new OperatorStore(db.database().jdbi()).add(h, new Audit("test", "test"), other,
                Role.BKPSDM, Optional.empty(), Optional.of(PASSWORD)));
        for (String path : List.of("/admin/api/bkpsdm/operators/disable", "/admin/api/bkpsdm/operators/password")) {
            var refused = post(bk, path, "{\"name\":\"" + other + "\"}");
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(jsonOf(refused).get("message").asText()).as(path)
                    .isEqualTo("BKPSDM hanya mengelola admin OPD; " + other + " diubah oleh pemilik basis data (presensi operator).");
        }
        signIn(other);
        var nobody = post(bk, "/admin/api/bkpsdm/operators/password", "{\"name\":\"tidak.ada\"}");
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(post(bk, "/admin/api/bkpsdm/operators", "{\"name\":\"Salah Nama\",\"unit\":\"RSUD\"}").statusCode()).isEqualTo(400);
        assertThat(post(bk, "/admin/api/bkpsdm/operators", "{\"name\":\"tanpa.unit\"}").statusCode()).isEqualTo(400);
        assertThat(post(bk, "/admin/api/bkpsdm/operators", "{\"name\":\"pg_admin\",\"unit\":\"RSUD\"}").statusCode()).as("PostgreSQL's own")
                .isEqualTo(400);
        assertThat(post(bk, "/admin/api/bkpsdm/operators", "{\"name\":\"pendek.sandi\",\"unit\":\"RSUD\",\"password\":\"pendek\"}").statusCode())
                .isEqualTo(400);
        // a database login that is not an operator of ours keeps its name
        db.database().jdbi().useHandle(h -> h.execute("CREATE ROLE \"orang.lain" + suffix + "\""));
        var taken = post(bk, "/admin/api/bkpsdm/operators", "{\"name\":\"orang.lain" + suffix + "\",\"unit\":\"RSUD\"}");
        assertThat(taken.statusCode()).isBetween(400, 499);
        assertThat(jsonOf(taken).get("message").asText()).startsWith("Login basis data bernama orang.lain" + suffix + " sudah ada");
    }

    // ---- an OPD admin: refused by the desk, and by the database when they go around it ----

    @Test
    void an_opd_admin_gets_403_on_every_bkpsdm_url_and_the_database_refuses_them_too() throws Exception {
        Session admin = signIn(dinkesAdmin);
        for (String path : READS) {
            var response = get(admin, path);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(jsonOf(response).get("error").asText()).as(path).isEqualTo("BKPSDM_ONLY");
        }
        for (var change : changes().entrySet()) {
            var response = post(admin, change.getKey(), change.getValue());
            assertThat(response.statusCode()).as(change.getKey()).isEqualTo(403);
            assertThat(jsonOf(response).get("error").asText()).as(change.getKey()).isEqualTo("BKPSDM_ONLY");
        }
        assertThat(jsonOf(get(admin, "/admin/api/session")).get("role").asText()).isEqualTo("OPD_ADMIN");

        // around the desk, on their own login: the database is the authority
        try (Connection own = DriverManager.getConnection(db.settings().url(), dinkesAdmin, PASSWORD)) {
            Jdbi jdbi = Jdbi.create(own);
            Audit audit = new Audit(dinkesAdmin, "forced");
            assertRefused(() -> jdbi.useTransaction(h -> new ClosedMonthStore(jdbi).close(h, audit, YearMonth.of(2026, 8), Optional.of("DINKES"))));
            assertRefused(() -> jdbi.useTransaction(h -> new OperatorStore(jdbi).add(h, audit, "kawan.admin", Role.OPD_ADMIN,
                    Optional.of("DINKES"), Optional.of("kata-sandi-kawan-1"))));
            assertRefused(() -> jdbi.useHandle(h -> h.execute("SELECT operator_disable(?, 'x', 'x')", rsudAdmin)));
            assertRefused(() -> jdbi.useHandle(h -> h.execute("SELECT operator_password(?, 'SCRAM-SHA-256$4096:x', 'x', 'x')", dinkesAdmin)));
            assertRefused(() -> jdbi.useHandle(h -> h.execute("DELETE FROM closed_month")));
        }
        int closedMonths = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM closed_month").mapTo(Integer.class).one());
        int operators = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM operator WHERE NOT disabled").mapTo(Integer.class).one());
        assertThat(closedMonths).isZero();
        assertThat(operators).isEqualTo(3);
        assertThat(signInRaw(rsudAdmin, PASSWORD).statusCode()).as("the RSUD admin's password is unchanged").isEqualTo(200);
    }

    private static void assertRefused(Runnable forced) {
        assertThatThrownBy(forced::run).satisfies(e -> assertThat(Failures.hasSqlState(e, "42501"::equals)).as(Failures.rootMessage(e)).isTrue());
    }

    @Test
    void a_bkpsdm_change_without_the_csrf_token_or_with_a_forged_one_is_refused() throws Exception {
        Session bk = signIn(bkpsdm);
        Session other = signIn(dinkesAdmin);
        for (var change : changes().entrySet()) {
            var forged = post(new Session(bk.cookie(), other.csrf()), change.getKey(), change.getValue());
            assertThat(forged.statusCode()).as(change.getKey()).isEqualTo(403);
            assertThat(jsonOf(forged).get("error").asText()).isEqualTo("CSRF");
            var missing = send(HttpRequest.newBuilder(uri(change.getKey())).header("Cookie", bk.cookie()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(change.getValue())));
            assertThat(missing.statusCode()).as(change.getKey()).isEqualTo(403);
        }
        int closedMonths = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM closed_month").mapTo(Integer.class).one());
        assertThat(closedMonths).isZero();
        assertThat(signInRaw(rsudAdmin, PASSWORD).statusCode()).as("still enabled, same password").isEqualTo(200);
        assertThat(signInRaw("kawan.admin", PASSWORD).statusCode()).isEqualTo(401);

        assertThat(post(bk, "/admin/api/signout", "{}").statusCode()).isEqualTo(200);
        for (String path : READS) {
            assertThat(get(bk, path).statusCode()).as("a cookie stolen after sign-out: " + path).isEqualTo(401);
        }
        assertThat(post(bk, "/admin/api/bkpsdm/months/close", "{\"month\":\"2026-08\"}").statusCode()).isEqualTo(401);
    }

    // ---- the database's refusals in Indonesian ----

    @Test
    void an_admin_deciding_their_own_request_is_told_why_in_indonesian() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("UPDATE operator SET employee_id = (SELECT id FROM employee WHERE nip = ?) WHERE name = ?",
                SRI, dinkesAdmin));
        long own = submitRequest(SRI, false);
        var decided = post(signIn(dinkesAdmin), "/admin/api/requests/decide", "{\"ids\":[" + own + "],\"decision\":\"APPROVE\"}");
        assertThat(decided.statusCode()).isEqualTo(409);
        assertThat(jsonOf(decided).get("results").get(0).get("message").asText())
                .isEqualTo("Tidak seorang pun memutuskan permohonannya sendiri; admin lain di unit itu atau BKPSDM yang memutuskannya.");
        assertThat(requestStatus(own)).isEqualTo("PENDING");
    }
}
