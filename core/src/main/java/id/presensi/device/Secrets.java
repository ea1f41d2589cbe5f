package id.presensi.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Activation codes and device tokens, stored only as hashes. A token is 256 random bits: its plain SHA-256 is
 * enough, and the server must find the device by it. A code is short (8 of 31 characters, about 40 bits), so a
 * fast hash of it can be searched from a stolen backup in hours; it is hashed with Argon2id instead (see
 * {@link CodeHash}).
 */
public final class Secrets {
    /** No look-alikes (0/O, 1/I/L): the code is read off paper and typed on a phone. */
    static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public static final int CODE_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** What a person typed, as the code was issued: upper case, without spaces or dashes. */
    public static String normalizeCode(String typed) {
        return typed == null ? "" : typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    public static byte[] sha256(byte[] salt, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static byte[] sha256(String secret) {
        return sha256(new byte[0], secret);
    }
}
