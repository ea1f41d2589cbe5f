package id.presensi.cli;

/** Exit codes every command keeps to, so cron jobs and scripts can tell outcomes apart. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The operation failed and changed nothing. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The import finished, but some rows were rejected. */
    public static final int REJECTED = 3;

    private ExitCodes() {
    }
}
