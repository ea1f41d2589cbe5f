package id.presensi.server;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Request bodies read with a cap of their own route's: a client that sends more (with a Content-Length that says
 * so, or chunked without one) is refused as soon as the cap is passed, so nobody makes the server hold more than a
 * route allows; the server-wide limit is only the largest of them.
 *
 * <p>A body that stops short (the client went away) or arrives too slowly (below the server's minimum data rate) is
 * the client's doing, and common on a phone network: it is answered 408 by the caller and logged as one line a
 * minute at most, never a stack trace per connection, so a few hundred trickling clients cannot flood the log.
 */
final class Bodies {
    private static final Logger log = LoggerFactory.getLogger(Bodies.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private static final AtomicLong cutOff = new AtomicLong();
    private static final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    private Bodies() {
    }

    /**
     * @param tooLarge the refusal of a body over the cap
     * @param cutOff   the refusal of a body cut short or too slow (a 408 in the route's own form)
     */
    static byte[] read(Context ctx, int maxBytes, Supplier<RuntimeException> tooLarge, Supplier<RuntimeException> cutOff) {
        if (ctx.contentLength() > maxBytes) {
            throw tooLarge.get();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (ctx.contentLength() >= 0) {
                // the usual case: read exactly what the header announced, into one array (a selfie is 40 KB)
                byte[] body = new byte[ctx.contentLength()];
                if (in.readNBytes(body, 0, body.length) < body.length) {
                    throw cut(ctx, "ended early", cutOff);
                }
                return body;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(); // chunked: no length to size it by
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (body.size() + n > maxBytes) {
                    throw tooLarge.get();
                }
                body.write(buffer, 0, n);
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw cut(ctx, e.getClass().getSimpleName(), cutOff);
        } catch (RuntimeException e) {
            if (e instanceof ApiException || e instanceof MachinePush.PlainTextError) {
                throw e;
            }
            // Jetty reports a body below the minimum data rate as an unchecked 408 (BadMessageException)
            throw cut(ctx, e.getClass().getSimpleName(), cutOff);
        }
    }

    /** Whether a failure is a body that timed out or stopped (Jetty's 408, an end of stream, a timeout), at any depth. */
    static boolean isCutOff(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http && http.getCode() == 408 || t instanceof EofException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Counts a body cut off, logs it as one line a minute at most, and answers the route's refusal. */
    static <E extends RuntimeException> E cutOff(Context ctx, Throwable e, Supplier<E> answer) {
        return cut(ctx, e.getClass().getSimpleName(), answer);
    }

    private static <E extends RuntimeException> E cut(Context ctx, String how, Supplier<E> cutOff) {
        long n = Bodies.cutOff.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            Bodies.cutOff.set(0);
            log.warn("{} request bodies cut off or too slow (408) since the last such line, the latest on {} {} ({})", n, ctx.method(), ctx.path(), how);
        }
        return cutOff.get();
    }
}
