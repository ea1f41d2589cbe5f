package id.presensi.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application server's identity to push services (RFC 8292): a JWT signed ES256 with the home's private key,
 * naming the push service's origin (aud), an expiry within 24 hours (exp) and a contact (sub), sent with the public
 * key the subscriptions were made with. The private key never leaves this object; toString shows the public key only.
 */
public final class Vapid {

    /** Push services refuse an expiry more than 24 hours ahead; 12 hours leaves room for clock skew. */
    static final Duration VALIDITY = Duration.ofHours(12);
    /**
     * A signed header is reused for an hour (RFC 8292 allows one token for many requests to a push service): one
     * ES256 signature an hour per push service instead of one a push (one of its three EC operations), and the token
     * still has 11 hours to run when last sent.
     */
    static final Duration REUSE = Duration.ofHours(1);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ECPrivateKey privateKey;
    private final byte[] publicKey;
    private final String subject;
    private final Map<String, Signed> signed = new ConcurrentHashMap<>();

    private record Signed(String header, Instant at) {
    }

    public Vapid(ECPrivateKey privateKey, byte[] publicKey, String subject) {
        if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
            throw new IllegalArgumentException("the VAPID contact is a mailto: or https: URI, got " + subject);
        }
        this.privateKey = privateKey;
        this.publicKey = publicKey.clone();
        this.subject = subject;
    }

    public static Vapid of(KeyPair pair, String subject) {
        return new Vapid((ECPrivateKey) pair.getPrivate(), EcKeys.raw((ECPublicKey) pair.getPublic()), subject);
    }

    /** The key the page subscribes with (applicationServerKey), base64url. */
    public String publicKeyBase64() {
        return B64.encodeToString(publicKey);
    }

    /**
     * The Authorization header for a request to an endpoint of the origin given ("https://fcm.googleapis.com"): the
     * one signed for that origin within the last hour, or a new one (also when the clock went back before it).
     */
    public String authorization(String audience, Instant now) {
        Signed last = signed.get(audience);
        if (last != null && !now.isBefore(last.at()) && now.isBefore(last.at().plus(REUSE))) {
            return last.header();
        }
        String header = sign(audience, now);
        if (signed.size() >= 1_000) { // the push services are a handful; many wns hosts only make it re-sign sooner
            signed.clear();
        }
        signed.put(audience, new Signed(header, now));
        return header;
    }

    private String sign(String audience, Instant now) {
        String header = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":" + now.plus(VALIDITY).getEpochSecond()
                + ",\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(privateKey);
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + signingInput + "." + B64.encodeToString(es256.sign()) + ", k=" + publicKeyBase64();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "Vapid[" + publicKeyBase64() + ", " + subject + "]";
    }
}
