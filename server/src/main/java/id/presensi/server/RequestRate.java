package id.presensi.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The token buckets of {@link PhoneRate}, one per device, decided from memory alone (no query, no body read). Each
 * bucket also keeps the device's excess: how many requests it sent over the bound lately, draining at the same rate,
 * so the answers to a phone that keeps flooding can be slowed more than those to one that overstepped once.
 * Buckets are kept for devices only (a token the service knows), so there are at most as many as phones.
 */
final class RequestRate {
    private static final double NANOS = 1_000_000_000d;

    private final PhoneRate rate;
    private final LongSupplier nanos;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    RequestRate(PhoneRate rate) {
        this(rate, System::nanoTime);
    }

    RequestRate(PhoneRate rate, LongSupplier nanos) {
        this.rate = rate;
        this.nanos = nanos;
    }

    /** Takes one request of the device: 0 if within its bound, else its excess (1 the first time over, then more). */
    int take(long deviceId) {
        long now = nanos.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(deviceId, id -> new Bucket(rate.burst(), now));
        synchronized (bucket) {
            double refill = (now - bucket.at) / NANOS * rate.perSecond();
            bucket.at = now;
            bucket.tokens = Math.min(rate.burst(), bucket.tokens + refill);
            bucket.excess = Math.max(0, bucket.excess - refill);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            bucket.excess += 1;
            return (int) Math.ceil(bucket.excess);
        }
    }

    /** Seconds until the next request of a device just refused would be within the bound: at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (long) Math.ceil(1 / rate.perSecond()));
    }

    private static final class Bucket {
        double tokens;
        double excess;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
