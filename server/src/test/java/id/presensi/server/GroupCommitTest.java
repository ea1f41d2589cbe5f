package id.presensi.server;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a batch makes durable beside its rows (a check-in's photo) holds back the batch's answers, and its failure fails them. */
class GroupCommitTest {

    @Test
    void a_batch_is_answered_only_once_what_it_has_beside_its_rows_is_on_disk_and_fails_with_it() throws Exception {
        List<List<String>> besides = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> onDisk = new CopyOnWriteArrayList<>();
        try (var commit = new GroupCommit<String, String>("test", rows -> rows.stream().map(String::toUpperCase).toList(), () -> true,
                100, 10, 1, rows -> {
            besides.add(rows);
            CompletableFuture<Void> kept = new CompletableFuture<>();
            onDisk.add(kept);
            return kept;
        }, row -> true)) {
            var first = commit.submit(List.of("a"));
            waitFor(() -> onDisk.size() == 1);
            // the rows are stored, the writer goes on to the next batch, but nobody is answered before the disk is
            var second = commit.submit(List.of("b", "c"));
            waitFor(() -> onDisk.size() == 2);
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();
            onDisk.get(1).complete(null);
            assertThat(second.get(5, TimeUnit.SECONDS)).containsExactly("B", "C");
            assertThat(first).isNotDone();
            onDisk.get(0).completeExceptionally(new UncheckedIOException(new IOException("disk gone")));
            assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("disk gone");
        }
        assertThat(besides).containsExactly(List.of("a"), List.of("b", "c"));
    }

    @Test
    void what_cannot_even_be_started_fails_its_batch_and_the_writer_goes_on() throws Exception {
        List<String> stored = new ArrayList<>();
        try (var commit = new GroupCommit<String, String>("test", rows -> {
            synchronized (stored) {
                stored.addAll(rows);
            }
            return rows;
        }, () -> true, 100, 10, 1, rows -> {
            if (rows.contains("full")) {
                throw ApiException.unavailable("no room");
            }
            return CompletableFuture.completedFuture(null);
        }, row -> true)) {
            var refused = commit.submit(List.of("full"));
            assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiException.class);
            assertThat(commit.submit(List.of("next")).get(5, TimeUnit.SECONDS)).containsExactly("next");
        }
        synchronized (stored) {
            assertThat(stored).as("the rows are committed all the same: the check-in of a refused photo is answered 503 and sent again")
                    .containsExactly("full", "next");
        }
    }

    @Test
    void an_error_in_one_batch_fails_its_requests_and_the_writer_serves_the_next() throws Exception {
        try (var commit = new GroupCommit<String, String>("test", rows -> {
            if (rows.contains("boom")) {
                throw new StackOverflowError("deep");
            }
            return rows;
        }, () -> true, 100, 1, 1)) {
            var failed = commit.submit(List.of("boom"));
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StackOverflowError.class);
            assertThat(commit.submit(List.of("next")).get(5, TimeUnit.SECONDS)).as("the one writer still alive").containsExactly("next");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (long until = System.nanoTime() + 5_000_000_000L; !condition.getAsBoolean(); Thread.sleep(5)) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(until);
        }
    }
}
