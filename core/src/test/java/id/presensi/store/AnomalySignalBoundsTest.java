package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.report.AnomalyWorkbook;
import id.presensi.testing.TestDatabase;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Signal messages stay short whatever the data, and the report takes any message. */
class AnomalySignalBoundsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 9, 14);
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void one_phone_that_sent_the_same_selfie_two_thousand_times() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199002282015121002', 'Andi Staf', id FROM unit");
            h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'HP', sha256('t'::bytea), '2026-09-01' FROM employee");
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                         accepted, message, client_address)
                    SELECT gen_random_uuid(), d.employee_id, d.id, 'IN', timestamptz '2026-09-14 07:00+08' + n * interval '1 second',
                           timestamptz '2026-09-14 07:00+08' + n * interval '1 second', ?, -1.9086, 116.1978, 12, true, 'diterima', '10.0.0.7'
                      FROM device d, generate_series(1, 2000) n""", DAY);
            h.execute("""
                    INSERT INTO checkin_photo (request_id, employee_id, work_date, received_at, content_type, bytes, sha256)
                    SELECT request_id, employee_id, work_date, received_at, 'image/jpeg', '\\xffd8ff00'::bytea, sha256('\\xffd8ff00'::bytea)
                      FROM checkin""");
        });
    }

    @Test
    void two_thousand_identical_photos_make_one_reused_photo_message_of_a_few_hundred_characters() {
        Map<AnomalyKind, Integer> found = db.database().jdbi().inTransaction(h ->
                AnomalyStore.recompute(h, DAY, DAY, Optional.empty(), AnomalyStore.thresholds(h)));
        assertThat(found.get(AnomalyKind.REUSED_PHOTO)).isEqualTo(1);

        List<AnomalyStore.Signal> signals = new AnomalyStore(db.database().jdbi()).signals(DAY, DAY, Optional.empty());
        assertThat(signals).isNotEmpty().allSatisfy(s -> assertThat(s.message().length()).as(s.kind() + ": " + s.message()).isLessThan(500));
        String reused = signals.stream().filter(s -> s.kind() == AnomalyKind.REUSED_PHOTO).findFirst().orElseThrow().message();
        assertThat(reused).startsWith("Swafoto yang sama (SHA-256 ").contains("dipakai untuk 2000 presensi oleh 199002282015121002: ")
                .contains("2026-09-14 07.00, 2026-09-14 07.00").endsWith(" dan 1995 lainnya.");
    }

    @Test
    void a_message_longer_than_an_xlsx_cell_is_cut_and_the_report_is_written() throws Exception {
        String huge = "Swafoto yang sama ".repeat(3_000);
        var signal = new AnomalyStore.Signal("199002282015121002", "Andi Staf", "BKPSDM", DAY, AnomalyKind.REUSED_PHOTO, 2000, huge,
                "{\"points\":[]}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnomalyWorkbook.write(List.of(signal), out);
        try (XSSFWorkbook read = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            String cell = read.getSheet(AnomalyKind.REUSED_PHOTO.title()).getRow(1).getCell(5).getStringCellValue();
            assertThat(cell).hasSize(32_767).startsWith("Swafoto yang sama ").endsWith("\u2026");
        }
    }
}
