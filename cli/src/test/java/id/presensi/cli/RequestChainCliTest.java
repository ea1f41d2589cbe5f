package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval chain commands: BKPSDM sets a chain and a plt, the OPD admin approves the first step, request list
 * shows where the request stands, the head (an operator named with --employee) signs and locks it; escalate
 * lapses an overdue step; a bad step is refused with a clear message.
 */
class RequestChainCliTest extends CliTest {
    static final String CLERK = "199002282015121002";
    static final String HEAD = "197001012000031001";
    static final String PLT = "198001012005012002";

    @BeforeEach
    void a_unit_with_a_clerk_a_head_and_a_plt() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi Kepala', id FROM unit", HEAD);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sari Plt', id FROM unit", PLT);
        });
    }

    private long request(String kind, LocalDate day) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        INSERT INTO request (request_id, employee_id, kind, date_from, date_to, reason)
                        SELECT gen_random_uuid(), id, :kind, :day, :day, 'urusan keluarga' FROM employee WHERE nip = :nip RETURNING id""")
                .bind("kind", kind).bind("day", day).bind("nip", CLERK).mapTo(Long.class).one());
    }

    @Test
    void a_chain_set_listed_decided_step_by_step_and_lapsed() throws Exception {
        assertThat(run("request", "chain", "set", "--unit", "DINKES", "--kind", "I", "--step", "ADMIN:1wd:bogus")).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("expected ESCALATE or LAPSE, got 'BOGUS'");
        assertThat(run("request", "chain", "set", "--unit", "DINKES", "--kind", "I", "--step", "ADMIN", "--step", "ADMIN")).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("each of ADMIN, HEAD, OPD_HEAD and BKPSDM decides at most one step");
        assertThat(run("request", "chain", "set", "--unit", "DINKES", "--kind", "I", "--step", "ADMIN:2wd", "--step", "HEAD:48h:lapse")).as(err.toString())
                .isEqualTo(ExitCodes.OK);
        assertThat(run("request", "chain", "set", "--unit", "DINKES", "--kind", "S", "--step", "HEAD:4h:lapse")).isEqualTo(ExitCodes.OK);
        assertThat(run("request", "chain", "set", "--unit", "DINKES", "--kind", "CT", "--min-days", "4", "--step", "ADMIN:2wd", "--step", "HEAD:3wd",
                "--step", "OPD_HEAD:3wd:lapse", "--step", "BKPSDM")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run("request", "chain", "set", "--unit", "DINKES", "--kind", "CT", "--step", "KEPALA")).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("expected ADMIN, HEAD, OPD_HEAD or BKPSDM, got 'KEPALA'");
        out.getBuffer().setLength(0);
        assertThat(run("request", "chain", "list")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("ADMIN:2wd:ESCALATE -> HEAD:48h:LAPSE")
                .contains("ADMIN:2wd:ESCALATE -> HEAD:3wd:ESCALATE -> OPD_HEAD:3wd:LAPSE -> BKPSDM:3wd:ESCALATE").contains("3 chains");
        assertThat(run("unit", "head", "set", "DINKES", HEAD)).isEqualTo(ExitCodes.OK);

        LocalDate day = LocalDate.now(ZoneId.of("Asia/Makassar")).plusDays(10);
        long id = request("I", day);
        out.getBuffer().setLength(0);
        assertThat(run("request", "list", "--status", "pending")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("1/2 ADMIN");
        assertThat(run("request", "approve", Long.toString(id), "--operator", "dewi.admin")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("now at the next step");
        out.getBuffer().setLength(0);
        assertThat(run("request", "list")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("2/2 HEAD (Budi Kepala)");
        assertThat(run("request", "approve", Long.toString(id))).as("the owner is no head").isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("is the head's (or the plt's) to sign");

        String head = "budi.kepala" + uniqueSuffix();
        signIn(Map.of(head, addOperator(head, "--role", "opd-admin", "--unit", "DINKES", "--employee", HEAD)));
        assertThat(run("request", "approve", Long.toString(id), "--db-user", head)).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run("request", "reject", Long.toString(id), "--note", "batal", "--db-user", head)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("was already approved by " + head);
        out.getBuffer().setLength(0);
        assertThat(run("request", "show", Long.toString(id))).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("step 1:    ADMIN APPROVED by dewi.admin").contains("step 2:    HEAD APPROVED (Budi Kepala) by " + head);

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Makassar"));
        assertThat(run("unit", "head", "deputy", "set", "DINKES", "--employee", PLT, "--from", today.toString(), "--to", today.plusDays(5).toString()))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run("unit", "head", "deputy", "set", "DINKES", "--employee", CLERK, "--from", today.plusDays(2).toString(), "--to",
                today.plusDays(3).toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("already has a plt over " + PLT);
        long sick = request("S", day.plusDays(1));
        out.getBuffer().setLength(0);
        assertThat(run("request", "list", "--status", "pending")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("1/1 HEAD (Sari Plt)");

        db.database().jdbi().useHandle(h -> h.execute("UPDATE request_step SET due_at = now() - interval '1 hour' WHERE request_id = ?", sick));
        out.getBuffer().setLength(0);
        assertThat(run("request", "escalate", "--operator", "cron")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("1 overdue step(s) escalated or lapsed");
        out.getBuffer().setLength(0);
        assertThat(run("request", "escalate")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("0 overdue step(s)");
        assertThat(run("request", "chain", "clear", "--unit", "DINKES", "--kind", "S")).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(run("audit", "list", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("request_chain").contains("unit_head_deputy").contains("request_step").contains("LAPSED");
    }
}
