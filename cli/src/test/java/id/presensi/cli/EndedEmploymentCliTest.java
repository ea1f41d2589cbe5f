package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** After 'staff end': the ended employment shows, and nothing treats the person as staff any more. */
class EndedEmploymentCliTest extends CliTest {
    static final String RETIRED = "196501031991021011";
    static final String COLLEAGUE = "199002282015121002";

    @BeforeEach
    void a_clerk_retired_in_september() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Hasan Pensiun', id FROM unit", RETIRED);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Rina Tetap', id FROM unit", COLLEAGUE);
        });
        ok("staff", "end", RETIRED, "--from", "2026-09-01", "--reason", "pensiun", "--yes");
    }

    @Test
    void show_list_and_unit_counts_say_the_employment_ended() {
        assertThat(printed("staff", "show", RETIRED)).contains("AKTIF      tidak: berhenti sejak 2026-09-01 (PENSIUN)")
                .doesNotContain("AKTIF      ya");
        assertThat(printed("staff", "list")).contains(COLLEAGUE).doesNotContain(RETIRED).contains("1 staff");
        assertThat(printed("staff", "list", "--include-ended")).contains(COLLEAGUE).contains(RETIRED).contains("2026-09-01 PENSIUN");
        assertThat(printed("unit", "list", "--json")).contains("\"staff\" : 1");
        assertThat(printed("unit", "list", "--include-ended", "--json")).contains("\"staff\" : 2");
    }

    @Test
    void no_phone_is_enrolled_or_listed_for_an_ended_employment() throws Exception {
        assertThat(run("device", "enroll", RETIRED)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("stopped working from 2026-09-01 (PENSIUN)");
        assertThat(codes()).isZero();

        Path file = Files.createTempFile("kode", ".csv");
        assertThat(printed("device", "enroll", "--unit", "BAPPEDA", "--out", file.toString()))
                .contains("1 staff whose employment has ended were skipped").contains("1 activation codes");
        assertThat(Files.readString(file)).contains(COLLEAGUE).doesNotContain(RETIRED);
        assertThat(printed("device", "enroll", "--all", "--out", file.toString())).contains("1 staff whose employment has ended were skipped");

        // a phone activated before the retirement's date came, and never revoked
        db.database().jdbi().useHandle(h -> h.execute(
                "INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP Pak Hasan', sha256(nip::bytea) FROM employee WHERE nip = ?", RETIRED));
        assertThat(printed("device", "list")).doesNotContain(RETIRED);
    }

    @Test
    void fingerprint_punches_after_the_end_are_set_aside_and_those_before_are_filed() throws Exception {
        Path export = Files.createTempFile("sidik-jari", ".csv");
        Files.writeString(export, """
                NIP,WAKTU,JENIS,MESIN
                %s,2026-08-31 07:20,MASUK,FP-01
                %s,2026-09-01 07:20,MASUK,FP-01
                %s,2026-09-01 07:25,MASUK,FP-01
                """.formatted(RETIRED, RETIRED, COLLEAGUE));
        assertThat(run("punch", "import", export.toString())).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("inserted 2").contains("row 3, WAKTU");
        long filed = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM checkin c JOIN employee e ON e.id = c.employee_id WHERE e.nip = ? AND c.work_date >= '2026-09-01'")
                .bind(0, RETIRED).mapTo(Long.class).one());
        assertThat(filed).as("no punch of the retired clerk on or after the day the employment ended").isZero();
    }

    @Test
    void a_retired_head_of_unit_is_set_with_a_warning() {
        assertThat(printed("unit", "head", "set", "BAPPEDA", RETIRED)).contains("Head of BAPPEDA set")
                .contains("Warning: Hasan Pensiun's employment ended from 2026-09-01 (PENSIUN)");
        assertThat(printed("unit", "head", "set", "BAPPEDA", COLLEAGUE)).doesNotContain("Warning");
    }

    private String printed(String... args) {
        out.getBuffer().setLength(0);
        ok(args);
        return out.toString();
    }

    private long codes() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM activation_code").mapTo(Long.class).one());
    }
}
