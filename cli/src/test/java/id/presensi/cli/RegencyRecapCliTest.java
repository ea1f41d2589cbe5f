package id.presensi.cli;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Another regency than the demo's: its own name, city and heads of units on the recap, read back from the XLSX. */
class RegencyRecapCliTest extends CliTest {
    static final String DIRECTOR = "197204152000032001";
    static final String NURSE = "199002282015121002";

    @BeforeEach
    void kutai_barat() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('RSUD', 'RSUD Harapan Insani'), ('DISDIK', 'Dinas Pendidikan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'dr. Rina Wati, Sp.PD., M.Kes.', id FROM unit WHERE code = 'RSUD'", DIRECTOR);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Ns. Budi Santoso, S.Kep.', id FROM unit WHERE code = 'RSUD'", NURSE);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }

    @Test
    void the_recap_carries_the_regency_its_city_and_the_head_of_the_unit() throws Exception {
        assertThat(cli.run("config", "set", "regency", "Kabupaten Kutai Barat")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("config", "set", "city", "Sendawar")).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("unit", "head", "set", "RSUD", DIRECTOR, "--title", "Direktur RSUD Harapan Insani")).as(err.toString()).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(cli.run("config", "show")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Kabupaten Kutai Barat").contains("Sendawar");
        assertThat(cli.run("reconcile", "--from", "2026-09-01", "--to", "2026-09-30")).isEqualTo(ExitCodes.OK);

        Path file = Files.createTempFile("rekap", ".xlsx");
        assertThat(cli.run("report", "monthly", "--month", "2026-09", "--unit", "RSUD", "--out", file.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        List<String> texts = texts(file, "Rekap RSUD");
        assertThat(texts).anyMatch(t -> t.contains("KABUPATEN KUTAI BARAT")).noneMatch(t -> t.toUpperCase().contains("PASER"));
        assertThat(texts(file, "Ringkasan RSUD")).as("the whole month is reconciled and over").noneMatch(t -> t.startsWith("BELUM FINAL"));
        Path october = Files.createTempFile("rekap", ".xlsx");
        assertThat(cli.run("report", "monthly", "--month", "2026-10", "--unit", "RSUD", "--out", october.toString())).isEqualTo(ExitCodes.OK);
        assertThat(texts(october, "Ringkasan RSUD")).as("October is not reconciled at all")
                .anyMatch(t -> t.startsWith("BELUM FINAL: 31 hari belum direkonsiliasi"));
        assertThat(texts).contains("Sendawar, ........................ 2026", "Direktur RSUD Harapan Insani", "dr. Rina Wati, Sp.PD., M.Kes.",
                "NIP " + DIRECTOR, "Ns. Budi Santoso, S.Kep.");
    }

    @Test
    void a_unit_without_a_head_leaves_the_lines_to_fill_in_and_an_unset_regency_says_so() throws Exception {
        assertThat(cli.run("reconcile", "--from", "2026-09-01", "--to", "2026-09-30")).isEqualTo(ExitCodes.OK);
        Path file = Files.createTempFile("rekap", ".xlsx");
        assertThat(cli.run("report", "monthly", "--month", "2026-09", "--unit", "DISDIK", "--out", file.toString())).isEqualTo(ExitCodes.OK);
        List<String> texts = texts(file, "Rekap DISDIK");
        assertThat(texts).contains("Kepala Dinas Pendidikan", "(........................................)")
                .anyMatch(t -> t.contains("BELUM DIATUR"));
        assertThat(cli.run("config", "set", "province", "Kalimantan Timur")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("unknown setting 'province'");
    }

    /** Every text cell of a sheet, as printed. */
    private static List<String> texts(Path file, String sheet) throws IOException {
        List<String> texts = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            for (Row row : workbook.getSheet(sheet)) {
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.STRING) {
                        texts.add(cell.getStringCellValue());
                    }
                }
            }
        }
        return texts;
    }
}
