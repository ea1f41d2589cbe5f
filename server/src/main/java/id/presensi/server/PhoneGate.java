package id.presensi.server;

import id.presensi.store.DeviceStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a phone's request is decided on from its line and headers alone, before its route reads a byte of its body or
 * asks the database anything: a device over its request rate gets a 429 held back by the {@link Tarpit}; a body
 * larger than a check-in's fields under a token that is no phone's (or a revoked one) gets its 401 (403) at once and
 * is dropped unread, so a stranger cannot make the service read 600 KB to learn it has no token.
 */
final class PhoneGate {
    private final RequestRate rate;
    private final Tarpit tarpit;
    private final Function<Context, Optional<DeviceStore.Authenticated>> inMemory;
    private final Function<Context, DeviceStore.Authenticated> authenticate;

    /**
     * @param inMemory     the device of the request's token if the service has it in memory (no query)
     * @param authenticate the device of the request's token, else a 401 or 403 (a token not in memory costs a query,
     *                     within the service's bound on those)
     */
    PhoneGate(RequestRate rate, Tarpit tarpit, Function<Context, Optional<DeviceStore.Authenticated>> inMemory,
              Function<Context, DeviceStore.Authenticated> authenticate) {
        this.rate = rate;
        this.tarpit = tarpit;
        this.inMemory = inMemory;
        this.authenticate = authenticate;
    }

    /** A route that takes no body (a read), behind the request rate. */
    Handler reads(Handler route) {
        return ctx -> {
            if (!tooFast(ctx)) {
                route.handle(ctx);
            }
        };
    }

    /** A route that takes a body of up to {@code maxBody} bytes, behind the request rate and the token check. */
    Handler sends(Handler route, int maxBody) {
        return ctx -> {
            if (tooFast(ctx)) {
                return;
            }
            if (!UnreadBody.isSmall(ctx)) {
                try {
                    authenticate.apply(ctx);
                } catch (ApiException refused) {
                    UnreadBody.refuse(ctx, refused, maxBody);
                    return;
                }
            }
            route.handle(ctx);
        };
    }

    private boolean tooFast(Context ctx) {
        Optional<DeviceStore.Authenticated> device = inMemory.apply(ctx);
        if (device.isEmpty()) {
            return false;
        }
        int excess = rate.take(device.get().deviceId());
        if (excess == 0) {
            return false;
        }
        tarpit.answer(ctx, ClientAddress.client(ctx), Tarpit.delayMillis(excess), new ApiException(429, "TOO_FAST",
                "Perangkat ini mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi.",
                Map.of("Retry-After", Long.toString(rate.retryAfterSeconds()))));
        return true;
    }
}
