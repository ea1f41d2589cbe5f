package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A retiring clerk: no TK after the date, the past kept, out of the next recaps; through the real commands. */
class StaffEndCliTest extends CliTest {
    static final String RETIRING = "196501031991021011";
    static final String COLLEAGUE = "199002282015121002";

    @BeforeEach
    void an_office_of_two() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Hasan Pensiun', id FROM unit", RETIRING);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Rina Tetap', id FROM unit", COLLEAGUE);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }

    @Test
    void an_ended_employment_expects_no_work_from_its_date_and_keeps_the_days_before() throws Exception {
        assertThat(cli.run("reconcile", "--from", "2026-09-07", "--to", "2026-09-11")).isEqualTo(ExitCodes.OK);
        assertThat(records(RETIRING)).isEqualTo(5);

        out.getBuffer().setLength(0);
        assertThat(cli.run("staff", "end", RETIRING, "--from", "2026-09-10", "--reason", "pensiun", "--yes")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Hasan Pensiun").contains("ends from 2026-09-10 (PENSIUN)").contains("2 attendance record(s) from that date dropped");

        assertThat(cli.run("reconcile", "--from", "2026-09-07", "--to", "2026-09-18")).isEqualTo(ExitCodes.OK);
        assertThat(records(RETIRING)).as("Monday to Wednesday stay; nothing from Thursday").isEqualTo(3);
        assertThat(records(COLLEAGUE)).as("twelve days, the weekend included").isEqualTo(12);

        Path september = Files.createTempFile("rekap", ".csv");
        out.getBuffer().setLength(0);
        assertThat(cli.run("report", "monthly", "--month", "2026-09", "--out", september.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as("only the 7th to the 18th are reconciled").contains("Not final: 18 of the month's 30 days have no records yet");
        List<String> lines = Files.readAllLines(september);
        String retiring = lines.stream().filter(l -> l.contains(RETIRING)).findFirst().orElseThrow();
        assertThat(retiring.split(";")[5]).as("JHK from the calendar: 1-9 September, seven weekdays before the retirement, though "
                + "only the 7th to the 9th are reconciled").isEqualTo("7");
        assertThat(retiring).as("three TK, on the reconciled days only").contains(";3;");
        out.getBuffer().setLength(0);
        assertThat(cli.run("policy", "explain", RETIRING, "--at", "2026-09-14 07:15")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("masa kerja berakhir sejak 2026-09-10");

        assertThat(cli.run("reconcile", "--from", "2026-10-05", "--to", "2026-10-09")).isEqualTo(ExitCodes.OK);
        Path october = Files.createTempFile("rekap", ".csv");
        assertThat(cli.run("report", "monthly", "--month", "2026-10", "--out", october.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(october)).contains(COLLEAGUE).doesNotContain(RETIRING);

        out.getBuffer().setLength(0);
        assertThat(cli.run("audit", "list", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("staff end").contains("PENSIUN");
    }

    @Test
    void a_wrong_reason_or_an_unknown_employee_is_a_clear_error_and_changes_nothing() {
        assertThat(cli.run("staff", "end", RETIRING, "--from", "2026-09-10", "--reason", "LIBURAN")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("--reason must be one of").contains("PENSIUN");
        assertThat(cli.run("staff", "end", "199912312020121001", "--from", "2026-09-10", "--reason", "MUTASI")).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.run("staff", "end", RETIRING, "--from", "2026-02-30", "--reason", "MUTASI")).as("a date option that is no date")
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("not a real date");
        assertThat(db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM employee WHERE ended_from IS NOT NULL")
                .mapTo(Long.class).one()).longValue()).isZero();
    }

    @Test
    void a_complete_file_for_a_unit_ends_whoever_is_missing_after_listing_them() throws Exception {
        Path file = Files.createTempFile("pegawai", ".csv");
        Files.writeString(file, "NIP,NAMA,JENIS,KODE_UNIT\n" + COLLEAGUE + ",Rina Tetap,PNS,BAPPEDA\n");

        out.getBuffer().setLength(0);
        assertThat(cli.run("staff", "import", file.toString(), "--end-missing", "--unit", "BAPPEDA", "--from", "2026-10-01", "--dry-run"))
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("1 staff of BAPPEDA (and its sub-units) are not in the file and would end from 2026-10-01")
                .contains(RETIRING + "  Hasan Pensiun");
        assertThat(ended()).isZero();

        assertThat(cli.run("staff", "import", file.toString(), "--end-missing", "--unit", "BAPPEDA", "--from", "2026-10-01"))
                .as("no terminal to ask on").isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("add --yes");
        assertThat(ended()).isZero();

        out.getBuffer().setLength(0);
        assertThat(cli.run("staff", "import", file.toString(), "--end-missing", "--unit", "BAPPEDA", "--from", "2026-10-01",
                "--reason", "MUTASI", "--yes")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Ended 1 employment(s) from 2026-10-01.");
        assertThat(ended()).isEqualTo(1);

        Files.writeString(file, "NIP,NAMA,JENIS,KODE_UNIT\n" + COLLEAGUE + ",Rina Tetap,PNS,BAPPEDA\n12345,Salah,PNS,BAPPEDA\n");
        out.getBuffer().setLength(0);
        assertThat(cli.run("staff", "import", file.toString(), "--end-missing", "--unit", "BAPPEDA", "--yes")).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("0 staff of BAPPEDA");
    }

    @Test
    void a_move_mid_month_splits_the_recap_and_a_second_reconcile_keeps_the_split() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO unit (code, name) VALUES ('DINSOS', 'Dinas Sosial')"));
        assertThat(cli.run("reconcile", "--from", "2026-09-01", "--to", "2026-09-15")).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("staff", "move", COLLEAGUE, "--to", "DINSOS", "--from", "2026-09-16")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("reconcile", "--from", "2026-09-01", "--to", "2026-09-30")).isEqualTo(ExitCodes.OK);

        assertThat(days(COLLEAGUE, "BAPPEDA")).as("1-15 September stay with the old unit").isEqualTo(15);
        assertThat(days(COLLEAGUE, "DINSOS")).as("16-30 September in the new one").isEqualTo(15);
        Path bappeda = Files.createTempFile("rekap", ".csv");
        Path dinsos = Files.createTempFile("rekap", ".csv");
        assertThat(cli.run("report", "monthly", "--month", "2026-09", "--unit", "BAPPEDA", "--out", bappeda.toString())).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("report", "monthly", "--month", "2026-09", "--unit", "DINSOS", "--out", dinsos.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(bappeda)).contains(COLLEAGUE);
        assertThat(Files.readString(dinsos)).contains(COLLEAGUE);
        assertThat(cli.run("staff", "move", COLLEAGUE, "--to", "DINSOS", "--from", "2026-10-01")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("is already in DINSOS");
    }

    private long days(String nip, String unit) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM attendance a JOIN employee e ON e.id = a.employee_id JOIN unit u ON u.id = a.unit_id
                         WHERE e.nip = :nip AND u.code = :unit""").bind("nip", nip).bind("unit", unit).mapTo(Long.class).one());
    }

    private long ended() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM employee WHERE ended_from IS NOT NULL").mapTo(Long.class).one());
    }

    private long records(String nip) {
        return db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM attendance a JOIN employee e ON e.id = a.employee_id WHERE e.nip = :nip").bind("nip", nip).mapTo(Long.class).one());
    }
}
