package id.presensi.photo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A photo a phone sent (a selfie at check-in, a letter with a request): JPEG or PNG, told by its own first bytes
 * and never by what the client says it is.
 */
public record Photo(String contentType, byte[] bytes) {

    /** The photo, if the bytes begin as a JPEG or a PNG does. */
    public static Optional<Photo> of(byte[] bytes) {
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return Optional.of(new Photo("image/jpeg", bytes));
        }
        if (bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return Optional.of(new Photo("image/png", bytes));
        }
        return Optional.empty();
    }

    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The file name ending for the type. */
    public String extension() {
        return contentType.equals("image/png") ? "png" : "jpg";
    }
}
