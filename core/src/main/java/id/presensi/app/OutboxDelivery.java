package id.presensi.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.presensi.push.PushEndpointGuard;
import id.presensi.push.Vapid;
import id.presensi.push.WebPushCrypto;
import id.presensi.store.OutboxStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sends what the outbox holds: takes due rows under a lease, sends each (Web Push, encrypted for the subscription and
 * signed with VAPID; or the webhook's signed JSON), and records how it ended. 2xx: SENT. 404/410 from a push service:
 * the subscription is gone, deleted. 429, 5xx, no answer: again later, waiting longer each time (or as Retry-After
 * says, if longer), until the row's TTL expires it. Another 4xx (a refused request will be refused again): FAILED.
 */
public final class OutboxDelivery {

    /** Longer than any one send can take (the transport's timeouts), so a lease only runs out on a server that died. */
    public static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Outcomes counted since start, for /metrics: sent, gone, failed, retried, refused (SSRF guard), expired. */
    public enum Outcome { SENT, GONE, FAILED, RETRIED, REFUSED, EXPIRED }

    private final OutboxStore outbox;
    private final PushTransport transport;
    private final Vapid vapid;
    private final String server;
    private final Clock clock;
    private final ExecutorService senders;
    private final AtomicLongArray counts = new AtomicLongArray(Outcome.values().length);

    /**
     * @param server this server's name in leases (unique among the servers on the database)
     * @param senders where the sends of one batch run side by side
     */
    public OutboxDelivery(OutboxStore outbox, PushTransport transport, Vapid vapid, String server, Clock clock, ExecutorService senders) {
        this.outbox = outbox;
        this.transport = transport;
        this.vapid = vapid;
        this.server = server;
        this.clock = clock;
        this.senders = senders;
    }

    public long count(Outcome outcome) {
        return counts.get(outcome.ordinal());
    }

    /** One round: expires what is past its TTL, takes up to {@code max} due rows and sends them; returns how many were taken. */
    public int deliver(int max) {
        counts.addAndGet(Outcome.EXPIRED.ordinal(), outbox.expire());
        List<OutboxStore.Taken> taken = outbox.take(server, max, LEASE);
        List<Future<?>> sends = new ArrayList<>(taken.size());
        for (OutboxStore.Taken row : taken) {
            sends.add(senders.submit(() -> send(row)));
        }
        for (Future<?> f : sends) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return taken.size();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a send failed unexpectedly", e.getCause());
            }
        }
        return taken.size();
    }

    void send(OutboxStore.Taken row) {
        int status;
        try {
            if (row.subscriptionId().isPresent()) {
                status = push(row);
            } else if (row.webhookUrl().isPresent()) {
                status = webhook(row);
            } else {
                outbox.end(row.id(), server, OutboxStore.End.GONE, 0); // its subscription or webhook went before it was sent
                counts.incrementAndGet(Outcome.GONE.ordinal());
                return;
            }
        } catch (PushEndpointGuard.RefusedEndpoint e) {
            outbox.end(row.id(), server, OutboxStore.End.FAILED, 0);
            counts.incrementAndGet(Outcome.REFUSED.ordinal());
            return;
        } catch (IOException e) {
            retry(row, 0, Duration.ZERO);
            return;
        } catch (RuntimeException e) {
            // a row that cannot be made into a request (keys no longer a point, a payload too large) never will be
            outbox.end(row.id(), server, OutboxStore.End.FAILED, 0);
            counts.incrementAndGet(Outcome.FAILED.ordinal());
            return;
        }
        if (status >= 200 && status < 300) {
            outbox.end(row.id(), server, OutboxStore.End.SENT, status);
            counts.incrementAndGet(Outcome.SENT.ordinal());
        } else if ((status == 404 || status == 410) && row.subscriptionId().isPresent()) {
            outbox.gone(row.id(), server, row.subscriptionId().get(), status);
            counts.incrementAndGet(Outcome.GONE.ordinal());
        } else if (status == 429 || status >= 500) {
            retry(row, status, Duration.ZERO);
        } else {
            outbox.end(row.id(), server, OutboxStore.End.FAILED, status);
            counts.incrementAndGet(Outcome.FAILED.ordinal());
        }
    }

    private void retry(OutboxStore.Taken row, int status, Duration asked) {
        outbox.retry(row.id(), server, backoff(row.attempts(), asked), status);
        counts.incrementAndGet(Outcome.RETRIED.ordinal());
    }

    /** 5 s, 10 s, 20 s, ... up to 10 minutes, or what the service asked if longer. */
    static Duration backoff(int attempts, Duration asked) {
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 7));
        wait = wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
        return asked.compareTo(wait) > 0 ? asked : wait;
    }

    private int push(OutboxStore.Taken row) throws IOException {
        URI endpoint = URI.create(row.endpoint().orElseThrow());
        ObjectNode doc = (ObjectNode) JSON.readTree(row.payload());
        ObjectNode message = JSON.createObjectNode();
        message.put("title", doc.path("title").asText());
        message.put("body", doc.path("body").asText());
        message.put("tag", row.kind().name());
        byte[] body = WebPushCrypto.encrypt(JSON.writeValueAsBytes(message), row.p256dh(), row.auth());
        Instant now = clock.instant();
        long ttl = Math.max(0, Duration.between(now, row.expiresAt()).toSeconds());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", vapid.authorization(endpoint.getScheme() + "://" + endpoint.getRawAuthority(), now));
        headers.put("TTL", Long.toString(ttl));
        headers.put("Content-Encoding", "aes128gcm");
        headers.put("Content-Type", "application/octet-stream");
        headers.put("Urgency", "high");
        headers.put("Topic", row.kind().name().replace("_", "").toLowerCase(java.util.Locale.ROOT));
        return transport.post(endpoint, headers, body);
    }

    private int webhook(OutboxStore.Taken row) throws IOException {
        byte[] body = row.payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("X-Presensi-Event", row.kind().name());
        headers.put("X-Presensi-Delivery", row.dedupeKey());
        headers.put("X-Presensi-Signature", "sha256=" + sign(row.webhookSecret(), body));
        return transport.post(URI.create(row.webhookUrl().orElseThrow()), headers, body);
    }

    /** The webhook's signature: HMAC-SHA256 of the exact body bytes with the unit's secret, in hex. */
    public static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
