package id.presensi.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The VAPID header: signed once an hour per push service and reused meanwhile, always valid for its audience. */
class VapidTest {
    private static final String FCM = "https://fcm.googleapis.com";
    private static final String MOZILLA = "https://updates.push.services.mozilla.com";
    private static final Instant AT = Instant.parse("2026-09-14T08:00:00Z");

    private final Vapid vapid = Vapid.of(EcKeys.generate(), "mailto:bkpsdm@paserkab.go.id");

    @Test
    void the_same_push_service_within_an_hour_gets_the_same_signed_header() throws Exception {
        String first = vapid.authorization(FCM, AT);
        String later = vapid.authorization(FCM, AT.plus(Duration.ofMinutes(59)));

        assertThat(later).isEqualTo(first);
        JsonNode claims = verified(later);
        assertThat(claims.path("aud").asText()).isEqualTo(FCM);
        // still 11 hours to run when last reused: a push service accepts it (exp at most 24 h ahead, not past)
        assertThat(claims.path("exp").asLong()).isEqualTo(AT.plus(Duration.ofHours(12)).getEpochSecond());
    }

    @Test
    void after_an_hour_or_for_another_push_service_a_new_header_is_signed() throws Exception {
        String fcm = vapid.authorization(FCM, AT);
        String mozilla = vapid.authorization(MOZILLA, AT.plusSeconds(1));
        String fcmLater = vapid.authorization(FCM, AT.plus(Duration.ofHours(1)));

        assertThat(verified(mozilla).path("aud").asText()).isEqualTo(MOZILLA);
        assertThat(fcmLater).isNotEqualTo(fcm);
        assertThat(verified(fcmLater).path("exp").asLong()).isEqualTo(AT.plus(Duration.ofHours(13)).getEpochSecond());
    }

    @Test
    void a_clock_that_went_back_gets_a_header_signed_for_its_own_time() throws Exception {
        vapid.authorization(FCM, AT);
        String earlier = vapid.authorization(FCM, AT.minus(Duration.ofMinutes(30)));

        assertThat(verified(earlier).path("exp").asLong()).isEqualTo(AT.plus(Duration.ofMinutes(11 * 60 + 30)).getEpochSecond());
    }

    @Test
    void a_header_is_reused_to_the_last_second_of_its_hour_and_renewed_with_a_fresh_expiry_after() throws Exception {
        String first = vapid.authorization(FCM, AT);

        assertThat(vapid.authorization(FCM, AT.plus(Duration.ofHours(1)).minusSeconds(1))).isEqualTo(first);
        String renewed = vapid.authorization(FCM, AT.plus(Duration.ofHours(1)));
        assertThat(renewed).isNotEqualTo(first);
        assertThat(verified(renewed).path("exp").asLong()).isEqualTo(AT.plus(Duration.ofHours(13)).getEpochSecond());
        assertThat(vapid.authorization(FCM, AT.plus(Duration.ofMinutes(119)))).as("the renewed one is reused in turn").isEqualTo(renewed);
    }

    @Test
    void a_thousand_push_service_hosts_empty_the_cache_and_every_header_still_names_its_own_audience() throws Exception {
        String wns = "https://db5.notify.windows.com";
        String first = vapid.authorization(wns, AT);
        for (int i = 0; i < 1_000; i++) {
            vapid.authorization("https://host" + i + ".notify.windows.com", AT);
        }

        String again = vapid.authorization(wns, AT.plusSeconds(1));
        assertThat(again).as("signed anew: the cache holds at most a thousand hosts").isNotEqualTo(first);
        assertThat(verified(again).path("aud").asText()).isEqualTo(wns);
        assertThat(verified(vapid.authorization("https://host999.notify.windows.com", AT.plusSeconds(2))).path("aud").asText())
                .isEqualTo("https://host999.notify.windows.com");
    }

    /** The JWT's claims, after checking its ES256 signature with the k the header names. */
    private static JsonNode verified(String header) throws Exception {
        assertThat(header).startsWith("vapid t=");
        String[] parts = header.substring(6).split(",\\s*");
        String[] jwt = parts[0].substring(2).split("\\.");
        Base64.Decoder d = Base64.getUrlDecoder();
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(EcKeys.publicKey(d.decode(parts[1].substring(2))));
        es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(d.decode(jwt[2]))).isTrue();
        return new ObjectMapper().readTree(d.decode(jwt[1]));
    }
}
