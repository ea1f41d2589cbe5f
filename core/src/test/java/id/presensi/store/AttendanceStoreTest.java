package id.presensi.store;

import id.presensi.attendance.DailyAttendance;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AttendanceStoreTest {
    static final LocalDate DAY = LocalDate.of(2026, 9, 14);

    private final TestDatabase db = TestDatabase.get();
    private final AttendanceStore store = new AttendanceStore(db.database().jdbi());

    @BeforeEach
    void two_employees_with_the_same_name() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINSOS', 'Dinas Sosial')");
            // the later NIP first, so that insertion order cannot pass for the sort
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199205052019032001', 'Sri Wahyuni', id FROM unit");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198801012010012001', 'Sri Wahyuni', id FROM unit");
        });
    }

    @Test
    void records_are_replaced_and_listed_by_name_then_nip_or_nik() {
        List<Long> ids = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM employee ORDER BY id").mapTo(Long.class).list());
        long unit = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM unit").mapTo(Long.class).one());
        ZoneId wita = ZoneId.of("Asia/Makassar");
        store.replace(ids, DAY, DAY, ids.stream().map(id -> new AttendanceStore.Computed(id, unit, wita, day("TK"))).toList());
        store.replace(ids, DAY, DAY, ids.stream().map(id -> new AttendanceStore.Computed(id, unit, wita, day("H"))).toList());

        var listed = store.list(DAY, DAY, Optional.empty(), Optional.empty());

        assertThat(listed).extracting(AttendanceStore.Listed::employeeKey).containsExactly("198801012010012001", "199205052019032001");
        assertThat(listed).allSatisfy(r -> {
            assertThat(r.codes()).as("a second run replaces the first").containsExactly("H");
            assertThat(r.firstIn()).contains(DAY.atTime(7, 12));
        });
        assertThat(store.counts(DAY, DAY, Optional.empty()).records()).isEqualTo(2);
    }

    @Test
    void the_daily_report_tells_those_already_checked_out_from_those_still_at_work() {
        List<Long> ids = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM employee ORDER BY id").mapTo(Long.class).list());
        long unit = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM unit").mapTo(Long.class).one());
        ZoneId wita = ZoneId.of("Asia/Makassar");
        // 16:05, the check-out window open until 20:00: both are BELUM, the first checked out at 16:05, the second not yet
        DailyAttendance checkedOut = day("BELUM");
        DailyAttendance stillIn = new DailyAttendance(DAY, checkedOut.expectedStart(), checkedOut.expectedEnd(), Optional.empty(),
                Optional.empty(), Optional.of(DAY.atTime(7, 20)), Optional.empty(), 0, 0, List.of("BELUM"), Set.of(), "test");
        store.replace(ids, DAY, DAY, List.of(new AttendanceStore.Computed(ids.get(0), unit, wita, checkedOut),
                new AttendanceStore.Computed(ids.get(1), unit, wita, stillIn)));

        var day = store.ofDay(DAY, Optional.empty());

        assertThat(day).extracting(AttendanceStore.OfDay::employeeKey, r -> r.inProgress().orElseThrow()).containsExactlyInAnyOrder(
                tuple("199205052019032001", AttendanceStore.InProgress.CHECKED_OUT),
                tuple("198801012010012001", AttendanceStore.InProgress.CHECKED_IN));
    }

    private static DailyAttendance day(String code) {
        return new DailyAttendance(DAY, Optional.of(DAY.atTime(7, 30)), Optional.of(DAY.atTime(16, 0)), Optional.empty(), Optional.empty(),
                Optional.of(DAY.atTime(7, 12)), Optional.of(LocalDateTime.of(DAY, LocalTime.of(16, 5))), 0, 0, List.of(code),
                Set.of(), "test");
    }
}
