package id.presensi.threads;

/** Waits that an interruption does not cut short: it is kept for the caller, who acts on it once the wait is over. */
public final class Uninterruptibly {
    private Uninterruptibly() {
    }

    /**
     * Returns once the thread has ended, even when interrupted meanwhile: what the thread holds (a connection, a
     * socket) is then free, and never used by the caller and the thread at once.
     */
    public static void join(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
