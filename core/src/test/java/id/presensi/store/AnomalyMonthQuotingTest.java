package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month's check-ins are read by a COPY, which takes no parameters: the unit code asked for is written into its
 * query as a quoted literal. A code written to break out of the literal (a quote, and a backslash for a session whose
 * strings are not standard-conforming) stays a code: nothing of it runs, and it finds nobody, as any unknown code
 * does; the unit's own code finds its own.
 */
class AnomalyMonthQuotingTest {
    private static final LocalDate DAY = LocalDate.of(2026, 9, 14);
    private static final String UNIT = "DINKES";
    /** Codes that, were they not quoted, would end the literal and have the query divide by zero (with a quote, or a backslash and a quote). */
    private static final String[] BREAKING_OUT = {"q' AS text))) OR 1 / 0 = 1 OR e.unit_id IN (SELECT unit_scope(CAST('q",
            "q\\' AS text))) OR 1 / 0 = 1 OR e.unit_id IN (SELECT unit_scope(CAST('q"};
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void one_employee_in_two_places_ten_minutes_apart() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.createUpdate("INSERT INTO unit (code, name) VALUES (:code, 'Dinas Kesehatan')").bind("code", UNIT).execute();
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199002282015121002', 'Andi Staf', id FROM unit");
            h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'HP', sha256('t'::bytea), '2026-09-01' FROM employee");
            // Tanah Grogot, then Jakarta ten minutes later: IMPOSSIBLE_TRAVEL, found from the month the COPY reads
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                         accepted, message, client_address)
                    SELECT gen_random_uuid(), d.employee_id, d.id, p.type, p.at, p.at, ?, p.lat, p.lon, 12, true, 'diterima', '10.0.0.7'
                      FROM device d, (VALUES ('IN', timestamptz '2026-09-14 07:00+08', -1.9086, 116.1978),
                                             ('OUT', timestamptz '2026-09-14 07:10+08', -6.2000, 106.8166)) p(type, at, lat, lon)""", DAY);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void a_code_breaking_out_of_the_literal_runs_nothing_and_finds_nobody_and_the_unit_s_code_its_own(String standardStrings) {
        for (String hostile : BREAKING_OUT) {
            assertThat(travel(standardStrings, hostile)).as("a code that would end the literal, were it not quoted: " + hostile).isZero();
        }
        assertThat(travel(standardStrings, UNIT)).isEqualTo(1);
        int checkins = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Integer.class).one());
        assertThat(checkins).isEqualTo(2);
    }

    private int travel(String standardStrings, String unit) {
        return db.database().jdbi().inTransaction(h -> {
            h.execute("SET LOCAL standard_conforming_strings = " + standardStrings);
            return AnomalyStore.recompute(h, DAY, DAY, Optional.of(unit), AnomalyStore.thresholds(h)).get(AnomalyKind.IMPOSSIBLE_TRAVEL);
        });
    }
}
