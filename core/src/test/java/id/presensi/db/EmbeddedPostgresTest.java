package id.presensi.db;

import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresTest {

    private final TestDatabase db = TestDatabase.get();

    @Test
    void embedded_server_runs_durably_on_loopback_only() {
        var settings = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' '
                               || current_setting('listen_addresses') || ' ' || current_setting('server_version_num')""")
                .mapTo(String.class).one());
        String[] parts = settings.split(" ");
        assertThat(parts[0]).isEqualTo("on");
        assertThat(parts[1]).isEqualTo("on");
        assertThat(parts[2]).isEqualTo("127.0.0.1");
        assertThat(Integer.parseInt(parts[3]) / 10000).as("the major version whose pg_dump Debian ships").isEqualTo(EmbeddedPostgres.MAJOR);
    }

    @Test
    void binaries_whose_cache_folder_lost_files_are_unpacked_again_in_a_folder_of_their_own(@TempDir Path root) throws Exception {
        // as a cleaner of old files under ~/.cache leaves it: folders, a file or two, no bin/postgres
        Path left = root.resolve("postgresql-" + EmbeddedPostgres.BINARIES_VERSION + "/share/postgresql");
        Files.createDirectories(left.resolve("timezone/Asia"));
        Files.writeString(left.resolve("left-behind.txt"), "x");

        Path cache = EmbeddedPostgres.BinaryCache.extract(root, EmbeddedPostgres.BINARIES_VERSION);

        assertThat(cache.resolve("bin/postgres")).isExecutable();
        assertThat(cache.resolve("share/postgresql/timezone/Asia/Makassar")).exists();
        assertThat(left.resolve("left-behind.txt")).doesNotExist();
        try (var entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("nothing of the unpacking or of the old folder beside it")
                    .containsExactlyInAnyOrder(cache.getFileName().toString(), ".extract.lock");
        }
        assertThat(EmbeddedPostgres.BinaryCache.extract(root, EmbeddedPostgres.BINARIES_VERSION)).isEqualTo(cache);
    }

    @Test
    void a_second_command_on_the_same_home_connects_to_the_running_server() {
        ConnectionSettings again = new EmbeddedPostgres(db.home()).ensureRunning();
        assertThat(again.port()).isEqualTo(db.settings().port());
        try (Database second = Database.open(again, 1)) {
            int answer = second.jdbi().withHandle(h -> h.createQuery("SELECT 42").mapTo(Integer.class).one());
            assertThat(answer).isEqualTo(42);
        }
        assertThat(new EmbeddedPostgres(db.home()).isRunning()).isTrue();
    }

    @Test
    void a_pid_file_left_by_a_dead_server_is_cleared_by_stop(@TempDir Path home) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path pidFile = Files.createDirectories(home.resolve("pgdata")).resolve("postmaster.pid");
        Files.writeString(pidFile, gone.pid() + "\n" + home.resolve("pgdata") + "\n");

        assertThat(new EmbeddedPostgres(home).stop()).as("nothing was running").isFalse();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void the_superuser_password_is_kept_readable_by_the_owner_only() throws Exception {
        var perms = Files.getPosixFilePermissions(db.home().resolve("embedded-db.properties"));
        assertThat(perms).extracting(Enum::name).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void migrations_are_applied_and_listed() {
        assertThat(db.database().migrations()).extracting(m -> m.getVersion().getVersion()).contains("1", "2");
        assertThat(db.database().migrations()).allMatch(m -> m.getState().isApplied());
    }
}
