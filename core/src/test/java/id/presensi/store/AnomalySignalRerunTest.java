package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A re-run of days writes only what changed ({@link AnomalySignalRun}): a signal found again as it stands keeps its row
 * and the time it was first found; a changed one is written anew, a vanished one goes; a run of one unit touches no
 * other unit's signals, the owner's and a BKPSDM operator's alike.
 */
class AnomalySignalRerunTest {
    private static final LocalDate FROM = LocalDate.of(2026, 9, 1);
    private static final LocalDate TO = LocalDate.of(2026, 9, 4);
    private static final LocalDate CHANGED_DAY = LocalDate.of(2026, 9, 2);
    private final TestDatabase db = TestDatabase.get();

    /** A stored signal: what it says, and which row version holds it (a row written again is another version). */
    private record Row(String key, String content, String version, String computedAt) {
    }

    @BeforeEach
    void two_units_whose_phones_report_their_office_centre_for_four_days() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('U1', 'Dinas Satu'), ('U2', 'Dinas Dua')");
            h.execute("""
                    INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m)
                    SELECT id, 'Kantor ' || code, CASE code WHEN 'U1' THEN -1.908600 ELSE -1.700000 END, 116.197800, 100 FROM unit""");
            h.execute("""
                    INSERT INTO employee (type, nip, name, unit_id)
                    SELECT 'PNS', (199000000000000000 + g)::text, 'Pegawai ' || g, (SELECT id FROM unit WHERE code = 'U' || (1 + g % 2))
                      FROM generate_series(1, 12) g""");
            h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'HP', sha256(id::text::bytea), '2026-06-01' FROM employee");
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                         accepted, message, client_address)
                    SELECT gen_random_uuid(), d.employee_id, d.id, t.type,
                           (day::date + t.base + (e.nip::bigint % 1000) * interval '1 minute') AT TIME ZONE 'Asia/Makassar', now(), day::date,
                           l.latitude, l.longitude, 15, true, 'diterima', '10.0.0.1'
                      FROM device d JOIN employee e ON e.id = d.employee_id JOIN work_location l ON l.unit_id = e.unit_id,
                           generate_series(?::date, ?::date, interval '1 day') day, (VALUES ('IN', time '07:00'), ('OUT', time '16:00')) t(type, base)""",
                    FROM, TO);
        });
    }

    @Test
    void a_re_run_of_unchanged_days_writes_nothing_and_keeps_when_each_signal_was_found() {
        Map<AnomalyKind, Integer> first = recompute(Optional.empty());
        Map<String, Row> before = rows();

        Map<AnomalyKind, Integer> again = recompute(Optional.empty());
        // twice in one transaction too: the run's table is made again
        db.database().jdbi().useTransaction(h -> {
            AnomalyStore.recompute(h, FROM, TO, Optional.empty(), AnomalyStore.thresholds(h));
            AnomalyStore.recompute(h, FROM, TO, Optional.empty(), AnomalyStore.thresholds(h));
        });

        // REPEATED_POSITION and ON_CENTRE for every person-day (eight check-ins are too few for CONSTANT_ACCURACY)
        assertThat(before).hasSize(2 * 12 * 4);
        assertThat(again).isEqualTo(first);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void a_re_run_after_a_check_in_changed_writes_exactly_the_changed_signals_and_removes_the_vanished() {
        recompute(Optional.empty());
        Map<String, Row> before = rows();
        long moved = moveCheckIns("U1");

        Map<String, String> fresh = freshRun(Optional.empty());
        recompute(Optional.empty());
        Map<String, Row> after = rows();

        assertThat(after.values().stream().collect(Collectors.toMap(Row::key, Row::content))).isEqualTo(fresh);
        List<String> vanished = before.keySet().stream().filter(key -> !after.containsKey(key)).toList();
        assertThat(vanished).as("the moved employee's day is on no centre now").isNotEmpty()
                .allSatisfy(key -> assertThat(key).startsWith(moved + "|" + CHANGED_DAY));
        List<String> changed = after.keySet().stream().filter(before::containsKey)
                .filter(key -> !before.get(key).content().equals(after.get(key).content())).toList();
        assertThat(changed).as("the colleagues' and the moved employee's counts").isNotEmpty();
        String firstRun = before.values().stream().map(Row::computedAt).max(String::compareTo).orElseThrow();
        after.forEach((key, row) -> {
            Row earlier = before.get(key);
            if (earlier != null && earlier.content().equals(row.content())) {
                assertThat(row).as("unchanged " + key).isEqualTo(earlier);
            } else {
                assertThat(row.version()).as("written anew " + key).isNotEqualTo(earlier == null ? null : earlier.version());
                assertThat(row.computedAt()).as("found since " + key).isGreaterThan(firstRun);
            }
        });
        assertThat(after.values()).as("kept as they were").filteredOn(row -> row.equals(before.get(row.key()))).isNotEmpty();
    }

    @ParameterizedTest(name = "by a BKPSDM operator: {0}")
    @ValueSource(booleans = {false, true})
    void a_run_of_one_unit_touches_no_other_units_signals(boolean operator) {
        recompute(Optional.empty());
        Map<String, Row> before = rows();
        moveCheckIns("U1");
        moveCheckIns("U2");

        Map<String, String> fresh = freshRun(Optional.of("U1"));
        db.database().jdbi().useTransaction(h -> {
            if (operator) {
                h.execute("SET LOCAL ROLE presensi_bkpsdm");
            }
            AnomalyStore.recompute(h, FROM, TO, Optional.of("U1"), AnomalyStore.thresholds(h));
        });
        Map<String, Row> after = rows();

        List<Long> u2 = db.database().jdbi().withHandle(h ->
                h.createQuery("SELECT e.id FROM employee e JOIN unit u ON u.id = e.unit_id WHERE u.code = 'U2'").mapTo(Long.class).list());
        Function<Row, Boolean> ofU2 = row -> u2.contains(Long.parseLong(row.key().substring(0, row.key().indexOf('|'))));
        assertThat(after.values().stream().filter(ofU2::apply).toList())
                .as("U2's signals untouched, though U2's check-ins changed too")
                .containsExactlyInAnyOrderElementsOf(before.values().stream().filter(ofU2::apply).toList());
        assertThat(after.values().stream().filter(row -> !ofU2.apply(row)).collect(Collectors.toMap(Row::key, Row::content)))
                .as("U1's signals as a fresh run of U1 finds them").isEqualTo(fresh);
    }

    @Test
    void while_a_run_is_open_nobody_changes_the_rows_it_read_and_readers_still_read() {
        recompute(Optional.empty());
        db.database().jdbi().useTransaction(run -> {
            AnomalyStore.recompute(run, FROM, TO, Optional.empty(), AnomalyStore.thresholds(run));
            try (Handle other = db.database().jdbi().open()) { // a connection of its own (a nested useHandle shares the run's)
                other.execute("SET lock_timeout = '300ms'");
                assertThat(other.createQuery("SELECT count(*) FROM anomaly_signal").mapTo(Long.class).one()).isEqualTo(2L * 12 * 4);
                assertThatThrownBy(() -> other.execute("UPDATE anomaly_signal SET strength = strength + 1"))
                        .as("a change would move a row the run deletes by its place").hasMessageContaining("lock timeout");
            }
        });
        assertThat(rows()).hasSize(2 * 12 * 4);
    }

    private Map<AnomalyKind, Integer> recompute(Optional<String> unit) {
        return db.database().jdbi().inTransaction(h -> AnomalyStore.recompute(h, FROM, TO, unit, AnomalyStore.thresholds(h)));
    }

    /** What a run from nothing writes for the scope now (the days' signals of the scope deleted first), rolled back. */
    private Map<String, String> freshRun(Optional<String> unit) {
        return db.database().jdbi().inTransaction(h -> {
            h.execute("""
                    DELETE FROM anomaly_signal WHERE employee_id IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(?)))""",
                    unit.orElse(null));
            AnomalyStore.recompute(h, FROM, TO, unit, AnomalyStore.thresholds(h));
            Map<String, String> written = read(h).values().stream().filter(row -> inScope(h, row, unit))
                    .collect(Collectors.toMap(Row::key, Row::content));
            h.rollback();
            return written;
        });
    }

    private static boolean inScope(Handle h, Row row, Optional<String> unit) {
        return h.createQuery("SELECT ? IN (SELECT id FROM employee WHERE unit_id IN (SELECT unit_scope(?)))")
                .bind(0, Long.parseLong(row.key().substring(0, row.key().indexOf('|')))).bind(1, unit.orElse(null))
                .mapTo(Boolean.class).one();
    }

    /** The first employee of the unit checks in on CHANGED_DAY away from the office, each time somewhere else; returns who. */
    private long moveCheckIns(String unit) {
        return db.database().jdbi().withHandle(h -> {
            long employee = h.createQuery("SELECT min(e.id) FROM employee e JOIN unit u ON u.id = e.unit_id WHERE u.code = ?")
                    .bind(0, unit).mapTo(Long.class).one();
            h.execute("""
                    UPDATE checkin SET latitude = latitude + 0.000100 + (extract(hour FROM at) / 1000000), accuracy_m = 7 + extract(hour FROM at)
                     WHERE employee_id = ? AND work_date = ?""", employee, CHANGED_DAY);
            return employee;
        });
    }

    private Map<String, Row> rows() {
        return db.database().jdbi().withHandle(AnomalySignalRerunTest::read);
    }

    private static Map<String, Row> read(Handle h) {
        return h.createQuery("""
                        SELECT employee_id || '|' || work_date || '|' || kind AS key, strength || '|' || message || '|' || evidence::text AS content,
                               xmin::text || ctid::text AS version, to_char(computed_at, 'YYYY-MM-DD HH24:MI:SS.US') AS computed_at
                          FROM anomaly_signal""")
                .map((rs, ctx) -> new Row(rs.getString("key"), rs.getString("content"), rs.getString("version"), rs.getString("computed_at")))
                .list().stream().collect(Collectors.toMap(Row::key, row -> row));
    }
}
