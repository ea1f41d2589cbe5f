package id.presensi.device;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an activation code is hashed, named by the scheme stored beside each hash ({@code activation_code.code_hash_scheme}).
 *
 * <p>Argon2id (RFC 9106), slow and memory-hard, so that a stolen backup yields no code: every guess costs tens of
 * milliseconds and 16 MiB, per salt, on a CPU or a GPU alike, and the 31^8 codes of one row take years on one core
 * where the salted SHA-256 gave them up in hours. The cost is paid once per phone (activation is once per phone, and
 * a code is looked up by the employee's NIP/NIK, so only that employee's few latest codes are hashed per attempt;
 * enrolling a whole regency hashes on every core, about 75 s for 8,630 staff on two).
 *
 * <p>Why not an HMAC with a secret kept in the home instead: codes are issued by {@code device enroll}, which OPD
 * admins may run on their own machine against the shared database, while the check-in server verifies them; a
 * secret would have to be copied to every such machine (and to every backup's restore), and one copy leaked would
 * expose every code again. A slow hash needs no secret anywhere.
 *
 * <p>Rows hashed the old way ({@link #LEGACY}, SHA-256 of salt and code) keep verifying until they expire (at most
 * 30 days); no new code is hashed that way (the database refuses it too). At most a few hashes run at once, so a
 * burst of activations cannot take the server's memory.
 */
public final class CodeHash {
    public static final String LEGACY = "sha256";
    /**
     * The scheme of new codes: Argon2id v1.3, 8 MiB, 2 passes, one lane: about 20 ms on one core of the 2-core test
     * machine, 12,000 to 18,000 times the salted SHA-256 it replaces (scripts/bench/code-hash).
     */
    public static final String CURRENT = "argon2id$v=19$m=8192,t=2,p=1";
    private static final Pattern ARGON2ID = Pattern.compile("argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)");
    private static final int LENGTH = 32;
    private static final Semaphore AT_ONCE = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    private CodeHash() {
    }

    /** A new code's hash as stored: its scheme, its own salt and the hash. */
    public record Hashed(String scheme, byte[] salt, byte[] hash) {
        public static Hashed of(String code) {
            byte[] salt = Secrets.newSalt();
            return new Hashed(CURRENT, salt, CodeHash.hash(CURRENT, salt, code));
        }
    }

    /** The code's hash under a scheme ({@link #CURRENT} for a new code). */
    public static byte[] hash(String scheme, byte[] salt, String code) {
        if (scheme.equals(LEGACY)) {
            return Secrets.sha256(salt, code);
        }
        Matcher argon = ARGON2ID.matcher(scheme);
        if (!argon.matches()) {
            throw new IllegalArgumentException("unknown activation code hash scheme " + scheme);
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt)
                .withMemoryAsKB(Integer.parseInt(argon.group(1))).withIterations(Integer.parseInt(argon.group(2)))
                .withParallelism(Integer.parseInt(argon.group(3))).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[LENGTH];
        AT_ONCE.acquireUninterruptibly();
        try {
            generator.generateBytes(code.getBytes(StandardCharsets.UTF_8), hash);
        } finally {
            AT_ONCE.release();
        }
        return hash;
    }

    public static boolean matches(String scheme, byte[] salt, byte[] hash, String code) {
        return MessageDigest.isEqual(hash, hash(scheme, salt, code));
    }
}
