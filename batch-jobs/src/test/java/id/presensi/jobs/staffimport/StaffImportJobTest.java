package id.presensi.jobs.staffimport;

import id.presensi.app.UnitFile;
import id.presensi.imports.Reject;
import id.presensi.imports.RejectsFile;
import id.presensi.store.EmployeeStore;
import id.presensi.store.ImportResult;
import id.presensi.testing.TestDatabase;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaffImportJobTest {

    private static final String HEADER = "NIP,NIK,NAMA,JENIS,KODE_UNIT,JABATAN,POLA_KERJA\n";
    private static final String BUDI = "198503152010011001,6401011503850001,Budi Santoso,PNS,RSUD,Perawat,SHIFT\n";
    private static final String SITI = "199002282015122001,,Siti Aminah,PNS,DINKES,Analis Kebijakan,REGULER\n";
    private static final String RINA = ",6401015503950002,Rina Lestari,PTT,RSUD,Tenaga Kebersihan,SHIFT\n";

    private final TestDatabase db = TestDatabase.get();
    private final StaffImportJob job = new StaffImportJob(db.database());
    private final EmployeeStore staff = new EmployeeStore(db.database().jdbi());

    @TempDir
    Path dir;

    @BeforeEach
    void a_regency_with_two_units() throws IOException {
        db.reset();
        Path units = write("unit.csv", "KODE_UNIT,NAMA_UNIT,KODE_INDUK,ZONA_WAKTU\nDINKES,Dinas Kesehatan,,WITA\nRSUD,RSUD Panglima Sebaya,DINKES,WITA\n");
        new UnitFile(db.database().jdbi()).importFile(units, Optional.empty(), Map.of(), false);
    }

    @Test
    void a_comma_separated_file_is_imported() throws IOException {
        ImportResult result = importFile(write("pegawai.csv", HEADER + BUDI + SITI + RINA));

        assertThat(result.summary().read()).isEqualTo(3);
        assertThat(result.summary().inserted()).isEqualTo(3);
        assertThat(result.summary().rejected()).isZero();
        var budi = staff.find("198503152010011001").orElseThrow();
        assertThat(budi.name()).isEqualTo("Budi Santoso");
        assertThat(budi.unitCode()).isEqualTo("RSUD");
        assertThat(budi.workPattern()).isEqualTo("SHIFT");
        assertThat(staff.find("6401015503950002").orElseThrow().type()).isEqualTo("PTT");
    }

    @Test
    void a_semicolon_file_from_indonesian_excel_with_bom_and_crlf_is_imported() throws IOException {
        String content = "\ufeffnip;Nik;Nama;Jenis;Kode Unit;Jabatan;Pola Kerja\r\n"
                + "'19850315 201001 1 001;6401011503850001;\"Budi; S.Kep\";pns;rsud;\"Perawat Ahli\";shift\r\n"
                + ";;;;;;\r\n"
                + "199002282015122001;;Siti Aminah;PNS;DINKES;;\r\n";
        ImportResult result = importFile(write("pegawai.csv", content));

        assertThat(result.summary().inserted()).isEqualTo(2);
        assertThat(result.summary().rejected()).isZero();
        assertThat(staff.find("198503152010011001").orElseThrow().name()).isEqualTo("Budi; S.Kep");
        assertThat(staff.find("199002282015122001").orElseThrow().workPattern()).isEqualTo("REGULER");
    }

    @Test
    void importing_the_same_file_twice_changes_nothing_the_second_time() throws IOException {
        Path file = write("pegawai.csv", HEADER + BUDI + SITI + RINA);
        importFile(file);
        var before = staff.list(Optional.empty());

        ImportResult again = importFile(file);

        assertThat(again.summary().read()).isEqualTo(3);
        assertThat(again.summary().unchanged()).isEqualTo(3);
        assertThat(again.summary().inserted() + again.summary().updated() + again.summary().rejected()).isZero();
        assertThat(staff.list(Optional.empty())).isEqualTo(before);
    }

    @Test
    void a_changed_row_is_updated_never_duplicated_and_staff_missing_from_the_file_are_left_alone() throws IOException {
        importFile(write("pegawai.csv", HEADER + BUDI + SITI));

        ImportResult result = importFile(write("pegawai2.csv", HEADER + BUDI.replace("RSUD,Perawat", "DINKES,Kepala Ruang")));

        assertThat(result.summary().updated()).isEqualTo(1);
        assertThat(result.summary().inserted()).isZero();
        assertThat(staff.count()).isEqualTo(2);
        var budi = staff.find("198503152010011001").orElseThrow();
        assertThat(budi.unitCode()).isEqualTo("DINKES");
        assertThat(budi.position()).isEqualTo("Kepala Ruang");
        assertThat(staff.find("199002282015122001")).isPresent();
    }

    @Test
    void bad_rows_are_rejected_with_row_field_and_reason_while_good_rows_are_imported() throws IOException {
        String content = HEADER + BUDI
                + "1.98503E+17,,Joko,PNS,RSUD,,\n"                          // row 3
                + "198503152010011002,,Ani,PNS,DINAS-X,,\n"                 // row 4
                + ",,Wati,PTT,RSUD,,\n"                                     // row 5
                + "198503152010011001,,Budi Kembar,PNS,RSUD,,\n"            // row 6: repeated NIP
                + "200012312024211001,,Dodi,PNS,RSUD,,\n"                   // row 7: PPPK NIP said to be PNS
                + "198502302010011003,6401011513850001,  ,HONOR,RSUD,,MALAM\n"; // row 8: many faults
        ImportResult result = importFile(write("pegawai.csv", content));

        assertThat(result.summary().read()).isEqualTo(7);
        assertThat(result.summary().inserted()).isEqualTo(1);
        assertThat(result.summary().rejected()).isEqualTo(6);
        assertThat(result.rejects()).extracting(Reject::rowNumber, Reject::field).contains(
                Tuple.tuple(3, "NIP"), Tuple.tuple(4, "KODE_UNIT"),
                Tuple.tuple(5, "NIK"), Tuple.tuple(6, "NIP"),
                Tuple.tuple(7, "JENIS"), Tuple.tuple(8, "NIP"),
                Tuple.tuple(8, "NIK"), Tuple.tuple(8, "NAMA"),
                Tuple.tuple(8, "JENIS"), Tuple.tuple(8, "POLA_KERJA"));
        assertThat(reason(result, 6)).contains("already appears at row 2");
        assertThat(reason(result, 3)).contains("scientific notation");
        assertThat(staff.count()).isEqualTo(1);
    }

    @Test
    void the_rejects_file_holds_the_original_rows_with_their_row_number_and_reason() throws IOException {
        ImportResult result = importFile(write("pegawai.csv", HEADER + BUDI + "198503152010011002,,Ani,PNS,DINAS-X,Staf,\n"));
        Path rejects = dir.resolve("ditolak.csv");

        RejectsFile.write(rejects, result.header(), result.rejects());

        List<String> lines = Files.readAllLines(rejects, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).as("for Excel with Indonesian settings: a BOM and semicolons")
                .isEqualTo("\ufeffNIP;NIK;NAMA;JENIS;KODE_UNIT;JABATAN;POLA_KERJA;BARIS;ALASAN");
        assertThat(lines.get(1)).as("the NIP kept as text in Excel")
                .startsWith("\"=\"\"198503152010011002\"\"\";;Ani;PNS;DINAS-X;Staf;;3;\"KODE_UNIT: unit DINAS-X does not exist");

        // the operator fixes the unit and imports the rejects file itself
        Files.writeString(rejects, Files.readString(rejects).replace("DINAS-X", "DINKES"));
        ImportResult fixed = importFile(rejects);
        assertThat(fixed.summary().inserted()).isEqualTo(1);
        assertThat(fixed.summary().rejected()).isZero();
    }

    @Test
    void an_xlsx_nip_kept_as_text_is_imported_and_one_kept_as_a_number_is_rejected_with_advice() throws IOException {
        Path file = dir.resolve("pegawai.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = workbook.createSheet("Data Pegawai");
            String[] header = {"NIP", "NIK", "NAMA", "JENIS", "KODE_UNIT", "JABATAN", "POLA_KERJA"};
            var row = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                row.createCell(i).setCellValue(header[i]);
            }
            row = sheet.createRow(1);
            row.createCell(0).setCellValue("198503152010011001");
            row.createCell(2).setCellValue("Budi Santoso");
            row.createCell(3).setCellValue("PNS");
            row.createCell(4).setCellValue("RSUD");
            row = sheet.createRow(2);
            row.createCell(0).setCellValue(199002282015122001d); // typed as a number: Excel keeps 15 digits
            row.createCell(2).setCellValue("Siti Aminah");
            row.createCell(3).setCellValue("PNS");
            row.createCell(4).setCellValue("DINKES");
            workbook.write(out);
        }

        ImportResult result = job.run(file, Optional.of("Data Pegawai"), Map.of(), false, StaffImportRequest.ImportProgress.NONE);

        assertThat(result.summary().inserted()).isEqualTo(1);
        assertThat(result.summary().rejected()).isEqualTo(1);
        assertThat(result.rejects().get(0).rowNumber()).isEqualTo(3);
        assertThat(result.rejects().get(0).reason()).contains("as a number").contains("format the NIP column as Text");
        assertThat(staff.find("198503152010011001")).isPresent();
    }

    @Test
    void map_renames_the_columns_of_another_layout() throws IOException {
        Path file = write("simpeg.csv", "NIP BARU,NAMA LENGKAP,STATUS,UNIT KERJA\n198503152010011001,Budi Santoso,PNS,RSUD\n");

        ImportResult result = job.run(file, Optional.empty(),
                Map.of("NIP BARU", "NIP", "NAMA LENGKAP", "NAMA", "STATUS", "JENIS", "UNIT KERJA", "KODE_UNIT"),
                false, StaffImportRequest.ImportProgress.NONE);

        assertThat(result.summary().inserted()).isEqualTo(1);
        assertThat(staff.find("198503152010011001").orElseThrow().name()).isEqualTo("Budi Santoso");
    }

    @Test
    void titles_in_their_own_columns_as_siasn_exports_them_are_kept_with_the_name() throws IOException {
        Path file = write("siasn.csv", "nipBaru,nama,gelarDepan,gelarBelakang,JENIS,KODE_UNIT\n"
                + "198503152010011001,Rina Wati,dr.,\"Sp.PD., M.Kes.\",PNS,RSUD\n");

        ImportResult result = job.run(file, Optional.empty(), Map.of("nipBaru", "NIP"), false, StaffImportRequest.ImportProgress.NONE);

        assertThat(result.summary().inserted()).isEqualTo(1);
        assertThat(staff.find("198503152010011001").orElseThrow().name()).isEqualTo("dr. Rina Wati, Sp.PD., M.Kes.");
    }

    @Test
    void a_dry_run_reports_what_would_change_and_changes_nothing() throws IOException {
        ImportResult result = job.run(write("pegawai.csv", HEADER + BUDI + SITI), Optional.empty(), Map.of(), true,
                StaffImportRequest.ImportProgress.NONE);

        assertThat(result.summary().inserted()).isEqualTo(2);
        assertThat(staff.count()).isZero();
    }

    @Test
    void a_nik_that_belongs_to_someone_else_is_rejected_at_merge() throws IOException {
        importFile(write("pegawai.csv", HEADER + BUDI));

        ImportResult result = importFile(write("baru.csv", HEADER + RINA.replace("6401015503950002", "6401011503850001")));

        assertThat(result.summary().rejected()).isEqualTo(1);
        assertThat(result.rejects().get(0).field()).isEqualTo("NIK");
        assertThat(result.rejects().get(0).reason()).contains("already belongs to Budi Santoso");
        assertThat(result.rejects().get(0).sourceRow()).contains("Rina Lestari");
        assertThat(staff.count()).isEqualTo(1);
    }

    @Test
    void a_file_without_a_required_column_fails_whole_and_writes_no_staff() throws IOException {
        Path file = write("pegawai.csv", "NIP,NAMA,KODE_UNIT\n198503152010011001,Budi,RSUD\n");

        assertThatThrownBy(() -> importFile(file))
                .isInstanceOf(StaffImportJob.ImportFailedException.class)
                .hasMessageContaining("missing column(s) [JENIS]");
        assertThat(staff.count()).isZero();
        String status = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM import_run ORDER BY id DESC LIMIT 1").mapTo(String.class).one());
        assertThat(status).isEqualTo("FAILED");
        long stagingTables = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'import_stage'").mapTo(Long.class).one());
        assertThat(stagingTables).isZero();
    }

    private ImportResult importFile(Path file) throws IOException {
        return job.run(file, Optional.empty(), Map.of(), false, StaffImportRequest.ImportProgress.NONE);
    }

    private static String reason(ImportResult result, int row) {
        return result.rejects().stream().filter(r -> r.rowNumber() == row).findFirst().orElseThrow().reason();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
