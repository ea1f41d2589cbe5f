package id.presensi.cli;

import id.presensi.testing.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * For the runs the operator did not ask for (the launcher's training, the resident's rehearsal of a recap): one
 * employee's recorded day to recap, what the database holds to compare before and after, and the temporary files
 * such a run names by a prefix.
 */
final class UntouchedRecords {
    private UntouchedRecords() {
    }

    /** A unit DISDIK with one employee and their record of {@code day}. */
    static void oneRecordedDay(TestDatabase db, LocalDate day) {
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DISDIK', 'Dinas Pendidikan')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198001012006041001', 'Sari Guru', id FROM unit");
            h.createUpdate("""
                    INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, late_min, early_min, codes, explanation)
                    SELECT id, :day, unit_id, :day + time '07:30', :day + time '16:00', 0, 0, ARRAY['TK'], 'test' FROM employee""").bind("day", day).execute();
        });
    }

    /** The audit log's, the records' and the staff's counts. */
    static String state(TestDatabase db) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM audit_log) || ' ' || (SELECT count(*) FROM attendance) || ' ' || (SELECT count(*) FROM employee)""")
                .mapTo(String.class).one());
    }

    /** The temporary folder's files whose names start with {@code prefix}. */
    static List<Path> temporaryFiles(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
