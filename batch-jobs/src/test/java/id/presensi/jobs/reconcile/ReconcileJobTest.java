package id.presensi.jobs.reconcile;

import id.presensi.app.Reconciliation;
import id.presensi.attendance.StatusBands;
import id.presensi.attendance.StatusCode;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reconciliation job on the embedded PostgreSQL: a week of 600 employees, re-runs, restarts, unit filter. */
class ReconcileJobTest {
    static final LocalDate MONDAY = LocalDate.of(2026, 9, 14);
    static final LocalDate SUNDAY = LocalDate.of(2026, 9, 20);
    static final Instant AFTER_THE_WEEK = Instant.parse("2026-09-21T00:00:00Z");

    private final TestDatabase db = TestDatabase.get();
    private final ReconcileJob job = new ReconcileJob(db.database());

    @BeforeEach
    void six_hundred_staff_and_their_check_ins() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("""
                    INSERT INTO employee (type, nip, name, unit_id)
                    SELECT 'PNS', '19850315201001' || lpad(((g % 2) + 1)::text, 1, '0') || lpad(g::text, 3, '0'), 'Pegawai ' || g,
                           (SELECT id FROM unit WHERE code = CASE WHEN g <= 400 THEN 'BKPSDM' ELSE 'RSUD' END)
                      FROM generate_series(1, 600) g""");
            h.execute("INSERT INTO holiday VALUES ('2026-09-16', 'Libur contoh', 'LIBUR_NASIONAL')");
            h.execute("INSERT INTO leave (employee_id, date_from, date_to, type) SELECT id, '2026-09-17', '2026-09-18', 'CT' FROM employee WHERE name = 'Pegawai 7'");
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', sha256(id::text::bytea) FROM employee");
            // every working day: in at 07:00 + (id % 60) minutes, out at 16:00, except ids divisible by 10 (absent)
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude,
                                         accuracy_m, accepted, message)
                    SELECT gen_random_uuid(), e.id, d.id, t.type,
                           (day + CASE WHEN t.type = 'IN' THEN time '07:00' + (e.id % 60) * interval '1 minute' ELSE time '16:00' END)
                               AT TIME ZONE 'Asia/Makassar',
                           now(), day, -1.9, 116.2, 10, true, 'ok'
                      FROM employee e JOIN device d ON d.employee_id = e.id,
                           (SELECT d::date AS day FROM generate_series(date '2026-09-14', date '2026-09-18', interval '1 day') AS d) AS days,
                           (VALUES ('IN'), ('OUT')) AS t(type)
                     WHERE e.id % 10 <> 0""");
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
    }

    @AfterEach
    void no_simulated_failure_left_behind() {
        db.database().jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS fail_once ON attendance; DROP FUNCTION IF EXISTS fail_once()"));
    }

    @Test
    void a_day_reconciled_while_its_windows_are_open_is_provisional_and_the_night_run_makes_it_final() throws Exception {
        LocalDate friday = LocalDate.of(2026, 9, 18);
        Instant afternoon = friday.atTime(16, 16).atZone(ZoneId.of("Asia/Makassar")).toInstant();
        ReconcileJob.Result during = job.run(new ReconcileRequest(friday, friday, Optional.empty(), StatusBands.DEFAULT, 3, afternoon, true));

        assertThat(during.byCode()).as("check-out is open until 20:00: nobody is TK or PSW4 yet")
                .doesNotContainKeys(StatusCode.TK, StatusCode.PSW4).containsEntry(StatusCode.BELUM, 599L).containsEntry(StatusCode.CT, 1L);
        String absent = explanation(friday, "Pegawai 10");
        assertThat(absent).startsWith("Belum presensi");
        assertThat(explanation(friday, "Pegawai 11")).startsWith("Belum selesai: masuk");

        Instant night = friday.plusDays(1).atTime(1, 0).atZone(ZoneId.of("Asia/Makassar")).toInstant();
        ReconcileJob.Result after = job.run(new ReconcileRequest(friday, friday, Optional.empty(), StatusBands.DEFAULT, 3, night, true));
        assertThat(after.byCode()).doesNotContainKey(StatusCode.BELUM).containsEntry(StatusCode.TK, 60L);
        assertThat(explanation(friday, "Pegawai 10")).startsWith("Tanpa keterangan");
    }

    private String explanation(LocalDate day, String name) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.explanation FROM attendance a JOIN employee e ON e.id = a.employee_id WHERE e.name = :name AND a.work_date = :day""")
                .bind("name", name).bind("day", day).mapTo(String.class).one());
    }

    @Test
    void a_days_report_reconciles_the_day_without_the_job_into_the_records_the_job_writes() throws Exception {
        LocalDate friday = LocalDate.of(2026, 9, 18);
        Instant afternoon = friday.atTime(16, 16).atZone(ZoneId.of("Asia/Makassar")).toInstant();
        // 600 employees: more than one chunk, so the job runs through Spring Batch, split over 3 threads
        job.run(new ReconcileRequest(friday, friday, Optional.empty(), StatusBands.DEFAULT, 3, afternoon, false));
        List<String> byTheJob = records(friday);
        db.database().jdbi().useHandle(h -> h.execute("DELETE FROM attendance"));

        boolean reconciled = Reconciliation.reconcileDay(db.database().jdbi(), friday, Optional.empty(), StatusBands.DEFAULT, afternoon);

        assertThat(reconciled).isTrue();
        assertThat(byTheJob).hasSize(600).anyMatch(r -> r.contains("BELUM")).anyMatch(r -> r.contains("CT"));
        assertThat(records(friday)).isEqualTo(byTheJob);
    }

    @Test
    void a_week_is_reconciled_into_one_record_per_employee_per_day() throws Exception {
        ReconcileJob.Result result = job.run(request(Optional.empty()));

        assertThat(result.records()).isEqualTo(600 * 7);
        assertThat(result.byCode()).containsEntry(StatusCode.LIBUR, 600L * 3 - 0); // Wednesday's holiday and the weekend
        assertThat(result.byCode().get(StatusCode.TK)).isEqualTo(60L * 4 - 0); // the absent tenth, on 4 working days
        assertThat(result.byCode()).containsEntry(StatusCode.CT, 2L);
        Map<String, Object> one = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.codes::text AS codes, a.late_min, a.explanation FROM attendance a JOIN employee e ON e.id = a.employee_id
                         WHERE e.name = 'Pegawai 45' AND a.work_date = '2026-09-14'""").mapToMap().one());
        long id = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM employee WHERE name = 'Pegawai 45'").mapTo(Long.class).one());
        long late = Math.max(0, id % 60 - 30);
        assertThat(one.get("late_min")).isEqualTo((int) late);
        assertThat((String) one.get("codes")).isEqualTo(late == 0 ? "{H}" : "{TL" + StatusBands.DEFAULT.band(late) + "}");
    }

    @Test
    void running_it_again_gives_the_same_records_and_picks_up_late_leave() throws Exception {
        job.run(request(Optional.empty()));
        List<Map<String, Object>> first = records();
        job.run(request(Optional.empty()));
        assertThat(records()).isEqualTo(first);

        db.database().jdbi().useHandle(h -> h.execute(
                "INSERT INTO leave (employee_id, date_from, date_to, type) SELECT id, '2026-09-14', '2026-09-14', 'S' FROM employee WHERE name = 'Pegawai 10'"));
        job.run(request(Optional.empty()));
        assertThat(codesOf("Pegawai 10", "2026-09-14")).isEqualTo("{S}");
    }

    @Test
    void a_run_that_fails_half_way_is_finished_by_running_it_again_with_identical_results() throws Exception {
        job.run(request(Optional.empty()));
        List<Map<String, Object>> clean = records();
        db.database().jdbi().useHandle(h -> {
            h.execute("DELETE FROM attendance");
            h.execute("""
                    CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.employee_id = (SELECT max(id) FROM employee) THEN RAISE EXCEPTION 'disk full (simulated)'; END IF;
                        RETURN NEW;
                    END $$""");
            h.execute("CREATE TRIGGER fail_once BEFORE INSERT ON attendance FOR EACH ROW EXECUTE FUNCTION fail_once()");
        });

        assertThatThrownBy(() -> job.run(request(Optional.empty()))).hasMessageContaining("disk full (simulated)")
                .hasMessageContaining("run the same command again");
        long partial = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM attendance").mapTo(Long.class).one());
        assertThat(partial).isBetween(1L, 600L * 7 - 1);

        db.database().jdbi().useHandle(h -> h.execute("DROP TRIGGER fail_once ON attendance; DROP FUNCTION fail_once()"));
        ReconcileJob.Result finished = job.run(request(Optional.empty()));

        assertThat(finished.restarted()).isTrue();
        assertThat(records()).isEqualTo(clean);
    }

    @Test
    void the_unit_filter_touches_only_that_unit() throws Exception {
        ReconcileJob.Result result = job.run(request(Optional.of("RSUD")));

        assertThat(result.employees()).isEqualTo(200);
        long others = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM attendance a JOIN unit u ON u.id = a.unit_id WHERE u.code <> 'RSUD'").mapTo(Long.class).one());
        assertThat(others).isZero();
    }

    private static ReconcileRequest request(Optional<String> unit) {
        return new ReconcileRequest(MONDAY, SUNDAY, unit, StatusBands.DEFAULT, 3, AFTER_THE_WEEK, true);
    }

    private List<Map<String, Object>> records() {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off, first_in, last_out,
                       late_min, early_min, codes::text AS codes, flags::text AS flags, explanation
                  FROM attendance ORDER BY employee_id, work_date""").mapToMap().list());
    }

    private String codesOf(String name, String date) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT a.codes::text FROM attendance a JOIN employee e ON e.id = a.employee_id
                         WHERE e.name = :name AND a.work_date = CAST(:date AS date)""").bind("name", name).bind("date", date)
                .mapTo(String.class).one());
    }

    /** Every record of a day as text, all but when it was computed. */
    private List<String> records(LocalDate day) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT concat_ws('|', employee_id, unit_id, expected_start, expected_end, shift_code, day_off, first_in, last_out,
                                         late_min, early_min, codes::text, flags::text, explanation)
                          FROM attendance WHERE work_date = :day ORDER BY employee_id""")
                .bind("day", day).mapTo(String.class).list());
    }
}
