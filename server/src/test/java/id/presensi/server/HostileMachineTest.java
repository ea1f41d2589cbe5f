package id.presensi.server;

import id.presensi.app.MachineCheckIn;
import id.presensi.store.Audit;
import id.presensi.store.HeldPunchStore;
import id.presensi.store.MachinePinStore;
import id.presensi.store.MachineStore;
import id.presensi.store.UnmatchedPunchStore;
import id.presensi.machine.Cidr;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outsider who knows a machine's serial (it is on the label, and sent in clear) pushes to the real server:
 * from the wrong address, with dates outside the window, for staff who left, under another agency's regency-wide
 * PIN, ahead of an enrolment, in bulk, and as thousands of made-up machines. Addresses are given as the TLS proxy on
 * the server's own machine gives them (X-Forwarded-For from loopback).
 */
class HostileMachineTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String SERIAL = "DNK7244800354";
    static final String OFFICE = "203.0.113.7";
    static final String OUTSIDER = "198.51.100.66";
    static final String NURSE = "198503152010012001";
    static final String RETIRED = "196001012000121001";
    static final String TEACHER = "198807072012012002";

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CheckInServerTest.TestClock clock =
            new CheckInServerTest.TestClock(LocalDateTime.of(2026, 9, 14, 7, 30).atZone(WITA).toInstant());
    private final Audit audit = new Audit("bkpsdm", "machine confirm " + SERIAL);
    private CheckInServer server;

    @BeforeEach
    void a_health_office_machine_with_a_nurse_a_retired_clerk_and_a_teacher_of_another_agency_enrolled() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('DISDIK', 'Dinas Pendidikan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Perawat', id FROM unit WHERE code = 'DINKES'", NURSE);
            h.execute("INSERT INTO employee (type, nip, name, unit_id, ended_from, end_reason) SELECT 'PNS', ?, 'Pak Pensiun', id, '2026-09-01', "
                    + "'PENSIUN' FROM unit WHERE code = 'DINKES'", RETIRED);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Bu Guru', id FROM unit WHERE code = 'DISDIK'", TEACHER);
            h.execute("INSERT INTO machine (serial, unit_id, name) SELECT ?, id, 'Lobi Dinkes' FROM unit WHERE code = 'DINKES'", SERIAL);
            // enrolled in January; the teacher's PIN is valid on every machine of the regency
            for (String[] pin : new String[][] {{NURSE, "7"}, {RETIRED, "8"}, {TEACHER, "55"}}) {
                h.execute("INSERT INTO machine_pin (employee_id, pin, created_at) SELECT id, ?, '2026-01-05 09:00+08' FROM employee WHERE nip = ?",
                        pin[1], pin[0]);
            }
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()));
        eventually(() -> send("GET", "/iclock/getrequest?SN=" + SERIAL, "", OFFICE).statusCode() == 200);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void without_an_allowlist_the_first_address_is_trusted_and_punches_from_another_are_held_until_confirmed() {
        var forged = attlog(OUTSIDER, "7\t2026-09-14 07:01:00\t0\t1\n");
        assertThat(forged.statusCode()).as("answered as the firmware expects, so it does not resend").isEqualTo(200);
        assertThat(forged.body()).isEqualTo("OK");
        assertThat(count("SELECT count(*) FROM checkin")).as("nothing filed from an address the machine is not known from").isZero();
        assertThat(count("SELECT count(*) FROM machine_held_punch WHERE reason = 'ADDRESS' AND host(address) = '" + OUTSIDER + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM machine WHERE host(trusted_address) = '" + OFFICE + "' AND host(last_address) = '" + OUTSIDER + "'"))
                .as("the first address is kept; the last one is shown to the operator").isEqualTo(1);

        assertThat(attlog(OFFICE, "7\t2026-09-14 07:02:00\t0\t1\n").body()).isEqualTo("OK");
        assertThat(count("SELECT count(*) FROM checkin")).as("the office's punch is filed").isEqualTo(1);

        // the office's provider changed its address: the operator confirms the new one, and what was held is filed
        int released = db.database().jdbi().inTransaction(h -> new MachineStore(db.database().jdbi()).confirm(h, audit, SERIAL, OUTSIDER));
        assertThat(released).isEqualTo(1);
        assertThat(new MachinePinStore(db.database().jdbi()).fileEnrolledPunches(audit, false).filed()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM checkin")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM machine_held_punch")).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'machine_address' AND entity_key = '" + SERIAL + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'machine_punch' AND entity_key = '" + SERIAL + "'")).isEqualTo(1);
        machinesReread();
        attlog(OFFICE, "7\t2026-09-14 07:03:00\t0\t1\n");
        attlog(OUTSIDER, "7\t2026-09-14 07:04:00\t0\t1\n");
        assertThat(count("SELECT count(*) FROM checkin")).as("the confirmed address is trusted, the old one no longer").isEqualTo(3);
        assertThat(count("SELECT count(*) FROM machine_held_punch WHERE host(address) = '" + OFFICE + "'")).isEqualTo(1);
    }

    @Test
    void an_allowlisted_machine_files_only_what_comes_from_its_allowlist_ipv4_and_ipv6() {
        db.database().jdbi().useTransaction(h -> new MachineStore(db.database().jdbi()).allow(h, audit, SERIAL,
                List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8:5::/48"))));
        machinesReread();
        attlog("203.0.113.99", "7\t2026-09-14 07:01:00\t0\t1\n");
        attlog(OUTSIDER, "7\t2026-09-14 07:05:00\t0\t1\n");
        attlog("2001:db8:6::1", "7\t2026-09-14 07:06:00\t0\t1\n");
        attlog("2001:db8:5:0:0:0:0:9", "7\t2026-09-14 07:07:00\t0\t1\n");
        assertThat(count("SELECT count(*) FROM checkin")).as("the /24 and the /48 filed, the others not").isEqualTo(2);
        attlog(OFFICE, "7\t2026-09-14 07:08:00\t0\t1\n");
        assertThat(count("SELECT count(*) FROM checkin")).as("its first address is in the /24").isEqualTo(3);
        assertThat(count("SELECT count(*) FROM machine_held_punch WHERE reason = 'ADDRESS'")).isEqualTo(2);
    }

    @Test
    void punches_dated_outside_forty_days_back_to_ten_minutes_ahead_are_dropped() {
        String body = String.join("\n",
                "7\t1990-01-05 07:01:00\t0\t1",
                "7\t0001-01-01 07:01:00\t0\t1",
                "7\t9999-12-31 07:01:00\t0\t1",
                "7\t2026-10-14 07:01:00\t0\t1",   // next month
                "7\t2026-01-05 07:01:00\t0\t1",   // January
                "7\t2026-08-04 07:29:00\t0\t1",   // 41 days ago
                "7\t2026-09-14 07:41:00\t0\t1",   // 11 minutes ahead
                "7\t2026-08-06 07:31:00\t0\t1",   // 39 days ago: a machine's backlog
                "7\t2026-09-14 07:39:00\t0\t1",   // 9 minutes ahead: a clock a little fast
                "99\t1990-01-05 07:01:00\t0\t1") + "\n"; // nor are unknown PINs kept for those dates
        assertThat(attlog(OFFICE, body).body()).isEqualTo("OK");
        assertThat(strings("SELECT to_char(at AT TIME ZONE 'Asia/Makassar', 'YYYY-MM-DD HH24:MI') FROM checkin ORDER BY at")).containsExactly("2026-08-06 07:31", "2026-09-14 07:39");
        assertThat(count("SELECT count(*) FROM machine_unmatched_punch") + count("SELECT count(*) FROM machine_held_punch")).isZero();
        assertThat(metrics()).contains("presensi_machine_records_total{outcome=\"out_of_window\"} 8.0");
    }

    @Test
    void punches_of_staff_whose_employment_ended_are_set_aside() {
        attlog(OFFICE, "8\t2026-09-14 07:01:00\t0\t1\n8\t2026-08-31 07:01:00\t0\t1\n");
        assertThat(strings("SELECT work_date::text FROM checkin"))
                .as("his last day is filed, nothing after it").containsExactly("2026-08-31");
        assertThat(count("SELECT count(*) FROM machine_held_punch WHERE reason = 'ENDED' AND local_time = '2026-09-14 07:01'")).isEqualTo(1);
    }

    @Test
    void another_agencys_regency_wide_pin_is_not_filed_on_this_machine_unless_the_unit_allows_it() {
        attlog(OFFICE, "55\t2026-09-14 07:01:00\t0\t1\n");
        assertThat(count("SELECT count(*) FROM checkin")).isZero();
        assertThat(count("SELECT count(*) FROM machine_held_punch WHERE reason = 'OTHER_UNIT' AND pin = '55'")).isEqualTo(1);

        // DISDIK's staff may work at DINKES' locations (location allow DISDIK --also DINKES): then her punches count there
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO location_access SELECT d.id, k.id FROM unit d, unit k WHERE d.code = 'DISDIK' AND k.code = 'DINKES'"""));
        attlog(OFFICE, "55\t2026-09-14 07:02:00\t0\t1\n");
        assertThat(count("SELECT count(*) FROM checkin c JOIN employee e ON e.id = c.employee_id WHERE e.nip = '" + TEACHER + "'")).isEqualTo(1);
    }

    @Test
    void punches_pushed_under_a_pin_before_it_was_enrolled_are_filed_only_from_the_enrolment_day_unless_the_backlog_is_asked_for() {
        StringBuilder november = new StringBuilder();
        for (LocalDate day = LocalDate.of(2026, 8, 20); day.isBefore(LocalDate.of(2026, 9, 14)); day = day.plusDays(1)) {
            november.append("77\t").append(day).append(" 07:0").append(day.getDayOfMonth() % 10).append(":00\t0\t1\n");
            november.append("77\t").append(day).append(" 16:0").append(day.getDayOfMonth() % 10).append(":00\t0\t1\n");
        }
        assertThat(attlog(OFFICE, november.toString()).body()).isEqualTo("OK");
        long seeded = count("SELECT count(*) FROM machine_unmatched_punch WHERE pin = '77'");
        assertThat(seeded).isEqualTo(50);

        // PIN 77 is enrolled for the nurse's colleague on the 10th
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199101012019032001', 'Ani Bidan', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO machine_pin (employee_id, pin, created_at) SELECT id, '77', '2026-09-10 09:00+08' FROM employee "
                    + "WHERE nip = '199101012019032001'");
        });
        MachinePinStore pins = new MachinePinStore(db.database().jdbi());
        MachinePinStore.Filed filed = pins.fileEnrolledPunches(audit, false);
        assertThat(filed.filed()).as("the 10th to the 13th, mornings and afternoons").isEqualTo(8);
        assertThat(filed.beforeEnrolment()).isEqualTo(42);
        assertThat(count("SELECT min(work_date) - date '2026-09-10' FROM checkin")).isZero();

        MachinePinStore.Filed backlog = pins.fileEnrolledPunches(audit, true);
        assertThat(backlog.filed()).isEqualTo(42);
        assertThat(count("SELECT count(*) FROM audit_log WHERE entity = 'machine_punch' AND after ->> 'backlog' = 'true' "
                + "AND (after ->> 'filed')::int = 42")).isEqualTo(1);
        assertThat(attlog(OFFICE, november.toString()).body()).as("the machine resends its log").isEqualTo("OK");
        assertThat(count("SELECT count(*) FROM checkin")).as("the same punches are one check-in each, however they came").isEqualTo(50);
    }

    @Test
    void a_two_megabyte_push_of_unknown_pins_keeps_at_most_a_few_hundred_and_a_machine_at_most_five_thousand() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < MachinePush.MAX_BODY - 100; i++) {
            body.append(100_000 + i).append("\t2026-09-1").append(i % 4).append(' ').append(String.format("%02d:%02d:%02d", 6 + i % 10,
                    i / 60 % 60, i % 60)).append("\t0\t1\n");
        }
        long started = System.nanoTime();
        assertThat(attlog(OFFICE, body.toString()).body()).isEqualTo("OK");
        assertThat(count("SELECT count(*) FROM machine_unmatched_punch")).isEqualTo(MachineCheckIn.KEPT_PER_PUSH);
        assertThat(metrics()).contains("presensi_machine_records_total{outcome=\"dropped\"}");
        for (int push = 0; push < 12; push++) {
            StringBuilder more = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                more.append(200_000 + push * 1_000 + i).append("\t2026-09-14 07:00:00\t0\t1\n");
            }
            attlog(OFFICE, more.toString());
        }
        assertThat(count("SELECT count(*) FROM machine_unmatched_punch")).isEqualTo(UnmatchedPunchStore.KEPT_PER_MACHINE);
        // the same from an address the machine is not known from: held, under the same caps
        for (int push = 0; push < 12; push++) {
            StringBuilder more = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                more.append(300_000 + push * 1_000 + i).append("\t2026-09-14 07:00:00\t0\t1\n");
            }
            assertThat(attlog(OUTSIDER, more.toString()).statusCode()).as("not OK: a real machine would keep these and send them again")
                    .isEqualTo(503);
        }
        assertThat(count("SELECT count(*) FROM machine_held_punch")).isEqualTo(HeldPunchStore.KEPT_PER_MACHINE);
        assertThat(attlog(OUTSIDER, "7\t2026-09-14 07:01:00\t0\t1\n").statusCode()).as("the machine's cap reached").isEqualTo(503);
        assertThat(System.nanoTime() - started).as("sanity only, not a speed figure").isPositive();
    }

    @Test
    void twenty_thousand_made_up_serials_leave_the_sightings_bounded_and_a_real_new_machine_is_still_seen() throws Exception {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // half from one address, half from ever-new ones (a botnet, or IPv6)
            String from = i % 2 == 0 ? OUTSIDER : "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            inFlight.acquire();
            sent.add(http.sendAsync(request("GET", "/iclock/cdata?SN=FAKE" + i + "X&options=all", "", from), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release()));
        }
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            assertThat(f.get().statusCode()).isEqualTo(403);
        }
        assertThat(send("GET", "/iclock/cdata?SN=" + "A".repeat(33) + "&options=all", "", OUTSIDER).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/iclock/cdata?SN=ESC%1B%5B2J&options=all", "", OUTSIDER).statusCode()).isEqualTo(400);
        assertThat(count("SELECT count(*) FROM machine_sighting")).isBetween(900L, 1_000L);
        assertThat(count("SELECT count(*) FROM machine_sighting WHERE client = '" + OUTSIDER + "'"))
                .as("one address holds a few places only").isLessThanOrEqualTo(MachinePush.SIGHTINGS_PER_ADDRESS);
        assertThat(count("SELECT count(*) FROM machine_sighting WHERE serial !~ '^[A-Za-z0-9_-]{1,32}$'")).isZero();

        assertThat(send("GET", "/iclock/cdata?SN=CKJN203960123&options=all", "", "203.0.113.50").statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM machine_sighting WHERE serial = 'CKJN203960123' AND client = '203.0.113.50'")).isEqualTo(1);
        var registered = db.database().jdbi().inTransaction(h -> new MachineStore(db.database().jdbi()).add(h, audit, "CKJN203960123", "DINKES",
                "Puskesmas", List.of()));
        assertThat(registered.sighting()).as("registering it says when and from where it called")
                .hasValueSatisfying(s -> assertThat(s.client()).isEqualTo("203.0.113.50"));
    }

    @Test
    void whatever_goes_wrong_on_iclock_a_machine_is_answered_in_plain_text() {
        for (HttpResponse<String> answer : List.of(send("POST", "/iclock/registry?SN=" + SERIAL, "DeviceType=att", OUTSIDER),
                send("GET", "/iclock/cdata", "", OUTSIDER), send("GET", "/iclock/cdata?SN=" + "9".repeat(40), "", OUTSIDER),
                send("PUT", "/iclock/cdata?SN=" + SERIAL, "x", OUTSIDER))) {
            assertThat(answer.statusCode()).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(answer.body()).doesNotContain("{", "Exception");
        }
    }

    private HttpResponse<String> attlog(String from, String body) {
        return send("POST", "/iclock/cdata?SN=" + SERIAL + "&table=ATTLOG&Stamp=9999", body, from);
    }

    private String metrics() {
        return send("GET", "/metrics", "", "127.0.0.1").body();
    }

    private HttpRequest request(String method, String path, String body, String from) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "text/plain").header("X-Forwarded-For", from)
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> send(String method, String path, String body, String from) {
        try {
            return http.send(request(method, path, body, from), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server re-reads the machines every second: a change of trust is served within one. */
    private static void machinesReread() {
        try {
            Thread.sleep(2_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until the server has read the machines at start. */
    private static void eventually(Supplier<Boolean> condition) {
        for (int i = 0; i < 50; i++) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(condition.get()).as("within 5 seconds").isTrue();
    }

    private List<String> strings(String sql) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private long count(String sql) {
        return Optional.ofNullable(db.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one())).orElse(0L);
    }
}
