package id.presensi.machine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of source addresses a machine may push from, IPv4 or IPv6, such as an office's public address
 * ({@code 203.0.113.7/32}) or its provider's block. Host bits beyond the prefix are cleared, as PostgreSQL's
 * {@code cidr} requires. Only literals are read: nothing here ever looks up a name.
 */
public record Cidr(byte[] network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    /** {@code ADDRESS} (one host) or {@code ADDRESS/PREFIX}. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(host).orElseThrow(() -> new IllegalArgumentException(
                "'" + shown(t) + "' is not an address block (e.g. 203.0.113.7/32 or 2001:db8::/48)"));
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bytes.length * 8) {
                throw new IllegalArgumentException("'" + shown(t) + "': the prefix after / must be 0 to " + bytes.length * 8);
            }
            prefix = Integer.parseInt(p);
        }
        return new Cidr(masked(bytes, prefix), prefix);
    }

    /** An address as the server saw it, if it is a literal (IPv4-mapped IPv6 addresses read as IPv4). */
    public static Optional<byte[]> literal(String address) {
        String a = address.strip();
        boolean v4 = IPV4.matcher(a).matches();
        if (!v4 && (a.length() > 45 || !IPV6.matcher(a).matches())) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(a).getAddress();
            return Optional.of(bytes);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One address as PostgreSQL's inet reads it, if the text is a literal address (not a block, not a name). */
    public static Optional<String> host(String address) {
        return literal(address).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(masked(address, prefix), network);
    }

    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }

    private static String shown(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 50 ? printable.substring(0, 50) + "…" : printable;
    }
}
