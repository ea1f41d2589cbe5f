package id.presensi.store;

import id.presensi.checkin.PunchType;
import id.presensi.checkin.RefusalReason;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The group commit's insert: each column a text array literal, every value stored as given, a replay answered with the first. */
class CheckInBatchTest {
    private static final LocalDate DAY = LocalDate.of(2026, 9, 14);
    private final TestDatabase db = TestDatabase.get();
    private final CheckInStore store = new CheckInStore(db.database().jdbi());
    private long employee;
    private long device;

    @BeforeEach
    void setUp() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199002282015121002', 'Andi Staf', id FROM unit");
            h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'HP', sha256('t'::bytea), '2026-09-01' FROM employee");
            employee = h.createQuery("SELECT id FROM employee").mapTo(Long.class).one();
            device = h.createQuery("SELECT id FROM device").mapTo(Long.class).one();
        });
    }

    @Test
    void storesEveryValueAsGivenQuotesAndNullsIncluded() {
        Instant at = Instant.parse("2026-09-13T23:01:02.123456Z");
        CheckInStore.Row accepted = row(UUID.randomUUID(), at, Optional.of(DAY), true, "Kantor \"Pusat\", lt. {2} \\ barat",
                "Presensi diterima, terima kasih", Optional.empty(), Optional.of("2001:db8::7"));
        CheckInStore.Row refused = new CheckInStore.Row(UUID.randomUUID(), employee, device, Optional.of(PunchType.OUT), at.plusSeconds(60), at.plusSeconds(61),
                Optional.of(at.minusSeconds(5).plusNanos(789)), Optional.empty(), -1.908612, 116.197834, 0.5, Optional.empty(), Optional.empty(), false,
                "Di luar radius (120 m), \"coba\" lagi", Optional.of(RefusalReason.OUTSIDE_GEOFENCE), true, false, true, Optional.empty());

        // the phone's own time carries nanoseconds: stored to the microsecond, truncated
        Map<UUID, CheckInStore.Row> stored = store.insertAll(List.of(accepted, refused));

        assertThat(stored).containsEntry(accepted.requestId(), accepted).containsEntry(refused.requestId(), refused);
        assertThat(store.ofWorkDate(employee, DAY)).containsExactly(accepted);
        String asStored = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT message || '|' || (client_time AT TIME ZONE 'UTC') || '|' || latitude || '|' || (work_date IS NULL)
                          FROM checkin WHERE request_id = :id""")
                .bind("id", refused.requestId()).mapTo(String.class).one());
        assertThat(asStored).isEqualTo("Di luar radius (120 m), \"coba\" lagi|2026-09-13 23:00:57.123456|-1.908612|true");
    }

    @Test
    void instantsAtEitherEndOfWhatAPhoneMaySendAreStoredToTheMicrosecond() {
        // microseconds since the epoch become a timestamp through a double in PostgreSQL (interval * bigint): exact
        // below 2^53, about 285 years either side of 1970, which the years a phone may send (2000-2100) stay within
        Instant earliest = Instant.parse("2000-01-01T00:00:00.000001Z");
        Instant latest = Instant.parse("2099-12-31T23:59:59.999999Z");
        CheckInStore.Row early = new CheckInStore.Row(UUID.randomUUID(), employee, device, Optional.of(PunchType.IN), earliest, latest,
                Optional.of(earliest), Optional.of(DAY), -1.9086, 116.1978, 12.5, Optional.empty(), Optional.empty(), true, "awal",
                Optional.empty(), true, false, false, Optional.empty());
        CheckInStore.Row late = new CheckInStore.Row(UUID.randomUUID(), employee, device, Optional.of(PunchType.OUT), latest, latest,
                Optional.of(latest), Optional.of(DAY), -1.9086, 116.1978, 12.5, Optional.empty(), Optional.empty(), true, "akhir",
                Optional.empty(), false, false, false, Optional.empty());

        store.insertAll(List.of(early, late));

        assertThat(store.ofWorkDate(employee, DAY)).containsExactlyInAnyOrder(early, late);
    }

    @Test
    void aNewRowIsAnsweredAsItIsReadBackEvenFromInstantsFinerThanAMicrosecond() {
        Instant fine = Instant.parse("2026-09-13T23:01:02.123456789Z");
        CheckInStore.Row given = new CheckInStore.Row(UUID.randomUUID(), employee, device, Optional.of(PunchType.IN), fine, fine,
                Optional.of(fine), Optional.of(DAY), -1.9086, 116.1978, 12.5, Optional.empty(), Optional.empty(), true, "halus",
                Optional.empty(), false, false, false, Optional.empty());

        CheckInStore.Row answered = store.insertAll(List.of(given)).get(given.requestId());

        assertThat(answered).isEqualTo(store.ofWorkDate(employee, DAY).get(0));
        assertThat(answered.at()).isEqualTo(Instant.parse("2026-09-13T23:01:02.123456Z"));
    }

    @Test
    void aReplayedRequestIdIsAnsweredWithTheRowStoredFirst() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-09-13T23:01:02Z");
        CheckInStore.Row first = row(id, at, Optional.of(DAY), true, "Kantor", "diterima", Optional.empty(), Optional.of("10.0.0.7"));
        store.insertAll(List.of(first));
        CheckInStore.Row again = row(id, at.plusSeconds(30), Optional.of(DAY), true, "Kantor", "diterima lagi", Optional.empty(),
                Optional.of("10.0.0.8"));
        CheckInStore.Row other = row(UUID.randomUUID(), at.plusSeconds(40), Optional.of(DAY), true, "Kantor", "diterima", Optional.empty(),
                Optional.empty());

        Map<UUID, CheckInStore.Row> stored = store.insertAll(List.of(again, other));

        assertThat(stored.get(id)).isEqualTo(first);
        assertThat(stored.get(other.requestId())).isEqualTo(other);
        int rows = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(2);
    }

    private CheckInStore.Row row(UUID id, Instant at, Optional<LocalDate> workDate, boolean accepted, String location, String message,
                                 Optional<RefusalReason> reason, Optional<String> client) {
        return new CheckInStore.Row(id, employee, device, Optional.of(PunchType.IN), at, at, Optional.empty(), workDate, -1.9086, 116.1978, 12.5,
                Optional.of(37), Optional.of(location), accepted, message, reason, false, false, false, client);
    }
}
