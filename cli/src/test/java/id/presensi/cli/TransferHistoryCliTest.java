package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transfer mid-month (mutasi): the days before it belong to the old unit, for its admin's lists and recaps and for
 * the rules that judge them; the new unit's admin reads only the days since.
 */
class TransferHistoryCliTest extends CliTest {
    static final String MOVED = "198503152010012001";
    static final String STAYING = "199002282015121002";
    static final String BEFORE = "2026-11-02";
    static final String AFTER = "2026-11-17";

    @BeforeEach
    void two_units_and_a_transfer_on_the_sixteenth() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('DPMPTSP', 'DPMPTSP')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Pindah', id FROM unit WHERE code = 'DINKES'", MOVED);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Rina Tetap', id FROM unit WHERE code = 'DPMPTSP'", STAYING);
            // DPMPTSP starts at 07:00 by its own schedule; the regency-wide one (below) at 07:30
            h.execute("INSERT INTO work_schedule (unit_id, name, valid_from) SELECT id, 'Jam DPMPTSP', '2025-01-01' FROM unit WHERE code = 'DPMPTSP'");
            h.execute("""
                    INSERT INTO schedule_day SELECT id, d, '06:00', '08:00', '07:00', 0, '16:00', 0, '16:00', '18:00'
                      FROM work_schedule, generate_series(1, 5) d WHERE name = 'Jam DPMPTSP'""");
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        db.database().jdbi().useHandle(h -> {
            for (String day : new String[] {BEFORE, AFTER}) {
                h.execute("""
                        INSERT INTO checkin (request_id, employee_id, machine_id, type, at, received_at, work_date, accepted, message, source)
                        SELECT gen_random_uuid(), id, 'SN-1', NULL, (CAST(? AS date) + t) AT TIME ZONE 'Asia/Makassar', now(), CAST(? AS date),
                               true, 'ok', 'FINGERPRINT'
                          FROM employee, (VALUES (time '07:20'), (time '16:10')) AS p(t)""", day, day);
            }
        });
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO request (request_id, employee_id, kind, date_from, date_to, reason)
                SELECT gen_random_uuid(), id, 'I', CAST(? AS date), CAST(? AS date), 'Izin mengantar anak berobat' FROM employee WHERE nip = ?""",
                BEFORE, BEFORE, MOVED));
        ok("staff", "move", MOVED, "--to", "DPMPTSP", "--from", "2026-11-16");
        ok("reconcile", "--from", "2026-11-01", "--to", "2026-11-30");
    }

    @Test
    void the_old_units_admin_keeps_the_days_before_the_move_and_the_new_units_admin_sees_only_the_days_since() throws Exception {
        String suffix = uniqueSuffix();
        String dinkes = "dinkes" + suffix;
        String dpmptsp = "dpmptsp" + suffix;
        signIn(Map.of(dinkes, addOperator(dinkes, "--role", "opd-admin", "--unit", "DINKES"),
                dpmptsp, addOperator(dpmptsp, "--role", "opd-admin", "--unit", "DPMPTSP")));

        Path recap = Files.createTempFile("rekap", ".csv");
        ok("report", "monthly", "--month", "2026-11", "--unit", "DINKES", "--out", recap.toString(), "--db-user", dinkes);
        assertThat(Files.readString(recap)).as("the old unit's recap of November names him for 1-15 November").contains(MOVED);

        assertThat(listed("attendance", "list", "--from", BEFORE, "--to", BEFORE, "--db-user", dinkes)).contains(MOVED);
        assertThat(listed("checkin", "list", "--date", BEFORE, "--db-user", dinkes)).contains(MOVED);
        assertThat(listed("checkin", "list", "--date", AFTER, "--db-user", dinkes)).doesNotContain(MOVED);
        assertThat(listed("attendance", "list", "--from", AFTER, "--to", AFTER, "--db-user", dinkes)).doesNotContain(MOVED);

        assertThat(listed("request", "list", "--db-user", dinkes)).as("a request for a day in the old unit").contains(MOVED);
        assertThat(listed("request", "list", "--db-user", dpmptsp)).doesNotContain(MOVED);

        assertThat(listed("checkin", "list", "--date", BEFORE, "--db-user", dpmptsp)).as("not the new unit's day").doesNotContain(MOVED);
        assertThat(listed("checkin", "list", "--date", AFTER, "--db-user", dpmptsp)).contains(MOVED);
        assertThat(listed("attendance", "list", "--from", AFTER, "--to", AFTER, "--db-user", dpmptsp)).contains(MOVED);
    }

    @Test
    void bkpsdm_lists_a_days_check_ins_under_the_unit_of_the_day_as_the_attendance_records_are() {
        assertThat(listed("attendance", "list", "--from", BEFORE, "--to", BEFORE, "--unit", "DINKES")).contains(MOVED);
        assertThat(listed("checkin", "list", "--date", BEFORE, "--unit", "DINKES")).contains(MOVED);
        assertThat(listed("checkin", "list", "--date", BEFORE, "--unit", "DPMPTSP")).doesNotContain(MOVED);
        assertThat(listed("checkin", "list", "--date", AFTER, "--unit", "DPMPTSP")).contains(MOVED);
        assertThat(listed("checkin", "list", "--date", AFTER, "--unit", "DINKES")).doesNotContain(MOVED);
    }

    @Test
    void the_days_before_the_move_are_judged_by_the_old_units_schedule() throws Exception {
        String before = listed("attendance", "list", "--from", BEFORE, "--to", BEFORE, "--employee", MOVED, "--json");
        assertThat(before).as("07:20 is on time by the regency-wide 07:30 DINKES followed").contains("\"H\"").doesNotContain("TL");
        String after = listed("attendance", "list", "--from", AFTER, "--to", AFTER, "--employee", MOVED, "--json");
        assertThat(after).as("and late by DPMPTSP's own 07:00").contains("TL");

        String explained = listed("report", "monthly", "--month", "2026-11", "--explain", MOVED);
        assertThat(explained).as("each unit's part of the month").contains("(unit DINKES)").contains("(unit DPMPTSP)");

        Path recap = Files.createTempFile("rekap", ".csv");
        String written = listed("report", "monthly", "--month", "2026-11", "--unit", "DPMPTSP", "--out", recap.toString());
        assertThat(written).as("the new unit had no days to reconcile before he came").doesNotContain("Not final");
    }

    private String listed(String... args) {
        out.getBuffer().setLength(0);
        ok(args);
        return out.toString();
    }
}
