package id.presensi.cli;

import id.presensi.unit.TimeZones;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's training run (what its class-data archive is recorded from) reads the operator's database, last
 * month's recap included, and leaves nothing behind: no row changed, no file in the temporary folder.
 */
class ArchiveTrainingCliTest extends CliTest {
    @Test
    void the_training_recaps_last_month_and_leaves_the_database_and_the_temporary_folder_as_they_were() throws IOException {
        db.reset();
        LocalDate day = YearMonth.now(TimeZones.DEFAULT).minusMonths(1).atDay(3);
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DISDIK', 'Dinas Pendidikan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198001012006041001', 'Sari Guru', id FROM unit");
            h.createUpdate("""
                    INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, late_min, early_min, codes, explanation)
                    SELECT id, :day, unit_id, :day + time '07:30', :day + time '16:00', 0, 0, ARRAY['TK'], 'test' FROM employee""").bind("day", day).execute();
        });
        List<Path> before = training();
        String state = state();

        ArchiveTraining.train(new String[] {"unit", "list", "--home", db.home().toString()});

        assertThat(training()).as("the recap's temporary file is gone").isEqualTo(before);
        assertThat(state()).isEqualTo(state);
    }

    private String state() {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM audit_log) || ' ' || (SELECT count(*) FROM attendance) || ' ' || (SELECT count(*) FROM employee)""")
                .mapTo(String.class).one());
    }

    private static List<Path> training() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("presensi-training")).sorted().toList();
        }
    }
}
