package id.presensi.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Reading a file inside a change's transaction, whose work may not throw checked exceptions: the file's error in its own words. */
final class FileWork {
    interface Reading<T> {
        T read() throws IOException;
    }

    private FileWork() {
    }

    static <T> T io(Reading<T> work) {
        try {
            return work.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
