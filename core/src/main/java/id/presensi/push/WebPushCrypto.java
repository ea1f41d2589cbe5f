package id.presensi.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), one record: the payload
 * is readable only by the browser holding the subscription's private key and auth secret, never by the push
 * service that carries it. Written on the JDK's own ECDH, HMAC and AES-GCM (see README, Reminders, for why no library).
 */
public final class WebPushCrypto {

    /** The record size we announce; a payload must fit one record with its delimiter and the 16-byte tag. */
    static final int RECORD_SIZE = 4096;
    public static final int MAX_PLAINTEXT = RECORD_SIZE - 17;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushCrypto() {
    }

    /** The request body: salt, record size, the sender's ephemeral public key, then the ciphertext. */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("a Web Push payload is at most " + MAX_PLAINTEXT + " bytes");
        }
        if (authSecret == null || authSecret.length != 16) {
            throw new IllegalArgumentException("the auth secret is 16 bytes");
        }
        ECPublicKey ua = EcKeys.publicKey(uaPublic);
        KeyPair ephemeral = EcKeys.generate();
        byte[] asPublic = EcKeys.raw((ECPublicKey) ephemeral.getPublic());
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Keys keys = keys(ecdh(ephemeral.getPrivate(), ua), authSecret, uaPublic, asPublic, salt);
        byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
        padded[plaintext.length] = 2; // the last (and only) record's delimiter
        byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, keys, padded);
        return ByteBuffer.allocate(16 + 4 + 1 + 65 + ciphertext.length).put(salt).putInt(RECORD_SIZE).put((byte) 65)
                .put(asPublic).put(ciphertext).array();
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
