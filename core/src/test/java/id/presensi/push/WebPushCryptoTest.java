package id.presensi.push;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sending side's encryption (Bouncy Castle's P-256) against RFC 8291's own example and the JDK's decryption (the
 * receiving side, as a browser does it, on another implementation).
 */
class WebPushCryptoTest {
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    @Test
    void the_sender_of_rfc_8291_appendix_a_produces_the_examples_body_to_the_byte() {
        byte[] uaPublic = B64.decode("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        BigInteger asPrivate = new BigInteger(1, B64.decode("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"));

        byte[] body = WebPushCrypto.encrypt("When I grow up, I want to be a watermelon".getBytes(StandardCharsets.US_ASCII), uaPublic,
                B64.decode("BTBZMqHH6r4Tts7J_aSIgg"), asPrivate, B64.decode("DGv6ra1nlYgDCS1FRnbzlw"));

        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body)).isEqualTo(
                "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8w"
                        + "EqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN");
    }

    @Test
    void every_message_has_its_own_key_pair_and_salt_and_the_jdk_decrypts_it() throws Exception {
        KeyPair browser = EcKeys.generate();
        byte[] uaPublic = EcKeys.raw((ECPublicKey) browser.getPublic());
        byte[] auth = new byte[16];
        Arrays.fill(auth, (byte) 7);
        byte[] plain = "{\"title\":\"Pengingat\",\"body\":\"Budi, pukul 16.00\"}".getBytes(StandardCharsets.UTF_8);

        byte[] first = WebPushCrypto.encrypt(plain, uaPublic, auth);
        byte[] second = WebPushCrypto.encrypt(plain, uaPublic, auth);

        assertThat(Arrays.copyOfRange(second, 0, 16)).as("salt").isNotEqualTo(Arrays.copyOfRange(first, 0, 16));
        assertThat(Arrays.copyOfRange(second, 21, 86)).as("the sender's public key (keyid)").isNotEqualTo(Arrays.copyOfRange(first, 21, 86));
        EcKeys.publicKey(Arrays.copyOfRange(first, 21, 86)); // a point on P-256
        PrivateKey uaPrivate = KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(((java.security.interfaces.ECPrivateKey) browser.getPrivate()).getS(), ((ECPublicKey) browser.getPublic()).getParams()));
        assertThat(WebPushCrypto.decrypt(first, uaPrivate, uaPublic, auth)).isEqualTo(plain);
        assertThat(WebPushCrypto.decrypt(second, uaPrivate, uaPublic, auth)).isEqualTo(plain);
    }

    @Test
    void a_subscription_key_off_the_curve_or_not_uncompressed_is_refused() {
        byte[] auth = new byte[16];
        byte[] onCurve = EcKeys.raw((ECPublicKey) EcKeys.generate().getPublic());
        byte[] offCurve = onCurve.clone();
        offCurve[64] ^= 1;
        byte[] compressed = Arrays.copyOf(onCurve, 33);
        compressed[0] = 2;
        byte[] xAboveP = onCurve.clone();
        Arrays.fill(xAboveP, 1, 33, (byte) 0xff);

        for (byte[] bad : new byte[][] {offCurve, compressed, xAboveP, new byte[65]}) {
            assertThatThrownBy(() -> WebPushCrypto.encrypt(new byte[] {1}, bad, auth)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
