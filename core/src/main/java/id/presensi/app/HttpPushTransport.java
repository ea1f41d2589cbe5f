package id.presensi.app;

import id.presensi.push.PushEndpointGuard;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactoryBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The production transport: HTTPS, no redirects followed (a push service or webhook that redirects elsewhere is not
 * followed there), short timeouts and a limit on the whole send, the answer's body discarded (a short one read to its
 * end, a long one left with its connection), connections kept per host for the next sends.
 * <p>
 * A host is resolved once, when a connection to it is opened, and the connection goes to the addresses that answer
 * gave, each checked first: a name that resolves to a loopback, private or link-local address is refused before any
 * connection. The guard checked the name when the endpoint was accepted, but a host the regency added to
 * PRESENSI_PUSH_HOSTS may answer a public address then and 127.0.0.1 later (DNS rebinding); had the check resolved
 * the name and the client resolved it again to connect, the second answer would have been the one used. TLS still
 * names the host (SNI) and verifies the certificate against it, not against the address.
 */
public final class HttpPushTransport implements PushTransport {

    /** A host's addresses, as the system's resolver gives them (tests give their own: no real DNS needed). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The longest header line (or chunk line) of an answer, and how many headers: push services send a few short ones. */
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADERS = 100;

    /** The longest one send may take in all, well inside the outbox's lease (OutboxDelivery.LEASE). */
    static final Duration SEND_LIMIT = Duration.ofSeconds(20);

    /**
     * Ends a send at its limit. The client's timeouts are per read: an endpoint that sends a byte every few seconds, in
     * its headers or in an endless body, would otherwise hold a sender past the row's lease (and the row be sent again).
     */
    private static final ScheduledThreadPoolExecutor LIMITS = limits();

    /** The most of an answer's body read so that its connection serves the next send; past it the connection is dropped. */
    static final int BODY_READ = 16 * 1024;

    private final PushEndpointGuard guard;
    private final CloseableHttpClient client;
    private final Duration limit;

    public HttpPushTransport(PushEndpointGuard guard) {
        this(guard, InetAddress::getAllByName, PushEndpointGuard::internal, defaultContext(), 443, SEND_LIMIT);
    }

    /**
     * @param refused   the addresses never to connect to ({@link PushEndpointGuard#internal}; a test on the loopback
     *                  refuses others in their place)
     * @param httpsPort where an https endpoint (the guard allows no other port) is reached: 443, or a test's receiver
     * @param limit     the longest one send may take, connecting to the answer's end ({@link #SEND_LIMIT}; a test's shorter)
     */
    HttpPushTransport(PushEndpointGuard guard, Resolver resolver, Predicate<InetAddress> refused, SSLContext tls, int httpsPort, Duration limit) {
        this.guard = guard;
        this.limit = limit;
        SchemePortResolver port = host -> host.getPort() > 0 ? host.getPort() : httpsPort;
        this.client = HttpClients.custom().setSchemePortResolver(port)
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked(resolver, refused)).setSchemePortResolver(port)
                        // the client keeps a header line, and the headers, whole in memory, by default however long
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(Http1Config.custom()
                                .setMaxLineLength(MAX_LINE).setMaxHeaderCount(MAX_HEADERS).build()).build())
                        .setSSLSocketFactory(SSLConnectionSocketFactoryBuilder.create().setSslContext(tls).build())
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(10)).build())
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setMaxConnPerRoute(16).setMaxConnTotal(128)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                        .setResponseTimeout(Timeout.ofSeconds(10)).setRedirectsEnabled(false).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableContentCompression()
                .disableAuthCaching().build();
    }

    @Override
    public Answer post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        HttpPost request = new HttpPost(guard.check(uri.toString()));
        headers.forEach(request::setHeader);
        request.setEntity(new ByteArrayEntity(body, null));
        ScheduledFuture<?> limited = LIMITS.schedule(request::cancel, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            CloseableHttpResponse response = client.execute(request);
            Answer answer = new Answer(response.getCode(), Optional.ofNullable(response.getFirstHeader("Retry-After")).map(Header::getValue));
            if (readToEnd(response.getEntity())) {
                response.close();
            } else {
                // closing would read the rest of the body first: the connection is dropped instead, and the answer stands
                request.cancel();
                try {
                    response.close();
                } catch (IOException dropped) {
                    // the connection is gone, as meant
                }
            }
            return answer;
        } finally {
            limited.cancel(false);
        }
    }

    /** Reads the answer's body to its end if it is short (the connection then serves the next send); false if not. */
    private static boolean readToEnd(HttpEntity entity) {
        if (entity == null) {
            return true;
        }
        byte[] buffer = new byte[4096];
        long left = BODY_READ;
        try {
            InputStream in = entity.getContent();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                left -= n;
                if (left < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ScheduledThreadPoolExecutor limits() {
        ScheduledThreadPoolExecutor limits = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "push-send-limit");
            t.setDaemon(true);
            return t;
        });
        limits.setRemoveOnCancelPolicy(true);
        return limits;
    }

    /** The resolver's one answer for a new connection, refused whole when any of its addresses is one never to reach. */
    private static DnsResolver checked(Resolver resolver, Predicate<InetAddress> refused) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = resolver.resolve(host);
                if (addresses == null || addresses.length == 0) {
                    throw new UnknownHostException(host);
                }
                for (InetAddress address : addresses) {
                    if (refused.test(address)) {
                        throw new PushEndpointGuard.RefusedEndpoint(host + " resolves to an internal address");
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // TLS and the Host header name the endpoint's host as given; no reverse lookup
            }
        };
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
