package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "shared point" month: indoor Wi-Fi positioning gives every phone in the office the office's exact
 * coordinates with one accuracy. Every check-in is then on the centre, at a repeated position, with a constant
 * accuracy: the signals say so once per person and day, with messages that stay short however many share the point.
 */
class AnomalySharedPointTest {
    private static final LocalDate FROM = LocalDate.of(2026, 9, 1);
    private static final LocalDate TO = LocalDate.of(2026, 9, 14);
    private static final int STAFF = 60;
    private static final int WORKING_DAYS = 10;
    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void sixty_staff_whose_phones_all_report_the_office_centre_for_two_weeks() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DISDIK', 'Dinas Pendidikan')");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.908600, 116.197800, 100 FROM unit");
            h.execute("""
                    INSERT INTO employee (type, nip, name, unit_id)
                    SELECT 'PNS', (199000000000000000 + g)::text, 'Pegawai ' || g, (SELECT id FROM unit) FROM generate_series(1, ?) g""", STAFF);
            h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'HP', sha256(id::text::bytea), '2026-06-01' FROM employee");
            // a minute apart at the one office address, so no two are "one hand"; in at 07:00 and out at 16:00 local time
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, latitude, longitude, accuracy_m,
                                         accepted, message, client_address)
                    SELECT gen_random_uuid(), d.employee_id, d.id, t.type,
                           (day::date + t.base + (e.nip::bigint % 1000) * interval '1 minute') AT TIME ZONE 'Asia/Makassar', now(), day::date,
                           -1.908600, 116.197800, 15, true, 'diterima', '10.0.0.1'
                      FROM device d JOIN employee e ON e.id = d.employee_id, generate_series(?::date, ?::date, interval '1 day') day, (VALUES ('IN', time '07:00'), ('OUT', time '16:00')) t(type, base)
                     WHERE extract(isodow FROM day) < 6""", FROM, TO);
        });
    }

    @Test
    void every_person_and_day_gets_one_signal_of_each_shared_point_kind_and_no_other() {
        Map<AnomalyKind, Integer> found = db.database().jdbi().inTransaction(h ->
                AnomalyStore.recompute(h, FROM, TO, Optional.empty(), AnomalyStore.thresholds(h)));

        int personDays = STAFF * WORKING_DAYS;
        assertThat(found).containsEntry(AnomalyKind.REPEATED_POSITION, personDays).containsEntry(AnomalyKind.CONSTANT_ACCURACY, personDays)
                .containsEntry(AnomalyKind.ON_CENTRE, personDays);
        assertThat(found).allSatisfy((kind, n) -> {
            if (kind != AnomalyKind.REPEATED_POSITION && kind != AnomalyKind.CONSTANT_ACCURACY && kind != AnomalyKind.ON_CENTRE) {
                assertThat(n).as(kind.name()).isZero();
            }
        });
        List<AnomalyStore.Signal> signals = new AnomalyStore(db.database().jdbi()).signals(FROM, TO, Optional.empty());
        assertThat(signals).hasSize(3 * personDays)
                .allSatisfy(s -> assertThat(s.message().length()).as(s.kind() + ": " + s.message()).isLessThan(300))
                .allSatisfy(s -> assertThat(s.evidence().length()).as(s.kind() + ": " + s.evidence()).isLessThan(400));
    }

    @Test
    void the_messages_say_how_many_share_the_point_and_on_how_many_days() {
        db.database().jdbi().useTransaction(h -> AnomalyStore.recompute(h, FROM, TO, Optional.empty(), AnomalyStore.thresholds(h)));

        List<AnomalyStore.Signal> first = new AnomalyStore(db.database().jdbi()).signals(FROM, FROM, Optional.empty()).stream()
                .filter(s -> s.employeeKey().equals("199000000000000001")).toList();
        assertThat(first).extracting(AnomalyStore.Signal::kind)
                .containsExactlyInAnyOrder(AnomalyKind.REPEATED_POSITION, AnomalyKind.CONSTANT_ACCURACY, AnomalyKind.ON_CENTRE);
        assertThat(first).allSatisfy(s -> assertThat(s.evidence()).contains("07.01.00").contains("16.01.00"));
        assertThat(message(first, AnomalyKind.REPEATED_POSITION))
                .isEqualTo("Posisi persis sama (-1.908600, 116.197800) dipakai pada 10 hari oleh 60 pegawai; hari ini pukul 07.01.00, 16.01.00.");
        assertThat(strength(first, AnomalyKind.REPEATED_POSITION)).isEqualTo(600);
        assertThat(message(first, AnomalyKind.CONSTANT_ACCURACY))
                .isEqualTo("Akurasi GPS selalu tepat 15 m pada 20 presensi dalam rentang ini; hari ini pukul 07.01.00, 16.01.00.");
        assertThat(strength(first, AnomalyKind.CONSTANT_ACCURACY)).isEqualTo(2);
        assertThat(message(first, AnomalyKind.ON_CENTRE))
                .isEqualTo("Posisi tepat di titik pusat lokasi Kantor pukul 07.01.00, 16.01.00 (20 kali dalam rentang ini).");
        assertThat(strength(first, AnomalyKind.ON_CENTRE)).isEqualTo(10);
    }

    private static String message(List<AnomalyStore.Signal> signals, AnomalyKind kind) {
        return signals.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow().message();
    }

    private static double strength(List<AnomalyStore.Signal> signals, AnomalyKind kind) {
        return signals.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow().strength();
    }
}
