package id.presensi.store;

import id.presensi.push.EcKeys;
import id.presensi.push.Vapid;
import org.jdbi.v3.core.Jdbi;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;

/** The home's VAPID key pair and the phones' push subscriptions (V36). */
public final class PushStore {

    /** Subscriptions kept per device (a phone with two browsers, and one spare). */
    public static final int MAX_PER_DEVICE = 3;

    /** A subscription as a browser gives it: the push service's endpoint, its P-256 key and auth secret. */
    public record Subscription(String endpoint, byte[] p256dh, byte[] auth) {
    }

    private final Jdbi jdbi;

    public PushStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The home's key pair: made by the first server that asks and kept for good (every subscription is bound to it).
     * Two servers asking at once both insert with ON CONFLICT DO NOTHING and both read the one that won.
     */
    public Vapid vapid(String subject) {
        return jdbi.inTransaction(h -> {
            KeyPair fresh = EcKeys.generate();
            h.createUpdate("INSERT INTO push_vapid_key (public_key, private_key) VALUES (:pub, :priv) ON CONFLICT (id) DO NOTHING")
                    .bind("pub", EcKeys.raw((ECPublicKey) fresh.getPublic())).bind("priv", fresh.getPrivate().getEncoded()).execute();
            return h.createQuery("SELECT public_key, private_key FROM push_vapid_key WHERE id = 1")
                    .map((rs, ctx) -> new Vapid(EcKeys.privateKey(rs.getBytes("private_key")), rs.getBytes("public_key"), subject))
                    .one();
        });
    }

    /**
     * Keeps a device's subscription; the same endpoint sent again (by this device or, after a re-activation, by its
     * successor) moves to the device sending it. Returns the subscription's id.
     */
    public long subscribe(long deviceId, long employeeId, Subscription s) {
        return jdbi.inTransaction(h -> {
            long id = h.createQuery("""
                        INSERT INTO push_subscription (device_id, employee_id, endpoint, p256dh, auth)
                        VALUES (:device, :employee, :endpoint, :p256dh, :auth)
                        ON CONFLICT (endpoint) DO UPDATE SET device_id = excluded.device_id, employee_id = excluded.employee_id,
                               p256dh = excluded.p256dh, auth = excluded.auth, created_at = now()
                        RETURNING id""")
                .bind("device", deviceId).bind("employee", employeeId).bind("endpoint", s.endpoint())
                .bind("p256dh", s.p256dh()).bind("auth", s.auth()).mapTo(Long.class).one();
            // a browser keeps one subscription per page; a device with more is a phone filling the table (and every
            // reminder would go to each), so only its newest few are kept
            h.createUpdate("""
                            DELETE FROM push_subscription WHERE device_id = :device AND id NOT IN (
                                SELECT id FROM push_subscription WHERE device_id = :device ORDER BY created_at DESC, id DESC LIMIT :keep)""")
                    .bind("device", deviceId).bind("keep", MAX_PER_DEVICE).execute();
            return id;
        });
    }

    /** Removes a device's subscription to an endpoint (the switch turned off); false when it had none. */
    public boolean unsubscribe(long deviceId, String endpoint) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM push_subscription WHERE device_id = :device AND endpoint = :endpoint")
                .bind("device", deviceId).bind("endpoint", endpoint).execute() > 0);
    }

    /** Whether the device has any subscription (the page's switch shows it). */
    public boolean subscribed(long deviceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM push_subscription WHERE device_id = :device)")
                .bind("device", deviceId).mapTo(Boolean.class).one());
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM push_subscription").mapTo(Integer.class).one());
    }
}
