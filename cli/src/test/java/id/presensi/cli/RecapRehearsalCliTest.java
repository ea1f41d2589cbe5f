package id.presensi.cli;

import id.presensi.db.Directories;
import id.presensi.db.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The resident process started beside a monthly recap makes it again once the operator's has ended, into a
 * temporary file it deletes: nothing changed in the database, nothing left behind, and nothing made of a recap that
 * failed or a format the recap does not write.
 */
class RecapRehearsalCliTest extends CliTest {
    /** Where the resident's rehearsal writes: beside its socket, in the home's own folder. */
    @TempDir
    Path folder;

    @Test
    void the_operators_recap_is_made_again_and_leaves_the_database_and_the_temporary_folder_as_they_were() throws Exception {
        db.reset();
        LocalDate day = LocalDate.of(2026, 8, 3);
        UntouchedRecords.oneRecordedDay(db, day);
        List<Path> before = UntouchedRecords.temporaryFiles("presensi-rehearsal");
        String state = UntouchedRecords.state(db);
        String ended = Long.toString(endedProcess());

        int runs = RecapRehearsal.run(List.of(ended, written("recap.xlsx"), "--month=2026-08", "--home=" + db.home(), "--unit=disdik"), scratch());

        assertThat(runs).as("a small recap is made until it is no faster, three times at most").isBetween(1, 3);
        assertThat(UntouchedRecords.temporaryFiles("presensi-rehearsal")).as("the recap's temporary file is gone").isEqualTo(before);
        assertThat(UntouchedRecords.state(db)).isEqualTo(state);
        assertThat(RecapRehearsal.run(List.of(ended, written("recap.xlsx"), "--month=2026-08", "--home=" + db.home(), "--unit=NOWHERE"), scratch()))
                .as("a recap that fails is not made again").isZero();
        assertThat(RecapRehearsal.run(List.of(ended, written("recap.pdf"), "--month=2026-08", "--home=" + db.home()), scratch())).isZero();
        assertThat(RecapRehearsal.run(List.of(), scratch())).as("a resident started after any other command").isZero();
        assertThat(UntouchedRecords.temporaryFiles("presensi-rehearsal")).isEqualTo(before);
        assertThat(scratch()).as("the recap's file is gone, and its folder").doesNotExist();
    }

    @Test
    void what_a_rehearsal_killed_midway_left_is_deleted_when_the_next_resident_starts() throws Exception {
        Files.createDirectories(scratch());
        Files.writeString(scratch().resolve("recap.xlsx"), "the operator's records");
        Files.writeString(scratch().resolve(".recap.xlsx123.tmp"), "half of them");

        assertThat(RecapRehearsal.run(List.of(), scratch())).isZero();

        assertThat(scratch()).doesNotExist();
    }

    @Test
    void a_home_whose_server_is_not_running_is_left_as_it_was() throws Exception {
        Path home = Files.createTempDirectory("presensi-rehearsal-home");
        try {
            int runs = RecapRehearsal.run(List.of(Long.toString(endedProcess()), written("recap.xlsx"), "--month=2026-08", "--home=" + home), scratch());

            assertThat(runs).as("the operator stopped the server (or never had one): the rehearsal starts none").isZero();
            try (Stream<Path> files = Files.list(home)) {
                assertThat(files.toList()).as("no home made, no server started").isEmpty();
            }
        } finally {
            new EmbeddedPostgres(home).stop();
            Directories.deleteRecursively(home);
        }
    }

    @Test
    void a_process_started_after_the_rehearsal_is_not_waited_for() throws Exception {
        db.reset();
        UntouchedRecords.oneRecordedDay(db, LocalDate.of(2026, 8, 3));
        Process other = new ProcessBuilder("sleep", "300").start(); // the recap's id, given to another process since
        try {
            int runs = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> RecapRehearsal.run(
                    List.of(Long.toString(other.pid()), written("recap.xlsx"), "--month=2026-08", "--home=" + db.home(), "--unit=disdik"), scratch()));

            assertThat(runs).isBetween(1, 3);
        } finally {
            other.destroy();
        }
    }

    @Test
    void a_recap_that_wrote_nothing_is_not_made_again() throws Exception {
        db.reset();
        UntouchedRecords.oneRecordedDay(db, LocalDate.of(2026, 8, 3));
        String ended = Long.toString(endedProcess());
        Path earlier = Path.of(written("earlier.xlsx"));
        Files.setLastModifiedTime(earlier, FileTime.fromMillis(0));

        assertThat(RecapRehearsal.run(List.of(ended, folder.resolve("none.xlsx").toString(), "--month=2026-08", "--home=" + db.home()), scratch()))
                .as("refused or interrupted before writing: no file").isZero();
        assertThat(RecapRehearsal.run(List.of(ended, earlier.toString(), "--month=2026-08", "--home=" + db.home()), scratch()))
                .as("failed: the file of an earlier recap, left as it was").isZero();
    }

    /** The operator's recap's file, just written. */
    private String written(String name) throws IOException {
        return Files.writeString(folder.resolve(name), "the operator's recap").toString();
    }

    private Path scratch() {
        return folder.resolve("resident.sock.recap");
    }

    /** A process id that no process has any more: the operator's recap, over. */
    private static long endedProcess() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        return done.pid();
    }
}
