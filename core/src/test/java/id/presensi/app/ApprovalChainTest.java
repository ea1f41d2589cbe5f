package id.presensi.app;

import id.presensi.device.Secrets;
import id.presensi.request.ApprovalChain;
import id.presensi.request.ApprovalStep;
import id.presensi.request.RequestKind;
import id.presensi.store.Audit;
import id.presensi.store.RequestChainStore;
import id.presensi.store.RequestChainStore.StepStatus;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Approval chains on the real database: the steps a request takes from its unit's (or an ancestor's) rule, each
 * decided only in turn, by its actor, never by the requester, nothing after the head's signature, and overdue steps
 * escalated or lapsed; every attempt to skip a step through psql, as each role, refused.
 */
class ApprovalChainTest {
    private static final AtomicInteger SUFFIX = new AtomicInteger();
    private static final String PASSWORD = "rahasia-uji-rantai-1";
    private static final String HEAD_TOKEN = "token-of-the-heads-phone-0123456789";
    private static final String PLT_TOKEN = "token-of-the-plts-phone-01234567890";
    private static final String CLERK_TOKEN = "token-of-the-clerks-phone-012345678";

    private final TestDatabase db = TestDatabase.get();
    private final Jdbi owner = db.database().jdbi();
    private final Audit audit = new Audit("rina.bkpsdm", "presensi request approve");
    private final RequestDecisions decisions = new RequestDecisions(owner);
    private final RequestChainStore chains = new RequestChainStore(owner);
    private long clerk;
    private long head;
    private long plt;
    private String dinkesAdmin;
    private String bappedaAdmin;
    private String bkpsdm;
    private String service;

    @BeforeEach
    void a_puskesmas_under_dinkes_with_a_head_a_plt_and_operators() {
        db.reset();
        int n = SUFFIX.incrementAndGet() + (int) (System.nanoTime() % 100000);
        dinkesAdmin = "dinkes.admin" + n;
        bappedaAdmin = "bappeda.admin" + n;
        bkpsdm = "rina.bkpsdm" + n;
        service = "layanan" + n;
        owner.useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('PEMKAB', 'Pemkab Paser'), ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'DINKES', 'Dinas Kesehatan', id FROM unit WHERE code = 'PEMKAB'");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-TG', 'Puskesmas Tanah Grogot', id FROM unit WHERE code = 'DINKES'");
            clerk = employee(h, "199002282015121002", "Andi Staf", "PKM-TG");
            head = employee(h, "197001012000031001", "Budi Kepala", "DINKES");
            plt = employee(h, "198001012005012002", "Sari Plt", "DINKES");
            long admin = employee(h, "198503152010012001", "Dewi Admin", "DINKES");
            h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'DINKES'", head); // the puskesmas has none: its staff go to the kepala dinas
            h.execute("INSERT INTO device (employee_id, name, token_hash) VALUES (?, 'HP', ?), (?, 'HP', ?), (?, 'HP', ?)",
                    head, Secrets.sha256(HEAD_TOKEN), plt, Secrets.sha256(PLT_TOKEN), clerk, Secrets.sha256(CLERK_TOKEN));
            h.execute("CREATE ROLE \"" + dinkesAdmin + "\" LOGIN PASSWORD '" + PASSWORD + "' IN ROLE presensi_opd_admin");
            h.execute("CREATE ROLE \"" + bappedaAdmin + "\" LOGIN PASSWORD '" + PASSWORD + "' IN ROLE presensi_opd_admin");
            h.execute("CREATE ROLE \"" + bkpsdm + "\" LOGIN PASSWORD '" + PASSWORD + "' IN ROLE presensi_bkpsdm");
            h.execute("CREATE ROLE \"" + service + "\" LOGIN PASSWORD '" + PASSWORD + "' IN ROLE presensi_checkin");
            h.execute("INSERT INTO operator (name, role, unit_id, employee_id) SELECT ?, 'OPD_ADMIN', id, ? FROM unit WHERE code = 'DINKES'", dinkesAdmin, admin);
            h.execute("INSERT INTO operator (name, role, unit_id) SELECT ?, 'OPD_ADMIN', id FROM unit WHERE code = 'BAPPEDA'", bappedaAdmin);
            h.execute("INSERT INTO operator (name, role) VALUES (?, 'BKPSDM')", bkpsdm);
        });
    }

    private static long employee(org.jdbi.v3.core.Handle h, String nip, String name, String unit) {
        return h.createQuery("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', :nip, :name, id FROM unit WHERE code = :unit RETURNING id")
                .bind("nip", nip).bind("name", name).bind("unit", unit).mapTo(Long.class).one();
    }

    private void chain(String unit, RequestKind kind, int minDays, boolean closing, String... steps) {
        owner.useTransaction(h -> chains.set(h, audit, new ApprovalChain(unit, kind, minDays, closing, List.of(steps).stream().map(ApprovalStep::parse).toList())));
    }

    private long request(long employee, RequestKind kind, LocalDate from, LocalDate to) {
        return owner.withHandle(h -> h.createQuery("""
                        INSERT INTO request (request_id, employee_id, kind, date_from, date_to, at, punch_type, reason)
                        VALUES (gen_random_uuid(), :employee, :kind, :from, :to, :at, :punch, 'urusan keluarga') RETURNING id""")
                .bind("employee", employee).bind("kind", kind.name()).bind("from", from).bind("to", to)
                .bind("at", kind == RequestKind.LUPA_PULANG ? from.atTime(16, 30).atOffset(java.time.ZoneOffset.ofHours(8)) : null)
                .bind("punch", kind == RequestKind.LUPA_PULANG ? "OUT" : null).mapTo(Long.class).one());
    }

    private <T> T one(Class<T> type, String sql, Object... args) {
        return owner.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(type).one();
        });
    }

    private List<RequestChainStore.Step> steps(long id) {
        return chains.steps(List.of(id)).getOrDefault(id, List.of());
    }

    private int escalate() {
        return owner.inTransaction(h -> decisions.escalate(h, new Audit("cron", "presensi request escalate")));
    }

    private String status(long id) {
        return owner.withHandle(h -> h.createQuery("SELECT status FROM request WHERE id = :id").bind("id", id).mapTo(String.class).one());
    }

    private Connection as(String role) throws SQLException {
        return DriverManager.getConnection(db.settings().url(), role, PASSWORD);
    }

    private static void refused(Connection c, String sql, String because) {
        assertThatThrownBy(() -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }).as(sql).hasMessageContaining(because);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static final LocalDate MONDAY = nextMonday();

    private static LocalDate nextMonday() {
        LocalDate d = LocalDate.now(java.time.ZoneId.of("Asia/Makassar")).plusDays(7);
        while (d.getDayOfWeek() != java.time.DayOfWeek.MONDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    @Test
    void admin_then_head_inherited_by_the_puskesmas_and_no_step_is_skipped_by_any_role_then_the_signature_locks() throws SQLException {
        chain("DINKES", RequestKind.I, 1, false, "ADMIN:2wd", "HEAD:3wd:lapse");
        long id = request(clerk, RequestKind.I, MONDAY, MONDAY);
        assertThat(steps(id)).extracting(RequestChainStore.Step::actor).containsExactly(ApprovalStep.Actor.ADMIN, ApprovalStep.Actor.HEAD);
        assertThat(steps(id)).extracting(RequestChainStore.Step::status).containsExactly(StepStatus.CURRENT, StepStatus.WAITING);
        assertThat(steps(id).get(1).signer()).contains("Budi Kepala");

        try (Connection unitAdmin = as(dinkesAdmin); Connection otherAdmin = as(bappedaAdmin); Connection bk = as(bkpsdm); Connection svc = as(service)) {
            refused(unitAdmin, "SELECT decide_request_step(" + id + ", 2, 'APPROVED', NULL, 'x', 'x')", "is at step 1 (ADMIN)");
            refused(unitAdmin, "SELECT decide_request(" + id + ", 'APPROVED', NULL, 'x', 'x')", "goes through an approval chain");
            refused(otherAdmin, "SELECT decide_request_step(" + id + ", 1, 'APPROVED', NULL, 'x', 'x')", "no request #" + id);
            refused(bk, "SELECT decide_request_step(" + id + ", 1, 'APPROVED', NULL, 'x', 'x')", "is the OPD admin's to decide");
            refused(bk, "SELECT decide_request_step(" + id + ", 2, 'APPROVED', NULL, 'x', 'x')", "is at step 1 (ADMIN)");
            refused(bk, "UPDATE request SET status = 'APPROVED', note = 'langsung' WHERE id = " + id, "goes through an approval chain");
            refused(bk, "UPDATE request_step SET status = 'APPROVED' WHERE request_id = " + id, "permission denied");
            refused(svc, "SELECT decide_request_step(" + id + ", 1, 'APPROVED', NULL, 'x', 'x')", "permission denied");
            refused(svc, "SELECT phone_decide_request('" + HEAD_TOKEN + "', " + id + ", 'APPROVED', NULL)", "is at step 1 (ADMIN)");
            refused(svc, "SELECT phone_decide_request('" + Secrets.sha256(HEAD_TOKEN).length + "', " + id + ", 'APPROVED', NULL)", "no such phone");
            refused(svc, "INSERT INTO request_step (request_id, position, actor, deadline, deadline_unit, overdue) VALUES (" + id + ", 9, 'ADMIN', 1, 'HOURS', 'LAPSE')",
                    "permission denied");
            assertThat(status(id)).isEqualTo("PENDING");

            exec(unitAdmin, "SELECT decide_request_step(" + id + ", 1, 'APPROVED', 'surat lengkap', 'x', 'presensi request approve')");
            assertThat(steps(id)).extracting(RequestChainStore.Step::status).containsExactly(StepStatus.APPROVED, StepStatus.CURRENT);
            assertThat(steps(id).get(0).decidedBy()).contains(dinkesAdmin);
            refused(unitAdmin, "SELECT decide_request_step(" + id + ", 2, 'APPROVED', NULL, 'x', 'x')", "is the head's (or the plt's) to sign");
            // a colleague's phone (no plt today) is a stranger to the request: answered as for a missing id (V49)
            refused(svc, "SELECT phone_decide_request('" + PLT_TOKEN + "', " + id + ", 'APPROVED', NULL)", "no request #" + id + " in your units");
            refused(svc, "SELECT phone_decide_request('" + CLERK_TOKEN + "', " + id + ", 'APPROVED', NULL)", "nobody decides their own request");
            assertThatThrownBy(() -> decisions.decideFromPhone(PLT_TOKEN, id, true, Optional.empty())).as("the refusal, as the server logs it")
                    .hasMessageContaining("no request #").hasMessageNotContaining(PLT_TOKEN);

            assertThat(decisions.toSign(HEAD_TOKEN)).extracting(s -> s.request().id()).containsExactly(id);
            decisions.decideFromPhone(HEAD_TOKEN, id, true, Optional.of("setuju"));
            assertThat(status(id)).isEqualTo("APPROVED");
            assertThat(steps(id).get(1).decidedBy()).contains("197001012000031001 (Budi Kepala)");
            assertThat(one(String.class, "SELECT type || ' ' || reference FROM leave WHERE employee_id = ?", clerk)).isEqualTo("I permohonan #" + id);

            refused(unitAdmin, "SELECT decide_request_step(" + id + ", 1, 'REJECTED', 'batal', 'x', 'x')", "is locked: the head signed it");
            refused(svc, "SELECT phone_decide_request('" + HEAD_TOKEN + "', " + id + ", 'REJECTED', NULL)", "is locked: the head signed it");
            refused(bk, "UPDATE request SET status = 'REJECTED', decided_at = now() WHERE id = " + id, "was already approved");
        }
        assertThat(one(Integer.class, "SELECT count(*)::int FROM audit_log WHERE entity = 'request_step' AND entity_key LIKE ?", id + "/%")).as("each step audited").isEqualTo(2);
    }

    @Test
    void head_alone_a_plt_during_the_heads_leave_and_a_head_who_asks_goes_to_the_plt_or_the_level_above() throws SQLException {
        chain("DINKES", RequestKind.S, 1, false, "HEAD:1wd");
        long sick = request(clerk, RequestKind.S, MONDAY, MONDAY);
        decisions.decideFromPhone(HEAD_TOKEN, sick, true, Optional.empty());
        assertThat(status(sick)).as("head alone").isEqualTo("APPROVED");

        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Makassar"));
        owner.useTransaction(h -> chains.setDeputy(h, audit, "DINKES", "198001012005012002", today.minusDays(1), today.plusDays(10)));
        long during = request(clerk, RequestKind.S, MONDAY.plusDays(1), MONDAY.plusDays(1));
        assertThat(steps(during).get(0).signer()).contains("Sari Plt");
        assertThatThrownBy(() -> decisions.decideFromPhone(HEAD_TOKEN, during, true, Optional.empty()))
                .as("the head on leave is no signer of it today: as for a missing id").hasMessageContaining("no request #" + during + " in your units");
        assertThat(decisions.toSign(HEAD_TOKEN)).isEmpty();
        decisions.decideFromPhone(PLT_TOKEN, during, true, Optional.empty());
        assertThat(status(during)).as("the plt signs during the head's leave").isEqualTo("APPROVED");

        long headsOwn = request(head, RequestKind.S, MONDAY.plusDays(2), MONDAY.plusDays(2));
        assertThatThrownBy(() -> decisions.decideFromPhone(HEAD_TOKEN, headsOwn, true, Optional.empty()))
                .hasMessageContaining("nobody decides their own request");
        decisions.decideFromPhone(PLT_TOKEN, headsOwn, false, Optional.of("tidak ada surat dokter"));
        assertThat(status(headsOwn)).isEqualTo("REJECTED");

        owner.useTransaction(h -> chains.clearDeputy(h, audit, "DINKES", today));
        owner.useHandle(h -> h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'PEMKAB'", plt)); // Sekda, one level up
        long again = request(head, RequestKind.S, MONDAY.plusDays(3), MONDAY.plusDays(3));
        assertThat(steps(again).get(0).signer()).as("no plt: the head of the unit above").contains("Sari Plt");

        long admins = request(one(Long.class, "SELECT employee_id FROM operator WHERE name = ?", dinkesAdmin), RequestKind.I, MONDAY, MONDAY);
        chain("PEMKAB", RequestKind.I, 1, false, "ADMIN:8h");
        long adminsChained = request(one(Long.class, "SELECT employee_id FROM operator WHERE name = ?", dinkesAdmin), RequestKind.I, MONDAY.plusDays(1), MONDAY.plusDays(1));
        assertThat(steps(admins)).as("made before the rule: no chain").isEmpty();
        try (Connection self = as(dinkesAdmin)) {
            refused(self, "SELECT decide_request_step(" + adminsChained + ", 1, 'APPROVED', NULL, 'x', 'x')", "nobody decides their own request");
        }
    }

    @Test
    void an_overdue_step_escalates_then_lapses_audited_and_a_second_run_does_nothing() throws SQLException {
        chain("DINKES", RequestKind.DL, 1, false, "ADMIN:4h:escalate", "HEAD:1wd:lapse");
        long id = request(clerk, RequestKind.DL, MONDAY, MONDAY);
        owner.useHandle(h -> h.execute("UPDATE request_step SET due_at = now() - interval '1 minute' WHERE request_id = ? AND position = 1", id));
        assertThat(escalate()).isEqualTo(1);
        assertThat(steps(id)).extracting(RequestChainStore.Step::status).containsExactly(StepStatus.ESCALATED, StepStatus.CURRENT);
        assertThat(steps(id).get(1).dueAt()).isPresent();
        assertThat(escalate()).as("idempotent").isZero();
        try (Connection unitAdmin = as(dinkesAdmin); Connection otherAdmin = as(bappedaAdmin)) {
            refused(unitAdmin, "SELECT decide_request_step(" + id + ", 1, 'APPROVED', NULL, 'x', 'x')", "is at step 2 (HEAD)");
            refused(unitAdmin, "SELECT request_escalate('x', 'x')", "permission denied");
            refused(otherAdmin, "SELECT request_escalate('x', 'x')", "permission denied");
        }
        owner.useHandle(h -> h.execute("UPDATE request_step SET due_at = now() - interval '1 minute' WHERE request_id = ? AND position = 2", id));
        try (Connection bk = as(bkpsdm)) {
            exec(bk, "SELECT request_escalate('x', 'presensi request escalate')");
        }
        assertThat(status(id)).isEqualTo("REJECTED");
        assertThat(steps(id)).extracting(RequestChainStore.Step::status).containsExactly(StepStatus.ESCALATED, StepStatus.LAPSED);
        assertThat(decisions.standing(id).request().note()).get().asString().startsWith("Kedaluwarsa: langkah 2");
        assertThat(one(String.class, "SELECT string_agg(after->>'status', ',' ORDER BY id) FROM audit_log WHERE entity = 'request_step'")).isEqualTo("ESCALATED,LAPSED");
        assertThat(escalate()).isZero();
    }

    @Test
    void a_longer_leave_or_a_correction_in_a_month_about_to_close_takes_the_more_specific_rule_and_no_rule_keeps_the_single_decision() {
        chain("DINKES", RequestKind.I, 1, false, "ADMIN");
        chain("DINKES", RequestKind.I, 3, false, "ADMIN", "HEAD");
        chain("PEMKAB", RequestKind.LUPA_PULANG, 1, true, "ADMIN", "BKPSDM:48h:lapse");
        assertThat(steps(request(clerk, RequestKind.I, MONDAY, MONDAY))).hasSize(1);
        assertThat(steps(request(clerk, RequestKind.I, MONDAY.plusDays(1), MONDAY.plusDays(3)))).hasSize(2);
        LocalDate lastMonth = LocalDate.now(java.time.ZoneId.of("Asia/Makassar")).withDayOfMonth(1).minusDays(3);
        long late = request(clerk, RequestKind.LUPA_PULANG, lastMonth, lastMonth);
        assertThat(steps(late)).extracting(RequestChainStore.Step::actor).containsExactly(ApprovalStep.Actor.ADMIN, ApprovalStep.Actor.BKPSDM);
        owner.useTransaction(h -> decisions.decide(h, audit, late, true, Optional.of("cek")));
        owner.useTransaction(h -> decisions.decide(h, audit, late, true, Optional.of("BKPSDM setuju")));
        assertThat(status(late)).isEqualTo("APPROVED");
        long plain = request(clerk, RequestKind.S, MONDAY, MONDAY);
        assertThat(steps(plain)).isEmpty();
        owner.useTransaction(h -> decisions.decide(h, audit, plain, true, Optional.empty()));
        assertThat(status(plain)).isEqualTo("APPROVED");
        assertThat(one(java.time.OffsetDateTime.class,
                "SELECT request_step_due(TIMESTAMPTZ '2026-12-04 10:00+08', 1, 'WORKDAYS', 'Asia/Makassar')").toInstant()).as("Friday + 1 working day: the end of Monday")
                .isEqualTo(java.time.Instant.parse("2026-12-07T16:00:00Z"));
    }

    @Test
    void cuti_tahunan_is_checked_again_at_the_final_approval_per_year() {
        chain("DINKES", RequestKind.CT, 1, false, "ADMIN");
        int year = MONDAY.getYear();
        owner.useHandle(h -> h.execute("INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) VALUES (?, ?, 2, 'uji')", clerk, year));
        long first = request(clerk, RequestKind.CT, MONDAY, MONDAY.plusDays(1));
        long second = request(clerk, RequestKind.CT, MONDAY.plusDays(2), MONDAY.plusDays(3));
        owner.useTransaction(h -> decisions.decide(h, audit, first, true, Optional.empty()));
        assertThatThrownBy(() -> owner.useTransaction(h -> decisions.decide(h, audit, second, true, Optional.empty())))
                .hasMessageContaining("asks 2 working day(s) of cuti tahunan in " + year).hasMessageContaining("only 0 remain");
        assertThat(status(second)).isEqualTo("PENDING");
    }

    @Test
    void a_cuti_tahunan_past_the_balance_is_refused_through_psql_as_the_opd_admin_and_as_bkpsdm_and_one_within_it_passes() throws SQLException {
        LocalDate feb = LocalDate.of(MONDAY.getYear() + 1, 2, 1);
        while (feb.getDayOfWeek() != java.time.DayOfWeek.MONDAY) {
            feb = feb.plusDays(1);
        }
        LocalDate monday = feb;
        owner.useHandle(h -> h.execute("INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) VALUES (?, ?, 3, 'uji')", clerk, monday.getYear()));
        long single = request(clerk, RequestKind.CT, monday, monday.plusDays(3));
        chain("DINKES", RequestKind.CT, 1, false, "ADMIN", "BKPSDM");
        long chained = request(clerk, RequestKind.CT, monday.plusDays(7), monday.plusDays(10));
        long within = request(clerk, RequestKind.CT, monday.plusDays(14), monday.plusDays(16));
        long oneMore = request(clerk, RequestKind.CT, monday.plusDays(21), monday.plusDays(21));
        String past = "of cuti tahunan in " + monday.getYear() + " but only ";
        try (Connection unitAdmin = as(dinkesAdmin); Connection bk = as(bkpsdm)) {
            refused(unitAdmin, "SELECT decide_request(" + single + ", 'APPROVED', NULL, 'x', 'x')", "asks 4 working day(s) " + past + "3 remain");
            exec(unitAdmin, "SELECT decide_request_step(" + chained + ", 1, 'APPROVED', NULL, 'x', 'x')");
            refused(bk, "SELECT decide_request_step(" + chained + ", 2, 'APPROVED', NULL, 'x', 'x')", "asks 4 working day(s) " + past + "3 remain");
            assertThat(List.of(status(single), status(chained))).containsOnly("PENDING");
            assertThat(one(Integer.class, "SELECT count(*)::int FROM leave WHERE employee_id = ?", clerk)).isZero();

            exec(unitAdmin, "SELECT decide_request_step(" + within + ", 1, 'APPROVED', NULL, 'x', 'x')");
            exec(bk, "SELECT decide_request_step(" + within + ", 2, 'APPROVED', NULL, 'x', 'x')");
            assertThat(status(within)).as("three days of three").isEqualTo("APPROVED");
            assertThat(one(Integer.class, "SELECT leave_balance_remaining(?, ?)", clerk, monday.getYear())).isZero();

            exec(unitAdmin, "SELECT decide_request_step(" + oneMore + ", 1, 'APPROVED', NULL, 'x', 'x')");
            refused(bk, "SELECT decide_request_step(" + oneMore + ", 2, 'APPROVED', NULL, 'x', 'x')", "asks 1 working day(s) " + past + "0 remain");
            refused(unitAdmin, "SELECT leave_balance_remaining(" + clerk + ", 2030)", "permission denied");
            exec(bk, "SELECT decide_request_step(" + oneMore + ", 2, 'REJECTED', 'saldo habis', 'x', 'x')");
        }
        assertThat(status(oneMore)).as("a refusal past the balance is still a rejection away").isEqualTo("REJECTED");
    }

    @Test
    void a_cuti_tahunan_over_the_new_year_counts_its_december_days_against_what_january_carries_over() throws SQLException {
        // 2049 opens with 12 days, 2 taken in mid-December. Taking no more, 2050 would have 12 + 6 carried = 18; taking
        // Dec 20-31 (10 working days) leaves nothing to carry, so 2050 has 12. A request of those 10 days and 14 in
        // January (3-20) asks 14 of 12, though each year's part alone fits what that year had before it.
        owner.useHandle(h -> {
            h.execute("INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) VALUES (?, 2049, 12, 'uji')", clerk);
            h.execute("INSERT INTO leave (employee_id, date_from, date_to, type, reference) VALUES (?, '2049-12-13', '2049-12-14', 'CT', 'uji')", clerk);
        });
        long overTheNewYear = request(clerk, RequestKind.CT, LocalDate.of(2049, 12, 20), LocalDate.of(2050, 1, 20));
        try (Connection unitAdmin = as(dinkesAdmin)) {
            refused(unitAdmin, "SELECT decide_request(" + overTheNewYear + ", 'APPROVED', NULL, 'x', 'x')",
                    "asks 14 working day(s) of cuti tahunan in 2050 but only 12 remain");
        }
        assertThat(status(overTheNewYear)).isEqualTo("PENDING");
        assertThat(one(Integer.class, "SELECT count(*)::int FROM leave WHERE employee_id = ?", clerk)).as("nothing half-written").isEqualTo(1);
        long within = request(clerk, RequestKind.CT, LocalDate.of(2049, 12, 20), LocalDate.of(2050, 1, 14));
        owner.useTransaction(h -> decisions.decide(h, audit, within, true, Optional.empty()));
        assertThat(List.of(one(Integer.class, "SELECT leave_balance_remaining(?, 2049)", clerk),
                one(Integer.class, "SELECT leave_balance_remaining(?, 2050)", clerk))).as("10 of 12 in 2050").containsExactly(0, 2);
    }

    @Test
    void a_december_cuti_tahunan_approved_after_january_was_taken_is_refused_when_january_no_longer_has_the_days() throws SQLException {
        // 2049 opens with 12 days; January 2050's 18 (12 + 6 carried) are taken. Ten more days in December would carry
        // 2 instead of 6, leaving 2050 at -4.
        owner.useHandle(h -> {
            h.execute("INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) VALUES (?, 2049, 12, 'uji')", clerk);
            h.execute("INSERT INTO leave (employee_id, date_from, date_to, type, reference) VALUES (?, '2050-01-03', '2050-01-26', 'CT', 'uji')", clerk);
        });
        long december = request(clerk, RequestKind.CT, LocalDate.of(2049, 12, 6), LocalDate.of(2049, 12, 17));
        try (Connection unitAdmin = as(dinkesAdmin)) {
            refused(unitAdmin, "SELECT decide_request(" + december + ", 'APPROVED', NULL, 'x', 'x')",
                    "request #" + december + " leaves 4 day(s) of cuti tahunan in 2050 below zero by what it no longer carries over into that year");
        }
        assertThat(status(december)).isEqualTo("PENDING");
        long shorter = request(clerk, RequestKind.CT, LocalDate.of(2049, 12, 6), LocalDate.of(2049, 12, 7));
        owner.useTransaction(h -> decisions.decide(h, audit, shorter, true, Optional.empty()));
        assertThat(one(Integer.class, "SELECT leave_balance_remaining(?, 2050)", clerk)).as("10 left in 2049 still carry 6").isZero();
    }

    @Test
    void a_longer_leave_goes_on_to_the_kepala_opd_whom_no_role_skips_and_whose_plt_signs_then_it_locks() throws SQLException {
        String kapusToken = "token-of-the-puskesmas-heads-phone-1";
        owner.useHandle(h -> {
            long kapus = employee(h, "197505052000031003", "Rudi Kapus", "PKM-TG");
            h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'PKM-TG'", kapus);
            h.execute("INSERT INTO device (employee_id, name, token_hash) VALUES (?, 'HP', ?)", kapus, Secrets.sha256(kapusToken));
        });
        chain("DINKES", RequestKind.I, 1, false, "ADMIN", "HEAD");
        chain("DINKES", RequestKind.I, 3, false, "ADMIN", "HEAD", "OPD_HEAD:2wd:lapse");
        long shortOne = request(clerk, RequestKind.I, MONDAY, MONDAY);
        long id = request(clerk, RequestKind.I, MONDAY.plusDays(1), MONDAY.plusDays(3));
        assertThat(steps(shortOne)).extracting(RequestChainStore.Step::actor).containsExactly(ApprovalStep.Actor.ADMIN, ApprovalStep.Actor.HEAD);
        assertThat(steps(id)).extracting(RequestChainStore.Step::actor)
                .containsExactly(ApprovalStep.Actor.ADMIN, ApprovalStep.Actor.HEAD, ApprovalStep.Actor.OPD_HEAD);
        assertThat(steps(id)).extracting(s -> s.signer().orElse("")).as("the puskesmas' head, then the kepala dinas")
                .containsExactly("", "Rudi Kapus", "Budi Kepala");

        try (Connection unitAdmin = as(dinkesAdmin); Connection otherAdmin = as(bappedaAdmin); Connection bk = as(bkpsdm); Connection svc = as(service)) {
            for (Connection c : List.of(unitAdmin, bk)) {
                refused(c, "SELECT decide_request_step(" + id + ", 3, 'APPROVED', NULL, 'x', 'x')", "is at step 1 (ADMIN)");
            }
            refused(otherAdmin, "SELECT decide_request_step(" + id + ", 3, 'APPROVED', NULL, 'x', 'x')", "no request #" + id);
            refused(svc, "SELECT phone_decide_request('" + HEAD_TOKEN + "', " + id + ", 'APPROVED', NULL)", "is at step 1 (ADMIN)");
            exec(unitAdmin, "SELECT decide_request_step(" + id + ", 1, 'APPROVED', NULL, 'x', 'x')");

            refused(bk, "SELECT decide_request_step(" + id + ", 3, 'APPROVED', NULL, 'x', 'x')", "is at step 2 (HEAD)");
            refused(unitAdmin, "SELECT decide_request_step(" + id + ", 3, 'APPROVED', NULL, 'x', 'x')", "is at step 2 (HEAD)");
            refused(svc, "SELECT phone_decide_request('" + HEAD_TOKEN + "', " + id + ", 'APPROVED', NULL)", "is the head's (or the plt's) to sign");
            assertThat(decisions.toSign(HEAD_TOKEN)).as("the kepala dinas waits his turn").isEmpty();
            decisions.decideFromPhone(kapusToken, id, true, Optional.of("lanjut ke kepala dinas"));
            assertThat(steps(id)).extracting(RequestChainStore.Step::status).containsExactly(StepStatus.APPROVED, StepStatus.APPROVED, StepStatus.CURRENT);
            assertThat(status(id)).as("the head's signature does not end a chain with a Kepala OPD after it").isEqualTo("PENDING");

            refused(svc, "SELECT phone_decide_request('" + kapusToken + "', " + id + ", 'APPROVED', NULL)", "is the Kepala OPD's (or the plt's) to sign");
            refused(unitAdmin, "SELECT decide_request_step(" + id + ", 3, 'APPROVED', NULL, 'x', 'x')", "is the Kepala OPD's (or the plt's) to sign");
            refused(bk, "SELECT decide_request_step(" + id + ", 3, 'APPROVED', NULL, 'x', 'x')", "is the Kepala OPD's (or the plt's) to sign");
            refused(svc, "SELECT decide_request_step(" + id + ", 3, 'APPROVED', NULL, 'x', 'x')", "permission denied");
            refused(bk, "UPDATE request SET status = 'APPROVED', note = 'langsung' WHERE id = " + id, "goes through an approval chain");
            refused(bk, "UPDATE request_step SET status = 'APPROVED' WHERE request_id = " + id, "permission denied");
            refused(svc, "SELECT phone_decide_request('" + CLERK_TOKEN + "', " + id + ", 'APPROVED', NULL)", "nobody decides their own request");

            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Makassar"));
            owner.useTransaction(h -> chains.setDeputy(h, audit, "DINKES", "198001012005012002", today, today.plusDays(7)));
            assertThat(steps(id).get(2).signer()).as("the plt of the Kepala OPD over today").contains("Sari Plt");
            // the head on leave is now a stranger to the request: answered as for a missing id (V49), nothing of its state
            refused(svc, "SELECT phone_decide_request('" + HEAD_TOKEN + "', " + id + ", 'APPROVED', NULL)", "no request #" + id + " in your units");
            assertThat(decisions.toSign(PLT_TOKEN)).extracting(s -> s.request().id()).containsExactly(id);
            decisions.decideFromPhone(PLT_TOKEN, id, true, Optional.empty());
            assertThat(status(id)).isEqualTo("APPROVED");
            assertThat(steps(id).get(2).decidedBy()).contains("198001012005012002 (Sari Plt)");

            refused(svc, "SELECT phone_decide_request('" + kapusToken + "', " + id + ", 'REJECTED', 'batal')", "is locked: the head signed it");
            refused(svc, "SELECT phone_decide_request('" + PLT_TOKEN + "', " + id + ", 'REJECTED', 'batal')", "is locked: the head signed it");
            refused(unitAdmin, "SELECT decide_request_step(" + id + ", 1, 'REJECTED', 'batal', 'x', 'x')", "is locked: the head signed it");

            // the Kepala OPD's own longer leave: his plt signs both heads' steps, he signs none of it
            long own = request(head, RequestKind.I, MONDAY.plusDays(7), MONDAY.plusDays(9));
            exec(unitAdmin, "SELECT decide_request_step(" + own + ", 1, 'APPROVED', NULL, 'x', 'x')");
            assertThat(steps(own)).extracting(s -> s.signer().orElse("")).containsExactly("", "Sari Plt", "Sari Plt");
            refused(svc, "SELECT phone_decide_request('" + HEAD_TOKEN + "', " + own + ", 'APPROVED', NULL)", "nobody decides their own request");
        }
        assertThat(one(Integer.class, "SELECT count(*)::int FROM audit_log WHERE entity = 'request_step' AND entity_key LIKE ?", id + "/%"))
                .as("each step audited").isEqualTo(3);
    }

    @Test
    void the_kepala_opd_of_a_top_level_opd_is_its_own_head() {
        long bappedaHead = owner.withHandle(h -> {
            long staff = employee(h, "199101012019011001", "Nina Staf", "BAPPEDA");
            long kepala = employee(h, "197201012000031002", "Agus Kepala Bappeda", "BAPPEDA");
            h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'BAPPEDA'", kepala);
            return staff;
        });
        chain("BAPPEDA", RequestKind.DL, 1, false, "OPD_HEAD");
        long id = request(bappedaHead, RequestKind.DL, MONDAY, MONDAY);
        assertThat(steps(id)).extracting(s -> s.signer().orElse("")).containsExactly("Agus Kepala Bappeda");
    }

    @Test
    void where_opds_are_imported_at_the_top_with_their_bidang_under_them_the_kepala_opd_is_the_head_of_the_unit_marked_as_the_opd()
            throws SQLException {
        // a regency without a root: DINSOS at the top, a bidang under it, each with its own head
        long bidangStaff = owner.inTransaction(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINSOS', 'Dinas Sosial')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'BID-RS', 'Bidang Rehabilitasi Sosial', id FROM unit WHERE code = 'DINSOS'");
            long staff = employee(h, "199203032019031003", "Eko Staf Bidang", "BID-RS");
            long kabid = employee(h, "197803032005011004", "Fajar Kabid", "BID-RS");
            long kadis = employee(h, "196903032000031005", "Gita Kadis", "DINSOS");
            h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'BID-RS'", kabid);
            h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'DINSOS'", kadis);
            return staff;
        });
        chain("DINSOS", RequestKind.DL, 1, false, "HEAD", "OPD_HEAD");
        assertThat(one(Boolean.class, "SELECT opd FROM unit WHERE code = 'BID-RS'"))
                .as("stored without a mark, a unit just below the top is an OPD, as V43 read the tree").isTrue();
        long before = request(bidangStaff, RequestKind.DL, MONDAY, MONDAY);
        assertThat(steps(before)).extracting(s -> s.signer().orElse("")).as("the bidang's head taken for the Kepala OPD")
                .containsExactly("Fajar Kabid", "Fajar Kabid");

        try (Connection unitAdmin = as(dinkesAdmin); Connection bk = as(bkpsdm)) {
            refused(unitAdmin, "UPDATE unit SET opd = false WHERE code = 'BID-RS'", "permission denied");
            refused(unitAdmin, "UPDATE unit SET opd = NOT opd WHERE code = 'DINKES'", "permission denied");
            exec(bk, "UPDATE unit SET opd = opd WHERE code = 'BID-RS'"); // BKPSDM may; the command below is how it does
        }
        boolean changed = owner.inTransaction(h -> new UnitStoreAccess().set(h, "BID-RS", false));
        boolean again = owner.inTransaction(h -> new UnitStoreAccess().set(h, "BID-RS", false));
        assertThat(changed).isTrue();
        assertThat(again).as("already so").isFalse();
        assertThat(one(Integer.class, "SELECT count(*)::int FROM audit_log WHERE entity = 'unit' AND entity_key = 'BID-RS'")).isEqualTo(1);

        assertThat(steps(before)).extracting(s -> s.signer().orElse("")).as("the kepala dinas, once the bidang is no OPD")
                .containsExactly("Fajar Kabid", "Gita Kadis");
        long after = request(bidangStaff, RequestKind.DL, MONDAY.plusDays(1), MONDAY.plusDays(1));
        decisions.decideFromPhone(token(owner, "Fajar Kabid"), after, true, Optional.empty());
        refused(owner, "Fajar Kabid", after, "is the Kepala OPD's (or the plt's) to sign");
        decisions.decideFromPhone(token(owner, "Gita Kadis"), after, true, Optional.empty());
        assertThat(status(after)).isEqualTo("APPROVED");
        assertThat(steps(after).get(1).decidedBy()).contains("196903032000031005 (Gita Kadis)");

        // where the regency has a root the same mark holds: PKM-TG is no OPD, DINKES is; unmarking DINKES hands its
        // staff's Kepala OPD step to the next OPD up (PEMKAB, without a head: nobody), marking PKM-TG to its own head
        chain("DINKES", RequestKind.DL, 1, false, "OPD_HEAD");
        long kapus = owner.withHandle(h -> employee(h, "197505052000031003", "Rudi Kapus", "PKM-TG"));
        owner.useHandle(h -> h.execute("UPDATE unit SET head_employee_id = ? WHERE code = 'PKM-TG'", kapus));
        long puskesmas = request(clerk, RequestKind.DL, MONDAY, MONDAY);
        assertThat(steps(puskesmas)).extracting(s -> s.signer().orElse("")).containsExactly("Budi Kepala");
        owner.useTransaction(h -> new UnitStoreAccess().set(h, "PKM-TG", true));
        assertThat(steps(puskesmas)).extracting(s -> s.signer().orElse("")).containsExactly("Rudi Kapus");
        owner.useTransaction(h -> new UnitStoreAccess().set(h, "PKM-TG", false));
        owner.useTransaction(h -> new UnitStoreAccess().set(h, "DINKES", false));
        assertThat(steps(puskesmas)).extracting(s -> s.signer().orElse("")).as("PEMKAB is the OPD now, and has no head").containsExactly("");
    }

    /** BKPSDM's mark on a unit, as `unit set --opd` writes it. */
    private final class UnitStoreAccess {
        boolean set(org.jdbi.v3.core.Handle h, String unit, boolean opd) {
            return new id.presensi.store.UnitStore(owner).setOpd(h, new Audit("rina.bkpsdm", "presensi unit set"), unit, opd);
        }
    }

    private String token(Jdbi jdbi, String name) {
        String token = "token-of-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-0123456789";
        jdbi.useHandle(h -> h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', ? FROM employee WHERE name = ?"
                + " AND NOT EXISTS (SELECT 1 FROM device d WHERE d.employee_id = employee.id AND d.retired_at IS NULL)", Secrets.sha256(token), name));
        return token;
    }

    private void refused(Jdbi jdbi, String name, long id, String because) {
        assertThatThrownBy(() -> decisions.decideFromPhone(token(jdbi, name), id, true, Optional.empty())).hasMessageContaining(because);
    }

    @Test
    void two_approvals_at_once_cannot_both_spend_the_same_days_the_second_waits_for_the_first() throws Exception {
        LocalDate monday = LocalDate.of(MONDAY.getYear() + 1, 3, 1).with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.MONDAY));
        owner.useHandle(h -> h.execute("INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) VALUES (?, ?, 3, 'uji')", clerk, monday.getYear()));
        long first = request(clerk, RequestKind.CT, monday, monday.plusDays(1));
        long second = request(clerk, RequestKind.CT, monday.plusDays(7), monday.plusDays(8));
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection a = as(dinkesAdmin); Connection b = as(bkpsdm)) {
            a.setAutoCommit(false);
            exec(a, "SELECT decide_request(" + first + ", 'APPROVED', NULL, 'x', 'x')");
            var later = pool.submit(() -> {
                exec(b, "SELECT decide_request(" + second + ", 'APPROVED', NULL, 'x', 'x')");
                return null;
            });
            Thread.sleep(1_000);
            assertThat(later).as("the second approval waits on the employee's lock").isNotDone();
            a.commit();
            assertThatThrownBy(later::get).hasMessageContaining("asks 2 working day(s) of cuti tahunan in " + monday.getYear() + " but only 1 remain");
        } finally {
            pool.shutdownNow();
        }
        assertThat(List.of(status(first), status(second))).containsExactly("APPROVED", "PENDING");
    }
}
