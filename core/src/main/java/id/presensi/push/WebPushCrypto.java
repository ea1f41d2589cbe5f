package id.presensi.push;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), one record: the payload
 * is readable only by the browser holding the subscription's private key and auth secret, never by the push
 * service that carries it. HMAC and AES-GCM are the JDK's; the P-256 arithmetic of the sending side is Bouncy Castle's
 * (already on the class path for Argon2): a fresh key pair and an ECDH for every message (RFC 8291 sections 2 and 3.1:
 * "the application server also generates a new ECDH key pair" when sending a push message) cost about a fifth of the
 * JDK 17 provider's CPU there (its key generation has no precomputed table for the base point, and its ECDH multiplies
 * the peer's point twice), and a regency's 16:00 sends 8,630 of them beside the check-out rush.
 */
public final class WebPushCrypto {

    /** The record size we announce; a payload must fit one record with its delimiter and the 16-byte tag. */
    static final int RECORD_SIZE = 4096;
    public static final int MAX_PLAINTEXT = RECORD_SIZE - 17;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    /** Multiplies the base point from a table built once (the comb's lookups read the whole table: no timing by key). */
    private static final FixedPointCombMultiplier BASE = new FixedPointCombMultiplier();

    private WebPushCrypto() {
    }

    /** The request body: salt, record size, the sender's ephemeral public key, then the ciphertext. */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, uaPublic, authSecret, BigIntegers.createRandomInRange(BigInteger.ONE, P256.getN().subtract(BigInteger.ONE), RANDOM), salt);
    }

    /** As above with the sender's private key and the salt given: RFC 8291's Appendix A example, in a test. */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, BigInteger asPrivate, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("a Web Push payload is at most " + MAX_PLAINTEXT + " bytes");
        }
        if (authSecret == null || authSecret.length != 16) {
            throw new IllegalArgumentException("the auth secret is 16 bytes");
        }
        ECPoint ua = uaPoint(uaPublic);
        byte[] asPublic = BASE.multiply(P256.getG(), asPrivate).normalize().getEncoded(false);
        ECPoint shared = ua.multiply(asPrivate).normalize();
        if (shared.isInfinity()) {
            throw new IllegalArgumentException("ECDH failed");
        }
        byte[] secret = BigIntegers.asUnsignedByteArray(32, shared.getAffineXCoord().toBigInteger());
        Keys keys = keys(secret, authSecret, uaPublic, asPublic, salt);
        byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
        padded[plaintext.length] = 2; // the last (and only) record's delimiter
        byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, keys, padded);
        return ByteBuffer.allocate(16 + 4 + 1 + 65 + ciphertext.length).put(salt).putInt(RECORD_SIZE).put((byte) 65)
                .put(asPublic).put(ciphertext).array();
    }

    /**
     * The browser's p256dh as a point, refused unless 65 bytes, uncompressed and on the curve (RFC 8291 section 7: a
     * public key not checked to be on P-256 can give away the private key it is combined with). P-256's cofactor is 1:
     * a point on the curve other than infinity has the group's order.
     */
    private static ECPoint uaPoint(byte[] raw) {
        if (raw == null || raw.length != 65 || raw[0] != 4) {
            throw new IllegalArgumentException("a P-256 public key is 65 bytes starting with 0x04");
        }
        ECPoint point = P256.getCurve().decodePoint(raw); // checks the coordinates are below p and on the curve
        if (point.isInfinity() || !point.isValid()) {
            throw new IllegalArgumentException("not a point on P-256");
        }
        return point;
    }

    /** The receiving side (a browser; our tests' push service stand-in): the plaintext of one aes128gcm body. */
    public static byte[] decrypt(byte[] body, PrivateKey uaPrivate, byte[] uaPublic, byte[] authSecret) {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        in.getInt();
        byte[] asPublic = new byte[in.get() & 0xff];
        in.get(asPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        Keys keys = keys(ecdh(uaPrivate, EcKeys.publicKey(asPublic)), authSecret, uaPublic, asPublic, salt);
        byte[] padded = gcm(Cipher.DECRYPT_MODE, keys, ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new IllegalArgumentException("no last-record delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private record Keys(byte[] cek, byte[] nonce) {
    }

    private static Keys keys(byte[] ecdhSecret, byte[] authSecret, byte[] uaPublic, byte[] asPublic, byte[] salt) {
        byte[] info = ByteBuffer.allocate(14 + 65 + 65).put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                .put(uaPublic).put(asPublic).array();
        byte[] ikm = hkdf(authSecret, ecdhSecret, info, 32);
        byte[] prk = hmac(salt, ikm);
        return new Keys(expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16),
                expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12));
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(hmac(salt, ikm), info, length);
    }

    /** HKDF-Expand for at most one block (all Web Push needs). */
    private static byte[] expand(byte[] prk, byte[] info, int length) {
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return Arrays.copyOf(hmac(prk, input), length);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ecdh(PrivateKey own, PublicKey other) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(own);
            agreement.doPhase(other, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ECDH failed", e);
        }
    }

    private static byte[] gcm(int mode, Keys keys, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(keys.cek(), "AES"), new GCMParameterSpec(128, keys.nonce()));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM failed", e);
        }
    }
}
