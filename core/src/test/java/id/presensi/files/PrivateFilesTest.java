package id.presensi.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateFilesTest {
    @TempDir Path dir;

    @Test
    void a_file_is_its_owners_only_and_replaces_a_planted_link_instead_of_writing_through_it() throws IOException {
        Path victim = Files.writeString(dir.resolve("authorized_keys"), "ssh-ed25519 AAAA admin\n");
        Path out = Files.createSymbolicLink(dir.resolve("kode.csv"), victim);

        PrivateFiles.writeString(out, "NIP;KODE\n");

        assertThat(Files.isSymbolicLink(out)).isFalse();
        assertThat(Files.readString(out)).isEqualTo("NIP;KODE\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Files.readString(victim)).as("the link's target untouched").isEqualTo("ssh-ed25519 AAAA admin\n");
    }

    @Test
    void a_failed_write_leaves_the_old_file_and_no_temporary_one() throws IOException {
        Path out = Files.writeString(dir.resolve("rekap.csv"), "old");
        assertThatThrownBy(() -> PrivateFiles.writeText(out, w -> {
            w.write("half");
            throw new IOException("cell too long");
        })).hasMessage("cell too long");
        assertThat(Files.readString(out)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void content_that_closes_its_writer_is_still_written_whole() throws IOException {
        Path out = dir.resolve("a.csv");
        PrivateFiles.writeText(out, w -> {
            w.write("x");
            w.close();
        });
        assertThat(Files.readString(out)).isEqualTo("x");
    }

    @Test
    void folders_made_for_exports_are_0700_and_the_home_is_narrowed_to_0700() throws IOException {
        Path made = PrivateFiles.folder(dir.resolve("swafoto/2026-09-14"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.getParent()))).isEqualTo("rwx------");

        Path home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        PrivateFiles.ownerOnlyFolder(home);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    void a_link_planted_as_an_export_folder_is_refused() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("out"), elsewhere);
        assertThatThrownBy(() -> PrivateFiles.folder(link)).hasMessageContaining("symbolic link");
    }
}
