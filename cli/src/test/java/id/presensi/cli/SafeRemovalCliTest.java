package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Removals say what they would affect, and need --yes when there is no terminal to ask on. */
class SafeRemovalCliTest extends CliTest {
    static final String CLERK = "199002282015121002";

    @BeforeEach
    void a_regency_with_one_schedule() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Rina Tetap', id FROM unit", CLERK);
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9, 116.2, 100 FROM unit");
            h.execute("INSERT INTO holiday VALUES ('2026-12-25', 'Natal', 'LIBUR_NASIONAL')");
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }

    @Test
    void removing_the_regency_wide_schedule_says_whom_it_affects_and_needs_yes() {
        assertThat(cli.run("policy", "schedule", "remove", "Perbup")).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).contains("the regency-wide REGULER schedule").contains("1 office staff follow it");
        assertThat(err.toString()).contains("add --yes to confirm");
        assertThat(schedules()).isEqualTo(1);

        out.getBuffer().setLength(0);
        assertThat(cli.run("policy", "schedule", "remove", "Perbup", "--dry-run")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Dry run: nothing changed.");
        assertThat(schedules()).isEqualTo(1);

        assertThat(cli.run("policy", "schedule", "remove", "Perbup", "--yes")).isEqualTo(ExitCodes.OK);
        assertThat(schedules()).isZero();
    }

    @Test
    void every_removal_asks_first() {
        assertThat(cli.run("calendar", "remove", "2026-12-25")).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).contains("2026-12-25 (Natal, LIBUR_NASIONAL) becomes a working day: 1 office staff");
        assertThat(cli.run("location", "remove", "--unit", "BAPPEDA", "--name", "Kantor")).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).contains("without it the unit has none of its own");
        assertThat(cli.run("staff", "end", CLERK, "--from", "2026-12-01", "--reason", "PENSIUN")).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).contains("Rina Tetap (BAPPEDA) stops working from 2026-12-01");
        assertThat(db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT (SELECT count(*) FROM holiday) + (SELECT count(*) FROM work_location) + (SELECT count(*) FROM employee WHERE ended_from IS NULL)")
                .mapTo(Long.class).one()).longValue()).as("nothing changed").isEqualTo(3);
        assertThat(cli.run("calendar", "remove", "2026-12-26", "--yes")).as("nothing to remove is still an error").isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void a_shift_on_the_roster_is_refused_in_words_before_anything_is_asked() {
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO shift_type (unit_id, code, name, start_time, end_time) SELECT id, 'S', 'Siang', '14:00', '21:00' FROM unit");
            h.execute("INSERT INTO roster SELECT e.id, date '2026-11-02', s.id FROM employee e, shift_type s");
        });

        assertThat(cli.run("shift", "remove", "S", "--unit", "BAPPEDA", "--yes")).isEqualTo(ExitCodes.FAILED);

        assertThat(out.toString()).contains("Shift S (Siang) of BAPPEDA is on 1 roster day(s)");
        assertThat(err.toString()).contains("not removed: shift S of BAPPEDA is on 1 roster day(s) and cannot be removed")
                .doesNotContain("violates").doesNotContain("foreign key").doesNotContain("add --yes");
        long shifts = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM shift_type").mapTo(Long.class).one());
        assertThat(shifts).isEqualTo(1);

        // and were the roster to gain the shift between the look and the removal, the database's refusal reads the same way
        var refusal = org.assertj.core.api.Assertions.catchThrowable(() -> db.database().jdbi().useHandle(h -> h.execute("DELETE FROM shift_type")));
        assertThat(id.presensi.store.Constraints.explain(refusal))
                .isEqualTo("refused: it is still used by roster days; change or remove those first, then try again");
    }

    private long schedules() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM work_schedule").mapTo(Long.class).one());
    }
}
