package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.request.ApprovalChain;
import id.presensi.request.ApprovalStep;
import id.presensi.request.RequestKind;
import id.presensi.store.Audit;
import id.presensi.store.RequestChainStore;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permohonan on an approval chain at the desk: DINKES's izin go to the OPD admin, then BKPSDM. The admin approves
 * their step in bulk (the puskesmas under DINKES inherits the chain), cannot decide BKPSDM's step, another OPD's
 * admin nothing; BKPSDM concludes, and the inbox and the phone show each step.
 */
class DeskChainTest extends DeskFixture {

    @Test
    void the_admin_step_in_bulk_then_bkpsdm_and_no_step_out_of_turn() throws Exception {
        db.database().jdbi().useTransaction(h -> new RequestChainStore(db.database().jdbi()).set(h, new Audit("bkpsdm", "request chain set"),
                new ApprovalChain("DINKES", RequestKind.I, 1, false, List.of(ApprovalStep.parse("ADMIN:2wd"), ApprovalStep.parse("BKPSDM:48h:lapse")))));
        long sri = submitRequest(SRI, false);
        long budi = submitRequest(BUDI, true);
        Session admin = signIn(dinkesAdmin);

        JsonNode inbox = jsonOf(get(admin, "/admin/api/requests")).get("requests");
        assertThat(inbox.get(0).get("steps").findValuesAsText("actor")).containsExactly("ADMIN", "BKPSDM");
        assertThat(inbox.get(0).get("steps").findValuesAsText("status")).containsExactly("CURRENT", "WAITING");

        var bulk = post(admin, "/admin/api/requests/decide", "{\"ids\":[" + sri + "," + budi + "],\"decision\":\"APPROVE\",\"note\":\"lengkap\"}");
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        assertThat(jsonOf(bulk).get("results").findValuesAsText("ok")).containsExactly("true", "true");
        assertThat(requestStatus(sri)).as("still waiting for BKPSDM").isEqualTo("PENDING");

        var again = post(admin, "/admin/api/requests/decide", "{\"ids\":[" + sri + "],\"decision\":\"APPROVE\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(jsonOf(again).get("results").get(0).get("message").asText())
                .isEqualTo("Langkah 2 permohonan #" + sri + " diputuskan BKPSDM.");
        var other = post(signIn(rsudAdmin), "/admin/api/requests/decide", "{\"ids\":[" + sri + "],\"decision\":\"APPROVE\"}");
        assertThat(other.statusCode()).isEqualTo(404);

        Session bk = signIn(bkpsdm);
        var concluded = post(bk, "/admin/api/requests/decide", "{\"ids\":[" + sri + "],\"decision\":\"APPROVE\",\"note\":\"sah\"}");
        assertThat(concluded.statusCode()).as(concluded.body()).isEqualTo(200);
        assertThat(requestStatus(sri)).isEqualTo("APPROVED");
        var rejected = post(bk, "/admin/api/requests/decide", "{\"ids\":[" + budi + "],\"decision\":\"REJECT\",\"note\":\"surat tidak terbaca\"}");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(requestStatus(budi)).isEqualTo("REJECTED");

        JsonNode steps = jsonOf(get(admin, "/admin/api/requests")).get("requests").findValues("steps").get(0);
        assertThat(steps.findValuesAsText("status")).containsAnyOf("APPROVED", "REJECTED");
        var phone = send(HttpRequest.newBuilder(uri("/api/v1/requests")).header("Authorization", "Bearer " + tokens.get(SRI)).GET());
        JsonNode mine = jsonOf(phone).get("requests").get(0);
        assertThat(mine.get("steps").findValuesAsText("status")).containsExactly("APPROVED", "APPROVED");
        assertThat(mine.get("steps").get(0).get("note").asText()).isEqualTo("lengkap");
        List<String> audited = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT operator FROM audit_log WHERE entity = 'request_step' AND entity_key LIKE :key ORDER BY id").bind("key", sri + "/%")
                .mapTo(String.class).list());
        assertThat(audited).containsExactly(dinkesAdmin, bkpsdm);
    }
}
