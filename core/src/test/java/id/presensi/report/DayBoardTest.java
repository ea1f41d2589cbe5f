package id.presensi.report;

import id.presensi.attendance.AttendanceRule;
import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.Punch;
import id.presensi.attendance.StatusBands;
import id.presensi.rules.DayPlan;
import id.presensi.rules.Expected;
import id.presensi.rules.RuleResolver;
import id.presensi.store.CheckInStore;
import id.presensi.store.RulesLoader;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board reads only the punches the rule counts (picked in SQL): it must show for everyone exactly what the rule says
 * given all their punches of the day, typed or not, inside the windows or not, refused or of another day among them.
 */
class DayBoardTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final LocalDate MONDAY = LocalDate.of(2026, 9, 14);

    private final TestDatabase db = TestDatabase.get();
    private final Jdbi jdbi = db.database().jdbi();

    @BeforeEach
    void sixty_people_with_a_day_of_untidy_punches() {
        db.reset();
        db.officeHours("06:00", "09:00", "07:30", "16:00", "12:00", "20:00");
        Random random = new Random(29);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('RSUD', 'RSUD')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO machine (serial, unit_id, name) SELECT 'SN-1', id, 'Mesin' FROM unit WHERE code = 'DINKES'");
            String[] units = {"DINKES", "PKM-1", "RSUD"};
            for (int i = 0; i < 60; i++) {
                h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, ?, id FROM unit WHERE code = ?",
                        String.format("1980010120050110%02d", i), "Pegawai " + i, units[i % 3]);
            }
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', sha256(nip::bytea) FROM employee");
            h.execute("INSERT INTO leave (employee_id, date_from, date_to, type) SELECT id, ?, ?, 'CT' FROM employee WHERE nip LIKE '%07'",
                    MONDAY, MONDAY);
            for (long id : h.createQuery("SELECT id FROM employee ORDER BY id").mapTo(Long.class).list()) {
                for (int p = 0; p < id % 9; p++) {
                    LocalDateTime at = MONDAY.atTime(5, 0).plusSeconds(random.nextInt(16 * 3600));
                    boolean machine = random.nextInt(4) == 0;
                    boolean refused = random.nextInt(6) == 0;
                    LocalDate workDate = random.nextInt(10) == 0 ? MONDAY.minusDays(1) : MONDAY;
                    h.createUpdate("""
                                    INSERT INTO checkin (request_id, employee_id, device_id, machine_id, type, at, received_at, work_date, accepted,
                                                         message, reason, offline_synced, work_from_home, work_from_anywhere, source)
                                    SELECT gen_random_uuid(), :id, CASE WHEN :machine THEN NULL ELSE d.id END, CASE WHEN :machine THEN 'SN-1' END,
                                           :type, :at, :at, :workDate, NOT :refused, 'x', CASE WHEN :refused THEN 'OUTSIDE_GEOFENCE' END,
                                           :offline, :wfh, :wfa, CASE WHEN :machine THEN 'FINGERPRINT' ELSE 'APP' END
                                      FROM device d WHERE d.employee_id = :id""")
                            .bind("id", id).bind("machine", machine).bind("refused", refused).bind("workDate", workDate)
                            .bind("type", machine && random.nextBoolean() ? null : random.nextBoolean() ? "IN" : "OUT")
                            .bind("at", at.atZone(WITA).toOffsetDateTime()).bind("offline", random.nextInt(5) == 0)
                            .bind("wfh", random.nextInt(7) == 0).bind("wfa", random.nextInt(7) == 0)
                            .execute();
                }
            }
        });
    }

    @Test
    void everyone_is_shown_as_the_rule_decides_from_all_their_punches() {
        for (Instant now : List.of(MONDAY.atTime(5, 30).atZone(WITA).toInstant(), MONDAY.atTime(10, 0).atZone(WITA).toInstant(),
                MONDAY.atTime(13, 17).atZone(WITA).toInstant(), MONDAY.atTime(21, 0).atZone(WITA).toInstant())) {
            DayBoard.Board board = DayBoard.at(jdbi, now, Optional.empty(), StatusBands.DEFAULT);
            List<DayBoard.Person> expected = fromAllPunches(now);
            assertThat(board.people()).as("at " + now).hasSize(60).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(DayBoard.at(jdbi, MONDAY.atTime(21, 0).atZone(WITA).toInstant(), Optional.empty(), StatusBands.DEFAULT).people())
                .extracting(DayBoard.Person::codes).as("the fixture's days are varied").extracting(List::toString).hasSizeGreaterThan(5)
                .contains("[H]", "[TK]", "[CT]").anyMatch(c -> c.contains("PSW")).anyMatch(c -> c.contains("TL"));
    }

    @Test
    void at_most_two_punches_a_person_reach_java() {
        Instant now = MONDAY.atTime(21, 0).atZone(WITA).toInstant();
        Map<Long, RulesLoader.Loaded> everyone = new RulesLoader(jdbi).loadAll(MONDAY.minusDays(2), MONDAY.plusDays(1));
        List<CheckInStore.DayWindows> days = new ArrayList<>();
        everyone.forEach((id, loaded) -> {
            DayPlan plan = RuleResolver.planAt(loaded.rules(), LocalDateTime.ofInstant(now, WITA));
            days.add(new CheckInStore.DayWindows(id, plan.date(), WITA, plan.expected().map(Expected::checkIn), plan.expected().map(Expected::checkOut)));
        });
        Map<Long, List<Punch>> counted = new CheckInStore(jdbi).counted(days);
        assertThat(counted.values()).allSatisfy(p -> assertThat(p).hasSizeBetween(1, 2));
        long read = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM checkin WHERE accepted AND work_date = ?").bind(0, MONDAY)
                .mapTo(Long.class).one());
        assertThat(counted.values().stream().mapToInt(List::size).sum()).isLessThan((int) read / 2);
    }

    @Test
    void a_units_board_loads_that_unit_and_the_units_under_it_only() {
        Instant now = MONDAY.atTime(10, 0).atZone(WITA).toInstant();
        assertThat(DayBoard.at(jdbi, now, Optional.of("DINKES"), StatusBands.DEFAULT).people()).hasSize(40)
                .extracting(DayBoard.Person::unitCode).containsOnly("DINKES", "PKM-1");
        assertThat(DayBoard.at(jdbi, now, Optional.of("PKM-1"), StatusBands.DEFAULT).people()).hasSize(20)
                .extracting(DayBoard.Person::unitCode).containsOnly("PKM-1");
        assertThat(new RulesLoader(jdbi).loadAll(MONDAY.minusDays(2), MONDAY.plusDays(1), Optional.of("PKM-1")).values())
                .as("the rules of the unit's staff only, not the regency's").hasSize(20)
                .allSatisfy(l -> assertThat(l.rules().unitCode()).isEqualTo("PKM-1"))
                .anySatisfy(l -> assertThat(l.rules().leave()).isNotEmpty());
    }

    /** The board as it was computed before: every accepted punch of the work date handed to the rule. */
    private List<DayBoard.Person> fromAllPunches(Instant now) {
        Map<Long, RulesLoader.Loaded> everyone = new RulesLoader(jdbi).loadAll(MONDAY.minusDays(2), MONDAY.plusDays(1));
        Map<Long, List<Punch>> punches = new HashMap<>();
        for (CheckInStore.Accepted a : new CheckInStore(jdbi).accepted(everyone.keySet(), MONDAY, MONDAY)) {
            punches.computeIfAbsent(a.employeeId(), k -> new ArrayList<>()).add(new Punch(LocalDateTime.ofInstant(a.at(), WITA), a.type(),
                    a.offlineSynced(), a.workFromHome(), a.workFromAnywhere(), a.source()));
        }
        List<DayBoard.Person> people = new ArrayList<>();
        everyone.forEach((id, loaded) -> {
            LocalDateTime local = LocalDateTime.ofInstant(now, WITA);
            DayPlan plan = RuleResolver.planAt(loaded.rules(), local);
            DailyAttendance day = AttendanceRule.decide(plan, punches.getOrDefault(id, List.of()), StatusBands.DEFAULT, Optional.of(local));
            people.add(new DayBoard.Person(loaded.key(), loaded.name(), loaded.rules().unitCode(), day.workDate(), day.codes(), day.shiftCode(),
                    day.expectedStart(), day.firstIn(), day.lastOut(), day.lateMin(), day.explanation(), DayBoard.groups(day, local)));
        });
        return people;
    }
}
