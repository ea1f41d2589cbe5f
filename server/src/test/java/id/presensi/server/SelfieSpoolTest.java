package id.presensi.server;

import id.presensi.photo.Photo;
import id.presensi.store.SelfieStore;
import id.presensi.store.SelfieStore.Taken;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Selfies wait durably in files and reach PostgreSQL once each; a file that cannot be read is set aside, never lost. */
class SelfieSpoolTest {
    private final TestDatabase db = TestDatabase.get();
    private final AtomicBoolean rush = new AtomicBoolean();
    private long employee;
    private UUID checkIn;

    @TempDir
    Path dir;

    @BeforeEach
    void one_check_in() {
        db.reset();
        checkIn = UUID.randomUUID();
        employee = db.database().jdbi().withHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('RSUD', 'RSUD')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '198503152010012001', 'Sri', id FROM unit");
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', sha256(nip::bytea) FROM employee");
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, accepted, message)
                    SELECT ?, employee_id, id, 'IN', now(), now(), current_date, true, 'ok' FROM device""", checkIn);
            return h.createQuery("SELECT id FROM employee").mapTo(Long.class).one();
        });
    }

    @Test
    void a_written_batch_waits_in_a_file_until_its_photos_are_committed_even_over_a_restart_and_is_stored_once() throws Exception {
        Taken mine = taken(checkIn, employee);
        Taken nobodys = taken(UUID.randomUUID(), employee);       // its check-in was never stored
        Taken someoneElses = taken(checkIn, employee + 1000);     // a request id that is not this employee's
        SelfieSpool stopped = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get);
        stopped.close(); // a server stopped right after answering: the photos are on disk only
        assertThat(stopped.write(List.of(mine, nobodys, someoneElses))).containsExactly(true, true, true);
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        byte[] copy = Files.readAllBytes(file);
        assertThat(photos()).isEqualTo("0 0");

        rush.set(true);
        try (SelfieSpool spool = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get)) {
            waitFor(() -> spool.pending() == 0);
            assertThat(photos()).isEqualTo("1 " + employee);

            Files.write(dir.resolve("0000000000000000001-again.spool"), copy); // carried twice: a crash before the delete
            waitFor(() -> spool.pending() == 0);
            assertThat(photos()).isEqualTo("1 " + employee);
        }
    }

    @Test
    void an_unreadable_file_is_set_aside_and_the_rest_still_goes_in() throws Exception {
        Files.write(dir.resolve("0000000000000000001-broken.spool"), new byte[] {1, 2, 3});
        try (SelfieSpool spool = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get)) {
            spool.write(List.of(taken(checkIn, employee)));
            waitFor(() -> spool.pending() == 0);
        }
        assertThat(photos()).isEqualTo("1 " + employee);
        assertThat(dir.resolve("0000000000000000001-broken.spool.bad")).exists();
    }

    private static Taken taken(UUID requestId, long employeeId) {
        return new Taken(requestId, employeeId, Optional.of(LocalDate.of(2026, 9, 14)), Instant.parse("2026-09-13T23:15:00Z"),
                Photo.of(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3}).orElseThrow());
    }

    private String photos() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) || ' ' || coalesce(max(employee_id), 0) FROM checkin_photo")
                .mapTo(String.class).one());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (long until = System.nanoTime() + 10_000_000_000L; !condition.getAsBoolean() && System.nanoTime() < until; ) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
