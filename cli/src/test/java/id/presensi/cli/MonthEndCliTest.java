package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a new operator met around a first month end: help text, discipline, phones, shifts and removals. */
class MonthEndCliTest extends CliTest {

    @BeforeEach
    void fresh() {
        db.reset();
    }

    @Test
    void the_discipline_help_prints_its_percent_sign_without_a_warning() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("report", "discipline", "--help")).isEqualTo(ExitCodes.OK);
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
        assertThat(out.toString()).contains("(25 % for 6, 9 or 12 months");
    }

    @Test
    void a_shift_forgives_leaving_early_by_its_own_grace_not_by_the_late_one() throws Exception {
        String nurse = "198503152010012001";
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', id, 'SHIFT' FROM unit", nurse);
        });
        ok("shift", "add", "P", "--unit", "RSUD", "--name", "Pagi", "--start", "07:00", "--end", "14:00", "--grace", "15");
        ok("shift", "add", "S", "--unit", "RSUD", "--name", "Siang", "--start", "14:00", "--end", "21:00", "--grace", "15", "--early-grace", "5");
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO roster SELECT e.id, d::date, s.id FROM employee e, shift_type s,
                       (VALUES ('2026-11-02', 'P'), ('2026-11-03', 'S'), ('2026-11-04', 'S')) r (d, code) WHERE s.code = r.code"""));
        Path punches = Files.createTempFile("fp", ".csv");
        Files.writeString(punches, "NIP,WAKTU,JENIS,MESIN\n"
                + nurse + ",2026-11-02 07:10,IN,FP\n" + nurse + ",2026-11-02 13:59:50,OUT,FP\n"     // within the late grace; 10 s early: PSW1
                + nurse + ",2026-11-03 14:00,IN,FP\n" + nurse + ",2026-11-03 20:56,OUT,FP\n"        // 4 minutes early, under its 5: H
                + nurse + ",2026-11-04 14:00,IN,FP\n" + nurse + ",2026-11-04 20:54,OUT,FP\n");      // 6 minutes early: PSW1, 1 minute
        ok("punch", "import", punches.toString());
        ok("reconcile", "--from", "2026-11-02", "--to", "2026-11-04");

        var days = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT work_date || ' ' || array_to_string(codes, ' ') || ' ' || early_min FROM attendance ORDER BY work_date").mapTo(String.class).list());
        assertThat(days).containsExactly("2026-11-02 PSW1 1", "2026-11-03 H 0", "2026-11-04 PSW1 1");
        out.getBuffer().setLength(0);
        ok("shift", "list", "--unit", "RSUD", "--csv");
        assertThat(out.toString()).contains("TOLERANSI_TERLAMBAT;TOLERANSI_PULANG_CEPAT").contains(";P;Pagi;07:00;14:00;60;15;0;120")
                .contains(";S;Siang;14:00;21:00;60;15;5;120");
    }

    @Test
    void pp_94_2021_sanctions_reach_civil_servants_and_not_honorer_staff() throws Exception {
        String pns = "198503152010012001";
        String pppk = "199001012024211001";
        String ptt = "6401011234560001";
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi PNS', id FROM unit", pns);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PPPK', ?, 'Citra PPPK', id FROM unit", pppk);
            h.execute("INSERT INTO employee (type, nik, name, unit_id) SELECT 'PTT', ?, 'La Ode Honorer', id FROM unit", ptt);
            // each absent without reason on the first eleven working days of August: past a verbal warning, into an allowance cut
            h.execute("""
                    INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, codes, explanation)
                    SELECT e.id, d::date, e.unit_id, d + time '07:30', d + time '16:00', ARRAY['TK'], 'TK'
                      FROM employee e, generate_series(date '2026-08-03', date '2026-08-17', interval '1 day') d
                     WHERE extract(isodow FROM d) < 6""");
        });

        ok("report", "discipline", "--year", "2026", "--csv");

        assertThat(out.toString()).contains(pns).contains(pppk).doesNotContain(ptt).doesNotContain("La Ode")
                .contains("(PPPK: PP 49/2018)");
        var rules = db.database().jdbi().withHandle(h -> id.presensi.recap.DeductionRuleFile.parse(
                Files.readString(Path.of("..", "docs", "rules", "kementan-permentan-68-2012.yaml")), "kementan"));
        var histories = new id.presensi.store.RecapStore(db.database().jdbi()).sanctionHistories(java.time.YearMonth.of(2026, 9), rules);
        var ids = db.database().jdbi().withHandle(h -> h.createQuery("SELECT type, id FROM employee").setMapKeyColumn("type")
                .setMapValueColumn("id").collectInto(new org.jdbi.v3.core.generic.GenericType<java.util.Map<String, Long>>() { }));
        assertThat(histories).containsKeys(ids.get("PNS"), ids.get("PPPK")).doesNotContainKey(ids.get("PTT"));

        // 11 TK days: a PNS is under disciplinary proceedings and gets no WFA; an honorer's grant is not refused on those grounds
        assertThat(run("policy", "wfa", "grant", "--employee", pns, "--date", "2026-09-14")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("under disciplinary proceedings");
        ok("policy", "wfa", "grant", "--employee", ptt, "--date", "2026-09-14");
    }

    @Test
    void a_ward_checks_in_at_its_hospitals_locations_and_allowances_are_listed() throws Exception {
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('RSUD', 'RSUD Panglima Sebaya'), ('PKM-LS', 'Puskesmas Long Ikis')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT c, n, id FROM unit, (VALUES ('RSUD-IGD', 'IGD'), ('RSUD-RANAP', 'Rawat Inap')) x (c, n) WHERE code = 'RSUD'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198503152010012001', 'Sri Perawat IGD', id FROM unit WHERE code = 'RSUD-IGD'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198503152010012002', 'Rina Bidan', id FROM unit WHERE code = 'PKM-LS'");
        });
        Path file = Files.createTempFile("lokasi", ".csv");
        Files.writeString(file, "KODE_UNIT,NAMA_LOKASI,LINTANG,BUJUR,RADIUS_M\nRSUD,Gedung Utama,-1.8912,116.2101,150\n");

        ok("location", "import", file.toString());

        // the ward has no location of its own: it uses the hospital's; the puskesmas has none at all, and is named
        assertThat(err.toString()).contains("Warning: 1 staff in 1 unit(s) have no location").contains("PKM-LS (1)").doesNotContain("RSUD-IGD");
        out.getBuffer().setLength(0);
        ok("location", "list", "--unit", "RSUD-IGD", "--csv");
        assertThat(out.toString()).contains("RSUD;Gedung Utama;-1.8912;116.2101;150;inherited from RSUD");
        var rules = new id.presensi.store.RulesLoader(db.database().jdbi()).load("198503152010012001",
                java.time.LocalDate.of(2026, 11, 2), java.time.LocalDate.of(2026, 11, 2)).rules();
        assertThat(rules.locations()).extracting(id.presensi.rules.WorkLocation::name).containsExactly("Gedung Utama");
        var all = new id.presensi.store.RulesLoader(db.database().jdbi()).loadAll(java.time.LocalDate.of(2026, 11, 2), java.time.LocalDate.of(2026, 11, 2));
        assertThat(all.values()).filteredOn(l -> l.key().equals("198503152010012001")).singleElement()
                .satisfies(l -> assertThat(l.rules().locations()).extracting(id.presensi.rules.WorkLocation::name).containsExactly("Gedung Utama"));

        ok("location", "allow", "--unit", "PKM-LS", "--also", "RSUD");
        out.getBuffer().setLength(0);
        ok("location", "list", "--unit", "PKM-LS", "--csv");
        assertThat(out.toString()).contains("RSUD;Gedung Utama;-1.8912;116.2101;150;allowed (location allow)");
        out.getBuffer().setLength(0);
        ok("location", "allow", "--list");
        assertThat(out.toString()).containsPattern("PKM-LS\\s+RSUD").contains("1 allowance(s)");
    }
}
