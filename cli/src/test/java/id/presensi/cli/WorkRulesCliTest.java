package id.presensi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The work-rules commands through the real command line, ending with "why can't I check in?". */
class WorkRulesCliTest extends CliTest {
    static final String NURSE = "198503152010012001";
    static final String CLERK = "199002282015121002";

    @BeforeEach
    void a_regency_with_an_office_and_a_hospital() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Sri Perawat', id, 'SHIFT' FROM unit WHERE code = 'RSUD'", NURSE);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'BKPSDM'", CLERK);
        });
        ok("location", "add", "--unit", "BKPSDM", "--name", "Kantor Bupati", "--lat", "-1.9086", "--lon", "116.1978", "--radius", "100");
        ok("policy", "schedule", "add", "Perbup 2025", "--from", "2025-01-01", "--days", "SENIN-KAMIS", "--checkin", "07:00-08:00",
                "--start", "07:30", "--end", "16:00", "--checkout", "16:00-18:00");
        ok("policy", "schedule", "add", "Perbup 2025", "--from", "2025-01-01", "--days", "JUMAT", "--checkin", "07:00-08:00",
                "--start", "07:30", "--end", "16:30", "--checkout", "16:30-18:00");
        ok("policy", "wfh", "add", "WFH Pandemi", "--from", "2026-04-01", "--to", "2026-04-30", "--radius-km", "50");
        ok("calendar", "add", "2026-08-17", "--description", "Hari Kemerdekaan RI");
        ok("shift", "add", "M", "--unit", "RSUD", "--name", "Malam", "--start", "21:00", "--end", "07:00", "--grace", "15");
        ok("leave", "add", CLERK, "--from", "2026-09-07", "--to", "2026-09-11", "--type", "CT", "--ref", "800/123");
    }

    @Test
    void wfa_days_are_granted_two_a_week_never_to_staff_under_discipline_and_flag_the_day() {
        ok("policy", "wfa", "grant", "--employee", CLERK, "--date", "2026-09-14", "--date", "2026-09-16");
        assertThat(out.toString()).contains("WFA: 2 day(s) granted");

        assertThat(run("policy", "wfa", "grant", "--employee", CLERK, "--date", "2026-09-17")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains(CLERK + " on 2026-09-17: WFA is at most 2 day(s) a week (week of 2026-09-14 to 2026-09-20");
        ok("policy", "wfa", "limit", "3");
        ok("policy", "wfa", "grant", "--employee", CLERK, "--date", "2026-09-17", "--operator", "rina.bkpsdm");
        out.getBuffer().setLength(0);
        ok("policy", "wfa", "list", "--from", "2026-09-14", "--to", "2026-09-20", "--csv");
        assertThat(out.toString().lines().filter(l -> l.contains("Andi Staf"))).hasSize(3);
        // the grant names the operator, as the audit does, not the database login
        assertThat(out.toString().lines().filter(l -> l.contains("2026-09-17"))).singleElement().asString().contains("rina.bkpsdm");

        // three TK days this year: under disciplinary proceedings, no WFA (PermenPANRB 4/2025 Pasal 25)
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, codes, explanation)
                SELECT id, d, unit_id, d + time '21:00', d + 1 + time '07:00', ARRAY['TK'], 'TK'
                  FROM employee, unnest(ARRAY[date '2026-09-01', date '2026-09-03', date '2026-09-05']) d WHERE nip = ?""", NURSE));
        assertThat(run("policy", "wfa", "grant", "--unit", "RSUD", "--date", "2026-09-22")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains(NURSE + " on 2026-09-22: no WFA for staff under disciplinary proceedings: 3 TK day(s) in 2026");

        // a check-in accepted as WFA marks the day
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', sha256(nip::bytea) FROM employee WHERE nip = ?", CLERK);
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accepted,
                                         message, work_from_anywhere)
                    SELECT gen_random_uuid(), d.employee_id, d.id, t, a, a, DATE '2026-09-14', -6.2, 106.8, true, 'WFA', true
                      FROM device d, (VALUES ('IN', TIMESTAMPTZ '2026-09-14 07:20+08'), ('OUT', TIMESTAMPTZ '2026-09-14 16:05+08')) x(t, a)""");
        });
        ok("reconcile", "--date", "2026-09-14");
        String flags = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT array_to_string(flags, ' ') FROM attendance JOIN employee e ON e.id = employee_id WHERE e.nip = ? AND work_date = '2026-09-14'")
                .bind(0, CLERK).mapTo(String.class).one());
        assertThat(flags).isEqualTo("WORK_FROM_ANYWHERE");
    }

    @Test
    void schedule_check_compares_each_week_with_perpres_21_2023() {
        // Monday to Thursday 07:30-16:00 less 60 minutes, Friday 07:30-16:30 less 90: 4 x 7 h 30 m + 7 h 30 m
        ok("policy", "schedule", "check");
        assertThat(out.toString()).contains("ok    jadwal 'Perbup 2025' (se-kabupaten, REGULER, berlaku 2025-01-01 s.d. seterusnya): 37 j 30 m seminggu, sesuai Perpres 21/2023");

        // Ramadan 08:00-15:00 every day: Monday to Thursday 6 h 30 m (30-minute break), Friday 6 h (60): 32 h, half an hour short
        ok("policy", "schedule", "add", "Ramadan 2027", "--special", "--from", "2027-02-08", "--to", "2027-03-09", "--days", "SENIN-JUMAT",
                "--checkin", "07:30-08:30", "--start", "08:00", "--end", "15:00", "--checkout", "15:00-17:00");
        out.getBuffer().setLength(0);

        assertThat(run("policy", "schedule", "check")).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("WARN  jadwal 'Ramadan 2027' (se-kabupaten, KHUSUS, berlaku 2027-02-08 s.d. 2027-03-09): 32 j 00 m seminggu: "
                + "0 j 30 m kurang dari ketentuan nasional 32 j 30 m");
    }

    @Test
    void explain_tells_an_opd_admin_why_check_in_is_closed() {
        ok("policy", "explain", CLERK, "--at", "2026-09-14 06:45");

        assertThat(out.toString())
                .contains("Andi Staf (" + CLERK + ")")
                .contains("counts for work date 2026-09-14 (SENIN)")
                .contains("Check-in window:  2026-09-14 07:00 .. 2026-09-14 08:00")
                .contains("Nothing open now: presensi masuk dibuka pukul 07.00")
                .contains("Kantor Bupati").contains("within 100 m")
                .contains("schedule 'Perbup 2025' (regency-wide, valid 2025-01-01 .. (open))");
    }

    @Test
    void explain_as_json_shows_the_work_from_home_radius_and_the_holiday() throws Exception {
        out.getBuffer().setLength(0);
        ok("policy", "explain", CLERK, "--at", "2026-04-15 07:10", "--json");
        Map<?, ?> april = new ObjectMapper().readValue(out.toString(), Map.class);
        out.getBuffer().setLength(0);
        ok("policy", "explain", CLERK, "--at", "2026-08-17 07:10", "--json");
        Map<?, ?> independenceDay = new ObjectMapper().readValue(out.toString(), Map.class);

        assertThat(april.get("open")).isEqualTo("CHECK_IN");
        assertThat(april.get("workFromHome")).isEqualTo(Map.of("name", "WFH Pandemi", "radiusM", 50_000));
        assertThat(independenceDay.get("workingDay")).isEqualTo(false);
        assertThat(independenceDay.get("holiday").toString()).contains("description=Hari Kemerdekaan RI");
    }

    @Test
    void explain_counts_a_check_out_after_midnight_for_the_night_shift_that_started_the_day_before() {
        ok("roster", "import", write("roster.csv", "NIP,TANGGAL,KODE_SHIFT\n" + NURSE + ",2026-08-31,M\n" + NURSE + ",2026-09-01,L\n"));
        out.getBuffer().setLength(0);

        ok("policy", "explain", NURSE, "--at", "2026-09-01 07:40");

        assertThat(out.toString()).contains("counts for work date 2026-08-31").contains("Open now: check-out")
                .contains("roster 2026-08-31: shift M (Malam, 21:00-07:00)");
    }

    @Test
    void an_overlapping_schedule_fails_with_the_name_of_the_other_and_exit_1() {
        int exit = run("policy", "schedule", "add", "Perbup 2026", "--from", "2026-01-01", "--days", "SENIN", "--checkin", "07:00-08:00",
                "--start", "07:30", "--end", "16:00", "--checkout", "16:00-18:00");

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("overlaps schedule Perbup 2025").doesNotContain("Exception");
    }

    @Test
    void bad_arguments_get_a_clear_message() {
        assertThat(run("location", "add", "--unit", "BKPSDM", "--name", "X", "--lat", "-95", "--lon", "116", "--radius", "10"))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("LINTANG: latitude must be between -90 and 90, got -95.0");
        assertThat(run("leave", "add", CLERK, "--from", "2026-09-10", "--to", "2026-09-12", "--type", "S")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).as("the refusal names the leave it overlaps")
                .contains("overlaps CT (cuti tahunan) 2026-09-07 .. 2026-09-11");
        assertThat(run("policy", "explain", "123", "--at", "2026-09-14 07:00")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("no employee with NIP or NIK 123");
    }

    @Test
    void every_change_is_in_the_audit_trail_with_its_operator() {
        ok("location", "add", "--unit", "BKPSDM", "--name", "Kantor Bupati", "--lat", "-1.9086", "--lon", "116.1978", "--radius", "150",
                "--operator", "rina.opd");
        out.getBuffer().setLength(0);

        ok("audit", "list", "--limit", "1");

        assertThat(out.toString()).contains("rina.opd").contains("work_location").contains("BKPSDM/Kantor Bupati")
                .contains("\"radiusM\": 100").contains("\"radiusM\": 150");
    }

    @Test
    void a_matrix_roster_keeps_its_good_rows_when_one_names_a_stranger_and_one_an_office_worker() {
        String days = String.join(";", Collections.nCopies(30, "M"));
        String file = write("jadwal-dinas.csv", "NIP;NAMA;" + String.join(";", IntStream.rangeClosed(1, 30)
                .mapToObj(Integer::toString).toList()) + "\n"
                + NURSE + ";Sri Perawat;" + days + "\n"
                + "199912312020121001;Orang Asing;" + days + "\n"
                + CLERK + ";Andi Staf;" + days + "\n");

        assertThat(run("roster", "import", file, "--month", "2026-09")).as(err.toString()).isEqualTo(ExitCodes.REJECTED);

        assertThat(out.toString()).contains("read 3  inserted 1  updated 0  unchanged 0  rejected 2")
                .contains("row 3, NIP/NIK: no employee with NIP or NIK 199912312020121001")
                .contains("row 4, NIP/NIK: " + CLERK + " works REGULER hours");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("duplicate key");
    }

    @Test
    void a_rules_file_with_a_header_and_no_rows_is_refused() {
        assertThat(run("location", "import", write("lokasi.csv", "KODE_UNIT,NAMA_LOKASI,LINTANG,BUJUR,RADIUS_M\n")))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("no rows below the header; nothing was imported");
    }

    @Test
    void a_location_file_may_name_its_unit() {
        ok("location", "import", write("lokasi.csv", "Unit Kerja,NAMA_LOKASI,LINTANG,BUJUR,RADIUS_M\n"
                + "rsud  panglima sebaya,Gedung Utama,-1.91,116.19,150\n"), "--map", "Unit Kerja=KODE_UNIT");

        assertThat(out.toString()).contains("inserted 1");
    }

    @Test
    void the_audit_trail_keeps_the_command_as_typed_with_its_quoting() {
        ok("calendar", "add", "2026-12-25", "--description", "Hari Natal", "--operator", "rina.opd");
        out.getBuffer().setLength(0);

        ok("audit", "list", "--limit", "1");

        assertThat(out.toString()).as("the command once, and the argument with a space quoted")
                .contains("presensi calendar add 2026-12-25 --description 'Hari Natal' --operator rina.opd")
                .doesNotContain("calendar add calendar add");
    }

    private String write(String name, String content) {
        try {
            Path file = Files.createTempFile(name, ".csv");
            Files.writeString(file, content);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
