package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Fingerprint punches in, reconcile, and the records out, through the real command line. */
class AttendanceCliTest extends CliTest {
    static final String CLERK = "199002282015121002";
    static final String NURSE = "198503152010012001";

    @BeforeEach
    void an_office_and_a_hospital() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('RSUD', 'RSUD')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'BKPSDM'", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', id, 'SHIFT' FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("INSERT INTO shift_type (unit_id, code, name, start_time, end_time, late_grace_min) SELECT id, 'M', 'Malam', '21:00', '07:00', 15 FROM unit WHERE code = 'RSUD'");
            h.execute("INSERT INTO roster SELECT e.id, '2026-08-31', s.id FROM employee e, shift_type s WHERE e.nip = ?", NURSE);
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
    }

    @Test
    void fingerprint_punches_are_imported_once_and_reconciled_into_records() throws IOException {
        Path export = Files.createTempFile("sidik-jari", ".csv");
        Files.writeString(export, """
                NIP,WAKTU,JENIS,MESIN
                %s,2026-08-31 07:42:10,MASUK,FP-01
                %s,2026-08-31 16:05,,FP-01
                %s,2026-08-31 20:58,IN,FP-RSUD
                %s,2026-09-01 07:03,OUT,FP-RSUD
                %s,2026-08-31 25:00,,FP-01
                """.formatted(CLERK, CLERK, NURSE, NURSE, CLERK));

        assertThat(run("punch", "import", export.toString())).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("inserted 4").contains("row 6, WAKTU");
        out.getBuffer().setLength(0);
        assertThat(run("punch", "import", export.toString(), "--json")).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("\"inserted\":0").contains("\"unchanged\":4");

        out.getBuffer().setLength(0);
        assertThat(run("checkin", "list", "--date", "2026-08-31", "--unit", "RSUD")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Sri Perawat").contains("Sidik jari, mesin FP-RSUD").contains("1 attempt\n").doesNotContain("1 attempts");

        out.getBuffer().setLength(0);
        assertThat(run("reconcile", "--date", "2026-08-31")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("2 employees, 2 records").contains("TL1");

        out.getBuffer().setLength(0);
        assertThat(run("attendance", "list", "--from", "2026-08-31", "--to", "2026-08-31", "--csv")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .as("for Excel with Indonesian settings: semicolons, and the NIP kept as text")
                .contains(excelText(CLERK) + ";Andi Staf;BKPSDM;2026-08-31;TL1;2026-08-31T07:42:10;2026-08-31T16:05;13;0;FINGERPRINT")
                .contains(excelText(NURSE) + ";Sri Perawat;RSUD;2026-08-31;H;2026-08-31T20:58;2026-09-01T07:03;0;0;FINGERPRINT");
    }

    /** A NIP as our CSV writes it: the formula ="..." Excel shows as text, quoted as a CSV field. */
    private static String excelText(String digits) {
        return "\"=\"\"" + digits + "\"\"\"";
    }

    @Test
    void reconcile_needs_a_date_or_a_range() {
        assertThat(run("reconcile")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("reconcile", "--from", "2026-09-10", "--to", "2026-09-01")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("--to (2026-09-01) is before --from (2026-09-10)");
    }

}
