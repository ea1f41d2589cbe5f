package id.presensi.app;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import id.presensi.push.PushEndpointGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * DNS rebinding against the push and webhook transport, with a resolver of the test's own (no real DNS): a webhook
 * host the regency added answers a public address when its endpoint is accepted and an internal one later. The
 * transport resolves a host once for a connection, checks every address of that answer, and connects to those same
 * addresses; TLS names the host (SNI) and verifies the certificate for it. On the loopback, 127.0.0.1 plays the public
 * address (the webhook's receiver) and 127.0.0.2 an internal service (a socket that counts who reaches it).
 */
class HttpPushTransportTest {
    private static final String HOST = "hooks.example.id";
    private static final String PASSWORD = "uji-rahasia";
    private static InetAddress publicStandIn;
    private static InetAddress internalStandIn;
    private static SSLContext serverTls;
    private static SSLContext clientTls;

    private final PushEndpointGuard guard = new PushEndpointGuard(List.of(HOST, "other.example.id"));
    /** Every address but the stand-in public one is internal here, as PushEndpointGuard.internal would say of real ones. */
    private final Predicate<InetAddress> refused = a -> !a.equals(publicStandIn);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger internalReached = new AtomicInteger();
    private HttpsServer receiver;
    private ServerSocket internal;

    @BeforeAll
    static void a_certificate_for_the_webhook_host(@TempDir Path dir) throws Exception {
        publicStandIn = InetAddress.getByName("127.0.0.1");
        internalStandIn = InetAddress.getByName("127.0.0.2");
        Path store = dir.resolve("hook.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "hook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + HOST, "-ext", "SAN=dns:" + HOST,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as(said).isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("hook", keys.getCertificate("hook"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
    }

    @BeforeEach
    void a_receiver_on_the_public_address_and_a_service_on_an_internal_one() throws IOException {
        receiver = HttpsServer.create(new InetSocketAddress(publicStandIn, 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        receiver.createContext("/", exchange -> {
            List<String> sni = ((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession()).getRequestedServerNames().stream()
                    .map(n -> ((SNIHostName) n).getAsciiName()).toList();
            received.add(exchange.getRequestHeaders().getFirst("Host") + " " + sni + " " + new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        receiver.start();
        internal = new ServerSocket(receiver.getAddress().getPort(), 50, internalStandIn);
        Thread counting = new Thread(() -> {
            while (!internal.isClosed()) {
                try (Socket s = internal.accept()) {
                    internalReached.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "internal-service");
        counting.setDaemon(true);
        counting.start();
    }

    @AfterEach
    void stop() throws IOException {
        receiver.stop(0);
        internal.close();
    }

    private HttpPushTransport transport(HttpPushTransport.Resolver resolver) {
        return new HttpPushTransport(guard, resolver, refused, clientTls, receiver.getAddress().getPort(), HttpPushTransport.SEND_LIMIT);
    }

    private static PushTransport.Answer post(PushTransport transport, String url, String body) throws IOException {
        return transport.post(URI.create(url), Map.of("Content-Type", "application/json"), body.getBytes());
    }

    @Test
    void a_name_that_answers_public_then_internal_is_resolved_once_and_the_connection_goes_to_the_address_checked() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        // the rebinding name: public for the first question, internal for any after it
        PushTransport transport = transport(host -> new InetAddress[] {lookups.incrementAndGet() == 1 ? publicStandIn : internalStandIn});

        assertThat(post(transport, "https://" + HOST + "/presensi", "{\"n\":1}").status()).isEqualTo(201);
        assertThat(post(transport, "https://" + HOST + "/presensi", "{\"n\":2}").status()).isEqualTo(201);

        assertThat(lookups).as("resolved once: the check's answer is the one connected to").hasValue(1);
        assertThat(received).as("the host named in the request and in TLS (SNI), not the address")
                .containsExactly(HOST + " [" + HOST + "] {\"n\":1}", HOST + " [" + HOST + "] {\"n\":2}");
        assertThat(internalReached).hasValue(0);
    }

    @Test
    void a_name_that_answers_internal_at_send_time_is_refused_before_any_connection() {
        for (InetAddress[] answer : List.of(new InetAddress[] {internalStandIn}, new InetAddress[] {publicStandIn, internalStandIn},
                new InetAddress[] {address("10.1.2.3"), publicStandIn})) {
            AtomicInteger lookups = new AtomicInteger();
            PushTransport transport = transport(host -> {
                lookups.incrementAndGet();
                return answer;
            });
            assertThatThrownBy(() -> post(transport, "https://" + HOST + "/presensi", "{}"))
                    .as(List.of(answer).toString()).isInstanceOf(PushEndpointGuard.RefusedEndpoint.class).hasMessageContaining("internal address");
            assertThat(lookups).hasValue(1);
        }
        assertThat(received).isEmpty();
        assertThat(internalReached).hasValue(0);
    }

    @Test
    void the_real_check_refuses_loopback_private_and_link_local_answers() {
        List<InetAddress> rebinds = new java.util.ArrayList<>();
        for (String rebound : List.of("127.0.0.1", "10.0.0.5", "169.254.169.254", "192.168.1.1", "::1", "fd00::1", "0.0.0.0", "::",
                "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1")) {
            rebinds.add(address(rebound));
        }
        // ::ffff:127.0.0.1 kept as an IPv6 address (InetAddress.getByName makes it 127.0.0.1), as a resolver may hand it
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        try {
            rebinds.add(java.net.Inet6Address.getByAddress(null, mapped, -1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (InetAddress rebound : rebinds) {
            HttpPushTransport transport = new HttpPushTransport(guard, host -> new InetAddress[] {rebound}, PushEndpointGuard::internal,
                    clientTls, receiver.getAddress().getPort(), HttpPushTransport.SEND_LIMIT);
            assertThatThrownBy(() -> post(transport, "https://" + HOST + "/presensi", "{}")).as(rebound.toString())
                    .isInstanceOf(PushEndpointGuard.RefusedEndpoint.class);
        }
        assertThat(received).as("127.0.0.1 is the receiver here, and was not reached").isEmpty();
    }

    @Test
    void the_certificate_is_verified_for_the_host_named_not_for_the_address_reached() {
        PushTransport transport = transport(host -> new InetAddress[] {publicStandIn});
        assertThatThrownBy(() -> post(transport, "https://other.example.id/presensi", "{}")).isInstanceOf(IOException.class)
                .isNotInstanceOf(PushEndpointGuard.RefusedEndpoint.class);
        assertThat(received).isEmpty();
    }

    /**
     * A hostile endpoint on the public stand-in address, on a raw TLS socket: it reads the request, then answers as
     * {@code answer} writes (forever, until the client goes). Returns the socket; the test closes it.
     */
    private static ServerSocket hostile(Answering answer) throws IOException {
        ServerSocket server = serverTls.getServerSocketFactory().createServerSocket(0, 50, publicStandIn);
        Thread serving = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                String head = "";
                while (!head.endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head += (char) b;
                }
                int length = Integer.parseInt(head.replaceAll("(?si).*content-length: *(\\d+).*", "$1"));
                in.readNBytes(length);
                answer.write(s.getOutputStream());
            } catch (IOException | InterruptedException gone) {
                // the client went: what the test wants
            }
        }, "hostile-endpoint");
        serving.setDaemon(true);
        serving.start();
        return server;
    }

    private interface Answering {
        void write(java.io.OutputStream out) throws IOException, InterruptedException;
    }

    @Test
    void an_endless_answer_body_is_not_read_to_its_end_the_status_is_enough() throws IOException {
        try (ServerSocket server = hostile(out -> {
            out.write("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(chunk);
            }
        })) {
            HttpPushTransport transport = new HttpPushTransport(guard, host -> new InetAddress[] {publicStandIn}, refused, clientTls,
                    server.getLocalPort(), Duration.ofMinutes(5));
            PushTransport.Answer answer = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> post(transport, "https://" + HOST + "/presensi", "{}"),
                    "the body is endless: a send reading it to its end never returns");
            assertThat(answer.status()).isEqualTo(201);
        }
    }

    @Test
    void an_answer_whose_headers_trickle_without_end_ends_the_send_at_its_limit() throws IOException {
        try (ServerSocket server = hostile(out -> {
            out.write("HTTP/1.1 201 Created\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) { // each line well within the read timeout, the headers never ending
                Thread.sleep(300);
                out.write("X-Lambat: ya\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        })) {
            HttpPushTransport transport = new HttpPushTransport(guard, host -> new InetAddress[] {publicStandIn}, refused, clientTls,
                    server.getLocalPort(), Duration.ofSeconds(2));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                assertThatThrownBy(() -> post(transport, "https://" + HOST + "/presensi", "{}")).isInstanceOf(IOException.class);
            }, "a send of an answer that never ends never returns");
        }
    }

    @Test
    void an_answer_with_a_header_line_or_a_header_count_no_service_sends_is_refused_not_held_in_memory() throws IOException {
        for (String headers : List.of("X-Panjang: " + "a".repeat(4 << 20) + "\r\n", "X-Banyak: 1\r\n".repeat(5_000))) {
            try (ServerSocket server = hostile(out -> {
                out.write(("HTTP/1.1 201 Created\r\n" + headers + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            })) {
                HttpPushTransport transport = new HttpPushTransport(guard, host -> new InetAddress[] {publicStandIn}, refused, clientTls,
                        server.getLocalPort(), HttpPushTransport.SEND_LIMIT);
                assertThatThrownBy(() -> post(transport, "https://" + HOST + "/presensi", "{}")).as(headers.substring(0, 12))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void a_redirect_is_answered_as_its_status_and_not_followed() throws IOException {
        try (ServerSocket server = hostile(out -> {
            out.write(("HTTP/1.1 307 Temporary Redirect\r\nLocation: https://" + HOST + ":" + receiver.getAddress().getPort()
                    + "/elsewhere\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            HttpPushTransport transport = new HttpPushTransport(guard, host -> new InetAddress[] {publicStandIn}, refused, clientTls,
                    server.getLocalPort(), HttpPushTransport.SEND_LIMIT);
            assertThat(post(transport, "https://" + HOST + "/presensi", "{}").status()).isEqualTo(307);
        }
        assertThat(received).as("the receiver the redirect names").isEmpty();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
