package id.presensi.server.desk;

import id.presensi.operator.Role;
import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.store.Audit;
import id.presensi.store.OperatorStore;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Hari ini" computed once per scope for a few seconds and shared: by the admins of one OPD, never with another scope;
 * and a poll of an unchanged board answered 304 without its body.
 */
class DeskBoardsTest extends DeskFixture {

    @Test
    void one_board_a_scope_for_a_few_seconds_shared_by_its_admins_and_never_by_another_scope() throws Exception {
        String colleague = "dinkes.kedua" + suffix;
        db.database().jdbi().useHandle(h -> new OperatorStore(db.database().jdbi()).add(h, new Audit("test", "test"), colleague,
                Role.OPD_ADMIN, Optional.of("DINKES"), Optional.of(PASSWORD)));
        Session first = signIn(dinkesAdmin);
        Session second = signIn(colleague);
        JsonNode board = jsonOf(get(first, "/admin/api/today"));
        assertThat(person(board, TONO).get("in").isNull()).isTrue();

        // Tono's punch arrives (a fingerprint machine) within the same seconds
        punchAsMachine(TONO, "07:50");
        HttpResponse<String> shared = get(second, "/admin/api/today");
        assertThat(shared.body()).as("the colleague of the same OPD is given the board computed a moment ago").isEqualTo(get(first, "/admin/api/today").body());
        assertThat(person(jsonOf(shared), TONO).get("in").isNull()).isTrue();

        // other scopes compute their own, under their own row-level security, at the same moment
        JsonNode rsud = jsonOf(get(signIn(rsudAdmin), "/admin/api/today"));
        assertThat(rsud.get("people").findValuesAsText("key")).containsExactly(ANDI);
        JsonNode bkpsdmsDinkes = jsonOf(get(signIn(bkpsdm), "/admin/api/today?unit=DINKES"));
        assertThat(bkpsdmsDinkes.get("people").findValuesAsText("key")).containsExactlyInAnyOrder(SRI, RINA, TONO, BUDI);
        assertThat(person(bkpsdmsDinkes, TONO).get("in").asText()).as("BKPSDM's scope is not DINKES's: computed afresh").isEqualTo("07:50");
        JsonNode puskesmas = jsonOf(get(first, "/admin/api/today?unit=PKM-1"));
        assertThat(puskesmas.get("people").findValuesAsText("key")).as("another unit is another board").containsExactly(BUDI);

        clock.set(clock.instant().plus(Desk.BOARD_TTL));
        assertThat(get(second, "/admin/api/today").body()).as("a few seconds on: the last board at once, while it is computed again")
                .isEqualTo(shared.body());
        assertThat(person(refreshed(second, shared.body()), TONO).get("in").asText()).as("and the next poll has it").isEqualTo("07:50");
    }

    @Test
    void an_old_board_is_answered_at_once_with_its_time_while_one_refresh_runs_and_a_forgotten_one_is_computed_afresh() throws Exception {
        Session admin = signIn(dinkesAdmin);
        java.time.Instant opened = clock.instant();
        HttpResponse<String> first = get(admin, "/admin/api/today");
        assertThat(jsonOf(first).get("localTime").asText()).isEqualTo(local(opened));
        punchAsMachine(TONO, "07:50");

        clock.set(opened.plusSeconds(60));
        HttpResponse<String> old = get(admin, "/admin/api/today");
        assertThat(old.body()).as("the board of 07:00, not one computed in the request").isEqualTo(first.body());
        assertThat(old.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(first.headers().firstValue("Age")).as("computed in the request").contains("0");
        assertThat(old.headers().firstValue("Age")).as("its age in seconds, so the page asks again shortly").contains("60");
        JsonNode fresh = refreshed(admin, first.body());
        assertThat(fresh.get("localTime").asText()).as("computed in the background at the time of the poll that found it old").isEqualTo(local(opened.plusSeconds(60)));
        assertThat(person(fresh, TONO).get("in").asText()).isEqualTo("07:50");
        assertThat(get(signIn(rsudAdmin), "/admin/api/today").body()).as("another scope never gets it, old or new").doesNotContain(TONO).contains(ANDI);

        clock.set(opened.plusSeconds(60).plus(Desk.BOARD_MAX_STALE));
        JsonNode afterLunch = jsonOf(get(admin, "/admin/api/today"));
        assertThat(afterLunch.get("localTime").asText()).as("nobody polled it for minutes: computed in the request")
                .isEqualTo(local(opened.plusSeconds(60).plus(Desk.BOARD_MAX_STALE)));
    }

    @Test
    void a_poll_is_answered_while_its_own_sessions_refresh_holds_the_connection_waiting_on_the_database() throws Exception {
        Session admin = signIn(dinkesAdmin);
        HttpResponse<String> first = get(admin, "/admin/api/today");
        punchAsMachine(TONO, "07:50");
        clock.set(clock.instant().plus(Desk.BOARD_TTL));
        try (Handle locker = db.database().jdbi().open()) {
            // a heavy morning made slow: the refresh started by the next poll waits on the check-ins, on the admin's connection
            locker.begin();
            locker.execute("LOCK TABLE checkin IN ACCESS EXCLUSIVE MODE");
            assertThat(get(admin, "/admin/api/today").body()).as("the old board at once; its refresh starts").isEqualTo(first.body());
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = :name AND wait_event_type = 'Lock'")
                    .bind("name", dinkesAdmin).mapTo(Long.class).one()) == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }

            HttpResponse<String> meanwhile = get(admin, "/admin/api/today");
            assertThat(meanwhile.statusCode()).as("answered from the last board, not after the refresh").isEqualTo(200);
            assertThat(meanwhile.body()).isEqualTo(first.body());
            locker.rollback();
        }
        assertThat(person(refreshed(admin, first.body()), TONO).get("in").asText()).as("the refresh then completes").isEqualTo("07:50");
    }

    @Test
    void a_board_polled_all_along_is_not_computed_in_the_request_however_long_its_refresh_waits() throws Exception {
        Session admin = signIn(dinkesAdmin);
        java.time.Instant opened = clock.instant();
        HttpResponse<String> first = get(admin, "/admin/api/today");
        try (Handle locker = db.database().jdbi().open()) {
            // a morning so heavy that the board's refresh waits longer than a board may go unpolled
            locker.begin();
            locker.execute("LOCK TABLE checkin IN ACCESS EXCLUSIVE MODE");
            clock.set(opened.plus(Desk.BOARD_MAX_STALE).minusSeconds(20));
            assertThat(get(admin, "/admin/api/today").body()).as("the old board at once; its refresh starts and waits").isEqualTo(first.body());
            clock.set(opened.plus(Desk.BOARD_MAX_STALE).plusSeconds(10));
            // the board is older than BOARD_MAX_STALE, but it was polled 30 s ago: given at once, not computed in the request
            // (which would wait on the lock too, and during a rush would cost what the refresher's rests are there to spare)
            HttpResponse<String> meanwhile = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return get(admin, "/admin/api/today");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(meanwhile.statusCode()).isEqualTo(200);
            assertThat(meanwhile.body()).isEqualTo(first.body());
            locker.rollback();
        }
    }

    @Test
    void an_admin_moved_to_another_unit_is_not_given_their_old_units_board() throws Exception {
        Session admin = signIn(dinkesAdmin);
        Session colleague = signIn(dinkesAdmin);
        assertThat(jsonOf(get(colleague, "/admin/api/today")).get("people").findValuesAsText("key")).contains(SRI);
        db.database().jdbi().useHandle(h -> h.execute("UPDATE operator SET unit_id = (SELECT id FROM unit WHERE code = 'RSUD') WHERE name = ?", dinkesAdmin));

        // the session still opens on DINKES (its units as read at sign-in), but the database says RSUD now
        HttpResponse<String> stale = get(admin, "/admin/api/today");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(jsonOf(stale).get("people")).as("DINKES's board, computed a moment ago under DINKES's scope, is not given").isEmpty();
        HttpResponse<String> after = get(admin, "/admin/api/today?unit=RSUD");
        assertThat(jsonOf(after).get("people").findValuesAsText("key")).as("their units were read again: RSUD is theirs now").containsExactly(ANDI);
        assertThat(jsonOf(get(admin, "/admin/api/session")).get("units").findValuesAsText("code")).containsExactly("RSUD");
        assertThat(get(admin, "/admin/api/today?unit=DINKES").statusCode()).isEqualTo(403);
    }

    @Test
    void an_unchanged_board_is_answered_304_without_its_body() throws Exception {
        Session admin = signIn(dinkesAdmin);
        HttpResponse<String> first = get(admin, "/admin/api/today");
        String tag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/admin/api/today")).header("Cookie", admin.cookie()).header("If-None-Match", tag).GET());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<String> otherUnit = send(HttpRequest.newBuilder(uri("/admin/api/today?unit=PKM-1")).header("Cookie", admin.cookie())
                .header("If-None-Match", tag).GET());
        assertThat(otherUnit.statusCode()).as("another unit's board is not the same board").isEqualTo(200);

        punchAsMachine(TONO, "07:50");
        clock.set(clock.instant().plus(Desk.BOARD_TTL));
        HttpResponse<String> unchanged = send(HttpRequest.newBuilder(uri("/admin/api/today")).header("Cookie", admin.cookie()).header("If-None-Match", tag).GET());
        assertThat(unchanged.statusCode()).as("the last board, answered at once while it is computed again, is the page's").isEqualTo(304);
        HttpResponse<String> changed = unchanged;
        for (int i = 0; i < 1000 && changed.statusCode() == 304; i++) {
            Thread.sleep(20);
            changed = send(HttpRequest.newBuilder(uri("/admin/api/today")).header("Cookie", admin.cookie()).header("If-None-Match", tag).GET());
        }
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(person(jsonOf(changed), TONO).get("in").asText()).isEqualTo("07:50");
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(tag);
        HttpResponse<String> signedOut = send(HttpRequest.newBuilder(uri("/admin/api/today")).header("If-None-Match", tag).GET());
        assertThat(signedOut.statusCode()).as("no cookie, no board and no 304").isEqualTo(401);
    }

    @Test
    void a_unit_imported_after_sign_in_is_listed_and_opened_without_signing_in_again() throws Exception {
        Session admin = signIn(dinkesAdmin);
        Session bk = signIn(bkpsdm);
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-2', 'Puskesmas Baru', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO unit (code, name) VALUES ('DISPAR', 'Dinas Pariwisata')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198707072010011007', 'Dewi Baru', id FROM unit WHERE code = 'PKM-2'");
        });
        JsonNode board = jsonOf(get(admin, "/admin/api/today?unit=PKM-2"));
        assertThat(board.get("people").findValuesAsText("name")).containsExactly("Dewi Baru");
        assertThat(jsonOf(get(admin, "/admin/api/session")).get("units").findValuesAsText("code")).containsExactly("DINKES", "PKM-1", "PKM-2");
        assertThat(get(admin, "/admin/api/today?unit=DISPAR").statusCode()).as("still not theirs").isEqualTo(403);
        assertThat(jsonOf(get(bk, "/admin/api/bkpsdm/units")).get("units").findValuesAsText("code")).contains("DISPAR");
        assertThat(jsonOf(get(bk, "/admin/api/session")).get("units").findValuesAsText("code")).contains("DISPAR", "PKM-2");
    }

    private static String local(java.time.Instant t) {
        return java.time.LocalDateTime.ofInstant(t, WITA).toLocalTime().withNano(0).toString();
    }

    /** The board a session is given once the background refresh of {@code old} is done (polled, at most 20 s). */
    private JsonNode refreshed(Session session, String old) throws Exception {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String body = get(session, "/admin/api/today").body();
            if (!body.equals(old) || System.nanoTime() > until) {
                return json.readTree(body);
            }
            Thread.sleep(20);
        }
    }

    private void punchAsMachine(String nip, String localTime) {
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO checkin (request_id, employee_id, machine_id, type, at, received_at, work_date, accepted, message, source)
                SELECT gen_random_uuid(), id, 'SN-TES', 'IN', CAST('2026-09-14 ' || ? || '+08' AS timestamptz), now(), DATE '2026-09-14', true, 'ok', 'FINGERPRINT'
                  FROM employee WHERE nip = ?""", localTime, nip));
    }
}
