package id.presensi.cli;

import id.presensi.db.Directories;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher (scripts/presensi) hands java its options as written, wherever the operator runs it: the compile
 * patterns' '*' are not matched against the files of the operator's folder (a file named like one there made JDK 25
 * refuse to start, and JDK 17 print a parse error, for every command). Run with a java that only writes down its
 * arguments, beside a jar newer than the (absent) sources, so nothing is built.
 */
class LauncherOptionsTest {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String PATTERN = "-XX:CompileCommand=MaxNodeLimit,id.presensi.anomaly.*::*,1";

    @Test
    void the_compile_patterns_reach_java_as_written_whatever_the_folder_holds() throws Exception {
        Path root = Files.createTempDirectory("presensi-launcher");
        try {
            Files.createDirectories(root.resolve("scripts"));
            for (String script : List.of("presensi", "presensi-java.sh")) {
                Files.copy(SCRIPTS.resolve(script), root.resolve("scripts").resolve(script));
            }
            Files.createDirectories(root.resolve("cli/target"));
            Files.writeString(root.resolve("cli/target/presensi.jar"), "");
            Path said = root.resolve("arguments");
            Path java = root.resolve("java");
            Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + said + "'\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
            Path folder = Files.createDirectories(root.resolve("where the operator is"));
            Files.writeString(folder.resolve("-XX:CompileCommand=MaxNodeLimit,id.presensi.anomaly.a,b::c,1"), "");

            ProcessBuilder launcher = new ProcessBuilder("bash", root.resolve("scripts/presensi").toString(), "unit", "list")
                    .directory(folder.toFile()).redirectErrorStream(true);
            launcher.environment().putAll(Map.of("PRESENSI_JAVA", java.toString(), "PRESENSI_RESIDENT", "off",
                    "PRESENSI_ARCHIVE", "off", "HOME", root.toString()));
            Process run = launcher.start();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(run.exitValue()).as(output).isZero();
            assertThat(Files.readAllLines(said)).contains(PATTERN, "-jar", "unit", "list")
                    .noneMatch(word -> word.contains("anomaly.a,b"));
        } finally {
            Directories.deleteRecursively(root);
        }
    }
}
