package id.presensi.store;

import id.presensi.anomaly.AnomalyThresholds;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static id.presensi.store.MonthSignalsComparison.LOW;
import static id.presensi.store.MonthSignalsComparison.MONTH_KINDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month's kinds (SAME_HAND, REPEATED_POSITION, CONSTANT_ACCURACY, ON_CENTRE, IMPOSSIBLE_TRAVEL, MACHINE_APP) as
 * the Java detectors write them are exactly what the SQL wrote before ({@link LegacyMonthSignals}): the same
 * employees, days, strengths, sentences and evidence, on two months of varied data (one hand and its colleagues, fake
 * GPS, typed-in centres of two locations on one point, positions shared by strangers, accuracies printed as 1.234567e+06
 * or NaN or missing, missing longitudes, IPv6 and masked addresses, NIK-only staff in three zones, fingerprint machines
 * with and without a location, trips, refused check-ins, a night shift), for every threshold at its default and at
 * low values, over a month, one day, and one unit with its sub-unit, in code point order and as ranked by the database;
 * written by the owner (one COPY) and by a BKPSDM operator, under row-level security (INSERTs of column arrays); the
 * owner's second run finds every signal as stored and writes none again.
 */
class AnomalyMonthEquivalenceTest {
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void two_months_of_varied_check_ins() {
        db.reset();
        db.database().jdbi().useHandle(AnomalyMonthEquivalenceTest::generate);
    }

    @ParameterizedTest(name = "{0} to {1}, unit {2}, low thresholds {3}, code point order {4}, by an operator {5}")
    @CsvSource({
            "2026-09-01, 2026-09-30, , false, true, false",
            "2026-09-01, 2026-09-30, , true, true, false",
            "2026-09-01, 2026-09-30, , true, true, true",
            "2026-09-01, 2026-09-30, , true, false, false",
            "2026-09-15, 2026-09-15, , true, true, false",
            "2026-09-16, 2026-09-16, , false, true, true",
            "2026-09-01, 2026-09-30, U1, true, true, false",
            "2026-09-01, 2026-09-30, U3, false, false, true",
    })
    void the_detectors_write_exactly_what_the_sql_wrote(LocalDate from, LocalDate to, String unit, boolean low, boolean codePoints,
                                                        boolean operator) {
        AnomalyThresholds thresholds = low ? LOW : AnomalyThresholds.DEFAULTS;
        List<String> before = MonthSignalsComparison.sqlWrote(db.database().jdbi(), from, to, unit, thresholds);
        List<String> after = MonthSignalsComparison.detectorsWrote(db.database().jdbi(), from, to, unit, thresholds, codePoints, operator);
        MonthSignalsComparison.assertSame(after, before);
        if (low && unit == null && !from.equals(to)) {
            assertThat(before).as("every kind is met by the data")
                    .allSatisfy(row -> assertThat(MONTH_KINDS).anyMatch(row::contains))
                    .satisfies(rows -> MONTH_KINDS.forEach(kind -> assertThat(rows).anyMatch(r -> r.contains("|" + kind + "|"))));
        }
    }

    /** Units in three zones (U2 under U1; U4 without a location), staff of every habit, and August and September of check-ins. */
    private static void generate(Handle h) {
        h.execute("""
                INSERT INTO unit (code, name, time_zone) VALUES ('U1', 'Dinas Satu', 'Asia/Makassar'), ('U3', 'Dinas Tiga', 'Asia/Jayapura'),
                                                                ('U4', 'Dinas Empat', 'Asia/Jakarta')""");
        h.execute("INSERT INTO unit (code, name, time_zone, parent_id) SELECT 'U2', 'Bidang Dua', 'Asia/Jakarta', id FROM unit WHERE code = 'U1'");
        // two locations of two units on one centre (a check-in there is on the centre of both), one in the south, one north of the equator
        h.execute("""
                INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m)
                SELECT u.id, l.name, l.lat, l.lon, 100 FROM (VALUES ('U1', 'Kantor', -1.908600, 116.197800), ('U2', 'kantor bidang', -1.908600, 116.197800),
                                                                    ('U2', 'Aula', -1.900000, 116.190000), ('U3', 'Kantor', 0.500000, 116.100000),
                                                                    ('U3', 'Pustu', -10.100000, 116.197800)) l(unit, name, lat, lon)
                  JOIN unit u ON u.code = l.unit ORDER BY u.code DESC""");
        h.execute("""
                INSERT INTO machine (serial, unit_id, name) SELECT m.serial, u.id, m.name
                  FROM (VALUES ('M1', 'U1', 'Mesin Satu'), ('M3', 'U3', 'Mesin "Tiga"'), ('M4', 'U4', 'Mesin tanpa lokasi')) m(serial, unit, name)
                  JOIN unit u ON u.code = m.unit""");
        String[] units = {"U1", "U2", "U3", "U4"};
        int staff = 40;
        for (int i = 0; i < staff; i++) {
            boolean ptt = i % 6 == 5;
            h.execute("INSERT INTO employee (type, nip, nik, name, unit_id) SELECT ?, ?, ?, ?, id FROM unit WHERE code = ?",
                    ptt ? "PTT" : "PNS", ptt ? null : "1990010120150110" + String.format("%02d", i), ptt ? "64010112345600" + String.format("%02d", i) : null,
                    "Pegawai " + i, units[i < 4 ? 0 : i % 4]);
        }
        h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'HP', sha256(id::text::bytea), '2026-06-01' FROM employee");
        Map<Integer, Long> ids = new HashMap<>();
        Map<Integer, Long> devices = new HashMap<>();
        h.createQuery("SELECT e.id, d.id AS device FROM employee e JOIN device d ON d.employee_id = e.id ORDER BY e.id")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).list()
                .forEach(pair -> {
                    devices.put(ids.size(), pair[1]);
                    ids.put(ids.size(), pair[0]);
                });
        Random random = new Random(32);
        var checkIns = h.prepareBatch("""
                INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                     accepted, message, reason, client_address)
                VALUES (gen_random_uuid(), :employee, :device, :type, :at, :at, :day, :lat, :lon, CAST(:accuracy AS real), :accepted, 'ok',
                        :reason, CAST(:address AS inet))""");
        var punches = h.prepareBatch("""
                INSERT INTO checkin (request_id, employee_id, machine_id, at, received_at, work_date, accepted, message, source, machine_pin)
                VALUES (gen_random_uuid(), :employee, :machine, :at, :at, :day, true, 'ok', 'FINGERPRINT', '1')""");
        String[] addresses = {"10.0.0.1", "10.0.0.10", "10.0.0.2", "10.11.0.2", "2001:db8::7", "10.0.0.1/24", null};
        double[][] pool = {{-1.9086, 116.1978}, {-1.9, 116.19}, {-1.908512, 116.197733}, {0.5, 116.1}, {-1.90851, 116.19773}};
        for (LocalDate day = LocalDate.of(2026, 8, 3); !day.isAfter(LocalDate.of(2026, 9, 30)); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            // the hand (0) and three colleagues, a few seconds apart on most days; two more (8, 9) at an IPv6 address on some
            OffsetDateTime handIn = day.atTime(7, 10).atOffset(ZoneOffset.ofHours(8)).plusNanos(random.nextInt(1_800_000) * 1_000L);
            boolean together = random.nextInt(10) < 7;
            boolean pair = random.nextInt(10) < 4;
            for (int e = 0; e < staff; e++) {
                for (String type : new String[] {"IN", "OUT"}) {
                    OffsetDateTime at;
                    String address = addresses[random.nextInt(addresses.length)];
                    if (e < 4 && together) {
                        at = handIn.plusSeconds(type.equals("IN") ? 0 : 9 * 3600).plusNanos(e * (2_000_000_000L + random.nextInt(3_000_000) * 1_000L));
                        address = "10.0.0.1";
                    } else if ((e == 8 || e == 9) && pair) {
                        at = handIn.plusMinutes(30).plusSeconds(type.equals("IN") ? 0 : 9 * 3600).plusNanos((e - 8) * 5_000_000_000L);
                        address = "2001:db8::7";
                    } else {
                        at = day.atTime(type.equals("IN") ? 7 : 16, 0).atOffset(ZoneOffset.ofHours(8)).plusNanos(random.nextInt(3_600_000) * 1_000_000L
                                                                                                                     + random.nextInt(1_000_000) * 1_000L);
                    }
                    LocalDate workDate = e == 7 && type.equals("OUT") ? day.minusDays(1) : day; // a night shift's check-out
                    double[] position = position(e, random, pool);
                    boolean refused = e == 13 && random.nextBoolean();
                    checkIns.bind("employee", ids.get(e)).bind("device", devices.get(e)).bind("type", type).bind("at", at).bind("day", workDate)
                            .bind("lat", position[0]).bind("lon", e == 12 && random.nextBoolean() ? null : position[1])
                            .bind("accuracy", accuracy(e, random)).bind("accepted", !refused)
                            .bind("reason", refused ? "OUTSIDE_GEOFENCE" : null).bind("address", address).add();
                }
                // a trip: twenty minutes after coming in, a check-in about 100 km away (or 40 km, under the low speed only)
                if (e % 10 == 6 && random.nextInt(4) == 0) {
                    checkIns.bind("employee", ids.get(e)).bind("device", devices.get(e)).bind("type", "OUT")
                            .bind("at", day.atTime(9, 0).atOffset(ZoneOffset.ofHours(8)).plusSeconds(random.nextInt(600))).bind("day", day)
                            .bind("lat", e == 6 ? -1.2379 : -1.5504).bind("lon", e == 6 ? 116.8529 : 116.221).bind("accuracy", "12")
                            .bind("accepted", true).bind("reason", (String) null).bind("address", "36.70.1.9").add();
                }
                // fingerprint punches: at U1's machine, at U3's, and at a machine whose unit has no location (never placed)
                if (e % 9 == 1 && random.nextInt(3) == 0) {
                    punches.bind("employee", ids.get(e)).bind("machine", new String[] {"M1", "M3", "M4"}[e % 3])
                            .bind("at", day.atTime(8, random.nextInt(50)).atOffset(ZoneOffset.ofHours(8))).bind("day", day).add();
                }
            }
        }
        checkIns.execute();
        punches.execute();
    }

    /** Where each habit checks in from: GPS noise, one fake position, a typed-in centre, positions others share. */
    private static double[] position(int e, Random random, double[][] pool) {
        double noise = (random.nextDouble() - 0.5) * 0.0008;
        return switch (e % 8) {
            case 1 -> pool[2];
            case 2 -> random.nextInt(3) == 0 ? pool[0] : new double[] {round(-1.9086 + noise), round(116.1978 - noise)};
            case 3 -> pool[random.nextInt(pool.length)];
            case 4 -> random.nextInt(5) == 0 ? pool[3] : pool[4];
            case 5 -> random.nextInt(2) == 0 ? pool[1] : new double[] {round(-10.1 + noise), 116.1978};
            default -> new double[] {round(-1.9086 + noise), round(116.1978 + noise)};
        };
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }

    /** Steady, steady but sometimes missing, printed with an exponent, NaN, or varying. */
    private static String accuracy(int e, Random random) {
        return switch (e % 7) {
            case 1 -> "5";
            case 2 -> random.nextInt(4) == 0 ? null : "12.3";
            case 3 -> "1234567";
            case 4 -> e == 11 ? "NaN" : "0.00001";
            case 5 -> null;
            default -> String.valueOf(Math.round((4 + random.nextDouble() * 26) * 10) / 10.0);
        };
    }
}
