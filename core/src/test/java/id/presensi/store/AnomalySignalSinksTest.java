package id.presensi.store;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a failure the signals' sink waits for the database's thread before the caller rolls back, an interrupted
 * caller too: the step's connection is never used by the two threads at once (JDBC connections are not thread-safe).
 */
class AnomalySignalSinksTest {
    @Test
    void an_interrupted_caller_still_waits_for_the_databases_work_and_keeps_its_interruption() {
        ScheduledExecutorService database = Executors.newSingleThreadScheduledExecutor();
        try {
            CompletableFuture<Void> work = new CompletableFuture<>();
            database.schedule(() -> work.complete(null), 300, TimeUnit.MILLISECONDS);
            Thread.currentThread().interrupt(); // a cancelled step
            AnomalySignalSinks.quietly(work);
            assertThat(work).as("the database's work ended before the caller goes on to roll back").isDone();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            database.shutdownNow();
        }
    }
}
