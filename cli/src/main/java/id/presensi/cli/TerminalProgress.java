package id.presensi.cli;

import id.presensi.jobs.staffimport.StaffImportRequest.ImportProgress;

import java.io.PrintWriter;

/** A one-line progress counter on stderr, shown only when a person is watching a terminal. */
final class TerminalProgress implements ImportProgress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final long started = System.nanoTime();

    private TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    static ImportProgress forTerminal(PrintWriter err, boolean json) {
        return Terminal.present() && !json ? new TerminalProgress(err) : ImportProgress.NONE;
    }

    @Override
    public void rowsRead(long rows, double fraction) {
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        String bar = "";
        if (fraction >= 0) {
            int filled = (int) Math.round(fraction * WIDTH);
            bar = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + Math.round(fraction * 100) + "%  ";
        }
        err.printf("\r  %s%,d rows read  (%,.0f rows/s)%s", bar, rows, rows / seconds,
                fraction >= 1 ? "\n  saving the valid rows to the staff table...\n" : "");
        err.flush();
    }
}
