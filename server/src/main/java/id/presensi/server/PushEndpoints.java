package id.presensi.server;

import id.presensi.push.EcKeys;
import id.presensi.push.PushEndpointGuard;
import id.presensi.store.DeviceStore;
import id.presensi.store.PushStore;
import id.presensi.text.StaffText;
import io.javalin.http.Context;

import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * "Ingatkan saya" on the page: {@code GET /api/v1/push/key} gives the VAPID public key to subscribe with;
 * {@code POST /api/v1/push/subscriptions} keeps the browser's subscription for the token's device (only a known push
 * service's https endpoint, with a real P-256 key and a 16-byte auth secret); {@code DELETE} of the same removes it.
 */
final class PushEndpoints {
    static final int MAX_BODY = 2_048;
    private static final Set<String> FIELDS = Set.of("endpoint", "p256dh", "auth");
    private static final Set<String> REMOVE_FIELDS = Set.of("endpoint");

    private final PushStore store;
    private final PushEndpointGuard guard;
    private final Supplier<String> publicKey;
    private final Function<Context, DeviceStore.Authenticated> authenticate;

    PushEndpoints(PushStore store, PushEndpointGuard guard, Supplier<String> publicKey, Function<Context, DeviceStore.Authenticated> authenticate) {
        this.store = store;
        this.guard = guard;
        this.publicKey = publicKey;
        this.authenticate = authenticate;
    }

    void key(Context ctx) {
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        ctx.contentType("application/json").result(Json.write(Map.of("publicKey", publicKey.get(),
                "subscribed", store.subscribed(device.deviceId()))));
    }

    void subscribe(Context ctx) {
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        Json body = Json.body(ctx, MAX_BODY, Set.of()).only(FIELDS);
        String endpoint = endpoint(body);
        byte[] p256dh = key(body, "p256dh", 65);
        byte[] auth = key(body, "auth", 16);
        try {
            EcKeys.publicKey(p256dh);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(StaffText.PUSH_KEYS.format("p256dh", 65));
        }
        store.subscribe(device.deviceId(), device.employeeId(), new PushStore.Subscription(endpoint, p256dh, auth));
        ctx.status(201).contentType("application/json").result(Json.write(Map.of("subscribed", true)));
    }

    void unsubscribe(Context ctx) {
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        Json body = Json.body(ctx, MAX_BODY, Set.of()).only(REMOVE_FIELDS);
        boolean removed = store.unsubscribe(device.deviceId(), body.text("endpoint", PushEndpointGuard.MAX_LENGTH));
        ctx.contentType("application/json").result(Json.write(Map.of("subscribed", false, "removed", removed)));
    }

    private String endpoint(Json body) {
        String endpoint = body.text("endpoint", PushEndpointGuard.MAX_LENGTH);
        guard.refusal(endpoint).ifPresent(reason -> {
            throw new ApiException(422, "PUSH_ENDPOINT_REFUSED", reason);
        });
        return endpoint;
    }

    private static byte[] key(Json body, String field, int length) {
        String text = body.text(field, 200);
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_').replace("=", ""));
            if (bytes.length == length) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // refused below, as a key of the wrong length is
        }
        throw ApiException.badRequest(StaffText.PUSH_KEYS.format(field, length));
    }
}
