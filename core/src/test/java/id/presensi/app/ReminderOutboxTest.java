package id.presensi.app;

import id.presensi.push.EcKeys;
import id.presensi.push.PushEndpointGuard;
import id.presensi.push.Vapid;
import id.presensi.push.WebPushCrypto;
import id.presensi.store.OutboxStore;
import id.presensi.store.PushStore;
import id.presensi.testing.PushReceiver;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reminders from the outbox to a push service that checks them as the real ones do (RFC 8030/8291/8292). */
class ReminderOutboxTest {
    private static final String FCM = "https://fcm.googleapis.com";
    private static final Instant AT = Instant.parse("2026-09-14T08:30:00Z"); // 16.30 WITA

    private final TestDatabase db = TestDatabase.get();
    private final Jdbi jdbi = db.database().jdbi();
    private final OutboxStore outbox = new OutboxStore(jdbi);
    private final PushStore push = new PushStore(jdbi);
    private final ExecutorService senders = Executors.newFixedThreadPool(8);
    private PushReceiver receiver;
    private Vapid vapid;

    @BeforeEach
    void a_unit_with_reminders_on() throws Exception {
        db.reset();
        receiver = new PushReceiver();
        vapid = push.vapid("mailto:bkpsdm@paserkab.go.id");
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINSOS', 'Dinas Sosial')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'DINSOS-A', 'Bidang A', id FROM unit WHERE code = 'DINSOS'");
            h.execute("INSERT INTO unit (code, name) VALUES ('DISDIK', 'Dinas Pendidikan')");
            // on at the parent: the sub-unit inherits it
            h.execute("INSERT INTO reminder_policy (unit_id, kind, enabled, minutes) SELECT id, k, true, 30 FROM unit, "
                    + "unnest(ARRAY['CHECK_OUT', 'DECISION']) k WHERE code = 'DINSOS'");
        });
    }

    @AfterEach
    void stop() {
        receiver.close();
        senders.shutdownNow();
    }

    private long employee(String unit, String nip, String name) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', :nip, :name, id FROM unit "
                + "WHERE code = :unit RETURNING id").bind("nip", nip).bind("name", name).bind("unit", unit).mapTo(Long.class).one());
    }

    private long device(long employee) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO device (employee_id, name, token_hash) VALUES (:e, 'HP', sha256(:e::text::bytea)) RETURNING id")
                .bind("e", employee).mapTo(Long.class).one());
    }

    private PushReceiver.Browser phone(long employee) {
        PushReceiver.Browser b = receiver.subscribe(FCM);
        push.subscribe(device(employee), employee, new PushStore.Subscription(b.endpoint(), b.p256dh(), b.auth()));
        return b;
    }

    private OutboxDelivery server(String name) {
        return new OutboxDelivery(outbox, receiver.transport(), vapid, name, Clock.systemUTC(), senders);
    }

    private static OutboxStore.Event checkOut(long employee) {
        return new OutboxStore.Event(employee, "CHECK_OUT", "OUT|" + employee + "|2026-09-14", AT, Duration.ofHours(1));
    }

    private String status(long employee) {
        return jdbi.withHandle(h -> h.createQuery("SELECT string_agg(status, ',') FROM reminder_outbox WHERE dedupe_key LIKE :k")
                .bind("k", "OUT|" + employee + "|%").mapTo(String.class).one());
    }

    @Test
    void a_reminder_reaches_the_phone_encrypted_and_signed_and_says_only_the_first_name_and_time() {
        long sri = employee("DINSOS-A", "199002282015121002", "Dr. Hj. Sri Wahyuni, S.Kep");
        phone(sri);

        assertThat(outbox.enqueue(List.of(checkOut(sri)))).isEqualTo(1);
        assertThat(server("a").deliver(100)).isEqualTo(1);

        assertThat(receiver.protocolErrors()).isZero();
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.message().path("title").asText()).isEqualTo("Presensi pulang");
            assertThat(r.message().path("body").asText()).isEqualTo("Sri, Anda belum presensi pulang (pukul 16.30).");
            assertThat(r.message().toString()).doesNotContain("199002282015121002", "Wahyuni", "Dinas", "Bidang");
            assertThat(r.claims().path("aud").asText()).isEqualTo(FCM);
            assertThat(r.claims().path("sub").asText()).isEqualTo("mailto:bkpsdm@paserkab.go.id");
            assertThat(r.vapidKey()).isEqualTo(vapid.publicKeyBase64());
        });
        assertThat(status(sri)).isEqualTo("SENT");
        // the same event again (another server's scan, the next minute's): nothing more
        assertThat(outbox.enqueue(List.of(checkOut(sri)))).isZero();
        // the key pair is the home's: asked again, the same
        assertThat(push.vapid("mailto:x@y.id").publicKeyBase64()).isEqualTo(vapid.publicKeyBase64());
    }

    @Test
    void reminders_are_off_by_default_and_a_unit_without_them_gets_none() {
        long guru = employee("DISDIK", "198501012010011001", "Budi Santoso");
        phone(guru);

        assertThat(outbox.enqueue(List.of(checkOut(guru)))).isZero();
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void a_server_killed_mid_send_leaves_a_lease_that_another_retakes_and_the_phone_gets_it_once() throws Exception {
        long sri = employee("DINSOS", "199002282015121002", "Sri Wahyuni");
        phone(sri);
        outbox.enqueue(List.of(checkOut(sri)));

        // server "dead" takes the row and dies before sending or ending it
        assertThat(outbox.take("dead", 10, Duration.ofMillis(800))).hasSize(1);
        assertThat(server("alive").deliver(10)).as("leased to the dead server").isZero();
        Thread.sleep(1_000);
        assertThat(server("alive").deliver(10)).isEqualTo(1);

        assertThat(receiver.received()).hasSize(1);
        assertThat(status(sri)).isEqualTo("SENT");
        // the dead server's late word changes nothing
        long id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM reminder_outbox").mapTo(Long.class).one());
        assertThat(outbox.settle("dead", List.of(OutboxStore.Result.ended(id, OutboxStore.End.FAILED, 500)))).isZero();
        assertThat(status(sri)).isEqualTo("SENT");
    }

    @Test
    void two_servers_on_one_database_deliver_each_reminder_once() throws Exception {
        List<Long> staff = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long e = employee("DINSOS", String.format("1990022820151210%02d", i), "Pegawai" + i + " Satu");
            phone(e);
            staff.add(e);
        }
        // both servers scan and enqueue the same events
        List<OutboxStore.Event> events = staff.stream().map(ReminderOutboxTest::checkOut).toList();
        ExecutorService two = Executors.newFixedThreadPool(2);
        Future<Integer> a = two.submit(() -> outbox.enqueue(events));
        Future<Integer> b = two.submit(() -> outbox.enqueue(events));
        assertThat(a.get() + b.get()).isEqualTo(60);

        OutboxDelivery one = server("one");
        OutboxDelivery other = server("other");
        Future<?> x = two.submit(() -> {
            while (one.deliver(7) > 0) {
                Thread.onSpinWait();
            }
        });
        Future<?> y = two.submit(() -> {
            while (other.deliver(7) > 0) {
                Thread.onSpinWait();
            }
        });
        x.get();
        y.get();
        two.shutdown();

        Map<String, Long> perPhone = receiver.received().stream()
                .collect(Collectors.groupingBy(PushReceiver.Received::path, Collectors.counting()));
        assertThat(perPhone).hasSize(60).allSatisfy((path, n) -> assertThat(n).isEqualTo(1));
        assertThat(one.count(OutboxDelivery.Outcome.SENT)).isPositive();
        assertThat(other.count(OutboxDelivery.Outcome.SENT)).isPositive();
        assertThat(one.count(OutboxDelivery.Outcome.SENT) + other.count(OutboxDelivery.Outcome.SENT)).isEqualTo(60);
        assertThat(outbox.ended().get(OutboxStore.End.SENT)).isEqualTo(60);
    }

    @Test
    void a_reminder_past_its_ttl_is_dropped_unsent() throws Exception {
        long sri = employee("DINSOS", "199002282015121002", "Sri Wahyuni");
        phone(sri);
        outbox.enqueue(List.of(new OutboxStore.Event(sri, "CHECK_OUT", "OUT|" + sri + "|2026-09-14", AT, Duration.ofMillis(500))));
        Thread.sleep(700);

        OutboxDelivery a = server("a");
        assertThat(a.deliver(10)).isZero();
        assertThat(a.count(OutboxDelivery.Outcome.EXPIRED)).isEqualTo(1);
        assertThat(status(sri)).isEqualTo("EXPIRED");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void a_410_removes_the_subscription_and_a_503_is_retried_later() {
        long sri = employee("DINSOS", "199002282015121002", "Sri Wahyuni");
        long budi = employee("DINSOS", "198501012010011001", "Budi Santoso");
        PushReceiver.Browser gone = phone(sri);
        PushReceiver.Browser busy = phone(budi);
        receiver.answer(gone.endpoint(), 410);
        receiver.answer(busy.endpoint(), 503);
        outbox.enqueue(List.of(checkOut(sri), checkOut(budi)));

        OutboxDelivery a = server("a");
        assertThat(a.deliver(10)).isEqualTo(2);
        assertThat(status(sri)).isEqualTo("GONE");
        assertThat(push.count()).as("the gone one deleted").isEqualTo(1);
        assertThat(status(budi)).isEqualTo("PENDING");
        assertThat(a.deliver(10)).as("not due before its backoff").isZero();

        jdbi.useHandle(h -> h.execute("UPDATE reminder_outbox SET next_attempt_at = now() WHERE status = 'PENDING'"));
        assertThat(a.deliver(10)).isEqualTo(1);
        assertThat(status(budi)).isEqualTo("SENT");
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo(URI.create(busy.endpoint()).getPath()));
        assertThat(OutboxDelivery.backoff(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(OutboxDelivery.backoff(4, Duration.ZERO)).isEqualTo(Duration.ofSeconds(40));
        assertThat(OutboxDelivery.backoff(30, Duration.ZERO)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void a_revoked_device_loses_its_subscriptions() {
        long sri = employee("DINSOS", "199002282015121002", "Sri Wahyuni");
        phone(sri);
        jdbi.useHandle(h -> h.execute("UPDATE device SET retired_at = now(), retired_reason = 'REVOKED'"));

        assertThat(push.count()).isZero();
        assertThat(outbox.enqueue(List.of(checkOut(sri)))).isZero();
    }

    @Test
    void a_decision_reaches_the_requester_and_the_units_webhook_signed() {
        long sri = employee("DINSOS-A", "199002282015121002", "Sri Wahyuni");
        phone(sri);
        byte[] secret = new byte[32];
        secret[0] = 7;
        jdbi.useHandle(h -> h.execute("SELECT unit_webhook_put(id, 'https://hooks.paserkab.go.id/hook/presensi', ?, 'tester', 'test') "
                + "FROM unit WHERE code = 'DINSOS'", secret));
        long request = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO request (request_id, employee_id, kind, date_from, date_to, reason)
                VALUES (gen_random_uuid(), :e, 'I', '2026-09-15', '2026-09-15', 'urusan keluarga') RETURNING id""")
                .bind("e", sri).mapTo(Long.class).one());
        jdbi.useHandle(h -> h.execute("SELECT decide_request(?, 'APPROVED', 'ok', 'tester', 'test')", request));

        OutboxDelivery a = server("a");
        assertThat(a.deliver(10)).isEqualTo(2);
        assertThat(receiver.received()).singleElement().satisfies(r ->
                assertThat(r.message().path("body").asText()).startsWith("Sri, permohonan Anda disetujui (pukul "));
        assertThat(receiver.hooks()).singleElement().satisfies(hook -> {
            assertThat(hook.headers().get("X-Presensi-Signature")).isEqualTo("sha256=" + OutboxDelivery.sign(secret, hook.body()));
            String json = new String(hook.body(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"event\": \"DECISION_APPROVED\"", "\"firstName\": \"Sri\"", "\"id\": \"DECISION|" + request + "\"")
                    .doesNotContain("199002282015121002", "urusan keluarga", "Wahyuni", "Dinas");
        });
    }

    private String nextAttemptIn(long employee) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT round(extract(epoch FROM next_attempt_at - now()))::text FROM reminder_outbox WHERE dedupe_key LIKE :k""")
                .bind("k", "OUT|" + employee + "|%").mapTo(String.class).one());
    }

    /** A 429 or 503 with Retry-After (seconds or an HTTP date) is retried no sooner than asked, and no later than an hour. */
    @Test
    void retry_after_from_the_push_service_is_honoured_in_seconds_or_as_a_date_and_capped() {
        long sri = employee("DINSOS", "199002282015121002", "Sri Wahyuni");
        long budi = employee("DINSOS", "198501012010011001", "Budi Santoso");
        long ani = employee("DINSOS", "199103032019032003", "Ani Lestari");
        receiver.answerRetryAfter(phone(sri).endpoint(), 429, "120");
        receiver.answerRetryAfter(phone(budi).endpoint(), 503,
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(300)));
        receiver.answerRetryAfter(phone(ani).endpoint(), 429, "86400");
        outbox.enqueue(List.of(checkOut(sri), checkOut(budi), checkOut(ani)));

        assertThat(server("a").deliver(10)).isEqualTo(3);

        assertThat(status(sri) + status(budi) + status(ani)).isEqualTo("PENDINGPENDINGPENDING");
        assertThat(Integer.parseInt(nextAttemptIn(sri))).as("120 s, not the first backoff's 5").isBetween(115, 120);
        assertThat(Integer.parseInt(nextAttemptIn(budi))).as("the date: about 300 s").isBetween(290, 300);
        assertThat(Integer.parseInt(nextAttemptIn(ani))).as("a day asked: an hour").isBetween(3590, 3600);
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery("SELECT string_agg(last_status::text, ',' ORDER BY id) FROM reminder_outbox")
                .mapTo(String.class).one())).isEqualTo("429,503,429");
        assertThat(receiver.received()).isEmpty();

        Instant now = Instant.parse("2026-09-14T08:30:00Z");
        assertThat(OutboxDelivery.retryAfter(java.util.Optional.of("Mon, 14 Sep 2026 08:31:00 GMT"), now)).isEqualTo(Duration.ofSeconds(60));
        assertThat(OutboxDelivery.retryAfter(java.util.Optional.of("Mon, 14 Sep 2026 08:00:00 GMT"), now)).as("past").isZero();
        assertThat(OutboxDelivery.retryAfter(java.util.Optional.of("soon"), now)).as("unreadable").isZero();
        assertThat(OutboxDelivery.retryAfter(java.util.Optional.of("-5"), now)).isZero();
        assertThat(OutboxDelivery.retryAfter(java.util.Optional.empty(), now)).isZero();
        assertThat(OutboxDelivery.backoff(1, OutboxDelivery.retryAfter(java.util.Optional.of("2"), now)))
                .as("asked for less than the backoff: the backoff").isEqualTo(Duration.ofSeconds(5));
    }

    private void hook(byte[] secret) {
        jdbi.useHandle(h -> h.execute("SELECT unit_webhook_put(id, 'https://hooks.paserkab.go.id/hook/presensi', ?, 'tester', 'test') "
                + "FROM unit WHERE code = 'DINSOS'", secret));
    }

    private String webhookState() {
        return jdbi.withHandle(h -> h.createQuery("SELECT refusals || ' ' || coalesce(disabled_reason, 'enabled') FROM unit_webhook")
                .mapTo(String.class).one());
    }

    /** V42: a webhook answering 404/410 three times in a row is disabled, with its reason; set again, it is enabled. */
    @Test
    void a_webhook_answering_404_or_410_three_times_in_a_row_is_disabled_until_set_again() {
        long sri = employee("DINSOS-A", "199002282015121002", "Sri Wahyuni");
        byte[] secret = new byte[32];
        hook(secret);
        String endpoint = "https://hooks.paserkab.go.id/hook/presensi";
        OutboxDelivery a = server("a");
        java.util.function.IntConsumer remind = day -> outbox.enqueue(List.of(
                new OutboxStore.Event(sri, "CHECK_OUT", "OUT|" + sri + "|2026-09-" + day, AT, Duration.ofHours(1))));

        receiver.answer(endpoint, 404, 410, 204, 410, 404);
        for (int day = 10; day < 14; day++) { // 404, 410, then a 2xx resets the count, then 410
            remind.accept(day);
            assertThat(a.deliver(10)).isEqualTo(1);
        }
        assertThat(webhookState()).isEqualTo("1 enabled");
        remind.accept(14); // the 404: two in a row
        assertThat(a.deliver(10)).isEqualTo(1);
        assertThat(webhookState()).isEqualTo("2 enabled");

        receiver.answer(endpoint, 410);
        remind.accept(15); // the third in a row
        remind.accept(16); // enqueued before the answer: taken, but the webhook is disabled by then
        assertThat(a.deliver(1)).isEqualTo(1);
        assertThat(webhookState()).isEqualTo("3 answered HTTP 410 3 times in a row");
        assertThat(a.deliver(10)).isEqualTo(1);
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery("SELECT status FROM reminder_outbox WHERE dedupe_key LIKE '%|2026-09-16|%'")
                .mapTo(String.class).one())).as("not sent to the disabled webhook").isEqualTo("GONE");
        int calls = receiver.hooks().size();
        remind.accept(17);
        assertThat(jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM reminder_outbox WHERE dedupe_key LIKE '%|2026-09-17|%'")
                .mapTo(Integer.class).one())).as("no new rows for it").isZero();
        assertThat(a.deliver(10)).isZero();
        assertThat(receiver.hooks()).hasSize(calls);
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery("SELECT operator || ': ' || command FROM audit_log WHERE entity = 'unit_webhook' ORDER BY id DESC LIMIT 1")
                .mapTo(String.class).one())).isEqualTo("presensi-server: webhook disabled");

        hook(secret); // the operator sets it again: enabled, counted from zero
        assertThat(webhookState()).isEqualTo("0 enabled");
        remind.accept(18);
        assertThat(a.deliver(10)).isEqualTo(1);
        assertThat(receiver.hooks()).hasSize(calls + 1);
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery("SELECT status FROM reminder_outbox WHERE dedupe_key LIKE '%|2026-09-18|%'")
                .mapTo(String.class).one())).isEqualTo("SENT");
    }

    /** V39: once the admin's step is decided, the head whose signature is next hears of it, once, by first name and time. */
    @Test
    void the_head_hears_that_an_approval_waits_once_the_step_before_is_decided() {
        long sri = employee("DINSOS-A", "199002282015121002", "Sri Wahyuni");
        long head = employee("DINSOS", "197001012000031001", "Budi Santoso");
        phone(head);
        jdbi.useHandle(h -> {
            h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'DINSOS'", head);
            h.execute("INSERT INTO reminder_policy (unit_id, kind, enabled, minutes) SELECT id, 'APPROVAL_WAITING', true, 0 FROM unit WHERE code = 'DINSOS'");
        });
        jdbi.useTransaction(h -> new id.presensi.store.RequestChainStore(jdbi).set(h, new id.presensi.store.Audit("tester", "test"),
                new id.presensi.request.ApprovalChain("DINSOS", id.presensi.request.RequestKind.I, 1, false,
                        List.of(id.presensi.request.ApprovalStep.parse("ADMIN:2wd"), id.presensi.request.ApprovalStep.parse("HEAD:3wd")))));
        long request = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO request (request_id, employee_id, kind, date_from, date_to, reason)
                VALUES (gen_random_uuid(), :e, 'I', '2026-09-15', '2026-09-15', 'urusan keluarga') RETURNING id""")
                .bind("e", sri).mapTo(Long.class).one());
        String waiting = "SELECT count(*) FROM reminder_outbox WHERE kind = 'APPROVAL_WAITING'";
        assertThat(jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery(waiting).mapTo(Integer.class).one())).as("the admin's step first")
                .isZero();

        jdbi.useHandle(h -> h.execute("SELECT decide_request_step(?, 1, 'APPROVED', NULL, 'tester', 'test')", request));

        assertThat(jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery(waiting).mapTo(Integer.class).one())).isEqualTo(1);
        assertThat(server("a").deliver(10)).isEqualTo(1);
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.message().path("body").asText())
                .startsWith("Budi, ada permohonan menunggu persetujuan Anda (pukul ").doesNotContain("Sri", "urusan"));
    }

    private long fileRequest(long employee, String date) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO request (request_id, employee_id, kind, date_from, date_to, reason)
                VALUES (gen_random_uuid(), :e, 'I', :d::date, :d::date, 'urusan keluarga') RETURNING id""")
                .bind("e", employee).bind("d", date).mapTo(Long.class).one());
    }

    /** V42: however many requests staff file, the head's phone rings once per window; the rest are folded into a count. */
    @Test
    void a_heads_phone_rings_once_per_window_and_the_requests_filed_meanwhile_are_folded_into_one_count() {
        long sri = employee("DINSOS-A", "199002282015121002", "Sri Wahyuni");
        long head = employee("DINSOS", "197001012000031001", "Budi Santoso");
        phone(head);
        jdbi.useHandle(h -> {
            h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'DINSOS'", head);
            h.execute("INSERT INTO reminder_policy (unit_id, kind, enabled, minutes) SELECT id, 'APPROVAL_WAITING', true, 15 FROM unit WHERE code = 'DINSOS'");
        });
        jdbi.useTransaction(h -> new id.presensi.store.RequestChainStore(jdbi).set(h, new id.presensi.store.Audit("tester", "test"),
                new id.presensi.request.ApprovalChain("DINSOS", id.presensi.request.RequestKind.I, 1, false,
                        List.of(id.presensi.request.ApprovalStep.parse("HEAD:3wd")))));
        String rows = "SELECT string_agg(round(extract(epoch FROM next_attempt_at - now()) / 60) || ' min: ' || (payload ->> 'body'), ' / ' ORDER BY id) "
                + "FROM reminder_outbox WHERE kind = 'APPROVAL_WAITING' AND status = 'PENDING'";

        fileRequest(sri, "2026-09-15"); // a quiet window: rings at once
        fileRequest(sri, "2026-09-16"); // within 15 minutes of it: held till the window ends
        fileRequest(sri, "2026-09-17");
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery(rows).mapTo(String.class).one()))
                .startsWith("0 min: Budi, ada permohonan menunggu persetujuan Anda (pukul ")
                .contains(" / 15 min: Budi, 2 permohonan menunggu persetujuan Anda (pukul ");
        OutboxDelivery a = server("a");
        assertThat(a.deliver(10)).isEqualTo(1);
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.message().path("body").asText())
                .startsWith("Budi, ada permohonan").doesNotContain("Sri", "urusan"));

        // the window ends: the folded ring goes, with its count
        jdbi.useHandle(h -> {
            h.execute("UPDATE reminder_outbox SET next_attempt_at = now() WHERE status = 'PENDING'");
            h.execute("UPDATE approval_reminder_gate SET last_ring = now() - interval '1 minute'");
        });
        assertThat(a.deliver(10)).isEqualTo(1);
        assertThat(receiver.received()).hasSize(2).last().satisfies(r -> assertThat(r.message().path("body").asText())
                .startsWith("Budi, 2 permohonan menunggu persetujuan Anda"));
        // a request a minute after that ring waits for the next window's end, not 15 minutes after it was filed
        fileRequest(sri, "2026-09-18");
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery(rows).mapTo(String.class).one()))
                .startsWith("14 min: Budi, 1 permohonan menunggu persetujuan Anda");
        assertThat(a.deliver(10)).isZero();

        // a quiet window again: at once
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM reminder_outbox WHERE status = 'PENDING'");
            h.execute("UPDATE approval_reminder_gate SET last_ring = now() - interval '16 minutes'");
        });
        fileRequest(sri, "2026-09-21");
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery(rows).mapTo(String.class).one())).startsWith("0 min: Budi, ada permohonan");
        assertThat(a.deliver(10)).isEqualTo(1);
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void endpoints_outside_the_push_services_are_refused() throws Exception {
        PushEndpointGuard guard = new PushEndpointGuard(List.of("*.hooks.paserkab.go.id"));
        assertThat(guard.refusal("https://fcm.googleapis.com/fcm/send/abc")).isEmpty();
        assertThat(guard.refusal("https://updates.push.services.mozilla.com/wpush/v2/x")).isEmpty();
        assertThat(guard.refusal("https://web.push.apple.com/QGx")).isEmpty();
        assertThat(guard.refusal("https://db5p.notify.windows.com/w/?token=x")).isEmpty();
        assertThat(guard.refusal("https://a.hooks.paserkab.go.id/x")).isEmpty();
        for (String bad : List.of("http://fcm.googleapis.com/fcm/send/abc", "https://127.0.0.1/x", "https://localhost/x",
                "https://169.254.169.254/latest/meta-data", "https://fcm.googleapis.com:8443/x", "https://user@fcm.googleapis.com/x",
                "https://fcm.googleapis.com.evil.example/x", "https://evilfcm.googleapis.com/x", "https://push.services.mozilla.com.evil/x",
                "https://hooks.paserkab.go.id/x", "file:///etc/passwd", "https://[::1]/x", "",
                "https://fcm.googleapis.com/" + "a".repeat(1100))) {
            assertThat(guard.refusal(bad)).as(bad).isPresent();
        }
        for (String internal : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fd00::1", "fe80::1", "::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "100::1", "::")) {
            assertThat(PushEndpointGuard.internal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        assertThat(PushEndpointGuard.internal(InetAddress.getByName("142.250.4.95"))).isFalse();
        assertThat(PushEndpointGuard.internal(InetAddress.getByName("2a00:1450:4001:80b::200a"))).as("a global IPv6 address").isFalse();
        // a name that is allowed but resolves to the loopback is refused at send time, before any connection
        HttpPushTransport transport = new HttpPushTransport(new PushEndpointGuard(List.of("localhost")));
        assertThatThrownBy(() -> transport.post(URI.create("https://localhost/x"), Map.of(), new byte[0]))
                .isInstanceOf(PushEndpointGuard.RefusedEndpoint.class).hasMessageContaining("internal address");
        // and the database refuses anything but https
        long sri = employee("DINSOS", "199002282015121002", "Sri Wahyuni");
        long device = device(sri);
        assertThatThrownBy(() -> push.subscribe(device, sri, new PushStore.Subscription("http://fcm.googleapis.com/x",
                EcKeys.raw((ECPublicKey) EcKeys.generate().getPublic()), new byte[16])))
                .hasMessageContaining("push_subscription_endpoint_check");
    }

    @Test
    void the_check_in_reminder_comes_within_the_units_minutes_of_the_window_closing_on_working_days_only() {
        db.officeHours("06:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        jdbi.useHandle(h -> h.execute("INSERT INTO reminder_policy (unit_id, kind, enabled, minutes) SELECT id, 'CHECK_IN', true, 15 FROM unit WHERE code = 'DISDIK'"));
        long guru = employee("DISDIK", "198501012010011001", "Budi Santoso");
        phone(guru);
        java.time.ZoneId wita = java.time.ZoneId.of("Asia/Makassar");
        id.presensi.testing.SettableClock clock = new id.presensi.testing.SettableClock(
                java.time.LocalDate.of(2026, 9, 14).atTime(7, 40).atZone(wita).toInstant()); // a Monday
        ReminderScan scan = new ReminderScan(new id.presensi.store.ReminderStore(jdbi), outbox,
                ReminderScan.loaded(new id.presensi.store.RulesLoader(jdbi), java.time.LocalDate.of(2026, 9, 14)), clock);

        assertThat(scan.scan()).as("20 minutes before the close").isZero();
        clock.set(java.time.LocalDate.of(2026, 9, 14).atTime(7, 46).atZone(wita).toInstant());
        assertThat(scan.scan()).isEqualTo(1);
        assertThat(scan.scan()).as("once a day").isZero();
        server("a").deliver(10);
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.message().path("body").asText())
                .isEqualTo("Budi, Anda belum presensi masuk. Jendela masuk ditutup pukul 08.00."));

        ReminderScan saturday = new ReminderScan(new id.presensi.store.ReminderStore(jdbi), outbox,
                ReminderScan.loaded(new id.presensi.store.RulesLoader(jdbi), java.time.LocalDate.of(2026, 9, 19)),
                Clock.fixed(java.time.LocalDate.of(2026, 9, 19).atTime(7, 50).atZone(wita).toInstant(), wita));
        assertThat(saturday.scan()).as("no schedule on Saturday").isZero();
    }

    @Test
    void the_example_of_rfc_8291_appendix_a_decrypts_to_its_plaintext() throws Exception {
        java.util.Base64.Decoder b64 = java.util.Base64.getUrlDecoder();
        byte[] uaPublic = b64.decode("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        java.security.spec.ECParameterSpec p256 = EcKeys.publicKey(uaPublic).getParams();
        java.security.PrivateKey uaPrivate = java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.ECPrivateKeySpec(
                new java.math.BigInteger(1, b64.decode("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94")), p256));
        byte[] body = b64.decode("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8w"
                + "EqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN");
        assertThat(new String(WebPushCrypto.decrypt(body, uaPrivate, uaPublic, b64.decode("BTBZMqHH6r4Tts7J_aSIgg")), StandardCharsets.UTF_8))
                .isEqualTo("When I grow up, I want to be a watermelon");
    }

    @Test
    void payloads_encrypt_and_decrypt_as_rfc_8291_says() {
        PushReceiver.Browser b = receiver.subscribe(FCM);
        byte[] plain = "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = WebPushCrypto.encrypt(plain, b.p256dh(), b.auth());
        assertThat(body.length).isEqualTo(16 + 4 + 1 + 65 + plain.length + 1 + 16);
        assertThat(WebPushCrypto.decrypt(body, b.keys().getPrivate(), b.p256dh(), b.auth())).isEqualTo(plain);
        assertThat(vapid.toString()).contains(vapid.publicKeyBase64());
    }
}
