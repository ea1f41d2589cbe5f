package id.presensi.jobs.staffimport;

import id.presensi.app.UnitFile;
import id.presensi.staff.StaffLayout;
import id.presensi.store.EmployeeStore;
import id.presensi.store.ImportResult;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staff files as regency offices really have them: other encodings, other layouts, units by name, partial exports. */
class StaffFilesAsTheyComeTest {
    static final String NURSE = "198503152010011001";
    static final String CLERK = "199002282015122001";

    private final TestDatabase db = TestDatabase.get();
    private final StaffImportJob job = new StaffImportJob(db.database());
    private final EmployeeStore staff = new EmployeeStore(db.database().jdbi());

    @TempDir
    Path dir;

    @BeforeEach
    void a_hospital_with_an_emergency_ward() throws IOException {
        db.reset();
        Path units = dir.resolve("unit.csv");
        Files.writeString(units, """
                KODE_UNIT,NAMA_UNIT,KODE_INDUK,ZONA_WAKTU
                DINKES,Dinas Kesehatan,,WITA
                RSUD,RSUD Panglima Sebaya,DINKES,WITA
                RSUD-IGD,Instalasi Gawat Darurat,RSUD,WITA
                PKM-1,Puskesmas Kuaro,DINKES,WITA
                PKM-2,Puskesmas Kuaro,DINKES,WITA
                """);
        new UnitFile(db.database().jdbi()).importFile(units, Optional.empty(), Map.of(), false);
    }

    @Test
    void a_personnel_export_without_pola_kerja_leaves_shift_workers_on_shifts() throws IOException {
        importText("pegawai.csv", "NIP,NAMA,JENIS,KODE_UNIT,POLA_KERJA\n" + NURSE + ",Budi Santoso,PNS,RSUD,SHIFT\n", StandardCharsets.UTF_8);

        ImportResult again = importText("ekspor.csv", "NIP,NAMA,JENIS,KODE_UNIT,JABATAN\n" + NURSE + ",Budi Santoso,PNS,RSUD,Perawat\n",
                StandardCharsets.UTF_8);

        assertThat(again.summary().updated()).as("the position is new").isEqualTo(1);
        assertThat(staff.find(NURSE).orElseThrow().workPattern()).isEqualTo("SHIFT");
        assertThat(staff.find(NURSE).orElseThrow().position()).isEqualTo("Perawat");
    }

    @Test
    void a_dry_run_lists_the_changes_field_by_field() throws IOException {
        importText("pegawai.csv", "NIP,NAMA,JENIS,KODE_UNIT,POLA_KERJA\n" + NURSE + ",Budi Santoso,PNS,RSUD,SHIFT\n", StandardCharsets.UTF_8);
        Path file = dir.resolve("mutasi.csv");
        Files.writeString(file, "NIP,NAMA,JENIS,KODE_UNIT,POLA_KERJA\n" + NURSE + ",Budi Santoso,PNS,DINKES,REGULER\n");

        ImportResult dry = job.run(file, Optional.empty(), Map.of(), true, StaffImportRequest.ImportProgress.NONE);

        assertThat(dry.wouldChange()).containsExactly("row 2, " + NURSE + ": KODE_UNIT 'RSUD' -> 'DINKES'",
                "row 2, " + NURSE + ": POLA_KERJA 'SHIFT' -> 'REGULER'");
        assertThat(staff.find(NURSE).orElseThrow().unitCode()).as("a dry run changes nothing").isEqualTo("RSUD");
    }

    @Test
    void units_are_found_by_their_name_and_a_shared_name_is_refused_naming_both() throws IOException {
        ImportResult result = importText("pegawai.csv", """
                NIP Baru,Nama Pegawai,Status Pegawai,Unit Kerja
                %s,Budi Santoso,PNS,INSTALASI  GAWAT DARURAT
                %s,Siti Aminah,PNS,Puskesmas Kuaro
                """.formatted(NURSE, CLERK), StandardCharsets.UTF_8);

        assertThat(staff.find(NURSE).orElseThrow().unitCode()).isEqualTo("RSUD-IGD");
        assertThat(result.rejects()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("KODE_UNIT");
            assertThat(r.reason()).contains("is the name of 2 units").contains("PKM-1").contains("PKM-2");
        });
    }

    @Test
    void a_windows_1252_file_from_excel_is_read_as_such_and_said_so() throws IOException {
        ImportResult result = importText("pegawai.csv", "NIP;NAMA;JENIS;KODE_UNIT\n" + NURSE + ";André Müller Siregar;PNS;RSUD\n",
                Charset.forName("windows-1252"));

        assertThat(staff.find(NURSE).orElseThrow().name()).isEqualTo("André Müller Siregar");
        assertThat(result.readAs()).contains("Windows-1252");
    }

    @Test
    void utf8_with_and_without_a_byte_order_mark_reads_the_same_names() throws IOException {
        importText("bom.csv", "\ufeffNIP,NAMA,JENIS,KODE_UNIT\n" + NURSE + ",Ni Luh Putu Ayu Śrī,PNS,RSUD\n", StandardCharsets.UTF_8);
        ImportResult plain = importText("plain.csv", "NIP,NAMA,JENIS,KODE_UNIT\n" + CLERK + ",Siti Ba'diah Ülker,PNS,RSUD\n",
                StandardCharsets.UTF_8);

        assertThat(staff.find(NURSE).orElseThrow().name()).isEqualTo("Ni Luh Putu Ayu Śrī");
        assertThat(staff.find(CLERK).orElseThrow().name()).isEqualTo("Siti Ba'diah Ülker");
        assertThat(plain.readAs()).isEmpty();
    }

    @Test
    void excel_unicode_text_utf16_tab_separated_reads_like_any_csv() throws IOException {
        ImportResult result = importText("pegawai.txt", "\ufeffNIP\tNAMA\tJENIS\tKODE_UNIT\n" + NURSE + "\tAndré Müller\tPNS\tRSUD\n",
                StandardCharsets.UTF_16LE);

        assertThat(result.summary().inserted()).isEqualTo(1);
        assertThat(staff.find(NURSE).orElseThrow().name()).isEqualTo("André Müller");
        assertThat(result.readAs()).hasValueSatisfying(r -> assertThat(r).startsWith("UTF-16LE"));
    }

    @Test
    void files_that_are_no_table_are_refused_in_one_line_naming_what_they_are() throws IOException {
        assertRefused(write("binary.csv", new byte[] {0x01, 0x02, 0x00, 0x7F, (byte) 0x9B, 0x1B, 0x00, 0x05, 0x06, 0x07}), "binary data");
        assertRefused(write("laporan.csv", "%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1)), "a PDF document");
        assertRefused(write("arsip.xlsx", zip("data.csv", "NIP,NAMA")), "a zip archive");
        assertRefused(write("kosong.csv", new byte[0]), "the file is empty");
        assertRefused(write("judul.csv", "NIP,NAMA,JENIS,KODE_UNIT\n".getBytes(StandardCharsets.UTF_8)), "no rows below the header");
        assertThat(staff.count()).isZero();
    }

    @Test
    void the_siasn_preset_reads_siasn_field_names_with_gelar_and_the_unit_by_name() throws IOException {
        Path file = dir.resolve("siasn.csv");
        Files.writeString(file, """
                nipBaru,nama,gelarDepan,gelarBelakang,nik,jenisPegawaiNama,jabatanNama,unorNama,tglLahir
                19850315 201001 1 001,Rina Wati,dr.,"Sp.PD., M.Kes.",6401015503850001,PNS Daerah,Dokter Ahli Madya,Instalasi Gawat Darurat,15-03-1985
                """);

        ImportResult result = job.run(file, Optional.empty(), StaffLayout.SIASN.renames(Map.of()), false, StaffImportRequest.ImportProgress.NONE);

        assertThat(result.rejects()).isEmpty();
        var rina = staff.find(NURSE).orElseThrow();
        assertThat(rina.name()).isEqualTo("dr. Rina Wati, Sp.PD., M.Kes.");
        assertThat(rina.unitCode()).isEqualTo("RSUD-IGD");
        assertThat(rina.type()).isEqualTo("PNS");
        assertThat(rina.position()).isEqualTo("Dokter Ahli Madya");
    }

    private void assertRefused(Path file, String what) {
        assertThatThrownBy(() -> job.run(file, Optional.empty(), Map.of(), false, StaffImportRequest.ImportProgress.NONE))
                .hasMessageContaining(what).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000").doesNotContain("\u001b"));
    }

    private ImportResult importText(String name, String content, Charset charset) throws IOException {
        return job.run(write(name, content.getBytes(charset)), Optional.empty(), Map.of(), false, StaffImportRequest.ImportProgress.NONE);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] zip(String entry, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
