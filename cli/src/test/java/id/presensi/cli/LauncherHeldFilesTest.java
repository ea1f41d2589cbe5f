package id.presensi.cli;

import id.presensi.db.Directories;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process the launcher leaves running after a command (the resident process, the class-data training) holds none
 * of the command's open files. Cron jobs are kept apart with {@code flock LOCK presensi ...}, which hands the lock
 * down as an open file: a resident process that kept it held every later job off for its 15 idle minutes. Run with a
 * java that stands in for the resident process by sleeping, beside a jar newer than the (absent) sources.
 */
class LauncherHeldFilesTest {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

    @Test
    void a_lock_held_around_a_command_is_free_once_it_ends_though_its_resident_process_lives_on() throws Exception {
        Path root = Files.createTempDirectory("presensi-launcher");
        try {
            Files.createDirectories(root.resolve("scripts"));
            for (String script : List.of("presensi", "presensi-java.sh", "presensi-resident.pl")) {
                Files.copy(SCRIPTS.resolve(script), root.resolve("scripts").resolve(script));
            }
            Files.createDirectories(root.resolve("cli/target"));
            Files.writeString(root.resolve("cli/target/presensi.jar"), "");
            Path home = Files.createDirectories(root.resolve("home"));
            Path java = root.resolve("java");
            Files.writeString(java, "#!/bin/sh\ncase \"$*\" in *cli.Resident*) exec sleep 60;; esac\nexit 0\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
            Path lock = root.resolve("cron.lock");

            ProcessBuilder command = new ProcessBuilder("flock", lock.toString(), "bash", root.resolve("scripts/presensi").toString(),
                    "unit", "list", "--home", home.toString()).redirectErrorStream(true);
            command.environment().putAll(Map.of("PRESENSI_JAVA", java.toString(), "PRESENSI_ARCHIVE", "off", "HOME", root.toString()));
            Process run = command.start();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(output).isZero();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.allProcesses().noneMatch(p -> isResident(p, root)) && System.nanoTime() < until) {
                Thread.sleep(50); // started in the background as the command ends
            }
            assertThat(ProcessHandle.allProcesses().anyMatch(p -> isResident(p, root)))
                    .as("the stand-in resident process was started and lives on").isTrue();

            Process next = new ProcessBuilder("flock", "--nonblock", lock.toString(), "true").start();
            assertThat(next.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(next.exitValue()).as("the next job takes the lock at once").isZero();
        } finally {
            ProcessHandle.allProcesses().filter(p -> isResident(p, root)).forEach(ProcessHandle::destroy);
            Directories.deleteRecursively(root);
        }
    }

    /** The stand-in resident: a sleep started with this test's home in its environment. */
    private static boolean isResident(ProcessHandle p, Path root) {
        return p.info().commandLine().orElse("").endsWith("sleep 60")
                && readable(Path.of("/proc", Long.toString(p.pid()), "environ")).contains(root.toString());
    }

    private static String readable(Path file) {
        try {
            return new String(Files.readAllBytes(file));
        } catch (IOException e) {
            return ""; // a process that ended meanwhile, or another user's
        }
    }
}
