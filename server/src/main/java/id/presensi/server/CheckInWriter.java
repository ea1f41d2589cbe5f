package id.presensi.server;

import id.presensi.store.CheckInStore.Row;
import id.presensi.store.CheckInStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: request threads hand their check-ins to one writer, which stores everything waiting in one
 * multi-row insert and one durable commit, then answers them all. One fsync serves hundreds of check-ins,
 * so the 07:15 rush costs the database a few commits per second, not thousands.
 */
final class CheckInWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckInWriter.class);

    private record Pending(Row row, CompletableFuture<Row> stored) {
    }

    private final CheckInStore store;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final Thread thread;
    private volatile boolean running = true;

    CheckInWriter(CheckInStore store, int capacity, int maxBatch) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, "checkin-writer");
        this.thread.start();
    }

    /** Queues a check-in; the future completes when it is committed. Refuses at once when the queue is full. */
    CompletableFuture<Row> submit(Row row) {
        Pending pending = new Pending(row, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw ApiException.unavailable("Server sedang sibuk, coba lagi sebentar.");
        }
        return pending.stored();
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * One insert and one commit for the batch. If the batch fails, its rows are stored one by one, so a row the
     * database refuses fails only its own request and everyone else's check-in still commits.
     */
    private void write(List<Pending> batch) {
        try {
            complete(batch, store.insertAll(batch.stream().map(Pending::row).toList()));
        } catch (RuntimeException e) {
            if (batch.size() == 1 || !store.isAvailable()) {
                fail(batch, e);
                return;
            }
            log.warn("A batch of {} check-ins failed; storing them one by one", batch.size());
            for (Pending p : batch) {
                try {
                    complete(List.of(p), store.insertAll(List.of(p.row())));
                } catch (RuntimeException single) {
                    fail(List.of(p), single);
                }
            }
        }
    }

    private static void complete(List<Pending> batch, Map<UUID, Row> stored) {
        batch.forEach(p -> p.stored().complete(stored.get(p.row().requestId())));
    }

    /** A row the database refused is the request's fault; anything else (the database away) is not. */
    private static void fail(List<Pending> batch, RuntimeException e) {
        boolean refused = CheckInStore.isDataError(e);
        log.warn("Could not store {} check-in(s): {}", batch.size(), refused ? "the database refused the row" : "database unavailable");
        batch.forEach(p -> p.stored().completeExceptionally(refused ? new RefusedRow(e) : e));
    }

    /** The database refused this row itself (a value out of its range): the client's request was bad. */
    static final class RefusedRow extends RuntimeException {
        RefusedRow(Throwable cause) {
            super("the database refused the check-in", cause);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
