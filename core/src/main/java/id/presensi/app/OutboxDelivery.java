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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sends what the outbox holds: takes due rows under a lease, sends each (Web Push, encrypted for the subscription and
 * signed with VAPID; or the webhook's signed JSON), and records how it ended. 2xx: SENT. 404/410 from a push service:
 * the subscription is gone, deleted; from a webhook: FAILED, and three in a row disable the webhook (V42). 429, 5xx, no
 * answer: again later, waiting longer each time (or as Retry-After says, if longer, up to an hour), until the row's TTL
 * expires it. Another 4xx (a refused request will be refused again): FAILED. Sends are paced (SendPace).
 */
public final class OutboxDelivery {

    /** Longer than any one send can take (the transport's timeouts), so a lease only runs out on a server that died. */
    public static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(10);
    static final Duration LONGEST_ASKED = Duration.ofHours(1);
    static final int SETTLE_EVERY = 50;
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
    private final SendPace pace;

    /**
     * @param server this server's name in leases (unique among the servers on the database)
     * @param senders where the sends of one batch run side by side (a few: the pace, not their number, sets the rate)
     */
    public OutboxDelivery(OutboxStore outbox, PushTransport transport, Vapid vapid, String server, Clock clock, ExecutorService senders) {
        this(outbox, transport, vapid, server, clock, senders, new SendPace());
    }

    OutboxDelivery(OutboxStore outbox, PushTransport transport, Vapid vapid, String server, Clock clock, ExecutorService senders, SendPace pace) {
        this.pace = pace;
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

    /**
     * One round: expires what is past its TTL, takes the due rows for about a second at the pace's rate (at most
     * {@code max}), sends them paced, and records how each ended, a chunk at a time; returns how many were taken.
     */
    public int deliver(int max) {
        counts.addAndGet(Outcome.EXPIRED.ordinal(), outbox.expire());
        OutboxStore.Due due = outbox.due();
        if (due.rows() == 0) {
            return 0;
        }
        List<OutboxStore.Taken> taken = outbox.take(server, Math.min(max, pace.plan(due.rows(), due.oldest())), LEASE);
        List<Future<OutboxStore.Result>> sends = new ArrayList<>(taken.size());
        for (OutboxStore.Taken row : taken) {
            sends.add(senders.submit(() -> {
                pace.acquire();
                return send(row);
            }));
        }
        // recorded SETTLE_EVERY rows at a time: fewer statements, and a server that dies mid-round re-sends at most a chunk
        List<OutboxStore.Result> results = new ArrayList<>(SETTLE_EVERY);
        try {
            for (Future<OutboxStore.Result> f : sends) {
                results.add(f.get());
                if (results.size() == SETTLE_EVERY) {
                    outbox.settle(server, results);
                    results.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a send failed unexpectedly", e.getCause());
        } finally {
            outbox.settle(server, results);
        }
        return taken.size();
    }

    OutboxStore.Result send(OutboxStore.Taken row) {
        Sent sent = attempt(row);
        counts.incrementAndGet(sent.outcome().ordinal());
        return row.webhookUnit().isPresent() && row.subscriptionId().isEmpty() ? sent.result().fromWebhook(row.webhookUnit().get()) : sent.result();
    }

    /** A send's result to record, and how /metrics counts it. */
    private record Sent(OutboxStore.Result result, Outcome outcome) {
    }

    private Sent attempt(OutboxStore.Taken row) {
        long id = row.id();
        PushTransport.Answer answer;
        try {
            if (row.subscriptionId().isPresent()) {
                answer = push(row);
            } else if (row.webhookUrl().isPresent()) {
                answer = webhook(row);
            } else { // its subscription or webhook went (or the webhook was disabled) before it was sent
                return new Sent(OutboxStore.Result.ended(id, OutboxStore.End.GONE, 0), Outcome.GONE);
            }
        } catch (PushEndpointGuard.RefusedEndpoint e) {
            return new Sent(OutboxStore.Result.ended(id, OutboxStore.End.FAILED, 0), Outcome.REFUSED);
        } catch (IOException e) {
            return new Sent(OutboxStore.Result.again(id, backoff(row.attempts(), Duration.ZERO), 0), Outcome.RETRIED);
        } catch (RuntimeException e) {
            // a row that cannot be made into a request (keys no longer a point, a payload too large) never will be
            return new Sent(OutboxStore.Result.ended(id, OutboxStore.End.FAILED, 0), Outcome.FAILED);
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return new Sent(OutboxStore.Result.ended(id, OutboxStore.End.SENT, status), Outcome.SENT);
        } else if ((status == 404 || status == 410) && row.subscriptionId().isPresent()) {
            return new Sent(OutboxStore.Result.ended(id, OutboxStore.End.GONE, status).gone(row.subscriptionId().get()), Outcome.GONE);
        } else if (status == 429 || status >= 500) {
            Duration wait = backoff(row.attempts(), retryAfter(answer.retryAfter(), clock.instant()));
            return new Sent(OutboxStore.Result.again(id, wait, status), Outcome.RETRIED);
        } else {
            return new Sent(OutboxStore.Result.ended(id, OutboxStore.End.FAILED, status), Outcome.FAILED);
        }
    }

    /** 5 s, 10 s, 20 s, ... up to 10 minutes, or what the service asked if longer. */
    static Duration backoff(int attempts, Duration asked) {
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 7));
        wait = wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
        return asked.compareTo(wait) > 0 ? asked : wait;
    }

    /**
     * A 429's or 503's Retry-After (RFC 9110 10.2.3: delay-seconds, or an HTTP-date), as a wait from {@code now}:
     * zero when absent, unreadable or past; at most {@link #LONGEST_ASKED} (a service asking for a day would otherwise
     * hold a reminder past any use; its TTL ends it sooner anyway).
     */
    static Duration retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Duration.ZERO;
        }
        String value = header.get().trim();
        Duration wait;
        try {
            if (value.matches("\\d{1,10}")) {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } else {
                wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            }
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST_ASKED) > 0 ? LONGEST_ASKED : wait;
    }

    private PushTransport.Answer push(OutboxStore.Taken row) throws IOException {
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

    private PushTransport.Answer webhook(OutboxStore.Taken row) throws IOException {
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
