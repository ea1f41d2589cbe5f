package id.presensi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.presensi.app.PushTransport;
import id.presensi.push.EcKeys;
import id.presensi.push.WebPushCrypto;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The push service's side of Web Push, on the loopback, for tests and the benchmark: it holds browser-like
 * subscriptions (a P-256 key pair and a 16-byte auth secret each, made as a browser makes them), and for each POST it
 * checks the VAPID header (RFC 8292: an ES256 JWT over the k key, aud the endpoint's origin, exp in the next 24 h, a
 * sub) and decrypts the aes128gcm body (RFC 8291) with the subscription's private key. It answers 201, or the status
 * a test set for a path; a malformed request gets 400 and is counted as a protocol error. Webhooks are received too:
 * their body kept as it came, with their signature header.
 */
public final class PushReceiver implements AutoCloseable {

    /** A browser's subscription to this receiver, pretending to be on {@code origin}'s push service. */
    public record Browser(String endpoint, KeyPair keys, byte[] auth) {
        public byte[] p256dh() {
            return EcKeys.raw((ECPublicKey) keys.getPublic());
        }
    }

    /** A message as the browser would show it, with the VAPID claims it came with. */
    public record Received(String path, JsonNode message, JsonNode claims, String vapidKey) {
    }

    /** A webhook call as it arrived. */
    public record Hook(String path, byte[] body, Map<String, String> headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
    private final Map<String, List<Planned>> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Hook> hooks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger protocolErrors = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();

    public PushReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A new browser subscription whose endpoint names {@code origin} (e.g. https://fcm.googleapis.com). */
    public Browser subscribe(String origin) {
        String path = "/fcm/send/" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        byte[] auth = new byte[16];
        new java.security.SecureRandom().nextBytes(auth);
        Browser b = new Browser(origin + path, EcKeys.generate(), auth);
        browsers.put(path, b);
        return b;
    }

    /** An answer a test plans for a path: a status, with a Retry-After header when not null. */
    private record Planned(int status, String retryAfter) {
    }

    /** The next answers for a path (then 201 again). */
    public void answer(String endpoint, Integer... codes) {
        statuses.put(URI.create(endpoint).getPath(), Collections.synchronizedList(new ArrayList<>(
                java.util.Arrays.stream(codes).map(c -> new Planned(c, null)).toList())));
    }

    /** The next answer for a path, with a Retry-After header (seconds or an HTTP date); then 201 again. */
    public void answerRetryAfter(String endpoint, int code, String retryAfter) {
        statuses.put(URI.create(endpoint).getPath(), Collections.synchronizedList(new ArrayList<>(List.of(new Planned(code, retryAfter)))));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Hook> hooks() {
        return List.copyOf(hooks);
    }

    public int protocolErrors() {
        return protocolErrors.get();
    }

    /** This receiver as a relay for the server's PRESENSI_PUSH_RELAY: http://127.0.0.1:port/ */
    public String relay() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /**
     * A transport that carries each request to this receiver instead of the host in its URI (the path and headers
     * unchanged): the sender signs and encrypts for the real origin, and this receiver checks against that origin.
     */
    public PushTransport transport() {
        return (uri, headers, body) -> {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + uri.getRawPath()))
                    .header("X-Test-Origin", uri.getScheme() + "://" + uri.getRawAuthority())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(r::header);
            try {
                HttpResponse<Void> response = client.send(r.build(), HttpResponse.BodyHandlers.discarding());
                return new PushTransport.Answer(response.statusCode(), response.headers().firstValue("Retry-After"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        };
    }

    private void handle(HttpExchange ex) throws IOException {
        int status;
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            List<Planned> planned = statuses.get(path);
            Planned answer = planned == null || planned.isEmpty() ? null : planned.remove(0);
            Integer next = answer == null ? null : answer.status();
            if (answer != null && answer.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", answer.retryAfter());
            }
            if (path.startsWith("/hook")) {
                hooks.add(new Hook(path, body, Map.of("X-Presensi-Signature", String.valueOf(ex.getRequestHeaders().getFirst("X-Presensi-Signature")),
                        "X-Presensi-Delivery", String.valueOf(ex.getRequestHeaders().getFirst("X-Presensi-Delivery")))));
                status = next == null ? 204 : next;
            } else {
                status = next == null ? push(ex, path, body) : next;
            }
            ex.sendResponseHeaders(status, -1);
        }
    }

    private int push(HttpExchange ex, String path, byte[] body) {
        try {
            Browser browser = browsers.get(path);
            if (browser == null) {
                return 404;
            }
            String origin = ex.getRequestHeaders().getFirst("X-Test-Origin");
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            if (!"aes128gcm".equals(ex.getRequestHeaders().getFirst("Content-Encoding")) || ex.getRequestHeaders().getFirst("TTL") == null
                    || authorization == null || !authorization.startsWith("vapid t=")) {
                throw new IllegalArgumentException("not a Web Push request: " + ex.getRequestHeaders().keySet());
            }
            String[] parts = authorization.substring(6).split(",\\s*");
            String jwt = parts[0].substring(2);
            String k = parts[1].substring(2);
            JsonNode claims = verifyJwt(jwt, k, origin);
            byte[] plain = WebPushCrypto.decrypt(body, browser.keys().getPrivate(), browser.p256dh(), browser.auth());
            received.add(new Received(path, JSON.readTree(plain), claims, k));
            return 201;
        } catch (Exception e) {
            protocolErrors.incrementAndGet();
            return 400;
        }
    }

    private static JsonNode verifyJwt(String jwt, String k, String origin) throws Exception {
        String[] p = jwt.split("\\.");
        Base64.Decoder d = Base64.getUrlDecoder();
        JsonNode header = JSON.readTree(d.decode(p[0]));
        JsonNode claims = JSON.readTree(d.decode(p[1]));
        if (!"ES256".equals(header.path("alg").asText())) {
            throw new IllegalArgumentException("alg " + header);
        }
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(EcKeys.publicKey(d.decode(k)));
        es256.update((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
        if (!es256.verify(d.decode(p[2]))) {
            throw new IllegalArgumentException("bad VAPID signature");
        }
        long exp = claims.path("exp").asLong();
        long now = Instant.now().getEpochSecond();
        if (!origin.equals(claims.path("aud").asText()) || exp <= now || exp > now + 24 * 3600
                || !claims.path("sub").asText().matches("(mailto:|https://).+")) {
            throw new IllegalArgumentException("bad VAPID claims " + claims);
        }
        return claims;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
