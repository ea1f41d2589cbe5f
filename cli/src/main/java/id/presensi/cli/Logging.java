package id.presensi.cli;

import id.presensi.db.DatabaseLocator;
import id.presensi.files.PrivateFiles;

import java.io.IOException;
import java.nio.file.Path;

/** Logs go to a file in the Presensi home; the terminal is for the operator's output only. */
final class Logging {
    private Logging() {
    }

    static void configure() {
        if (System.getProperty("presensi.log.dir") == null) {
            Path home = DatabaseLocator.home(System.getenv());
            try {
                // made here, before the log appender makes it with the umask's 0755: the logs name people and devices
                PrivateFiles.ownerOnlyFolder(home);
            } catch (IOException e) {
                // the command says so itself when it needs the home; logging alone is no reason to stop it
            }
            System.setProperty("presensi.log.dir", home.toString());
        }
    }
}
