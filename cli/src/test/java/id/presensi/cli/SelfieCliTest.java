package id.presensi.cli;

import id.presensi.store.RulesLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selfies as operators handle them: which units ask for one (and sub-units follow), a day's photos written to a
 * folder within the operator's scope, and the nightly purge after the retention, each deletion audited.
 */
class SelfieCliTest extends CliTest {
    static final String DINKES_STAFF = "198503152010012001";
    static final String PUSKESMAS_NURSE = "198001012005011003";
    static final String RSUD_DOCTOR = "197912122006041002";
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Makassar"));
    static final String OLD = TODAY.minusDays(100).toString();

    @TempDir
    Path dir;

    @BeforeEach
    void three_staff_with_selfies_of_three_ages() {
        db.reset();
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Dinkes', id FROM unit WHERE code = 'DINKES'", DINKES_STAFF);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi Perawat', id FROM unit WHERE code = 'PKM-1'", PUSKESMAS_NURSE);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Dokter Rudi', id FROM unit WHERE code = 'RSUD'", RSUD_DOCTOR);
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', sha256(nip::bytea) FROM employee");
            // each employee checked in at 07.10 100 and 20 days ago, and just now (received then), each with a photo of its own
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude,
                                         accuracy_m, location_name, distance_m, accepted, message)
                    SELECT gen_random_uuid(), d.employee_id, d.id, 'IN', t, t, (t AT TIME ZONE 'Asia/Makassar')::date, -1.9086, 116.1978,
                           10, 'Kantor', 12, true, 'ok'
                      FROM device d, (SELECT (now() AT TIME ZONE 'Asia/Makassar')::date AS today) d0,
                           unnest(ARRAY[(d0.today - 100 + time '07:10') AT TIME ZONE 'Asia/Makassar',
                                        (d0.today - 20 + time '07:10') AT TIME ZONE 'Asia/Makassar', date_trunc('minute', now())]) t""");
            h.execute("""
                    INSERT INTO checkin_photo (request_id, employee_id, work_date, received_at, content_type, bytes, sha256)
                    SELECT request_id, employee_id, work_date, received_at, 'image/jpeg', b, sha256(b)
                      FROM (SELECT c.*, '\\xffd8ff'::bytea || convert_to(c.request_id::text, 'UTF8') AS b FROM checkin c) x""");
        });
    }

    @Test
    void a_unit_asks_for_a_selfie_its_sub_units_follow_unless_they_say_otherwise() {
        assertThat(selfieRequired(PUSKESMAS_NURSE)).isFalse();

        ok("policy", "selfie", "--unit", "DINKES", "on");
        assertThat(out.toString()).contains("DINKES       swafoto wajib").contains("Photos are kept 90 days");
        assertThat(selfieRequired(DINKES_STAFF)).isTrue();
        assertThat(selfieRequired(PUSKESMAS_NURSE)).as("the puskesmas follows the DINKES").isTrue();
        assertThat(selfieRequired(RSUD_DOCTOR)).isFalse();

        ok("policy", "selfie", "--unit", "PKM-1", "off");
        assertThat(selfieRequired(PUSKESMAS_NURSE)).isFalse();
        ok("policy", "selfie", "--unit", "pkm-1", "inherit");
        assertThat(selfieRequired(PUSKESMAS_NURSE)).isTrue();

        assertThat(run("policy", "selfie", "--unit", "DINKES")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("policy", "selfie", "--unit", "DINKES", "ya")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("the setting is on, off or inherit, got 'ya'");
        assertThat(run("policy", "selfie", "--retention-days", "0")).isEqualTo(ExitCodes.FAILED);
        assertThat(auditCount("selfie_policy")).isEqualTo(3);
    }

    @Test
    void exported_photos_are_private_and_a_link_planted_as_the_list_is_replaced_not_followed() throws Exception {
        Path folder = dir.resolve("ekspor").resolve(OLD);
        Files.createDirectories(folder.getParent());
        Path victim = Files.writeString(dir.resolve("victim"), "untouched");
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(folder.resolve("swafoto.csv"), victim);

        ok("checkin", "photos", "--date", OLD, "--out", folder.toString());

        assertThat(Files.isSymbolicLink(folder.resolve("swafoto.csv"))).isFalse();
        assertThat(Files.readString(victim)).isEqualTo("untouched");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.toList()).hasSize(4).allSatisfy(f ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as("%s", f).isEqualTo("rw-------"));
        }
        Path made = dir.resolve("baru").resolve("swafoto");
        ok("checkin", "photos", "--date", OLD, "--out", made.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).as("a folder made for the export").isEqualTo("rwx------");
    }

    @Test
    void a_days_photos_go_to_a_folder_with_a_list_and_an_opd_admin_gets_only_their_units() throws Exception {
        Path all = dir.resolve("semua");
        ok("checkin", "photos", "--date", OLD, "--out", all.toString());
        assertThat(out.toString()).contains("3 photos of " + OLD + " written to");
        List<String> index = Files.readAllLines(all.resolve("swafoto.csv"));
        assertThat(index.get(0)).isEqualTo("\ufeffWAKTU;NIP_NIK;NAMA;KODE_UNIT;JENIS;HASIL;LOKASI;JARAK_M;FILE;SHA256");
        assertThat(index).hasSize(4).anyMatch(l -> l.startsWith(OLD + " 07:10;") && l.contains(DINKES_STAFF) && l.contains(";diterima;Kantor;12;"));
        String file = index.get(1).split(";")[8];
        assertThat(file).matches("\\d{18}_071000_IN_[0-9a-f]{6}\\.jpg");
        byte[] photo = Files.readAllBytes(all.resolve(file));
        assertThat(photo[0] & 0xff).isEqualTo(0xff);
        assertThat(index.get(1).split(";")[9]).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(photo)));

        String admin = "dinkes.admin" + uniqueSuffix();
        signIn(Map.of(admin, addOperator(admin, "--role", "opd-admin", "--unit", "DINKES")));
        Path mine = dir.resolve("dinkes");
        ok("checkin", "photos", "--date", OLD, "--out", mine.toString(), "--db-user", admin);
        try (Stream<Path> files = Files.list(mine)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jpg")))
                    .hasSize(2).noneMatch(n -> n.startsWith(RSUD_DOCTOR));
        }
        Path theirs = dir.resolve("rsud");
        ok("checkin", "photos", "--date", OLD, "--unit", "RSUD", "--out", theirs.toString(), "--db-user", admin);
        assertThat(out.toString()).contains("0 photos of " + OLD);
        assertThat(auditCount("checkin_photo")).as("each unit's photos seen is in the audit trail: 3 by BKPSDM, 2 by the admin").isEqualTo(5);
    }

    @Test
    void the_nightly_reconcile_deletes_photos_past_the_retention_and_audits_each_units_deletion() throws Exception {
        String admin = "dinkes.admin" + uniqueSuffix();
        signIn(Map.of(admin, addOperator(admin, "--role", "opd-admin", "--unit", "DINKES")));
        String today = TODAY.toString();
        ok("reconcile", "--date", today, "--db-user", admin);
        assertThat(photos()).as("an OPD admin's run leaves the purge to BKPSDM").isEqualTo(9);

        ok("reconcile", "--date", today);
        assertThat(photos()).as("the photos of 100 days ago are past 90 days").isEqualTo(6);
        assertThat(photoDates()).doesNotContain(OLD);
        assertThat(auditCount("checkin_photo")).as("one entry per unit").isEqualTo(3);
        String entry = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT before::text FROM audit_log WHERE entity = 'checkin_photo' AND unit_id = (SELECT id FROM unit WHERE code = 'RSUD')")
                .mapTo(String.class).one());
        assertThat(entry).contains("\"photos\": 1").contains("receivedFrom");

        ok("reconcile", "--date", today, "--no-signals");
        assertThat(photos()).as("a quick look at today purges nothing").isEqualTo(6);
        ok("policy", "selfie", "--retention-days", "7");
        ok("reconcile", "--date", today);
        assertThat(photoDates()).containsOnly(today);
    }

    private boolean selfieRequired(String nip) {
        return new RulesLoader(db.database().jdbi()).load(nip, TODAY, TODAY).rules().selfieRequired();
    }

    private long photos() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin_photo").mapTo(Long.class).one());
    }

    private List<String> photoDates() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT work_date::text FROM checkin_photo").mapTo(String.class).list());
    }

    private long auditCount(String entity) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE entity = :e").bind("e", entity)
                .mapTo(Long.class).one());
    }
}
