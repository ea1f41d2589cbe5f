package id.presensi.store;

import id.presensi.app.RulesImports;
import id.presensi.imports.ImportSource;
import id.presensi.imports.Reject;
import id.presensi.rules.DayPlan;
import id.presensi.rules.RuleResolver;
import id.presensi.testing.TestDatabase;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class RulesImportsTest {

    static final String NURSE = "198503152010012001";
    static final String CLERK = "199002282015121002";

    private final TestDatabase db = TestDatabase.get();
    private final RulesImports imports = new RulesImports(db.database().jdbi(), new Audit("budi.bkpsdm", "test"));

    @TempDir
    Path dir;

    @BeforeEach
    void a_hospital_with_a_nurse_and_a_clerk() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'RSUD', 'RSUD Panglima Sebaya', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', id, 'SHIFT' FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'RSUD'", CLERK);
        });
    }

    @Test
    void locations_with_decimal_commas_are_imported_bad_ones_rejected_and_a_reimport_changes_nothing() throws IOException {
        Path file = write("lokasi.csv", """
                KODE_UNIT;NAMA_LOKASI;LINTANG;BUJUR;RADIUS_M
                RSUD;Gedung Utama;-1,9105;116,1890;150
                RSUD;Parkir;-91;116,19;50
                NOWHERE;Kantor;-1,9;116,2;100
                DINKES;Kantor Dinas;-1.9086;116.1978;0
                """);

        ImportResult first = imports.locations(source(file));
        ImportResult again = imports.locations(source(file));

        assertThat(first.summary().inserted()).isEqualTo(1);
        assertThat(first.rejects()).extracting(Reject::rowNumber, Reject::field)
                .containsExactly(tuple(3, "LINTANG"), tuple(4, "KODE_UNIT"), tuple(5, "RADIUS_M"));
        assertThat(again.summary().unchanged()).isEqualTo(1);
        assertThat(again.summary().inserted() + again.summary().updated()).isZero();
        assertThat(new LocationStore(db.database().jdbi()).list(Optional.of("RSUD")))
                .singleElement().satisfies(l -> assertThat(l.latitude()).isEqualTo(-1.9105));
        assertThat(new AuditStore(db.database().jdbi()).list(Optional.empty(), 10)).singleElement()
                .satisfies(e -> assertThat(e.operator()).isEqualTo("budi.bkpsdm"))
                .satisfies(e -> assertThat(e.before()).isNull())
                .satisfies(e -> assertThat(e.after()).contains("Gedung Utama"));
    }

    @Test
    void holidays_accept_indonesian_date_formats_and_list_by_year() throws IOException {
        ImportResult result = imports.holidays(source(write("libur.csv", """
                TANGGAL,KETERANGAN,JENIS
                2026-08-17,Hari Kemerdekaan RI,LIBUR_NASIONAL
                20/03/2026,Idul Fitri 1447 H,LIBUR_NASIONAL
                23-03-2026,Cuti Bersama Idul Fitri,cuti bersama
                2026-02-30,Tanggal salah,LIBUR_NASIONAL
                2026-12-25,Natal,LIBUR
                """)));

        assertThat(result.summary().inserted()).isEqualTo(3);
        assertThat(result.rejects()).extracting(Reject::rowNumber, Reject::field).containsExactly(tuple(5, "TANGGAL"), tuple(6, "JENIS"));
        assertThat(new CalendarStore(db.database().jdbi()).list(2026)).extracting(h -> h.day().toString())
                .containsExactly("2026-03-20", "2026-03-23", "2026-08-17");
    }

    @Test
    void schedules_build_up_from_rows_and_an_overlapping_regular_schedule_is_refused_by_name() throws IOException {
        String header = String.join(",", RulesImports.SCHEDULE_FIELDS) + "\n";
        ImportResult result = imports.schedules(source(write("jadwal.csv", header + """
                Perbup 2025,,REGULER,2025-01-01,,SENIN-KAMIS,07:00,08:00,07:30,0,16:00,0,16:00,18:00
                Perbup 2025,,REGULER,2025-01-01,,JUMAT,07:00,08:00,07:30,0,16:30,0,16:30,18:00
                Ramadan 1447,,KHUSUS,2026-02-18,2026-03-19,SENIN-KAMIS,07.30,08.30,08.00,0,15.00,0,15.00,17.00
                Perbup Baru,,REGULER,2026-01-01,,SENIN-JUMAT,07:00,08:00,07:30,0,16:00,0,16:00,18:00
                Terbalik,RSUD,REGULER,2025-01-01,,SENIN,08:00,07:00,07:30,0,16:00,0,16:00,18:00
                """)));

        // Perbup 2025's Friday row adds days to a schedule new in this file: inserted too, not "updated"
        assertThat(result.summary().inserted()).isEqualTo(3);
        assertThat(result.summary().updated()).isZero();
        assertThat(result.rejects()).extracting(Reject::rowNumber).containsExactly(5, 6);
        assertThat(result.rejects().get(0).reason()).contains("overlaps schedule Perbup 2025 (valid 2025-01-01 .. (open))");
        assertThat(result.rejects().get(1).reason()).contains("check-in must open (08:00) before it closes (07:00)");
        var schedules = new ScheduleStore(db.database().jdbi()).list();
        assertThat(schedules).extracting(s -> s.name()).containsExactlyInAnyOrder("Perbup 2025", "Ramadan 1447");
        assertThat(schedules.stream().filter(s -> s.name().equals("Perbup 2025")).findFirst().orElseThrow().days()).hasSize(5);
    }

    @Test
    void a_matrix_roster_with_a_night_shift_on_the_last_day_of_the_month_counts_it_for_that_day() throws IOException {
        shifts();
        Path file = dir.resolve("roster.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = workbook.createSheet("Agustus");
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("NIP");
            header.createCell(1).setCellValue("NAMA");
            for (int d = 1; d <= 31; d++) {
                header.createCell(d + 1).setCellValue(d); // Excel keeps the day headers as numbers
            }
            var nurse = sheet.createRow(1);
            nurse.createCell(0).setCellValue(NURSE);
            nurse.createCell(1).setCellValue("Sri Perawat");
            String[] codes = {"P", "P", "S", "S", "M", "M", "L"};
            for (int d = 1; d <= 31; d++) {
                nurse.createCell(d + 1).setCellValue(codes[(d - 1) % 7]);
            }
            nurse.getCell(32).setCellValue("M"); // the 31st
            var clerk = sheet.createRow(2);
            clerk.createCell(0).setCellValue(CLERK);
            clerk.createCell(2).setCellValue("P");
            workbook.write(out);
        }

        ImportResult result = imports.roster(new ImportSource(file, Optional.empty(), Map.of(), false),
                Optional.of(YearMonth.of(2026, 8)));

        assertThat(result.summary().inserted()).isEqualTo(1);
        assertThat(result.rejects()).singleElement().satisfies(r -> {
            assertThat(r.rowNumber()).isEqualTo(3);
            assertThat(r.reason()).contains("works REGULER hours");
        });
        var situation = db.database().jdbi().withHandle(h -> RuleResolver.at(
                RulesLoader.load(h, Lookups.employee(h, NURSE), LocalDate.of(2026, 8, 31), LocalDate.of(2026, 9, 1)).rules(),
                LocalDateTime.of(2026, 9, 1, 6, 30)));
        assertThat(situation.plan().date()).isEqualTo(LocalDate.of(2026, 8, 31));
        assertThat(situation.plan().expected().orElseThrow().shiftCode()).contains("M");
        assertThat(situation.open()).isEqualTo(RuleResolver.OpenWindow.CHECK_IN_AND_OUT);
        assertThat(new RosterStore(db.database().jdbi()).list(Optional.of("RSUD"), LocalDate.of(2026, 8, 1),
                LocalDate.of(2026, 8, 31))).hasSize(31);
    }

    @Test
    void a_long_roster_refuses_unknown_codes_and_days_beyond_the_month_in_a_matrix() throws IOException {
        shifts();
        ImportResult long_ = imports.roster(source(write("roster.csv", """
                NIP,TANGGAL,KODE_SHIFT
                %s,2026-09-01,M
                %s,2026-09-02,OFF
                %s,2026-09-03,X
                """.formatted(NURSE, NURSE, NURSE))), Optional.empty());
        StringBuilder matrix = new StringBuilder("NIP");
        for (int d = 1; d <= 31; d++) {
            matrix.append(',').append(d);
        }
        matrix.append('\n').append(NURSE).append(",P").append(",".repeat(28)).append(",M\n"); // February has no 30th
        ImportResult february = imports.roster(source(write("februari.csv", matrix.toString())), Optional.of(YearMonth.of(2026, 2)));

        assertThat(long_.summary().inserted()).isEqualTo(2);
        assertThat(long_.rejects()).singleElement().satisfies(r -> assertThat(r.reason()).contains("shift X is not defined for unit RSUD"));
        assertThat(february.rejects()).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("30");
            assertThat(r.reason()).contains("2026-02 has only 28 days");
        });
        assertThat(february.summary().inserted()).isZero(); // the whole row is refused, day 1 included
    }

    @Test
    void overlapping_leave_is_refused_and_a_reimport_changes_nothing() throws IOException {
        Path file = write("cuti.csv", """
                NIP,TANGGAL_MULAI,TANGGAL_SELESAI,JENIS_CUTI,NOMOR_SURAT
                %s,2026-09-07,2026-09-11,CT,800/123/BKPSDM
                %s,2026-09-10,2026-09-12,S,
                %s,2026-09-20,2026-09-18,I,
                %s,2026-10-01,2026-10-01,LIBURAN,
                """.formatted(CLERK, CLERK, CLERK, CLERK));

        ImportResult first = imports.leave(source(file));
        ImportResult again = imports.leave(source(file));

        assertThat(first.summary().inserted()).isEqualTo(1);
        assertThat(first.rejects()).extracting(Reject::rowNumber, Reject::field)
                .containsExactly(tuple(3, "TANGGAL_MULAI"), tuple(4, "TANGGAL_SELESAI"), tuple(5, "JENIS_CUTI"));
        assertThat(first.rejects().get(0).reason()).as("the refusal names the leave it overlaps")
                .contains("overlaps CT (cuti tahunan) 2026-09-07 .. 2026-09-11, 800/123/BKPSDM already recorded for " + CLERK);
        assertThat(again.summary().unchanged()).isEqualTo(1);
        DayPlan plan = db.database().jdbi().withHandle(h -> RuleResolver.plan(
                RulesLoader.load(h, Lookups.employee(h, CLERK), LocalDate.of(2026, 9, 8), LocalDate.of(2026, 9, 8)).rules(), LocalDate.of(2026, 9, 8)));
        assertThat(plan.leave()).isPresent();
    }

    @Test
    void everyones_rules_carry_their_own_leave_and_nobody_elses() throws IOException {
        ImportResult result = imports.leave(source(write("cuti.csv", """
                NIP,TANGGAL_MULAI,TANGGAL_SELESAI,JENIS_CUTI,NOMOR_SURAT
                %s,2026-09-07,2026-09-08,CT,800/1/BKPSDM
                %s,2026-09-10,2026-09-10,S,
                %s,2026-09-09,2026-09-09,I,
                %s,2026-09-20,2026-09-21,CT,
                """.formatted(CLERK, CLERK, NURSE, NURSE))));
        assertThat(result.summary().inserted()).isEqualTo(4);

        Map<Long, RulesLoader.Loaded> all = db.database().jdbi().withHandle(h -> RulesLoader.loadAll(h, LocalDate.of(2026, 9, 8), LocalDate.of(2026, 9, 10)));

        var clerk = all.values().stream().filter(l -> l.key().equals(CLERK)).findFirst().orElseThrow().rules();
        var nurse = all.values().stream().filter(l -> l.key().equals(NURSE)).findFirst().orElseThrow().rules();
        assertThat(RuleResolver.plan(clerk, LocalDate.of(2026, 9, 8)).leave()).isPresent();
        assertThat(RuleResolver.plan(clerk, LocalDate.of(2026, 9, 9)).leave()).as("the nurse's izin is not the clerk's").isEmpty();
        assertThat(RuleResolver.plan(clerk, LocalDate.of(2026, 9, 10)).leave()).isPresent();
        assertThat(RuleResolver.plan(nurse, LocalDate.of(2026, 9, 9)).leave()).isPresent();
        assertThat(RuleResolver.plan(nurse, LocalDate.of(2026, 9, 10)).leave()).isEmpty();
    }

    private void shifts() throws IOException {
        ImportResult result = imports.shifts(source(write("shift.csv", """
                KODE_UNIT,KODE_SHIFT,NAMA_SHIFT,JAM_MULAI,JAM_SELESAI,BUKA_SEBELUM_MENIT,TOLERANSI_TERLAMBAT,TUTUP_SETELAH_MENIT
                RSUD,P,Pagi,07:00,14:00,60,15,120
                RSUD,S,Siang,14:00,21:00,60,15,120
                RSUD,M,Malam,21:00,07:00,60,15,120
                RSUD,L,Libur,00:00,23:59,,,
                """)));
        assertThat(result.summary().inserted()).isEqualTo(3);
        assertThat(result.rejects()).singleElement().satisfies(r -> assertThat(r.field()).isEqualTo("KODE_SHIFT"));
    }

    private ImportSource source(Path file) {
        return new ImportSource(file, Optional.empty(), Map.of(), false);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
