package id.presensi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.anomaly.AnomalyKind;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Titip-absen signals marked "sudah diperiksa" from the command line, as the desk does: the review outlives the nightly
 * run that replaces the signals, report anomalies shows it, the audit trail names the operator, and another unit's
 * admin cannot review a signal that is not theirs.
 */
class SignalReviewCliTest extends CliTest {
    static final String SRI = "198503152010012001";    // DINKES
    static final String NURSE = "198001012005011003";  // RSUD
    static final String DAY = "2026-09-08";

    private String dinkesAdmin;
    private String rsudAdmin;

    @BeforeEach
    void a_signal_in_each_of_two_units() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Dinkes', id FROM unit WHERE code = 'DINKES'", SRI);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Perawat IGD', id FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("""
                    INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                    SELECT id, DATE '2026-09-08', 'ON_CENTRE', 1.5, 'Posisi tepat di titik pusat lokasi Kantor pukul 07.01.00 (6 kali dalam rentang ini).',
                           '{"points": [{"at": "07.01.00", "lat": -1.9086, "lon": 116.1978}]}' FROM employee""");
        });
        dinkesAdmin = "dinkes.admin" + uniqueSuffix();
        rsudAdmin = "rsud.admin" + uniqueSuffix();
        signIn(Map.of(dinkesAdmin, addOperator(dinkesAdmin, "--role", "opd-admin", "--unit", "DINKES"),
                rsudAdmin, addOperator(rsudAdmin, "--role", "opd-admin", "--unit", "RSUD")));
    }

    @Test
    void an_admin_marks_a_signal_reviewed_and_report_anomalies_and_the_audit_trail_show_it() throws Exception {
        out.getBuffer().setLength(0);
        ok("signal", "review", NURSE, "--date", DAY, "--kind", "ON_CENTRE", "--note", "Ditanyakan: lokasi diketik manual, sudah ditegur.",
                "--db-user", rsudAdmin);
        assertThat(out.toString()).contains("Signal ON_CENTRE of " + NURSE + " on " + DAY + " marked reviewed").contains("by " + rsudAdmin);

        out.getBuffer().setLength(0);
        ok("report", "anomalies", "--from", DAY, "--to", DAY, "--csv", "--db-user", rsudAdmin);
        assertThat(out.toString().lines().findFirst().orElseThrow()).contains("DIPERIKSA");
        assertThat(out.toString()).contains(rsudAdmin + ": Ditanyakan: lokasi diketik manual, sudah ditegur.").doesNotContain(SRI);

        // the workbook carries the review too, in columns after the ones it had
        Path xlsx = Files.createTempDirectory("anomali").resolve("anomali.xlsx");
        ok("report", "anomalies", "--from", DAY, "--to", DAY, "--out", xlsx.toString());
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheet(AnomalyKind.ON_CENTRE.title());
            assertThat(cells(sheet.getRow(0))).containsExactly("NIP/NIK", "NAMA", "KODE_UNIT", "TANGGAL", "KEKUATAN", "KETERANGAN",
                    "DIPERIKSA", "DIPERIKSA_OLEH", "DIPERIKSA_PADA", "CATATAN_PEMERIKSAAN");
            Map<String, List<String>> byKey = new HashMap<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                List<String> row = cells(sheet.getRow(r));
                byKey.put(row.get(0), row);
            }
            assertThat(byKey.get(NURSE).subList(6, 10)).satisfies(review -> {
                assertThat(review.get(0)).isEqualTo("sudah diperiksa");
                assertThat(review.get(1)).isEqualTo(rsudAdmin);
                assertThat(review.get(2)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
                assertThat(review.get(3)).isEqualTo("Ditanyakan: lokasi diketik manual, sudah ditegur.");
            });
            assertThat(byKey.get(SRI).get(6)).as("not reviewed").isEqualTo("belum");
            assertThat(byKey.get(SRI)).hasSize(7);
        }

        // the nightly run replaces the day's signals: the review stays with the signal found again
        db.database().jdbi().useHandle(h -> h.execute("WITH gone AS (DELETE FROM anomaly_signal RETURNING *) INSERT INTO anomaly_signal SELECT * FROM gone"));
        out.getBuffer().setLength(0);
        ok("report", "anomalies", "--from", DAY, "--to", DAY, "--json");
        JsonNode signals = new ObjectMapper().readTree(out.toString());
        assertThat(signals).hasSize(2);
        for (JsonNode s : signals) {
            boolean nurse = s.get("employeeKey").asText().equals(NURSE);
            assertThat(s.get("review").isNull()).as(s.toString()).isEqualTo(!nurse);
            if (nurse) {
                assertThat(s.get("review").get("by").asText()).isEqualTo(rsudAdmin);
            }
        }

        // reviewed again: the note is replaced, the audit trail keeps both
        ok("signal", "review", NURSE, "--date", DAY, "--kind", "on_centre", "--note", "Sudah dibina kepala ruangan.", "--db-user", rsudAdmin);
        out.getBuffer().setLength(0);
        ok("audit", "list", "--json", "--db-user", rsudAdmin);
        JsonNode audit = new ObjectMapper().readTree(out.toString());
        long reviews = 0;
        for (JsonNode row : audit) {
            if (row.get("entity").asText().equals("anomaly_signal")) {
                reviews++;
                assertThat(row.get("operator").asText()).isEqualTo(rsudAdmin);
                assertThat(row.get("entityKey").asText()).isEqualTo(NURSE + "/" + DAY + "/ON_CENTRE");
            }
        }
        assertThat(reviews).isEqualTo(2);
        String note = db.database().jdbi().withHandle(h -> h.createQuery("SELECT note FROM anomaly_review").mapTo(String.class).one());
        assertThat(note).isEqualTo("Sudah dibina kepala ruangan.");
    }

    private static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>();
        row.forEach(c -> cells.add(c.getCellType() == CellType.NUMERIC ? Double.toString(c.getNumericCellValue()) : c.getStringCellValue()));
        return cells;
    }

    @Test
    void another_units_admin_cannot_review_a_signal_that_is_not_theirs() {
        assertThat(run("signal", "review", NURSE, "--date", DAY, "--kind", "ON_CENTRE", "--note", "dicek", "--db-user", dinkesAdmin))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("no ON_CENTRE signal of " + NURSE);
        assertThat(run("signal", "review", SRI, "--date", "2026-09-09", "--kind", "ON_CENTRE", "--note", "dicek", "--db-user", dinkesAdmin))
                .as("no signal that day").isEqualTo(ExitCodes.FAILED);
        assertThat(run("signal", "review", SRI, "--date", DAY, "--kind", "ON_CENTRE", "--note", "   ", "--db-user", dinkesAdmin))
                .as("a blank note").isEqualTo(ExitCodes.FAILED);
        assertThat(run("signal", "review", SRI, "--date", DAY, "--kind", "NOTHING", "--note", "x", "--db-user", dinkesAdmin))
                .as("an unknown kind").isEqualTo(ExitCodes.USAGE);
        long reviews = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM anomaly_review").mapTo(Long.class).one());
        assertThat(reviews).isZero();
    }
}
