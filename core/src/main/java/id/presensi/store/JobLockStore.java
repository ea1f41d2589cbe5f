package id.presensi.store;

import id.presensi.db.Failures;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One run of a job per operator at a time: the operator's own row of job_lock, locked for as long as the run
 * lasts. Row-level security shows each role only its own row, so no other login can hold it (an advisory lock
 * could be taken by anyone).
 */
public final class JobLockStore {
    private final Jdbi jdbi;

    public JobLockStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A held lock and the operator (session user) holding it; closing it releases the lock. */
    public static final class Held implements AutoCloseable {
        private final Handle handle;
        private final String operator;

        private Held(Handle handle, String operator) {
            this.handle = handle;
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }

        @Override
        public void close() {
            handle.rollback();
            handle.close();
        }
    }

    /** Takes the lock at once, or says that another run of the job by this operator is under way. */
    public Held hold(String job) {
        Handle h = jdbi.open();
        try {
            h.createUpdate("INSERT INTO job_lock (job) VALUES (:job) ON CONFLICT DO NOTHING").bind("job", job).execute();
            h.begin();
            String operator = h.createQuery("SELECT operator FROM job_lock WHERE job = :job AND operator = session_user FOR UPDATE NOWAIT")
                    .bind("job", job).mapTo(String.class).one();
            return new Held(h, operator);
        } catch (RuntimeException e) {
            if (h.isInTransaction()) {
                h.rollback();
            }
            h.close();
            if (Failures.hasSqlState(e, "55P03"::equals)) { // lock_not_available
                throw new IllegalStateException("another " + job + " run is under way; try again when it has finished");
            }
            throw e;
        }
    }
}
