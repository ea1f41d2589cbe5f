package id.presensi.server;

import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Request bodies read with a cap of their own route's: a client that sends more (with a Content-Length that says
 * so, or chunked without one) is refused as soon as the cap is passed, so nobody makes the server hold more than a
 * route allows; the server-wide limit is only the largest of them.
 */
final class Bodies {
    private Bodies() {
    }

    static byte[] read(Context ctx, int maxBytes, Supplier<RuntimeException> tooLarge, Supplier<RuntimeException> unreadable) {
        if (ctx.contentLength() > maxBytes) {
            throw tooLarge.get();
        }
        if (ctx.contentLength() >= 0) {
            // the usual case: read exactly what the header announced, into one array (a selfie is 40 KB)
            try (InputStream in = ctx.req().getInputStream()) {
                byte[] body = new byte[ctx.contentLength()];
                if (in.readNBytes(body, 0, body.length) < body.length) {
                    throw unreadable.get();
                }
                return body;
            } catch (IOException e) {
                throw unreadable.get();
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(); // chunked: no length to size it by
        byte[] buffer = new byte[8192];
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (body.size() + n > maxBytes) {
                    throw tooLarge.get();
                }
                body.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw unreadable.get();
        }
        return body.toByteArray();
    }
}
