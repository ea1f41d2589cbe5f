package id.presensi.cli;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** From check-ins to the monthly recap workbook, read back with POI and checked against the records. */
class ReportCliTest extends CliTest {
    static final String CLERK = "199002282015121002";
    static final String NURSE = "198503152010012001";

    @TempDir
    Path dir;

    @BeforeEach
    void a_unit_with_an_office_clerk_and_a_night_nurse() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO employee (type, nip, name, position, unit_id) SELECT 'PNS', ?, 'Andi Staf', 'Pengadministrasi', id FROM unit", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, position, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', 'Perawat', id, 'SHIFT' FROM unit", NURSE);
            h.execute("INSERT INTO holiday VALUES ('2026-08-17', 'Hari Kemerdekaan RI', 'LIBUR_NASIONAL')");
            h.execute("INSERT INTO leave (employee_id, date_from, date_to, type) SELECT id, '2026-08-10', '2026-08-11', 'CT' FROM employee WHERE nip = ?", CLERK);
            h.execute("INSERT INTO shift_type (unit_id, code, name, start_time, end_time, late_grace_min) SELECT id, 'M', 'Malam', '21:00', '07:00', 15 FROM unit");
            h.execute("INSERT INTO roster SELECT e.id, d::date, s.id FROM employee e, shift_type s, generate_series(date '2026-08-01', date '2026-08-31', interval '2 days') d WHERE e.nip = ?", NURSE);
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        Path punches = dir.resolve("fp.csv");
        StringBuilder csv = new StringBuilder("NIP,WAKTU,JENIS,MESIN\n");
        csv.append(CLERK).append(",2026-08-03 07:45,IN,FP\n").append(CLERK).append(",2026-08-03 16:00,OUT,FP\n"); // TL1, 15 minutes
        csv.append(CLERK).append(",2026-08-04 07:20,IN,FP\n"); // PSW4
        csv.append(NURSE).append(",2026-08-31 21:00,IN,FP\n").append(NURSE).append(",2026-09-01 07:00,OUT,FP\n"); // H on the 31st
        try {
            Files.writeString(punches, csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(run("punch", "import", punches.toString())).isEqualTo(ExitCodes.OK);
        assertThat(run("reconcile", "--from", "2026-08-01", "--to", "2026-08-31")).isEqualTo(ExitCodes.OK);
    }

    @Test
    void the_recap_workbook_holds_the_records_counts_and_deductions() throws Exception {
        Path file = dir.resolve("rekap.xlsx");
        assertThat(run("report", "monthly", "--month", "2026-08", "--out", file.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);

        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            assertThat(workbook.getSheetAt(0).getSheetName()).isEqualTo("Ringkasan RSUD");
            var summary = workbook.getSheet("Ringkasan RSUD");
            assertThat(summary.getDrawingPatriarch().getCharts()).hasSize(1);
            assertThat(summary.getRow(2 + 3).getCell(1).getNumericCellValue()).isEqualTo(50.0); // 3 Aug: the clerk came, the nurse did not
            assertThat(summary.getRow(2 + 17).getCell(1).getNumericCellValue()).isEqualTo(0.0); // holiday: only the nurse was due, rostered, absent
            assertThat(summary.getRow(2 + 16).getCell(1)).isNull(); // a Sunday, nurse not rostered: nobody was due
            Sheet recap = workbook.getSheet("Rekap RSUD");
            assertThat(recap.getRow(0).getCell(0).getStringCellValue()).isEqualTo("REKAPITULASI KEHADIRAN PEGAWAI");
            assertThat(recap.getRow(2).getCell(0).getStringCellValue()).isEqualTo("BULAN AGUSTUS 2026");
            Row header = recap.getRow(5);
            List<String> headers = new ArrayList<>();
            header.forEach(c -> headers.add(c.getStringCellValue()));
            Row clerk = find(recap, CLERK);
            // August 2026: 21 weekdays, one of them the 17th (holiday): JHK 20; CT 2 days; TL1 on the 3rd, PSW4 on the 4th; TK on 16 days
            assertThat(value(clerk, headers, "JHK")).isEqualTo(20);
            assertThat(value(clerk, headers, "CT")).isEqualTo(2);
            assertThat(value(clerk, headers, "TL1")).isEqualTo(1);
            assertThat(value(clerk, headers, "PSW4")).isEqualTo(1);
            assertThat(value(clerk, headers, "TK")).isEqualTo(16);
            assertThat(value(clerk, headers, "MENIT TERLAMBAT")).isEqualTo(15);
            assertThat(value(clerk, headers, "POTONGAN TPP (%)")).isEqualTo(0.5 + 1.5 + 16 * 3);
            Row nurse = find(recap, NURSE);
            assertThat(value(nurse, headers, "JHK")).isEqualTo(16);
            assertThat(value(nurse, headers, "H")).isEqualTo(1);
            assertThat(value(nurse, headers, "TK")).isEqualTo(15);
            Sheet daily = workbook.getSheet("Harian RSUD");
            Row nurseDays = find(daily, NURSE);
            assertThat(nurseDays.getCell(2 + 31).getStringCellValue()).isEqualTo("H");
            assertThat(nurseDays.getCell(2 + 2).getStringCellValue()).isEqualTo("LIBUR");
            assertThat(recap.getPrintSetup().getLandscape()).isTrue();
            assertThat(recap.getPaneInformation().isFreezePane()).isTrue();
        }
    }

    @Test
    void a_new_deduction_table_changes_the_percentages_from_its_date() throws Exception {
        Path rates = dir.resolve("perbup.csv");
        Files.writeString(rates, "KODE,PERSEN\nTL1,1\nPSW4,2\nTK,5\n");
        assertThat(run("rules", "import", rates.toString(), "--from", "2026-08-01", "--name", "Perbup Paser 2026", "--cap", "60")).isEqualTo(ExitCodes.OK);
        Path file = dir.resolve("rekap.csv");

        assertThat(run("report", "monthly", "--month", "2026-08", "--out", file.toString())).isEqualTo(ExitCodes.OK);

        String clerk = Files.readAllLines(file).stream().filter(l -> l.contains(CLERK)).findFirst().orElseThrow();
        assertThat(clerk).endsWith(";60,00"); // 1 + 2 + 16 x 5 = 83, capped at 60
        assertThat(out.toString()).contains("\"Perbup Paser 2026\"");
    }

    @Test
    void a_rule_file_is_imported_shown_and_applied_with_each_line_explained() throws Exception {
        Path rules = Path.of("..", "docs", "rules", "kementan-permentan-68-2012.yaml");
        assertThat(run("rules", "import", rules.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run("rules", "show", "--date", "2026-08-31")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"Tukin Kementan (Permentan 68/2012)\", berlaku mulai 2026-01-01").contains("sumber: Permentan 68/2012")
                .containsPattern(">= 91 menit\\s+2 %").contains("tanpa keterangan (TK): 4 % per hari").contains("sanksi PP 94/2021:     25 %");
        Path file = dir.resolve("rekap.xlsx");
        // 18 August becomes cuti bersama: a day off the clerk's annual leave, no longer a TK day
        ok("calendar", "add", "2026-08-18", "--description", "Cuti bersama", "--kind", "CUTI_BERSAMA");
        ok("reconcile", "--from", "2026-08-18", "--to", "2026-08-18");

        assertThat(run("report", "monthly", "--month", "2026-08", "--out", file.toString(), "--explain", CLERK)).as(err.toString())
                .isEqualTo(ExitCodes.OK);

        // TL1 0.5 + no check-out 2 (its own rate) + 15 TK x 4 = 62.5; the sanctions start the month after
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet recap = workbook.getSheet("Rekap RSUD");
            List<String> headers = new ArrayList<>();
            recap.getRow(5).forEach(c -> headers.add(c.getStringCellValue()));
            assertThat(value(find(recap, CLERK), headers, "POTONGAN TPP (%)")).isEqualTo(62.5);
            assertThat(value(find(recap, CLERK), headers, "CUTI BERSAMA (POTONG CT)")).isEqualTo(1);
            assertThat(value(find(recap, NURSE), headers, "CUTI BERSAMA (POTONG CT)")).isZero(); // not rostered that day: not a holiday off
        }
        assertThat(out.toString()).contains("Potongan TPP 2026-08: " + CLERK + " Andi Staf (unit RSUD), aturan \"Tukin Kementan (Permentan 68/2012)\"")
                .containsPattern("2026-08-03\\s+TL1: terlambat 15 menit \\(pita 1-30 menit\\)\\s+0,5 %")
                .containsPattern("2026-08-04\\s+PSW4: tidak presensi pulang\\s+2 %")
                .containsPattern("2026-08-05\\s+TK: tanpa keterangan\\s+4 %")
                .containsPattern("JUMLAH\\s+62,5 %");
    }

    @Test
    void the_month_after_the_sanctions_carries_them_and_the_discipline_report_lists_them() {
        assertThat(run("rules", "import", Path.of("..", "docs", "rules", "kementan-permentan-68-2012.yaml").toString())).isEqualTo(ExitCodes.OK);
        assertThat(run("reconcile", "--from", "2026-09-01", "--to", "2026-09-02")).isEqualTo(ExitCodes.OK);

        assertThat(run("report", "monthly", "--month", "2026-09", "--explain", CLERK)).as(err.toString()).isEqualTo(ExitCodes.OK);

        // August: TK on the 5th-7th, 12th-14th, 18th-21st, 24th-28th and 31st (leave on the 10th-11th, the 17th a holiday):
        // the 11th TK day on the 24th (a cut for September to February), the 14th on the 27th (September to May, which
        // replaces it); ten working days in a row absent by the 26th (12th-14th, 18th-21st, 24th-26th)
        assertThat(out.toString()).contains("hukuman disiplin PP 94/2021: pemotongan tunjangan kinerja 25% selama 9 bulan (14 hari TK pada 2026-08-27; 2026-09 s.d. 2027-05)")
                .contains("TPP dihentikan: 10 hari kerja berturut-turut TK sampai 2026-08-26")
                .containsPattern("JUMLAH\\s+100 %");
        out.getBuffer().setLength(0);

        assertThat(run("report", "discipline", "--year", "2026", "--csv")).as(err.toString()).isEqualTo(ExitCodes.OK);

        // with 1 and 2 September, 18 TK days: the 17th (1 September) starts the 12-month cut in October
        assertThat(out.toString()).contains(CLERK + "\"\"\";Andi Staf;RSUD;18;25% 2026-10 s.d. 2027-09;ke-10 pada 2026-08-26;"
                + "\"pemberhentian dengan hormat tidak atas permintaan sendiri (10 hari kerja berturut-turut; gaji dihentikan mulai 2026-09)\"");
    }

    @Test
    void a_rule_file_with_mistakes_is_refused_naming_each_key() throws Exception {
        Path rules = dir.resolve("perbup.yaml");
        Files.writeString(rules, """
                nama: Perbup Paser 2026
                berlaku_mulai: 2026-08-01
                terlambat:
                  - { dari: 1, sampai: 30, persen: 0.5 }
                  - { dari: 20, sampai: 60, persen: 120 }
                pulang_cepat: []
                tanpa_keterangan: 3
                """);
        assertThat(run("rules", "import", rules.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("terlambat[2].persen: must be 0 to 100 (percent), got 120")
                .contains("terlambat[2]: starts at 20 minutes, inside or before the band above it");

        Files.writeString(rules, "nama: X\nberlaku_mulai: 2026-08-01\nterlambat: []\npulang_cepat: []\ntanpa_keterangan: 3\nbatas_haria: 2\n");
        assertThat(run("rules", "import", rules.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("line 6, batas_haria: unknown key; the keys are");

        Files.writeString(rules, "nama: X\nberlaku_mulai: 1 Agustus\nterlambat: []\npulang_cepat: []\ntanpa_keterangan: 3\n");
        assertThat(run("rules", "import", rules.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("berlaku_mulai: '1 Agustus' is not a date (YYYY-MM-DD)");
        assertThat(run("rules", "show", "--date", "2026-08-31")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Bawaan"); // nothing of the refused files was stored
    }

    @Test
    void the_daily_report_says_who_was_late_and_who_was_absent() {
        assertThat(run("report", "daily", "--date", "2026-08-03")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("Kehadiran 2026-08-03: 2 pegawai")
                .containsPattern("Terlambat\\s+1").containsPattern("Tanpa keterangan\\s+1")
                .contains("Terlambat: Andi Staf (RSUD, TL1)").contains("Tanpa keterangan: Sri Perawat (RSUD, TK)");
    }

    private static Row find(Sheet sheet, String key) {
        for (Row row : sheet) {
            if (row.getCell(1) != null && key.equals(row.getCell(1).getStringCellValue())) {
                return row;
            }
        }
        throw new AssertionError(key + " not in " + sheet.getSheetName());
    }

    private static double value(Row row, List<String> headers, String header) {
        return row.getCell(headers.indexOf(header)).getNumericCellValue();
    }

}
