package id.presensi.machine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pieces a machine's trust is made of, without a server: address blocks, the punch window, the sightings kept. */
class MachineTrustTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "203.0.113.7/32, 203.0.113.7, true",
            "203.0.113.7, 203.0.113.7, true",
            "203.0.113.7/32, 203.0.113.8, false",
            "203.0.113.0/24, 203.0.113.250, true",
            "203.0.113.99/24, 203.0.113.1, true",
            "203.0.113.0/24, 203.0.114.1, false",
            "0.0.0.0/0, 198.51.100.66, true",
            "2001:db8:5::/48, 2001:db8:5:0:0:0:0:9, true",
            "2001:db8:5::/48, 2001:db8:6::1, false",
            "2001:db8:5::/48, 203.0.113.7, false",
            "203.0.113.7/32, ::ffff:203.0.113.7, true",
            "203.0.113.7/32, kantor.example.go.id, false",
    })
    void an_address_block_contains_the_addresses_under_its_prefix(String block, String address, boolean contained) {
        assertThat(Cidr.parse(block).contains(address)).isEqualTo(contained);
    }

    @Test
    void a_block_is_written_with_its_host_bits_cleared_and_a_name_or_a_wrong_prefix_is_refused() {
        assertThat(Cidr.parse(" 203.0.113.99/24 ")).hasToString("203.0.113.0/24");
        assertThat(Cidr.parse("2001:DB8:5::1/48")).hasToString("2001:db8:5:0:0:0:0:0/48");
        assertThatThrownBy(() -> Cidr.parse("203.0.113.7/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("localhost")).hasMessageContaining("not an address block");
        assertThatThrownBy(() -> Cidr.parse("\u001b[2J")).hasMessageNotContaining("\u001b");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "2026-09-14T07:30, true",
            "2026-08-05T07:30, true",
            "2026-08-05T07:29:59, false",
            "2026-09-14T07:40, true",
            "2026-09-14T07:40:01, false",
            "1990-01-05T07:01, false",
            "0001-01-01T07:01, false",
            "9999-12-31T07:01, false",
            "2026-10-14T07:01, false",
    })
    void punches_count_from_forty_days_back_to_ten_minutes_ahead_of_the_server(LocalDateTime punch, boolean inside) {
        Instant now = LocalDateTime.of(2026, 9, 14, 7, 30).atZone(WITA).toInstant();
        assertThat(PunchWindow.DEFAULT.contains(punch.atZone(WITA).toInstant(), now)).isEqualTo(inside);
    }

    @Test
    void sightings_keep_the_most_recent_plain_serials_a_few_per_address() {
        Sightings sightings = new Sightings(100, 3, Duration.ofMinutes(1));
        Instant now = Instant.parse("2026-09-14T00:00:00Z");
        assertThat(sightings.seen("AF4C211360651", "203.0.113.50", now)).isTrue();
        assertThat(sightings.seen("AF4C211360651", "203.0.113.50", now.plusSeconds(30))).as("written once a minute").isFalse();
        assertThat(sightings.seen("AF4C211360651", "203.0.113.50", now.plusSeconds(61))).isTrue();
        for (String bad : new String[] {"A".repeat(33), "SN WITH SPACE", "ESC\u001b[2J", "a.b", ""}) {
            assertThat(sightings.seen(bad, "198.51.100.1", now)).as(bad).isFalse();
        }
        for (int i = 0; i < 10; i++) {
            sightings.seen("FLOOD" + i, "198.51.100.66", now);
        }
        assertThat(sightings.size()).as("one address holds three places").isEqualTo(4);
        for (int i = 0; i < 1_000; i++) {
            sightings.seen("BOT" + i, "10.0." + i / 256 + "." + i % 256, now);
        }
        assertThat(sightings.size()).isEqualTo(100);
        assertThat(sightings.seen("CKJN203960123", "203.0.113.51", now)).as("a real new machine is still seen").isTrue();
        assertThat(sightings.seen("FLOOD9", "198.51.100.66", now)).as("its old places were freed as they aged out").isTrue();
    }
}
