package id.presensi.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The address stored with a check-in: only what PostgreSQL's inet accepts, whatever a forwarded header carries. */
class ClientAddressTest {

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            10.1.0.1                  | 10.1.0.1
            255.255.255.255           | 255.255.255.255
            ::1                       | 0:0:0:0:0:0:0:1
            2001:db8::7               | 2001:db8:0:0:0:0:0:7
            999.1.1.1                 | -
            0.0.0.0                   | 0.0.0.0
            1.2.3.4                   | 1.2.3.4
            199.249.250.251           | 199.249.250.251
            256.1.1.1                 | -
            1.1.1.01                  | -
            01.1.1.1                  | -
            1.1.1.0001                | -
            1.1.1.1.                  | -
            .1.1.1.1                  | -
            1..1.1                    | -
            1.1.1.1.1                 | -
            1.1.1.1a                  | -
            １.1.1.1                   | -
            10.1.0                    | -
            1:2:3                     | -
            ::::::                    | -
            example.com               | -
            unknown                   | -
            10.1.0.1, 10.1.0.2        | -
            """)
    void only_addresses_are_kept(String client, String stored) {
        assertThat(ClientAddress.address(client)).isEqualTo(Optional.ofNullable(stored));
    }

    @ParameterizedTest
    @CsvSource({"'\u0000'", "'1.1.1.1\u0000'"})
    void control_characters_and_long_values_are_dropped(String client) {
        assertThat(ClientAddress.address(client)).isEmpty();
        assertThat(ClientAddress.address("1:".repeat(1000))).isEmpty();
    }
}
