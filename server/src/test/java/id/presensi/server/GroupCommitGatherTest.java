package id.presensi.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group commit that gathers (the selfie spool's): a batch begun with a rush's worth already waiting lets what
 * arrives during its pause join it, and requests that arrive alone or a few at a time are stored without that pause.
 */
class GroupCommitGatherTest {
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstStored = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private List<Boolean> store(List<String> rows) {
        batches.add(rows);
        firstStored.countDown();
        try {
            release.await(); // the first batch holds the writer while the next requests queue behind it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return rows.stream().map(r -> true).toList();
    }

    @Test
    void requests_arriving_while_a_rush_batch_gathers_join_it() throws Exception {
        try (GroupCommit<String, Boolean> writer = new GroupCommit<>("test", this::store, () -> true, 100, 16, 1, Duration.ofSeconds(2))) {
            CompletableFuture<List<Boolean>> first = writer.submit(List.of("a"));
            assertThat(firstStored.await(5, TimeUnit.SECONDS)).isTrue();
            for (String row : List.of("b", "c", "d", "e")) {
                writer.submit(List.of(row));
            }
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            Thread.sleep(300); // within the gathering writer's pause
            CompletableFuture<List<Boolean>> late = writer.submit(List.of("f"));
            late.get(10, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c", "d", "e", "f"));
    }

    @Test
    void requests_arriving_a_few_at_a_time_are_stored_without_the_pause() throws Exception {
        try (GroupCommit<String, Boolean> writer = new GroupCommit<>("test", this::store, () -> true, 100, 16, 1, Duration.ofSeconds(30))) {
            CompletableFuture<List<Boolean>> first = writer.submit(List.of("a"));
            assertThat(firstStored.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<Boolean>> second = writer.submit(List.of("b"));
            writer.submit(List.of("c"));
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS)).as("not held for the 30 s of a rush's pause").containsExactly(true);
        }
        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"));
    }

    @Test
    void a_request_arriving_alone_is_stored_without_the_pause() throws Exception {
        release.countDown();
        try (GroupCommit<String, Boolean> writer = new GroupCommit<>("test", this::store, () -> true, 100, 16, 1, Duration.ofSeconds(30))) {
            long start = System.nanoTime();
            assertThat(writer.submit(List.of("a")).get(10, TimeUnit.SECONDS)).containsExactly(true);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not held for the 30 s of a rush's pause")
                    .isLessThan(Duration.ofSeconds(10));
        }
        assertThat(batches).containsExactly(List.of("a"));
    }
}
