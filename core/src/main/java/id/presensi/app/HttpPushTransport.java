package id.presensi.app;

import id.presensi.push.PushEndpointGuard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The production transport: HTTPS through the JDK's client, no redirects followed (a push service or webhook that
 * redirects elsewhere is not followed there), short timeouts, the answer's body discarded, and the host's addresses
 * checked before each request: a name that resolves to a loopback or private address is refused (the guard checked
 * the name when the endpoint was accepted; this checks what the name points at now).
 */
public final class HttpPushTransport implements PushTransport {

    private final PushEndpointGuard guard;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public HttpPushTransport(PushEndpointGuard guard) {
        this.guard = guard;
    }

    @Override
    public Answer post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        guard.check(uri.toString());
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            if (PushEndpointGuard.internal(address)) {
                throw new PushEndpointGuard.RefusedEndpoint(uri.getHost() + " resolves to an internal address");
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
