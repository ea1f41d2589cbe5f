package id.presensi.identity;

/** An identity number that breaks its structure; the message says which part and why. */
public class InvalidIdentityException extends IllegalArgumentException {
    public InvalidIdentityException(String message) {
        super(message);
    }
}
