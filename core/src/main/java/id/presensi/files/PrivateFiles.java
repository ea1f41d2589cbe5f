package id.presensi.files;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold people's data or secrets (exports, activation codes, backups, selfies, rejects, settings):
 * readable by their owner only (0600), in folders made 0700, and never written through a link. Each file is
 * written whole into a new temporary file beside the target (created exclusively, so a planted link or file
 * is never opened) and then renamed over the target: a rename replaces a symbolic link itself, never the file
 * it points to, and a reader sees the old file or the new one, never half of it. A failed write leaves the
 * target as it was and no temporary file behind.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    /** What writes the content; it may throw, and then nothing is left behind. */
    @FunctionalInterface
    public interface Content<T> {
        void writeTo(T out) throws IOException;
    }

    private PrivateFiles() {
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        writeStream(target, out -> out.write(bytes));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Text in UTF-8; the content may close its writer (a CSV printer does), the file is closed here. */
    public static void writeText(Path target, Content<Writer> content) throws IOException {
        writeStream(target, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            content.writeTo(new FilterWriter(writer) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            writer.flush();
        });
    }

    /** Bytes through a buffered stream (a workbook, a photo); the content may close it, the file is closed here. */
    public static void writeStream(Path target, Content<OutputStream> content) throws IOException {
        Path tmp = newTemporary(target);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
            }
            replace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * An empty 0600 file beside {@code target}, for a tool that writes the content itself (pg_dump): the caller
     * lets the tool write into it, then calls {@link #replace}, and deletes it if anything failed.
     */
    public static Path newTemporary(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target + " is a folder; give a file name");
        }
        return Files.createTempFile(folder, "." + absolute.getFileName(), ".tmp", attributes(FILE));
    }

    /** Renames a file made by {@link #newTemporary} over the target, replacing whatever is there (a link too, not its target). */
    public static void replace(Path temporary, Path target) throws IOException {
        Files.setPosixFilePermissions(temporary, FILE); // a tool may have widened it
        Files.move(temporary, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A folder for exported personal data: created 0700 when missing (with any missing parents), left as it
     * is when it exists (the operator chose it; it may be shared on purpose), but never a link to elsewhere.
     */
    public static Path folder(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new FileAlreadyExistsException(dir + " is a symbolic link; give a real folder");
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                folder(parent);
            }
            try {
                Files.createDirectory(dir, attributes(FOLDER));
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw raced;
                }
            }
        }
        return dir;
    }

    /**
     * A folder that must be its owner's alone whatever it held before (the Presensi home: database settings,
     * logs, spooled selfies): created 0700, and narrowed to 0700 when it exists and is ours (another user's
     * folder is theirs to keep; we could not change it, and they can read it anyway).
     */
    public static Path ownerOnlyFolder(Path dir) throws IOException {
        folder(dir);
        if (!Files.getPosixFilePermissions(dir).equals(FOLDER) && Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(dir, FOLDER);
        }
        return dir;
    }

    private static FileAttribute<Set<PosixFilePermission>> attributes(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
