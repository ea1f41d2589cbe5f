package id.presensi.server;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers decided from a request's line and headers alone: a phone over its day's bound, or sending again what was
 * already answered, gets its answer without its body (a 30 KB photo, a 300 KB letter) being parsed, decoded or kept.
 * A flooding token then costs the service a map lookup and the bytes on the wire, not a JSON parse, a base64 decode
 * and half a megabyte of garbage per request that honest phones' requests wait behind.
 */
final class UnreadBody {
    /**
     * A body this small is read as usual, even from a phone over its bound: a check-in's fields (about 150 bytes) cost
     * nothing to parse, and they may be a retry's, whose requestId is only in the body.
     */
    static final int SMALL = 2 * 1024;
    /** The header in which a phone may name its body's requestId, so a retry is known before the body is read. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Marks a request answered here or refused over a bound, for the access log. */
    private static final String QUIET = "presensi.quiet";
    private static final CountedLine line = new CountedLine(60_000_000_000L, System.nanoTime());

    private UnreadBody() {
    }

    /**
     * Marks a request whose access-log line is one of many alike: a refusal over a phone's bound (however it was
     * decided), or an answer given here. A token flooding the service at hundreds a second would otherwise fill the
     * log, and keep its writer thread busy, with lines that say the same thing.
     */
    static void quiet(Context ctx) {
        ctx.attribute(QUIET, true);
    }

    /**
     * Writes the access log's line for a request marked {@link #quiet} at most once a minute, with how many there
     * were since; every answer is still counted on /metrics.
     *
     * @return whether the request was marked (its line then written or counted)
     */
    static boolean logged(Context ctx, Logger access, String route, long millis) {
        if (ctx.attribute(QUIET) == null) {
            return false;
        }
        long n = line.count(System.nanoTime());
        if (n > 0) {
            access.info("{} {} {} {} ({} over a phone's bound or answered again in the last minute, this one included)",
                    ctx.method(), route, ctx.statusCode(), millis, n);
        }
        return true;
    }

    /** Whether the body is announced small enough to read as usual. */
    static boolean isSmall(Context ctx) {
        long length = ctx.contentLength();
        return length >= 0 && length <= SMALL;
    }

    /** The requestId named in the Idempotency-Key header; a value that is not one names nothing. */
    static Optional<UUID> idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null || key.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Answers a refusal (a 429) now, then drops the body unread. */
    static void refuse(Context ctx, ApiException refusal, int maxBytes) {
        answer(ctx, new DailyCounts.Answer(refusal.status, Json.write(Map.of("error", refusal.error, "message", refusal.getMessage()))),
                refusal.headers, maxBytes);
    }

    /**
     * Writes the answer and sends it at once, then drops the body unparsed so the connection carries the next
     * request: read into one small buffer and thrown away, at most {@code maxBytes} (beyond that, and for a body
     * that stops or trickles, Jetty closes the connection after the answer). The answer goes first, so a phone
     * reads it while its body is still on the way; a client that waits for {@code 100 Continue} is never asked for
     * its body at all, and Jetty closes the connection.
     */
    static void answer(Context ctx, DailyCounts.Answer answer, Map<String, String> headers, int maxBytes) {
        quiet(ctx);
        HttpServletResponse response = ctx.res();
        try {
            if (!answer.send(response, headers)) {
                return; // the client went away: nothing to read either
            }
            response.flushBuffer();
        } catch (IOException gone) {
            return;
        }
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect")) || ctx.contentLength() > maxBytes) {
            return;
        }
        byte[] buffer = new byte[8192];
        long left = maxBytes;
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n = in.read(buffer); n >= 0 && left > 0; n = in.read(buffer)) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // cut off or too slow: answered already, and Jetty closes the connection
        }
    }
}
