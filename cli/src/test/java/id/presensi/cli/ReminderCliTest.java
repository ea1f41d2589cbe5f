package id.presensi.cli;

import id.presensi.store.OutboxStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reminders as BKPSDM turns them on: per unit, off by default, inherited by sub-units; a unit's webhook and its secret. */
class ReminderCliTest extends CliTest {
    static final String PUSKESMAS_NURSE = "198001012005011003";
    static final String DINKES_STAFF = "198503152010012001";

    @BeforeEach
    void a_dinas_and_its_puskesmas() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Dinkes', id FROM unit WHERE code = 'DINKES'", DINKES_STAFF);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi Perawat', id FROM unit WHERE code = 'PKM-1'", PUSKESMAS_NURSE);
        });
    }

    private Integer minutes(String nip, String kind) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT reminder_minutes(id, :kind) FROM employee WHERE nip = :nip")
                .bind("kind", kind).bind("nip", nip).mapTo(Integer.class).one());
    }

    @Test
    void a_reminder_turned_on_for_a_dinas_reaches_its_puskesmas_unless_the_puskesmas_says_otherwise() {
        ok("policy", "reminder");
        assertThat(out.toString()).contains("No unit has turned any reminder on");
        assertThat(minutes(PUSKESMAS_NURSE, "CHECK_OUT")).isNull();

        ok("policy", "reminder", "--unit", "DINKES", "check-out", "on", "--minutes", "30");
        assertThat(minutes(PUSKESMAS_NURSE, "CHECK_OUT")).isEqualTo(30);
        assertThat(minutes(DINKES_STAFF, "CHECK_IN")).as("other kinds stay off").isNull();

        ok("policy", "reminder", "--unit", "PKM-1", "check-out", "off");
        assertThat(minutes(PUSKESMAS_NURSE, "CHECK_OUT")).isNull();
        assertThat(minutes(DINKES_STAFF, "CHECK_OUT")).isEqualTo(30);
        assertThat(out.toString()).contains("DINKES       check-out         on, 30 min after check-out opens", "PKM-1        check-out         off");

        ok("policy", "reminder", "--unit", "pkm-1", "check-out", "inherit");
        assertThat(minutes(PUSKESMAS_NURSE, "CHECK_OUT")).isEqualTo(30);
        int audited = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE entity = 'reminder_policy'")
                .mapTo(Integer.class).one());
        assertThat(audited).isEqualTo(3);

        assertThat(run("policy", "reminder", "--unit", "DINKES", "check-out")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("policy", "reminder", "--unit", "DINKES", "lunch", "on")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("policy", "reminder", "--unit", "DINKES", "check-out", "on", "--minutes", "9999")).isNotEqualTo(ExitCodes.OK);
    }

    @Test
    void a_webhook_gets_a_secret_shown_once_and_kept_for_the_service_only() {
        assertThat(run("policy", "reminder", "--unit", "DINKES", "--webhook", "http://wa.example.id/x")).as("%s %s", out, err).isEqualTo(ExitCodes.USAGE);
        assertThat(run("policy", "reminder", "--unit", "DINKES", "--webhook", "https://wa.example.id/x")).as("host not added").isEqualTo(ExitCodes.USAGE);
        assertThat(run("policy", "reminder", "--unit", "DINKES", "--webhook", "https://127.0.0.1/x", "--webhook-hosts", "127.0.0.1"))
                .isEqualTo(ExitCodes.USAGE);

        out.getBuffer().setLength(0);
        ok("policy", "reminder", "--unit", "DINKES", "--webhook", "https://wa.example.id/presensi", "--webhook-hosts", "wa.example.id",
                "decision", "on");
        Matcher m = Pattern.compile("shown once[^\\n]*\\n\\s+([0-9a-f]{64})").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        byte[] stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT secret FROM unit_webhook").mapTo(byte[].class).one());
        assertThat(HexFormat.of().formatHex(stored)).isEqualTo(m.group(1));
        String audit = db.database().jdbi().withHandle(h -> h.createQuery("SELECT string_agg(after::text, ' ') FROM audit_log WHERE entity = 'unit_webhook'")
                .mapTo(String.class).one());
        assertThat(audit).contains("wa.example.id").doesNotContain(m.group(1));

        // the sub-unit's staff's decisions go to the dinas's webhook
        long nurse = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM employee WHERE nip = ?").bind(0, PUSKESMAS_NURSE)
                .mapTo(Long.class).one());
        assertThat(new OutboxStore(db.database().jdbi()).enqueue(List.of(
                new OutboxStore.Event(nurse, "DECISION_REJECTED", "DECISION|1", Instant.now(), Duration.ofHours(1))))).isEqualTo(1);

        ok("policy", "reminder", "--unit", "DINKES", "--webhook", "none");
        int webhooks = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM unit_webhook").mapTo(Integer.class).one());
        assertThat(webhooks).isZero();
    }

    /** V42: a webhook the service disabled (404/410 three times in a row) is listed with why, and enabled when set again. */
    @Test
    void a_disabled_webhook_is_listed_with_its_reason_and_enabled_again_when_set() {
        ok("policy", "reminder", "--unit", "DINKES", "--webhook", "https://wa.example.id/presensi", "--webhook-hosts", "wa.example.id",
                "approval-waiting", "on", "--minutes", "20");
        // the check-in service's reports of three answers, as OutboxStore.settle makes them
        db.database().jdbi().useHandle(h -> h.execute(
                "SELECT unit_webhook_answered(unit_id, s) FROM unit_webhook, unnest(ARRAY[404, 410, 410]) s"));

        out.getBuffer().setLength(0);
        ok("policy", "reminder");
        assertThat(out.toString()).contains("approval-waiting  on, at most one a head per 20 min")
                .containsPattern("DINKES +https://wa.example.id/presensi  DISABLED since \\S+ WITA: answered HTTP 410 3 times in a row "
                        + "\\(set it again with --webhook to re-enable\\)");

        ok("policy", "reminder", "--unit", "DINKES", "--webhook", "https://wa.example.id/presensi", "--webhook-hosts", "wa.example.id");
        out.getBuffer().setLength(0);
        ok("policy", "reminder");
        assertThat(out.toString()).containsPattern("DINKES +https://wa.example.id/presensi  enabled\\n").doesNotContain("DISABLED");
        String audit = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT string_agg(command || ' ' || coalesce(before ->> 'disabled', '-'), ' / ' ORDER BY id) FROM audit_log WHERE entity = 'unit_webhook'")
                .mapTo(String.class).one());
        assertThat(audit).contains("webhook disabled -").endsWith("answered HTTP 410 3 times in a row");
    }
}
