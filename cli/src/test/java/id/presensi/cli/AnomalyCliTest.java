package id.presensi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A month of September 2026 with titip absen planted among honest staff: every planted pattern is found by the
 * nightly reconciliation's signal step, and no honest employee is flagged. Honest staff all come through the
 * office's one address (NAT), arrive at random in the same hour, with GPS noise of tens of metres.
 */
class AnomalyCliTest extends CliTest {
    static final String HAND = "199001012015011001";
    static final String[] COLLEAGUES = {"199001012015011002", "199001012015011003", "199001012015011004"};
    static final String FAKE_GPS = "199001012015011005";
    static final String TYPED_CENTRE = "199001012015011006";
    static final String TRAVELLER = "199001012015011007";
    static final String CHURN = "199001012015011008";
    static final String NURSE = "199001012015011009";
    static final String PHOTO_REUSER = "199001012015011010";
    static final String[] MOVED_TO_ONE_PHONE = {"199001012015011011", "199001012015011012", "199001012015011013"};
    static final String OFFICE = "'10.1.0.1'";

    @TempDir
    Path dir;

    @BeforeEach
    void a_month_with_patterns_planted_among_honest_staff() {
        db.reset();
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor Dinkes', -1.9086, 116.1978, 100 FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'RSUD', -1.8912, 116.2101, 150 FROM unit WHERE code = 'RSUD'");
            h.execute("INSERT INTO machine (serial, unit_id, name) SELECT 'AF4C211360651', id, 'Mesin IGD' FROM unit WHERE code = 'RSUD'");
            h.execute("""
                    INSERT INTO employee (type, nip, name, unit_id)
                    SELECT 'PNS', '1990010120150120' || lpad(g::text, 2, '0'), 'Jujur ' || g, (SELECT id FROM unit WHERE code = 'DINKES')
                      FROM generate_series(1, 40) g""");
            String[] planted = {HAND, COLLEAGUES[0], COLLEAGUES[1], COLLEAGUES[2], FAKE_GPS, TYPED_CENTRE, TRAVELLER, CHURN, PHOTO_REUSER,
                                MOVED_TO_ONE_PHONE[0], MOVED_TO_ONE_PHONE[1], MOVED_TO_ONE_PHONE[2]};
            for (String nip : planted) {
                h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Pegawai ' || right(?, 2), id FROM unit WHERE code = 'DINKES'", nip, nip);
            }
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Perawat IGD', id FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'Android 13; SM-A145F', sha256(nip::bytea), '2026-08-01' FROM employee");
            // three more phones for one employee in September: each activation retires the one before
            for (int i = 1; i <= 3; i++) {
                h.execute("UPDATE device SET retired_at = ?::timestamptz, retired_reason = 'REPLACED' WHERE retired_at IS NULL AND employee_id = (SELECT id FROM employee WHERE nip = ?)",
                        "2026-09-0" + (2 * i) + " 08:00+08", CHURN);
                h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, ?, sha256((nip || ?)::bytea), ?::timestamptz FROM employee WHERE nip = ?",
                        "iPhone " + i, Integer.toString(i), "2026-09-0" + (2 * i) + " 08:00+08", CHURN);
            }
            // three colleagues leave their own phones in one week for one and the same model and browser (everyone
            // activated the same model on the launch day: that is no move, and no signal)
            for (int i = 0; i < MOVED_TO_ONE_PHONE.length; i++) {
                String at = "2026-09-0" + (8 + i) + " 09:00+08";
                h.execute("UPDATE device SET retired_at = ?::timestamptz, retired_reason = 'REPLACED' WHERE retired_at IS NULL AND employee_id = (SELECT id FROM employee WHERE nip = ?)",
                        at, MOVED_TO_ONE_PHONE[i]);
                h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'Mozilla/5.0 (Linux; Android 10; K) Chrome/120', sha256((nip || 'k')::bytea), ?::timestamptz FROM employee WHERE nip = ?",
                        at, MOVED_TO_ONE_PHONE[i]);
            }
            h.execute("SELECT setseed(0.42)");
            // every working day: in between 07:00 and 08:00, out between 16:00 and 17:00, through the office's address, GPS noise
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude,
                                         accuracy_m, accepted, message, client_address)
                    SELECT gen_random_uuid(), d.employee_id, d.id, t.type, (day::date + t.base + random() * interval '60 minutes') AT TIME ZONE 'Asia/Makassar',
                           now(), day::date,
                           round((-1.9086 + (random() - 0.5) * 0.0008)::numeric, 6), round((116.1978 + (random() - 0.5) * 0.0008)::numeric, 6),
                           round((4 + random() * 26)::numeric, 1), true, 'ok', %s
                      FROM device d JOIN employee e ON e.id = d.employee_id AND d.retired_at IS NULL AND e.nip <> ?,
                           generate_series(date '2026-09-01', date '2026-09-30', interval '1 day') day,
                           (VALUES ('IN', time '07:00'), ('OUT', time '16:00')) t(type, base)
                     WHERE extract(isodow FROM day) < 6""".formatted(OFFICE), NURSE);
            // everyone's selfie, a new photo each time; one employee sends the same photo on three days
            h.execute("""
                    INSERT INTO checkin_photo (request_id, employee_id, work_date, received_at, content_type, bytes, sha256)
                    SELECT request_id, employee_id, work_date, received_at, 'image/jpeg', b, sha256(b)
                      FROM (SELECT c.*, '\\xffd8ff'::bytea || decode(md5(c.request_id::text), 'hex') AS b FROM checkin c) x""");
            h.execute("""
                    UPDATE checkin_photo SET bytes = '\\xffd8ff0102', sha256 = sha256('\\xffd8ff0102')
                     WHERE work_date IN ('2026-09-14', '2026-09-15', '2026-09-16') AND employee_id = (SELECT id FROM employee WHERE nip = ?)
                       AND request_id IN (SELECT request_id FROM checkin WHERE type = 'IN')""", PHOTO_REUSER);
            // one hand, four phones: the colleagues' check-ins follow the hand's by 4, 8 and 12 seconds, every day
            for (int i = 0; i < COLLEAGUES.length; i++) {
                h.execute("""
                        UPDATE checkin c SET at = hand.at + make_interval(secs => ?), received_at = hand.at + make_interval(secs => ?)
                          FROM checkin hand WHERE hand.employee_id = (SELECT id FROM employee WHERE nip = ?) AND hand.work_date = c.work_date
                           AND hand.type = c.type AND c.employee_id = (SELECT id FROM employee WHERE nip = ?)""", 4 * (i + 1), 4 * (i + 1), HAND, COLLEAGUES[i]);
            }
            // a fake-GPS app: the same position to the last decimal every day, accuracy always 5 m
            h.execute("UPDATE checkin SET latitude = -1.908512, longitude = 116.197733, accuracy_m = 5 WHERE employee_id = (SELECT id FROM employee WHERE nip = ?)", FAKE_GPS);
            // a position typed in: the office's centre exactly, on three days
            h.execute("""
                    UPDATE checkin SET latitude = -1.9086, longitude = 116.1978 WHERE type = 'IN' AND work_date IN ('2026-09-07', '2026-09-14', '2026-09-21')
                       AND employee_id = (SELECT id FROM employee WHERE nip = ?)""", TYPED_CENTRE);
            // an impossible trip: in at the office, then 20 minutes later a check-in from Balikpapan, about 100 km away
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                         accepted, message, client_address)
                    SELECT gen_random_uuid(), c.employee_id, c.device_id, 'OUT', c.at + interval '20 minutes', c.at + interval '20 minutes', c.work_date,
                           -1.2379, 116.8529, 12, true, 'ok', '36.70.1.9'
                      FROM checkin c WHERE c.type = 'IN' AND c.work_date = '2026-09-10' AND c.employee_id = (SELECT id FROM employee WHERE nip = ?)""", TRAVELLER);
            // the nurse's fingerprint at the hospital at 07:02, and her app 40 minutes later 40 km away
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, machine_id, type, at, received_at, work_date, accepted, message, source, machine_pin)
                    SELECT gen_random_uuid(), id, 'AF4C211360651', NULL, TIMESTAMPTZ '2026-09-15 07:02+08', TIMESTAMPTZ '2026-09-15 07:02+08',
                           DATE '2026-09-15', true, 'ok', 'FINGERPRINT', '17' FROM employee WHERE nip = ?""", NURSE);
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                         accepted, message, client_address)
                    SELECT gen_random_uuid(), d.employee_id, d.id, 'OUT', TIMESTAMPTZ '2026-09-15 07:42+08', TIMESTAMPTZ '2026-09-15 07:42+08',
                           DATE '2026-09-15', -1.5504, 116.2210, 9, true, 'ok', '114.4.1.20' FROM device d JOIN employee e ON e.id = d.employee_id WHERE e.nip = ?""", NURSE);
        });
    }

    @Test
    void every_planted_pattern_is_found_and_no_honest_employee_is_flagged() throws Exception {
        ok("reconcile", "--from", "2026-09-01", "--to", "2026-09-30");
        out.getBuffer().setLength(0);

        ok("report", "anomalies", "--from", "2026-09-01", "--to", "2026-09-30", "--json");

        Map<String, Set<String>> kindsByEmployee = new TreeMap<>();
        for (JsonNode signal : new ObjectMapper().readTree(out.toString())) {
            kindsByEmployee.computeIfAbsent(signal.get("employeeKey").asText(), k -> new TreeSet<>()).add(signal.get("kind").asText());
        }
        Map<String, Set<String>> planted = new HashMap<>();
        planted.put(HAND, Set.of("SAME_HAND"));
        for (String colleague : COLLEAGUES) {
            planted.put(colleague, Set.of("SAME_HAND"));
        }
        planted.put(FAKE_GPS, Set.of("REPEATED_POSITION", "CONSTANT_ACCURACY"));
        planted.put(TYPED_CENTRE, Set.of("ON_CENTRE", "REPEATED_POSITION"));
        planted.put(TRAVELLER, Set.of("IMPOSSIBLE_TRAVEL"));
        planted.put(CHURN, Set.of("DEVICE_CHURN"));
        planted.put(NURSE, Set.of("MACHINE_APP"));
        planted.put(PHOTO_REUSER, Set.of("REUSED_PHOTO"));
        for (String moved : MOVED_TO_ONE_PHONE) {
            planted.put(moved, Set.of("SHARED_MODEL"));
        }
        assertThat(kindsByEmployee).as("exactly the planted patterns, and nobody honest (0 of 40 flagged)").isEqualTo(planted);
    }

    @Test
    void a_replaced_phone_is_one_activation_and_no_churn() {
        String replaced = "199001012015012001";
        db.database().jdbi().useHandle(h -> {
            // on 10 September the same model activated again (a replacement), then the name he gave his own phone;
            // on the 20th that phone once more after a reinstall: three activations of two phones
            String[][] activations = {{"2026-09-10 08:00+08", "Android 13; SM-A145F"}, {"2026-09-10 09:00+08", "HP Pak La Ode"},
                                      {"2026-09-20 08:00+08", "HP Pak La Ode"}};
            for (String[] a : activations) {
                h.execute("UPDATE device SET retired_at = ?::timestamptz, retired_reason = 'REPLACED' WHERE retired_at IS NULL AND employee_id = (SELECT id FROM employee WHERE nip = ?)",
                        a[0], replaced);
                h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, ?, sha256((nip || ?)::bytea), ?::timestamptz FROM employee WHERE nip = ?",
                        a[1], a[0], a[0], replaced);
            }
        });

        ok("reconcile", "--from", "2026-09-01", "--to", "2026-09-30");

        assertThat(signalsOf("2026-09-10") + signalsOf("2026-09-20")).doesNotContain(replaced);
        String churn = db.database().jdbi().withHandle(h -> h.createQuery("SELECT message FROM anomaly_signal WHERE kind = 'DEVICE_CHURN'")
                .mapTo(String.class).one());
        assertThat(churn).isEqualTo("3 aktivasi ponsel dalam 30 hari sampai 2026-09-06: iPhone 1, iPhone 2, iPhone 3.");
    }

    @Test
    void the_signals_say_what_was_seen_and_the_workbook_and_map_file_carry_them() throws Exception {
        ok("reconcile", "--from", "2026-09-01", "--to", "2026-09-30");
        Path file = dir.resolve("anomali.xlsx");

        ok("report", "anomalies", "--from", "2026-09-01", "--to", "2026-09-30", "--out", file.toString());
        out.getBuffer().setLength(0);
        ok("report", "anomalies", "--from", "2026-09-10", "--to", "2026-09-15");

        assertThat(out.toString())
                .contains("aplikasi pukul").contains("km/jam")
                .contains("Mesin IGD pukul 07.02.00 lalu aplikasi pukul 07.42.00")
                .containsPattern("dari alamat 10\\.1\\.0\\.1 berselang beberapa detik dengan \\d pegawai lain")
                .contains("Akurasi GPS selalu tepat 5 m")
                .containsPattern("Swafoto yang sama \\(SHA-256 [0-9a-f]{12}\\.\\.\\.\\) dipakai untuk 3 presensi oleh " + PHOTO_REUSER)
                .contains("3 pegawai unit yang sama pindah ke ponsel yang sama dalam seminggu");
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(id.presensi.anomaly.AnomalyKind.values().length).isEqualTo(9);
            assertThat(workbook.getSheet("Satu tangan, banyak ponsel").getLastRowNum()).isGreaterThanOrEqualTo(4 * 20);
        }
        var positions = Files.readAllLines(dir.resolve("anomali-posisi.csv"));
        assertThat(positions.get(0)).contains("NIP_NIK;NAMA;JENIS;TANGGAL;WAKTU;LINTANG;BUJUR");
        assertThat(positions).anyMatch(l -> l.contains("IMPOSSIBLE_TRAVEL") && l.contains("-1.2379") && l.contains("116.8529"));
    }

    @Test
    void an_opd_admin_sees_the_signals_of_their_units_only_and_a_rerun_replaces_them() throws Exception {
        ok("reconcile", "--from", "2026-09-01", "--to", "2026-09-30");
        ok("reconcile", "--from", "2026-09-01", "--to", "2026-09-30");
        long signals = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM anomaly_signal").mapTo(Long.class).one());
        String admin = "rsud.admin" + uniqueSuffix();
        signIn(Map.of(admin, addOperator(admin, "--role", "opd-admin", "--unit", "RSUD")));
        out.getBuffer().setLength(0);

        ok("report", "anomalies", "--from", "2026-09-01", "--to", "2026-09-30", "--csv", "--db-user", admin);

        assertThat(out.toString().lines().skip(1)).isNotEmpty().allMatch(l -> l.contains(NURSE));
        long after = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM anomaly_signal").mapTo(Long.class).one());
        assertThat(after).as("the second run replaced the first's signals").isEqualTo(signals);
    }

    @Test
    void thresholds_are_settings_the_next_run_uses() {
        ok("policy", "anomaly", "speed_kmh=400");
        assertThat(out.toString()).contains("speed_kmh                    400").contains("same_hand_days               8");
        assertThat(run("policy", "anomaly", "speed=1")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("unknown anomaly threshold 'speed'");

        ok("reconcile", "--from", "2026-09-10", "--to", "2026-09-10");
        out.getBuffer().setLength(0);
        ok("report", "anomalies", "--from", "2026-09-10", "--to", "2026-09-10", "--csv");

        assertThat(out.toString()).doesNotContain("IMPOSSIBLE_TRAVEL"); // 313 km/h is under 400
    }

    @Test
    void the_nightly_run_of_one_day_finds_what_the_months_run_finds_for_it() {
        ok("reconcile", "--from", "2026-09-01", "--to", "2026-09-30");
        String month = signalsOf("2026-09-30");
        db.database().jdbi().useHandle(h -> h.execute("DELETE FROM anomaly_signal"));

        ok("reconcile", "--date", "2026-09-30");

        assertThat(signalsOf("2026-09-30")).isEqualTo(month).contains("SAME_HAND");
    }

    private String signalsOf(String date) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT string_agg(e.nip || ' ' || s.kind, ', ' ORDER BY e.nip, s.kind) FROM anomaly_signal s JOIN employee e ON e.id = s.employee_id
                         WHERE s.work_date = ?::date""").bind(0, date).mapTo(String.class).one());
    }
}
