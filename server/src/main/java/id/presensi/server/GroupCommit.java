package id.presensi.server;

import id.presensi.store.CheckInStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Group commit: request threads hand their rows (a phone's check-in, a fingerprint machine's batch of punches) to
 * one writer, which stores everything waiting in one statement and one durable commit, then answers them all.
 * One fsync serves hundreds of requests, so the 07:15 rush costs the database a few commits per second, not
 * thousands. Check-ins have several writers on one queue: while one batch waits for its fsync (and, on a busy machine,
 * for the scheduler to wake the threads and the backend that carry it), the next batch is already being inserted,
 * and PostgreSQL flushes the commits of concurrent writers together. With one writer every request waited for the
 * batch before it to finish as well as its own, and a request's latency was two round trips of the whole chain.
 *
 * <p>Rows may have something to make durable beside them (the photos of check-ins): it is started once for the
 * batch, before the rows are stored, so both reach the disk at the same time, and no request with such a row is
 * answered before both have. A request without any is answered once its rows are committed: it neither waits for
 * the others' photos nor fails with them.
 *
 * @param <T> a row as a request hands it over
 * @param <R> what storing it answers, one per row in the same order
 */
final class GroupCommit<T, R> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private record Pending<T, R>(List<T> rows, CompletableFuture<List<R>> stored) {
    }

    private final String what;
    private final Function<List<T>, List<R>> store;
    private final BooleanSupplier databaseAnswers;
    private final Function<List<T>, CompletableFuture<?>> beside;
    private final Predicate<T> hasBeside;
    private final BlockingQueue<Pending<T, R>> queue;
    private final int maxBatch;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    GroupCommit(String what, Function<List<T>, List<R>> store, BooleanSupplier databaseAnswers, int capacity, int maxBatch) {
        this(what, store, databaseAnswers, capacity, maxBatch, 1);
    }

    /** With {@code writers} threads taking batches from one queue; {@code store} must then be safe to call concurrently. */
    GroupCommit(String what, Function<List<T>, List<R>> store, BooleanSupplier databaseAnswers, int capacity, int maxBatch,
                int writers) {
        this(what, store, databaseAnswers, capacity, maxBatch, writers, rows -> DONE, row -> false);
    }

    /**
     * @param beside    starts making durable what the batch's rows of {@code hasBeside} have beside them (called only
     *                  if there are any); its future completes once that is on disk, and their requests are answered
     *                  after it (failed with its failure)
     * @param hasBeside whether a row has anything beside it
     */
    GroupCommit(String what, Function<List<T>, List<R>> store, BooleanSupplier databaseAnswers, int capacity, int maxBatch,
                int writers, Function<List<T>, CompletableFuture<?>> beside, Predicate<T> hasBeside) {
        this.what = what;
        this.store = store;
        this.databaseAnswers = databaseAnswers;
        this.beside = beside;
        this.hasBeside = hasBeside;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::run, what + "-writer-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    /** Queues one request's rows; the future completes when they are committed. Refuses at once when the queue is full. */
    CompletableFuture<List<R>> submit(List<T> rows) {
        Pending<T, R> pending = new Pending<>(List.copyOf(rows), new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw ApiException.unavailable("Server sedang sibuk, coba lagi sebentar.");
        }
        return pending.stored();
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int rows = first.rows().size();
                for (Pending<T, R> next; rows < maxBatch && (next = queue.poll()) != null; rows += next.rows().size()) {
                    batch.add(next);
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Error e) {
                // an Error of one batch (memory, say) fails its requests, not the writer: a writer thread that died took
                // every later request of its queue with it, each answered only by its timeout
                log.error("A batch of {} {} requests failed: {}", batch.size(), what, e.toString());
                batch.forEach(p -> p.stored().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * One insert and one commit for the batch. If the batch fails, each request's rows are stored on their own, so
     * a row the database refuses fails only its own request and everyone else's still commits.
     */
    private void write(List<Pending<T, R>> batch) {
        List<T> rows = batch.stream().flatMap(p -> p.rows().stream()).toList();
        CompletableFuture<?> kept = besideOf(rows);
        try {
            complete(batch, store.apply(rows), kept);
        } catch (RuntimeException e) {
            if (batch.size() == 1 || !databaseAnswers.getAsBoolean()) {
                fail(batch, e);
                return;
            }
            log.warn("A batch of {} {} requests failed; storing them one by one", batch.size(), what);
            for (Pending<T, R> p : batch) {
                try {
                    complete(List.of(p), store.apply(p.rows()), kept);
                } catch (RuntimeException single) {
                    fail(List.of(p), single);
                }
            }
        }
    }

    /**
     * What the batch's rows have beside them, started; a failure to start it fails the answers of those rows'
     * requests, not the writer.
     */
    private CompletableFuture<?> besideOf(List<T> rows) {
        List<T> with = rows.stream().filter(hasBeside).toList();
        if (with.isEmpty()) {
            return DONE;
        }
        try {
            return beside.apply(with);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Answers each request once its rows are committed and, if they have anything beside them, once that is on disk
     * too: then on the thread that wrote it (or this one if it already is), so the writer goes on to its next batch
     * meanwhile. Each request's answer is cut here, so a store answering the wrong number of rows fails the batch on
     * this thread instead of leaving its requests unanswered.
     */
    private void complete(List<Pending<T, R>> batch, List<R> stored, CompletableFuture<?> kept) {
        int from = 0;
        for (Pending<T, R> p : batch) {
            List<R> own = stored.subList(from, from + p.rows().size());
            from += p.rows().size();
            if (p.rows().stream().noneMatch(hasBeside)) {
                p.stored().complete(own);
                continue;
            }
            kept.whenComplete((done, failed) -> {
                if (failed != null) {
                    p.stored().completeExceptionally(failed);
                } else {
                    p.stored().complete(own);
                }
            });
        }
    }

    /** A row the database refused is the request's fault; anything else (the database away) is not. */
    private void fail(List<Pending<T, R>> batch, RuntimeException e) {
        boolean refused = CheckInStore.isDataError(e);
        log.warn("Could not store {} {} request(s): {}", batch.size(), what, refused ? "the database refused a row" : "database unavailable");
        batch.forEach(p -> p.stored().completeExceptionally(refused ? new RefusedRow(e) : e));
    }

    /** The database refused a row itself (a value out of its range): the client's request was bad. */
    static final class RefusedRow extends RuntimeException {
        RefusedRow(Throwable cause) {
            super("the database refused the row", cause);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
