package id.presensi.unit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalInstantsTest {

    /** Every quarter hour of the day agrees with java.time, also on days whose offset changes. */
    @ParameterizedTest
    @CsvSource({
            "Asia/Makassar, 2026-09-14T00:00",
            "Asia/Jakarta, 2026-12-31T00:00",
            "Asia/Jayapura, 2026-01-01T00:00",
            "Asia/Jakarta, 1963-12-31T00:00",  // Indonesia's last change of offset: 1964-01-01
            "Europe/Berlin, 2026-03-29T00:00", // a gap
            "Europe/Berlin, 2026-10-25T00:00", // an overlap
    })
    void agreesWithJavaTime(ZoneId zone, LocalDateTime midnight) {
        LocalInstants instants = new LocalInstants();
        for (LocalDateTime t = midnight.minusHours(1); t.isBefore(midnight.plusHours(25)); t = t.plusMinutes(15)) {
            LocalDateTime local = t.plusNanos(123_456_000);
            long expected = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, local.atZone(zone).toInstant());
            assertEquals(expected, instants.epochMicros(local, zone), zone + " " + local);
        }
    }
}
