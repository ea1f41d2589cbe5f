package id.presensi.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resident process started beside a monthly recap makes it again once the operator's has ended, into a
 * temporary file it deletes: nothing changed in the database, nothing left behind, and nothing made of a recap that
 * failed or a format the recap does not write.
 */
class RecapRehearsalCliTest extends CliTest {
    @Test
    void the_operators_recap_is_made_again_and_leaves_the_database_and_the_temporary_folder_as_they_were() throws Exception {
        db.reset();
        LocalDate day = LocalDate.of(2026, 8, 3);
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DISDIK', 'Dinas Pendidikan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198001012006041001', 'Sari Guru', id FROM unit");
            h.createUpdate("""
                    INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, late_min, early_min, codes, explanation)
                    SELECT id, :day, unit_id, :day + time '07:30', :day + time '16:00', 0, 0, ARRAY['TK'], 'test' FROM employee""").bind("day", day).execute();
        });
        List<Path> before = rehearsals();
        String state = state();
        String ended = Long.toString(endedProcess());

        int runs = RecapRehearsal.run(List.of(ended, "xlsx", "--month", "2026-08", "--home", db.home().toString(), "--unit", "disdik"));

        assertThat(runs).as("a small recap is made until it is no faster, three times at most").isBetween(1, 3);
        assertThat(rehearsals()).as("the recap's temporary file is gone").isEqualTo(before);
        assertThat(state()).isEqualTo(state);
        assertThat(RecapRehearsal.run(List.of(ended, "xlsx", "--month", "2026-08", "--home", db.home().toString(), "--unit", "NOWHERE")))
                .as("a recap that fails is not made again").isZero();
        assertThat(RecapRehearsal.run(List.of(ended, "pdf", "--month", "2026-08", "--home", db.home().toString()))).isZero();
        assertThat(RecapRehearsal.run(List.of())).as("a resident started after any other command").isZero();
        assertThat(rehearsals()).isEqualTo(before);
    }

    /** A process id that no process has any more: the operator's recap, over. */
    private static long endedProcess() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        return done.pid();
    }

    private String state() {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM audit_log) || ' ' || (SELECT count(*) FROM attendance) || ' ' || (SELECT count(*) FROM employee)""")
                .mapTo(String.class).one());
    }

    private static List<Path> rehearsals() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("presensi-rehearsal")).sorted().toList();
        }
    }
}
