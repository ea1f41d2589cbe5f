package id.presensi.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/** P-256 keys as Web Push writes them: a public key is the 65-byte uncompressed point (0x04 || x || y). */
public final class EcKeys {

    private static final ECParameterSpec P256 = p256();

    private EcKeys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no P-256", e);
        }
    }

    public static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy32(key.getW().getAffineX(), out, 1);
        copy32(key.getW().getAffineY(), out, 33);
        return out;
    }

    /** The point of a browser's p256dh key; refused unless it is 65 bytes, uncompressed and on the curve. */
    public static ECPublicKey publicKey(byte[] raw) {
        if (raw == null || raw.length != 65 || raw[0] != 4) {
            throw new IllegalArgumentException("a P-256 public key is 65 bytes starting with 0x04");
        }
        try {
            ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
            if (!onCurve(point)) {
                throw new IllegalArgumentException("not a point on P-256");
            }
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a point on P-256", e);
        }
    }

    /** y^2 = x^3 + ax + b (mod p), coordinates below p: the JDK's key factory does not check it, ECDH needs it. */
    private static boolean onCurve(ECPoint point) {
        BigInteger p = ((java.security.spec.ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return y.modPow(BigInteger.TWO, p).equals(right);
    }

    public static ECPrivateKey privateKey(byte[] pkcs8) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key", e);
        }
    }

    private static void copy32(BigInteger value, byte[] out, int at) {
        byte[] bytes = value.toByteArray();
        int len = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - len, out, at + 32 - len, len);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no P-256", e);
        }
    }
}
