package id.presensi.server;

import id.presensi.photo.Photo;
import id.presensi.store.SelfieStore;
import id.presensi.store.SelfieStore.Taken;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selfies wait durably in segment files and reach PostgreSQL once each, over a restart or a crash; a file that cannot
 * be read whole is set aside, never deleted.
 */
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
    void written_batches_wait_in_one_file_until_their_photos_are_committed_even_over_a_restart_and_are_stored_once() throws Exception {
        Taken mine = taken(checkIn, employee);
        Taken nobodys = taken(UUID.randomUUID(), employee);       // its check-in was never stored
        Taken someoneElses = taken(checkIn, employee + 1000);     // a request id that is not this employee's
        SelfieSpool stopped = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get, Long.MAX_VALUE, Duration.ZERO);
        stopped.close(); // its mover stopped: a server stopping right after answering, the photos on disk only
        assertThat(stopped.write(List.of(mine, nobodys))).containsExactly(true, true);
        assertThat(stopped.write(List.of(someoneElses))).containsExactly(true);
        assertThat(Files.size(only(".open"))).as("batches are written over zeros written ahead: a header block, 256 KB of zeros at first")
                .isEqualTo(SelfieSpool.BLOCK + 256 * 1024);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(only(".open")))).as("people's photos").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        stopped.close();
        Path file = only(".spool");
        assertThat(files()).as("batches are appended to one segment").containsExactly(file);
        byte[] copy = Files.readAllBytes(file);
        assertThat(copy.length).as("a header block and a block for each batch, as writes around the page cache need")
                .isEqualTo(3 * SelfieSpool.BLOCK);
        assertThat(photos()).isEqualTo("0 0");

        rush.set(true);
        try (SelfieSpool spool = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get, Long.MAX_VALUE, Duration.ZERO)) {
            waitFor(() -> spool.pending() == 0);
            assertThat(photos()).isEqualTo("1 " + employee);

            Files.write(dir.resolve("0000000000000000001-again.spool"), copy); // carried twice: a crash before the delete
            waitFor(() -> spool.pending() == 0);
            assertThat(photos()).isEqualTo("1 " + employee);
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void a_segment_left_open_by_a_crashed_server_is_carried_up_to_its_last_whole_batch() throws Exception {
        byte[] whole = oneBatchSegment();
        // what a killed server leaves: its open segment (no lock held any more), the batch it was writing cut short
        byte[] torn = Arrays.copyOf(whole, whole.length + 30);
        System.arraycopy(whole, SelfieSpool.BLOCK, torn, whole.length, 30);
        Files.write(dir.resolve("0000000000000000002-crashed.open"), torn);

        carryAll();
        assertThat(photos()).as("the whole batch, which its phone was answered for").isEqualTo("1 " + employee);
        assertThat(files()).containsExactly(dir.resolve("0000000000000000002-crashed.spool.bad"));
    }

    @Test
    void a_segment_left_open_with_its_zeros_written_ahead_is_carried_whole() throws Exception {
        byte[] whole = oneBatchSegment();
        // what a killed server leaves: its open segment (no lock held any more), with the zeros after its last batch
        Files.write(dir.resolve("0000000000000000003-killed.open"), Arrays.copyOf(whole, 8 * 1024 * 1024));

        carryAll();
        assertThat(photos()).isEqualTo("1 " + employee);
        assertThat(files()).as("carried and deleted, not set aside").isEmpty();
    }

    @Test
    void lanes_opening_segments_at_once_write_zeros_ahead_only_where_the_cap_has_room_for_all_of_them() throws Exception {
        long cap = 1280L * 1024; // zeros go within a quarter of the cap: room for one lane's first 256 KB, not two
        SelfieSpool spool = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get, cap, Duration.ZERO);
        spool.close(); // no mover: the segments stay open, with their zeros, as at a rush
        Taken photo = taken(checkIn, employee);
        CyclicBarrier together = new CyclicBarrier(SelfieSpool.LANES);
        ExecutorService phones = Executors.newFixedThreadPool(SelfieSpool.LANES);
        try {
            List<Future<List<Boolean>>> written = new ArrayList<>();
            for (int i = 0; i < SelfieSpool.LANES; i++) {
                assertThat(spool.reserve(photo.photo().bytes().length)).isTrue();
                written.add(phones.submit(() -> {
                    together.await();
                    return spool.write(List.of(photo)); // each writer its own lane, each lane a new segment
                }));
            }
            for (Future<List<Boolean>> w : written) {
                assertThat(w.get(30, TimeUnit.SECONDS)).containsExactly(true);
            }
        } finally {
            phones.shutdown();
        }
        long onDisk = 0;
        for (Path file : files()) {
            onDisk += Files.size(file);
        }
        // four tiny photos and one lane's zeros; zeros claimed by lanes looking at the same room passed a quarter
        assertThat(onDisk).as("the spool's zeros within a quarter of its cap").isLessThanOrEqualTo(cap / 4);
        spool.close();
    }

    @Test
    void a_segment_whose_header_points_past_its_batches_into_its_zeros_is_set_aside_not_deleted_as_empty() throws Exception {
        byte[] killed = Arrays.copyOf(oneBatchSegment(), 8 * 1024 * 1024);
        ByteBuffer.wrap(killed).putInt(4, 4 * SelfieSpool.BLOCK); // the header's bad bytes: where batches start
        Files.write(dir.resolve("0000000000000000005-killed.open"), killed);

        carryAll();
        assertThat(files()).as("its batch, answered 201, kept for an operator").containsExactly(dir.resolve("0000000000000000005-killed.spool.bad"));
    }

    @Test
    void an_unreadable_file_is_set_aside_and_the_rest_still_goes_in() throws Exception {
        Files.write(dir.resolve("0000000000000000001-broken.spool"), new byte[] {1, 2, 3});
        try (SelfieSpool spool = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get, Long.MAX_VALUE, Duration.ZERO)) {
            spool.write(List.of(taken(checkIn, employee)));
            waitFor(() -> spool.pending() == 0);
        }
        assertThat(photos()).isEqualTo("1 " + employee);
        assertThat(dir.resolve("0000000000000000001-broken.spool.bad")).exists();
    }

    @Test
    void a_file_the_previous_version_wrote_one_batch_to_still_goes_in() throws Exception {
        Taken mine = taken(checkIn, employee);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x50534631); // "PSF1", then the batch
            oneTakenBatch(out, mine);
        }
        Files.write(dir.resolve("0000000000000000003-upgraded.spool"), file.toByteArray());
        carryAll();
        assertThat(photos()).isEqualTo("1 " + employee);
        assertThat(files()).isEmpty();
    }

    @Test
    void a_segment_of_unpadded_batches_as_the_previous_version_wrote_still_goes_in() throws Exception {
        Taken mine = taken(checkIn, employee);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(batch)) {
            oneTakenBatch(out, mine);
        }
        CRC32C crc = new CRC32C();
        crc.update(batch.toByteArray());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x50534632); // "PSF2", then records: "REC1", the length, the CRC, the batch
            out.writeInt(0x52454331);
            out.writeInt(batch.size());
            out.writeInt((int) crc.getValue());
            out.write(batch.toByteArray());
        }
        Files.write(dir.resolve("0000000000000000004-upgraded.spool"), file.toByteArray());
        carryAll();
        assertThat(photos()).isEqualTo("1 " + employee);
        assertThat(files()).isEmpty();
    }

    private Path only(String suffix) throws IOException {
        List<Path> files = files().stream().filter(p -> p.toString().endsWith(suffix)).toList();
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** The bytes of a sealed segment holding one batch of this test's check-in photo, as a spool wrote it. */
    private byte[] oneBatchSegment() throws Exception {
        SelfieSpool before = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get, Long.MAX_VALUE, Duration.ZERO);
        before.close();
        before.write(List.of(taken(checkIn, employee)));
        before.close();
        Path sealed = only(".spool");
        byte[] bytes = Files.readAllBytes(sealed);
        Files.delete(sealed);
        return bytes;
    }

    /** Starts a spool on the folder and waits until its mover has carried every segment. */
    private void carryAll() throws Exception {
        try (SelfieSpool spool = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get, Long.MAX_VALUE, Duration.ZERO)) {
            waitFor(() -> spool.pending() == 0);
        }
    }

    @Test
    void a_photo_on_disk_before_its_check_in_commits_waits_for_it_and_one_whose_check_in_never_comes_is_let_go() throws Exception {
        UUID late = UUID.randomUUID();
        UUID never = UUID.randomUUID();
        try (SelfieSpool spool = new SelfieSpool(dir, new SelfieStore(db.database().jdbi()), rush::get, Long.MAX_VALUE, Duration.ofSeconds(8))) {
            assertThat(spool.reserve(6)).isTrue();
            assertThat(spool.reserve(6)).isTrue();
            spool.write(List.of(taken(late, employee), taken(never, employee)));
            Thread.sleep(1_500); // sealed after half a second without a photo, and carried before the check-in commits
            assertThat(spool.pending()).as("kept while its check-ins may still commit").isEqualTo(1);
            db.database().jdbi().useHandle(h -> h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, accepted, message)
                    SELECT ?, employee_id, id, 'OUT', now(), now(), current_date, true, 'ok' FROM device""", late));
            waitFor(() -> photos().equals("1 " + employee));
            assertThat(spool.pending()).as("the other's check-in may still come").isEqualTo(1);
            waitFor(() -> spool.pending() == 0);
        }
        assertThat(photos()).as("the late check-in's photo, once; none without a check-in").isEqualTo("1 " + employee);
        assertThat(files()).isEmpty();
    }

    private static Taken taken(UUID requestId, long employeeId) {
        return new Taken(requestId, employeeId, Optional.of(LocalDate.of(2026, 9, 14)), Instant.parse("2026-09-13T23:15:00Z"),
                Photo.of(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3}).orElseThrow());
    }

    /** A batch of one photo as the versions before whole blocks wrote it (PSF1's body, PSF2's record). */
    private static void oneTakenBatch(DataOutputStream out, Taken mine) throws IOException {
        out.writeInt(1);
        out.writeLong(mine.requestId().getMostSignificantBits());
        out.writeLong(mine.requestId().getLeastSignificantBits());
        out.writeLong(mine.employeeId());
        out.writeLong(mine.workDate().orElseThrow().toEpochDay());
        out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, mine.receivedAt()));
        out.writeUTF(mine.photo().contentType());
        out.writeInt(mine.photo().bytes().length);
        out.write(mine.photo().bytes());
    }

    private String photos() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) || ' ' || coalesce(max(employee_id), 0) FROM checkin_photo")
                .mapTo(String.class).one());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (long until = System.nanoTime() + 15_000_000_000L; !condition.getAsBoolean() && System.nanoTime() < until; ) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
