package id.presensi.push;

import id.presensi.text.StaffText;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the service may send: a subscription's endpoint comes from a phone and a webhook's URL from an operator, so
 * both are an attacker's choice. Only https on port 443, only a known push service's host (or a webhook host the
 * regency added), no user info, bounded length, and (checked again at send time on the addresses the name resolves
 * to) never a loopback, private, link-local or otherwise internal address.
 */
public final class PushEndpointGuard {

    public static final int MAX_LENGTH = 1024;
    /** The browsers' push services: Chrome/Edge-on-Android (FCM), Firefox (Mozilla autopush), Safari (Apple), Edge (WNS). */
    public static final List<String> PUSH_SERVICES = List.of("fcm.googleapis.com", "*.push.services.mozilla.com",
            "web.push.apple.com", "*.notify.windows.com");

    private final List<String> hosts;

    /** The known push services plus the extra hosts given ("hooks.example.id" or "*.example.id"). */
    public PushEndpointGuard(List<String> extraHosts) {
        this.hosts = Stream.concat(PUSH_SERVICES.stream(), extraHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)))
                .filter(h -> !h.isEmpty()).toList();
    }

    /** The endpoint as a URI, or why it is refused (in Indonesian: the page shows it). */
    public URI check(String endpoint) {
        Optional<String> refused = refusal(endpoint);
        if (refused.isPresent()) {
            throw new RefusedEndpoint(refused.get());
        }
        return URI.create(endpoint);
    }

    public Optional<String> refusal(String endpoint) {
        if (endpoint == null || endpoint.isEmpty() || endpoint.length() > MAX_LENGTH) {
            return Optional.of(StaffText.PUSH_ENDPOINT_LENGTH.format());
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return Optional.of(StaffText.PUSH_ENDPOINT_INVALID.format());
        }
        if (!"https".equals(uri.getScheme()) || uri.getRawUserInfo() != null || uri.getHost() == null
                || (uri.getPort() != -1 && uri.getPort() != 443) || uri.getRawFragment() != null) {
            return Optional.of(StaffText.PUSH_ENDPOINT_HTTPS.format());
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String h = host;
        // an address instead of a name: no push service is reached so, and a webhook's TLS certificate names a host
        if (h.matches("[0-9.]+") || h.startsWith("[") || h.contains(":")) {
            return Optional.of(StaffText.PUSH_SERVICE_UNKNOWN.format(h));
        }
        if (hosts.stream().noneMatch(allowed -> matches(allowed, h))) {
            return Optional.of(StaffText.PUSH_SERVICE_UNKNOWN.format(h));
        }
        return Optional.empty();
    }

    private static boolean matches(String allowed, String host) {
        return allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1
                : host.equals(allowed);
    }

    /** Whether an address the host resolved to is one the service must never be made to reach. */
    public static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
        }
        if (address instanceof Inet6Address) {
            // only global unicast (2000::/3), and not its ranges that carry an IPv4 address the network may reach
            // through a gateway (6to4 2002::/16, Teredo 2001::/32) nor documentation (2001:db8::/32); outside it are
            // NAT64's 64:ff9b::/96, IPv4-compatible ::a.b.c.d, unique-local and the rest
            boolean global = (b[0] & 0xe0) == 0x20;
            boolean sixToFour = b[0] == 0x20 && b[1] == 0x02;
            boolean teredoOrDocumentation = b[0] == 0x20 && b[1] == 0x01
                    && ((b[2] == 0 && b[3] == 0) || (b[2] == 0x0d && b[3] == (byte) 0xb8));
            return !global || sixToFour || teredoOrDocumentation;
        }
        return true;
    }

    public static final class RefusedEndpoint extends IllegalArgumentException {
        public RefusedEndpoint(String message) {
            super(message);
        }
    }
}
