package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Apel set and cancelled from the command line, by the owner and by an OPD admin confined to their units. */
class ApelCliTest extends CliTest {
    private final String admin = "dinkes.apel" + uniqueSuffix();

    @BeforeEach
    void a_regency_with_a_field_and_an_opd_admin() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('SETDA', 'Sekretariat Daerah'), ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Lapangan Pemda', -1.9, 116.2, 150 FROM unit WHERE code = 'SETDA'");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Halaman Dinkes', -1.8, 116.1, 60 FROM unit WHERE code = 'DINKES'");
        });
        String password = addOperator(admin, "--role", "opd-admin", "--unit", "DINKES");
        signIn(Map.of(admin, password));
    }

    private String list(String... as) {
        out.getBuffer().setLength(0);
        ok(as.length == 0 ? new String[]{"apel", "list"} : new String[]{"apel", "list", "--db-user", as[0]});
        return out.toString();
    }

    private long audited(String entity) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE entity = :e").bind("e", entity)
                .mapTo(Long.class).one());
    }

    @Test
    void bkpsdm_sets_the_monday_apel_and_the_17th_ceremony_for_the_whole_regency() {
        ok("apel", "add", "Apel pagi", "--every", "senin", "--window", "07:15-08:00", "--location", "Lapangan Pemda");
        ok("apel", "add", "Upacara HKN", "--monthly", "17", "--window", "07:00-08:30", "--location", "SETDA:Lapangan Pemda", "--types", "PNS,PPPK");
        assertThat(list()).contains("Apel pagi", "setiap SENIN", "07:15-08:00", "SEMUA", "SETDA:Lapangan Pemda")
                .contains("Upacara HKN", "setiap tanggal 17", "PNS,PPPK");
        assertThat(audited("apel")).isEqualTo(2);

        ok("apel", "add", "Apel pagi", "--every", "SENIN", "--window", "07:30-08:00", "--location", "Lapangan Pemda");
        assertThat(list()).contains("07:30-08:00").doesNotContain("07:15-08:00");
        assertThat(audited("apel")).as("a change is audited with its before").isEqualTo(3);
    }

    /** Set on 10 September for every Monday from the 14th: the 7th had no apel, and moving its window keeps the start. */
    @Test
    void a_recurring_apel_with_a_start_is_not_held_before_it() {
        ok("apel", "add", "Apel pagi", "--every", "SENIN", "--from", "2026-09-14", "--window", "07:15-08:00", "--location", "Lapangan Pemda");
        assertThat(list()).contains("setiap SENIN mulai 2026-09-14");
        assertThat(run("apel", "cancel", "2026-09-07", "--reason", "hujan")).as("before its start").isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("no apel on 2026-09-07");
        ok("apel", "cancel", "2026-09-14", "--reason", "hujan");

        ok("apel", "add", "Apel pagi", "--every", "SENIN", "--window", "07:30-08:00", "--location", "Lapangan Pemda");
        assertThat(list()).as("a change without --from keeps the start").contains("setiap SENIN mulai 2026-09-14", "07:30-08:00");
        assertThat(run("apel", "add", "Upacara", "--date", "2026-08-17", "--from", "2026-08-01", "--window", "07:00-08:00"))
                .as("a one-off apel has no start").isNotEqualTo(ExitCodes.OK);
        String after = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT after ->> 'starts_on' FROM audit_log WHERE entity = 'apel' ORDER BY id LIMIT 1").mapTo(String.class).one());
        assertThat(after).as("the start is audited").isEqualTo("2026-09-14");
    }

    @Test
    void an_opd_admin_sets_and_cancels_their_units_apel_only() {
        ok("apel", "add", "Apel pagi", "--every", "SENIN", "--window", "07:15-08:00", "--location", "Lapangan Pemda");
        ok("apel", "add", "Senam Jumat", "--every", "JUMAT", "--window", "07:00-08:00", "--unit", "DINKES", "--fingerprint", "--db-user", admin);
        assertThat(list(admin)).as("the admin sees the regency's apel and their own").contains("Apel pagi", "Senam Jumat", "lokasi unit masing-masing", "ya");

        assertThat(run("apel", "add", "Apel saya", "--every", "SENIN", "--window", "07:15-08:00", "--db-user", admin)).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("BKPSDM");
        assertThat(run("apel", "add", "Apel Setda", "--every", "SENIN", "--window", "07:15-08:00", "--unit", "SETDA", "--db-user", admin))
                .isNotEqualTo(ExitCodes.OK);
        assertThat(run("apel", "add", "Apel lapangan", "--every", "RABU", "--window", "07:15-08:00", "--unit", "DINKES",
                "--location", "SETDA:Lapangan Pemda", "--db-user", admin)).as("another unit's yard").isNotEqualTo(ExitCodes.OK);
        assertThat(list()).doesNotContain("Apel saya", "Apel Setda", "Apel lapangan");

        err.getBuffer().setLength(0);
        assertThat(run("apel", "cancel", "2026-09-07", "--reason", "hujan", "--db-user", admin)).as("the regency's Monday apel").isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("no apel on 2026-09-07");
        ok("apel", "cancel", "2026-09-11", "--reason", "hujan deras", "--db-user", admin);
        ok("apel", "cancel", "2026-09-07", "--reason", "kunjungan menteri");
        String cancellations = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT string_agg(a.name || '/' || c.day || '/' || c.reason || '/' || c.cancelled_by, '; ' ORDER BY c.day)
                  FROM apel_cancellation c JOIN apel a ON a.id = c.apel_id""").mapTo(String.class).one());
        assertThat(cancellations).isEqualTo("Apel pagi/2026-09-07/kunjungan menteri/" + System.getProperty("user.name") + "; Senam Jumat/2026-09-11/hujan deras/" + admin);
        assertThat(audited("apel_cancellation")).isEqualTo(2);
    }

    @Test
    void policy_explain_tells_an_employee_about_today_s_apel() {
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199002282015121002', 'Andi Staf', id FROM unit WHERE code = 'PKM-1'");
            h.execute("INSERT INTO holiday (day, description, kind) VALUES ('2026-09-21', 'Libur contoh', 'LIBUR_NASIONAL')");
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        ok("apel", "add", "Apel pagi", "--every", "SENIN", "--window", "07:15-08:00", "--location", "Lapangan Pemda");
        ok("apel", "add", "Senam Jumat", "--every", "JUMAT", "--window", "07:00-08:00", "--unit", "DINKES");
        ok("leave", "add", "199002282015121002", "--from", "2026-09-25", "--to", "2026-09-25", "--type", "DL");

        out.getBuffer().setLength(0);
        ok("policy", "explain", "199002282015121002", "--at", "2026-09-14 07:20");
        assertThat(out.toString()).contains("Apel: Apel pagi 07:15-08:00 at SETDA:Lapangan Pemda: open now: must attend");
        out.getBuffer().setLength(0);
        ok("policy", "explain", "199002282015121002", "--at", "2026-09-14 09:00");
        assertThat(out.toString()).contains("Apel pagi 07:15-08:00 at SETDA:Lapangan Pemda: missed: TA (tidak apel)");
        out.getBuffer().setLength(0);
        ok("policy", "explain", "199002282015121002", "--at", "2026-09-21 07:20");
        assertThat(out.toString()).contains("Apel pagi 07:15-08:00 at SETDA:Lapangan Pemda: cancelled (ditiadakan: hari libur (Libur contoh))");
        out.getBuffer().setLength(0);
        ok("policy", "explain", "199002282015121002", "--at", "2026-09-25 07:20");
        assertThat(out.toString()).as("the puskesmas is under Dinkes").contains("Apel: Senam Jumat 07:00-08:00 at the unit's own locations: excused (dispensasi: DL (dinas luar))");
    }

    @Test
    void reconcile_gives_ta_to_who_missed_a_required_apel_and_to_nobody_excused_or_checked_in() {
        db.database().jdbi().useHandle(h -> {
            h.execute("""
                    INSERT INTO employee (type, nip, name, unit_id)
                    SELECT t, n, nm, (SELECT id FROM unit WHERE code = 'DINKES')
                      FROM (VALUES ('PNS', '199002282015121002', 'Andi Hadir'), ('PNS', '199103152016011003', 'Budi Lupa'),
                                   ('PNS', '199204202017022004', 'Citra Cuti')) v (t, n, nm)""");
            h.execute("INSERT INTO employee (type, nik, name, unit_id) SELECT 'PTT', '6401011010900001', 'Dedi Honorer', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', sha256(nip::bytea) FROM employee WHERE nip = '199002282015121002'");
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        ok("apel", "add", "Apel pagi", "--every", "SENIN", "--window", "07:15-08:00", "--location", "Lapangan Pemda", "--types", "PNS,PPPK");
        ok("leave", "add", "199204202017022004", "--from", "2026-09-14", "--to", "2026-09-14", "--type", "CT");
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO apel_checkin (request_id, apel_id, employee_id, device_id, at, received_at, work_date, latitude, longitude,
                                          accuracy_m, distance_m, location_name, accepted, message)
                SELECT gen_random_uuid(), a.id, d.employee_id, d.id, '2026-09-14 07:20+08', '2026-09-14 07:20+08', '2026-09-14',
                       -1.9, 116.2, 10, 5, 'Lapangan Pemda', true, 'Presensi apel diterima'
                  FROM apel a, device d"""));

        ok("reconcile", "--date", "2026-09-14");
        ok("reconcile", "--date", "2026-09-15");

        Map<String, String> codes = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT e.name || ' ' || a.work_date AS who, array_to_string(a.codes, '+') AS codes
                          FROM attendance a JOIN employee e ON e.id = a.employee_id""")
                .map((rs, ctx) -> Map.entry(rs.getString("who"), rs.getString("codes"))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(codes).as("Monday: Budi missed it; Andi checked in to it; Citra was on leave; a PTT is not called")
                .containsEntry("Budi Lupa 2026-09-14", "TK+TA").containsEntry("Andi Hadir 2026-09-14", "TK")
                .containsEntry("Citra Cuti 2026-09-14", "CT").containsEntry("Dedi Honorer 2026-09-14", "TK")
                .as("Tuesday has no apel").containsEntry("Budi Lupa 2026-09-15", "TK");
        String sentence = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT a.explanation FROM attendance a JOIN employee e ON e.id = a.employee_id
                 WHERE e.name = 'Budi Lupa' AND a.work_date = '2026-09-14'""").mapTo(String.class).one());
        assertThat(sentence).endsWith("; TA: tidak mengikuti Apel pagi");

        ok("apel", "cancel", "2026-09-14", "--reason", "hujan");
        ok("reconcile", "--date", "2026-09-14");
        long withTa = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM attendance WHERE 'TA' = ANY (codes)").mapTo(Long.class).one());
        assertThat(withTa).as("a cancelled apel is missed by nobody, and a re-run takes TA back").isZero();
    }

    @Test
    void bad_input_is_refused_with_the_option_that_holds_it() {
        assertThat(run("apel", "add", "Apel", "--every", "SENEN", "--window", "07:15-08:00")).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("SENIN");
        assertThat(run("apel", "add", "Apel", "--every", "SENIN", "--window", "08:00-07:00")).isNotEqualTo(ExitCodes.OK);
        assertThat(run("apel", "add", "Apel", "--every", "SENIN", "--window", "pagi")).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("--window");
        assertThat(run("apel", "add", "Apel", "--every", "SENIN", "--monthly", "17", "--window", "07:15-08:00")).isNotEqualTo(ExitCodes.OK);
        assertThat(run("apel", "add", "Apel", "--monthly", "32", "--window", "07:15-08:00")).isNotEqualTo(ExitCodes.OK);
        assertThat(run("apel", "add", "Apel", "--date", "2026-08-17", "--window", "07:15-08:00", "--location", "Kantor Bupati")).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("no work location 'Kantor Bupati'");
        assertThat(run("apel", "cancel", "2026-08-17", "--reason", " ")).isNotEqualTo(ExitCodes.OK);
        assertThat(list()).contains("0 apel");
    }
}
