package id.presensi.server;

import io.javalin.http.Context;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers a phone over its request rate slowly. A refusal costs the service well under a millisecond, so a generator
 * that waits for each answer on a few connections would otherwise send thousands a second, and on a small machine the
 * honest phones' latency follows that rate. Held here for one to two seconds (longer the further the phone is over),
 * each connection of the flood carries at most one request a second or so.
 * <p>
 * A held answer holds no thread: the request is suspended (Javalin's future, the servlet's async) and one scheduler
 * thread completes it. What is held is bounded, in all and per client address; past either bound the refusal is
 * answered at once and the connection closed, so a flood from many connections costs it a new connection each time
 * rather than the service its memory. Only refusals are ever held: honest phones, even hundreds behind one office's
 * address, are never counted here unless each is itself over its rate, so the per-address bound can stay generous.
 */
final class Tarpit implements AutoCloseable {
    static final long FIRST_DELAY_MILLIS = 1_000;
    static final long STEP_MILLIS = 250;
    static final long MAX_DELAY_MILLIS = 2_000;

    private final int maxHeld;
    private final int maxHeldPerAddress;
    private final AtomicInteger held = new AtomicInteger();
    private final Map<String, AtomicInteger> heldByAddress = new ConcurrentHashMap<>();
    private final AtomicLong closed = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tarpit");
        t.setDaemon(true);
        return t;
    });

    Tarpit(int maxHeld, int maxHeldPerAddress) {
        this.maxHeld = maxHeld;
        this.maxHeldPerAddress = maxHeldPerAddress;
    }

    /** How long the answer to a phone this far over its rate is held: 1 s the first time, up to 2 s. */
    static long delayMillis(int excess) {
        return Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS + STEP_MILLIS * (Math.max(1, excess) - 1));
    }

    /**
     * Answers the refusal after the delay, its body unread; or at once, closing the connection, when too many
     * answers are held already (in all, or for the client's address).
     */
    void answer(Context ctx, String address, long delayMillis, ApiException refusal) {
        UnreadBody.quiet(ctx);
        AtomicInteger ofAddress = heldByAddress.compute(address, (a, n) -> n == null ? new AtomicInteger(1) : increment(n));
        if (held.incrementAndGet() > maxHeld || ofAddress.get() > maxHeldPerAddress) {
            release(address);
            closed.incrementAndGet();
            ctx.header("Connection", "close");
            write(ctx, refusal);
            return;
        }
        CompletableFuture<Void> later = new CompletableFuture<>();
        scheduler.schedule(() -> later.complete(null), delayMillis, TimeUnit.MILLISECONDS);
        ctx.future(() -> later.whenComplete((v, e) -> release(address)).thenRun(() -> write(ctx, refusal)));
    }

    private static AtomicInteger increment(AtomicInteger n) {
        n.incrementAndGet();
        return n;
    }

    private void release(String address) {
        held.decrementAndGet();
        heldByAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
    }

    private static void write(Context ctx, ApiException refusal) {
        refusal.headers.forEach(ctx::header);
        ctx.status(refusal.status).contentType("application/json")
                .result(Json.write(Map.of("error", refusal.error, "message", refusal.getMessage())));
    }

    /** Answers held now. */
    int held() {
        return held.get();
    }

    /** Connections closed because too many answers were held, since the start. */
    long closed() {
        return closed.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
