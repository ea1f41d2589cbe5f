package id.presensi.cli;

import id.presensi.db.DatabaseLocator;

/** Logs go to a file in the Presensi home; the terminal is for the operator's output only. */
final class Logging {
    private Logging() {
    }

    static void configure() {
        if (System.getProperty("presensi.log.dir") == null) {
            System.setProperty("presensi.log.dir", DatabaseLocator.home(System.getenv()).toString());
        }
    }
}
