package id.presensi.store;

import id.presensi.anomaly.AnomalyThresholds;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static id.presensi.store.MonthSignalsComparison.LOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month's kinds stay what the SQL wrote ({@link LegacyMonthSignals}) on the values the month's binary COPY and
 * {@link PrintedValues} must print as {@code ::text} did: accuracies that are NaN, infinite, negative zero, the largest
 * real, the smallest (subnormal) ones, rounded on the way in, or missing; addresses that are IPv6 with and without a mask,
 * IPv4-mapped, networks of every size, or missing. And on the positions counted in one sort: a point several people
 * share on some days and not others, a point one person uses on many days, check-ins exactly on a centre that two
 * locations share, and fingerprint punches placed on that centre too; over a whole year, one day, an empty month and
 * one sub-unit, in code point order and as ranked by the database, by the owner and by a BKPSDM operator.
 */
class AnomalyMonthEdgeValuesTest {
    /** Each person's steady accuracy (null: none sent), as the phone sent it. */
    private static final String[] ACCURACIES = {"NaN", "Infinity", "3.4028235e38", "1e-45", "1.17549435e-38", "16777217", "0.1", null,
                                                "100", "123456.789", "7e-10", "-0"};
    private static final String[] ADDRESSES = {"2001:db8::7/64", "::ffff:10.0.0.1", "::ffff:10.0.0.1/120", "10.0.0.0/8", "0.0.0.0/0", "::/0",
                                               "fe80::1", "2001:db8:0:0:1::1", "10.1.2.3/31", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"};
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void a_year_of_odd_values() {
        db.reset();
        db.database().jdbi().useHandle(AnomalyMonthEdgeValuesTest::generate);
    }

    @ParameterizedTest(name = "{0} to {1}, unit {2}, low thresholds {3}, code point order {4}, by an operator {5}")
    @CsvSource({
            "2025-10-01, 2026-09-30, , true, true, false",
            "2025-10-01, 2026-09-30, , true, false, true",
            "2025-10-01, 2026-09-30, , false, true, false",
            "2026-09-01, 2026-09-30, U2, true, false, false",
            "2026-09-15, 2026-09-15, , true, true, true",
            "2027-03-01, 2027-03-31, , true, true, false",
    })
    void the_detectors_write_exactly_what_the_sql_wrote(LocalDate from, LocalDate to, String unit, boolean low, boolean codePoints,
                                                        boolean operator) {
        AnomalyThresholds thresholds = low ? LOW : AnomalyThresholds.DEFAULTS;
        List<String> before = MonthSignalsComparison.sqlWrote(db.database().jdbi(), from, to, unit, thresholds);
        List<String> after = MonthSignalsComparison.detectorsWrote(db.database().jdbi(), from, to, unit, thresholds, codePoints, operator);
        MonthSignalsComparison.assertSame(after, before);
        if (low && unit == null && from.getYear() == 2025) {
            assertThat(before).as("the odd values are met by every kind they feed")
                    .anyMatch(row -> row.contains("|CONSTANT_ACCURACY|") && row.contains("tepat NaN m"))
                    .anyMatch(row -> row.contains("|CONSTANT_ACCURACY|") && row.contains("tepat 1e-45 m"))
                    .anyMatch(row -> row.contains("|CONSTANT_ACCURACY|") && row.contains("tepat -0 m") && row.endsWith("\"accuracyM\": 0}"))
                    .anyMatch(row -> row.contains("|SAME_HAND|") && row.contains("::ffff:10.0.0.1"))
                    .anyMatch(row -> row.contains("|SAME_HAND|") && row.contains("2001:db8::7"))
                    .anyMatch(row -> row.contains("|ON_CENTRE|") && row.contains("Aula, Kantor"))
                    .anyMatch(row -> row.contains("|REPEATED_POSITION|"));
        }
    }

    /**
     * U1 and its sub-unit U2, with a location each on one centre (and U2's second elsewhere), a machine at U1's; twelve
     * staff checking in on every weekday of a year, four of them one hand at an address that changes with the day.
     */
    private static void generate(Handle h) {
        h.execute("INSERT INTO unit (code, name, time_zone) VALUES ('U1', 'Dinas Satu', 'Asia/Makassar')");
        h.execute("INSERT INTO unit (code, name, time_zone, parent_id) SELECT 'U2', 'Bidang Dua', 'Asia/Jakarta', id FROM unit WHERE code = 'U1'");
        h.execute("""
                INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m)
                SELECT u.id, l.name, l.lat, l.lon, 100 FROM (VALUES ('U1', 'Kantor', -1.908600, 116.197800), ('U2', 'Aula', -1.908600, 116.197800),
                                                                    ('U2', 'Gudang', -2.000000, 116.000000)) l(unit, name, lat, lon)
                  JOIN unit u ON u.code = l.unit ORDER BY l.name DESC""");
        h.execute("INSERT INTO machine (serial, unit_id, name) SELECT 'M1', id, 'Mesin Satu' FROM unit WHERE code = 'U1'");
        int staff = ACCURACIES.length;
        for (int i = 0; i < staff; i++) {
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, ?, id FROM unit WHERE code = ?",
                    "1990010120150110" + String.format("%02d", i), "Pegawai " + i, i % 3 == 2 ? "U2" : "U1");
        }
        h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'HP', sha256(id::text::bytea), '2025-06-01' FROM employee");
        List<long[]> people = h.createQuery("SELECT e.id, d.id FROM employee e JOIN device d ON d.employee_id = e.id ORDER BY e.id")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        var checkIns = h.prepareBatch("""
                INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                     accepted, message, client_address)
                VALUES (gen_random_uuid(), :employee, :device, :type, :at, :at, :day, :lat, :lon, CAST(:accuracy AS real), true, 'ok',
                        CAST(:address AS inet))""");
        var punches = h.prepareBatch("""
                INSERT INTO checkin (request_id, employee_id, machine_id, at, received_at, work_date, accepted, message, source, machine_pin)
                VALUES (gen_random_uuid(), :employee, 'M1', :at, :at, :day, true, 'ok', 'FINGERPRINT', '1')""");
        int n = 0;
        for (LocalDate day = LocalDate.of(2025, 9, 1); !day.isAfter(LocalDate.of(2026, 9, 30)); day = day.plusDays(1), n++) {
            if (n % 7 >= 5) {
                continue;
            }
            String handAddress = ADDRESSES[n % ADDRESSES.length];
            for (int e = 0; e < staff; e++) {
                for (String type : new String[] {"IN", "OUT"}) {
                    OffsetDateTime at = day.atTime(type.equals("IN") ? 7 : 16, 0).atOffset(ZoneOffset.ofHours(8))
                            .plusSeconds(e < 4 ? e * 3L : 60L * e + n % 50);
                    String address = e < 4 ? handAddress : e == 7 ? null : ADDRESSES[(n + e) % ADDRESSES.length];
                    // on the shared centre every third day (and the second person every other day); a point two share on
                    // some days; a point of one's own on many days; else a point of the day's own
                    double lat;
                    double lon;
                    if (e == 0 && n % 3 == 0 || e == 1 && n % 2 == 0) {
                        lat = -1.9086;
                        lon = 116.1978;
                    } else if ((e == 4 || e == 5) && n % 4 < 2 || e == 6 && n % 4 == 0) {
                        lat = -1.9001;
                        lon = 116.1901;
                    } else if (e == 8 && n % 5 != 0) {
                        lat = -2.0;
                        lon = 116.0;
                    } else {
                        lat = -1.95 + (n * 13 + e * 7 + (type.equals("IN") ? 0 : 3)) % 997 / 1e5;
                        lon = 116.15 + (n * 11 + e * 5) % 991 / 1e5;
                    }
                    checkIns.bind("employee", people.get(e)[0]).bind("device", people.get(e)[1]).bind("type", type).bind("at", at).bind("day", day)
                            .bind("lat", lat).bind("lon", lon).bind("accuracy", n % 9 == 4 && e == 9 ? null : ACCURACIES[e])
                            .bind("address", address).add();
                }
                if (e % 4 == 3 && n % 3 == 1) {
                    punches.bind("employee", people.get(e)[0]).bind("at", day.atTime(7, 30).atOffset(ZoneOffset.ofHours(8))).bind("day", day).add();
                }
            }
        }
        checkIns.execute();
        punches.execute();
    }
}
