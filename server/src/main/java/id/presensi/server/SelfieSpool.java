package id.presensi.server;

import com.sun.nio.file.ExtendedOpenOption;
import id.presensi.files.PrivateFiles;
import id.presensi.photo.Photo;
import id.presensi.store.SelfieStore;
import id.presensi.store.SelfieStore.Taken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Selfies on their way to PostgreSQL. Storing a 30 KB photo costs the database a third of a millisecond of one
 * backend (TOAST chunks, their index, WAL), as much as ten check-ins: done at 07:15 in the check-ins' own
 * transactions it cut the rush to a quarter. So a check-in's photo is first made durable here, and the check-in is
 * answered once both its photo and its commit are on disk; a mover thread then carries the photos into PostgreSQL,
 * in small transactions, slowly while check-ins keep arriving and at full speed when it is quiet.
 *
 * <p>Photos are appended to a segment file, a batch at a time, each batch one record with its length and CRC in one
 * synchronous write ({@code O_DSYNC}; no file to create, rename or folder to sync per batch: that cost a phone 3 ms
 * at a paced rush). Zeros are written ahead of the batches (256 KB at first, twice as much at each extension, while
 * the spool is within a quarter of its cap), so that a batch overwrites blocks the file has and changes none of its
 * metadata; a segment is cut to its batches when sealed.
 * There are {@link #LANES} segments open at once, each written by one of the selfie writers: on a disk shared with
 * PostgreSQL's WAL a flush took 10-300 ms at a rush, and with one segment every phone waited for the batch
 * before its own to reach the disk as well (a JFR profile of the rush: the service idle, its photos queued behind
 * one flush after another). With several, the next batch is written while the last one is being flushed. A
 * segment is sealed ({@code .open} renamed {@code .spool}) once it is a second old or 8 MB, or after half a second
 * without a photo; the mover carries sealed segments, oldest first, and deletes each once its photos are committed.
 * A server holds a lock on its open segment, so a segment whose server crashed is known by its free lock and is
 * carried up to its last whole batch (a torn batch at its end was never answered; zeros after it were written
 * ahead). Storing is idempotent, so a
 * segment carried twice (a crash between commit and delete) stores each photo once.
 *
 * <p>Segments are written around the page cache ({@code O_DIRECT}) where the file system allows it: the kernel's
 * copy of each photo into fresh page-cache pages was most of what a photo cost the service at a rush (the selfie
 * writers' system time, 70 us a photo in a profile of scripts/bench/selfies), and the page cache gives a segment
 * nothing, as it is read once, later, by the mover. So a segment is laid out in whole blocks: a header block, then
 * each batch's record padded with zeros to a whole block (its length and CRC include the padding).
 *
 * <p>The spool has a size on disk it never passes: a check-in reserves its photo's room before it is queued, and a
 * photo that does not fit is refused (the check-in answered 503, to be sent again), so a flood of photos, or a
 * database away for hours, fills the spool and stops there, never the disk.
 */
final class SelfieSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SelfieSpool.class);
    /**
     * The first four bytes of a segment in whole blocks ("PSF3", then where its first record starts); "PSF2" is a
     * segment of unpadded records and "PSF1" a file of one batch, as earlier versions wrote.
     */
    private static final int SEGMENT = 0x50534633;
    private static final int UNPADDED = 0x50534632;
    private static final int ONE_BATCH = 0x50534631;
    /**
     * The unit writes around the page cache must come in: their offsets, lengths and memory (the JDK checks them
     * against the file system's block size, 4 KB on ext4 and XFS; a file system with larger blocks gets buffered writes).
     */
    static final int BLOCK = 4096;
    private static final int RECORD = 0x52454331; // "REC1"
    private static final long SEAL_AFTER_NANOS = 1_000_000_000L;
    private static final long SEAL_IDLE_NANOS = 500_000_000L;
    private static final long SEAL_BYTES = 8L * 1024 * 1024;
    /**
     * Zeros written ahead of the batches in a segment: a batch written over blocks the file already has changes no
     * metadata, so its synchronous write is one flush of the data, where a batch that grew the file also committed
     * ext4's journal (half again the CPU of each write, measured with dd). A segment gets this much at first and
     * twice as much at each extension: a quiet lane (a few photos in its second) writes little beyond its photos, and
     * a lane at a saturated rush fills 8 MB in a fifth of a second with four extensions.
     */
    private static final long ZEROS_FIRST = 256 * 1024;
    /** The zeros written, shared and never written to. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect((int) SEAL_BYTES + BLOCK).alignedSlice(BLOCK)
            .limit((int) SEAL_BYTES).asReadOnlyBuffer();
    /**
     * Photos stored in one transaction: about 0.5 MB of WAL, so a check-in's commit never queues behind a long flush.
     * While check-ins keep arriving the mover pauses between chunks (about 64 photos a second, ten times what
     * Paser's 8,630 staff send in a busy morning); the rest wait for a quiet moment.
     */
    private static final int CHUNK = 16;
    private static final long BUSY_PAUSE_MS = 250;
    /**
     * Room reserved for a photo beyond its bytes: its fields in the batch, its batch's header and padding to a whole
     * block, and the header block of the segment it may open.
     */
    static final int PHOTO_OVERHEAD = 128 + 2 * BLOCK;
    /**
     * Segments open for appending at once: the selfie writers that may flush at the same time. Two, not four: each
     * write has a cost of its own besides its photos', and with four a saturated rush wrote smaller batches (the
     * writers' CPU 18-21 us a photo against 14-16 with two, one at 11-14; with two one slow flush still leaves the
     * other lane writing). Since photos come a check-in batch at a time, one lane wrote 14 photos a write against 10
     * with two, for about the same CPU a photo, and left the machine idler.
     */
    static final int LANES = 2;

    private final Path dir;
    /** Whether segments are opened around the page cache (the file system allows it). */
    private final boolean direct;
    private final SelfieStore store;
    private final BooleanSupplier rush;
    private final Thread mover;
    private volatile boolean running = true;
    private final long capBytes;
    /**
     * How long after its last write a segment may hold photos whose check-ins are still committing: a photo reaches
     * the disk beside its check-in's commit, so a segment sealed and carried at once can come before it. A photo
     * without its check-in is carried again until then (storing twice stores once); after it the check-in never
     * committed in time (the phone was answered 503 and sends both again), and the photo is let go.
     */
    private final long settleMillis;
    /** The spool's files, as last listed or written; the mover lists them again after each file. */
    private final AtomicLong onDisk = new AtomicLong();
    /**
     * Held shared while a batch is appended and counted, exclusively while the folder is measured, so no batch is
     * counted twice or missed (the spool's cap holds).
     */
    private final ReentrantReadWriteLock counting = new ReentrantReadWriteLock();
    /** Room reserved by photos queued for the writer and not yet written. */
    private final AtomicLong reserved = new AtomicLong();
    private final List<Lane> lanes = new ArrayList<>();
    /**
     * The lanes no writer is appending to now, the last used first: when photos come one batch at a time they go to
     * one segment, and the other lanes open one only when batches are written at the same time.
     */
    private final BlockingDeque<Lane> free = new LinkedBlockingDeque<>(LANES);

    /**
     * @param rush whether check-ins are arriving now (then the database is theirs)
     * @param capBytes the most the spool's folder may hold
     * @param settle   the longest a check-in may take to commit once its photo is written (its commit's timeout)
     */
    SelfieSpool(Path dir, SelfieStore store, BooleanSupplier rush, long capBytes, Duration settle) {
        this.dir = dir;
        this.store = store;
        this.rush = rush;
        this.capBytes = capBytes;
        this.settleMillis = settle.toMillis();
        try {
            PrivateFiles.ownerOnlyFolder(dir); // people's photos: the server's user's alone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the selfie spool " + dir, e);
        }
        this.direct = takesDirectWrites(dir);
        measure();
        for (int i = 0; i < LANES; i++) {
            Lane lane = new Lane();
            lanes.add(lane);
            free.add(lane);
        }
        this.mover = new Thread(this::move, "selfie-mover");
        this.mover.setDaemon(true);
        this.mover.start();
    }

    /**
     * Reserves room for a photo of this size before its check-in is queued; false when the spool is full. Each
     * reservation is given back by {@link #write} or, if the photo never gets there, {@link #release}.
     */
    boolean reserve(int photoBytes) {
        return claim(photoBytes + PHOTO_OVERHEAD, capBytes);
    }

    /**
     * Adds room to {@link #reserved} if the spool stays within {@code limit} with it, in one step, so that no two
     * claims take the same room.
     */
    private boolean claim(long room, long limit) {
        for (long r = reserved.get(); onDisk.get() + r + room <= limit; r = reserved.get()) {
            if (reserved.compareAndSet(r, r + room)) {
                return true;
            }
        }
        return false;
    }

    void release(int photoBytes) {
        reserved.addAndGet(-(photoBytes + PHOTO_OVERHEAD));
    }

    /** The spool's size on disk, with the room reserved for photos on their way to it. */
    long bytes() {
        return onDisk.get() + reserved.get();
    }

    /**
     * Appends a batch of photos durably (the group commit of selfies) to a segment no other writer is appending to;
     * answers one {@code true} each.
     */
    List<Boolean> write(List<Taken> photos) {
        Lane lane;
        try {
            lane = free.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            photos.forEach(t -> release(t.photo().bytes().length));
            throw new IllegalStateException("stopped while waiting to write to the selfie spool", e);
        }
        try {
            return lane.write(photos);
        } finally {
            free.addFirst(lane);
        }
    }

    /**
     * Whether files in the folder can be written around the page cache in {@link #BLOCK}s (tmpfs cannot), tried with
     * a file of its own, which the mover never takes for a segment.
     */
    private static boolean takesDirectWrites(Path dir) {
        Path probe = dir.resolve("direct-io.probe");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            return BLOCK % Files.getFileStore(dir).getBlockSize() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", probe, e.toString());
            }
        }
    }

    /** The segments not yet carried into PostgreSQL, the open one included. */
    int pending() {
        return files(".spool", ".open").size();
    }

    /** One segment open for appending, with its own lock, buffer and clock; used by one writer at a time. */
    private final class Lane {
        private Path open;
        private FileChannel channel;
        private long openedAt;
        private long lastWriteAt;
        private ByteBuffer buffer;
        /** Where the next batch goes in the open segment, and where the blocks written so far (zeros ahead) end. */
        private long position;
        private long end;
        /** The zeros the open segment's next extension writes. */
        private long ahead;

        synchronized List<Boolean> write(List<Taken> photos) {
            counting.readLock().lock();
            try {
                // laid out within the try: a batch that cannot be (no memory for its buffer) gives its room back too
                ByteBuffer record = record(photos);
                int length = record.remaining();
                if (channel == null) {
                    openSegment();
                }
                if (position + length > end) {
                    extend(position + length);
                }
                // one synchronous write (the segment is opened for DSYNC): the batch is on disk when it returns
                for (long at = position; record.hasRemaining(); ) {
                    at += channel.write(record, at);
                }
                position += length;
                if (position > end) {
                    onDisk.addAndGet(position - end);
                    end = position;
                }
            } catch (IOException e) {
                sealQuietly(); // the next batch starts a fresh segment; this one is carried up to its last whole batch
                throw new UncheckedIOException("cannot write to the selfie spool " + dir, e);
            } finally {
                counting.readLock().unlock();
                photos.forEach(t -> release(t.photo().bytes().length));
            }
            lastWriteAt = System.nanoTime();
            try {
                if (lastWriteAt - openedAt >= SEAL_AFTER_NANOS || position >= SEAL_BYTES) {
                    seal();
                }
            } catch (IOException e) {
                log.warn("Cannot seal the selfie segment: {}; the mover takes it up as a closed segment whose lock is free", e.toString());
            }
            return Collections.nCopies(photos.size(), true);
        }

        synchronized boolean holds(Path file) {
            return file.equals(open);
        }

        /** Creates a segment of its header block; {@link #extend} writes its zeros. */
        private void openSegment() throws IOException {
            // named by time, so the mover carries the oldest first
            Path path = dir.resolve(String.format("%019d-%s.open", System.currentTimeMillis(), UUID.randomUUID()));
            Set<OpenOption> options = new HashSet<>(List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.DSYNC));
            if (direct) {
                options.add(ExtendedOpenOption.DIRECT);
            }
            FileChannel created = FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
            try {
                created.lock(); // held until the segment is closed: its server is alive, it is no orphan
                ByteBuffer header = blocks(BLOCK).putInt(0, SEGMENT).putInt(4, BLOCK);
                created.write(header, 0);
                onDisk.addAndGet(BLOCK);
                syncDirectory(); // once per segment: the file's name survives a power cut before its first answer
                position = BLOCK;
                end = BLOCK;
                ahead = ZEROS_FIRST;
            } catch (IOException e) {
                created.close();
                Files.deleteIfExists(path);
                throw e;
            }
            open = path;
            channel = created;
            openedAt = System.nanoTime();
        }

        /**
         * Zeros ahead from the segment's end to cover a batch up to {@code needed}, and the extension's worth beyond
         * it (within 8 MB), while the spool stays within a quarter of its cap. Without room, or on a disk that refuses
         * them (it is shared with the database), the batch grows the file itself, as it did before zeros were written
         * ahead: failing would refuse every photo while the disk still had room for them.
         */
        private void extend(long needed) throws IOException {
            long upTo = Math.max(needed, Math.min(end + ahead, SEAL_BYTES));
            long room = upTo - end;
            // claimed, not only looked for: lanes extending at once would each see the same room; and within a
            // quarter of the cap, so that zeros never take the room photos need (they are cut when the segment is sealed)
            if (room > SEAL_BYTES || !claim(room, capBytes / 4)) {
                return;
            }
            try {
                long at = end;
                for (ByteBuffer zeros = ZEROS.duplicate().limit((int) room); zeros.hasRemaining(); ) {
                    at += channel.write(zeros, at);
                }
                onDisk.addAndGet(room);
                end = upTo;
                ahead = Math.min(2 * ahead, SEAL_BYTES);
            } catch (IOException full) {
                channel.truncate(end);
            } finally {
                reserved.addAndGet(-room);
            }
        }

        synchronized void sealIfIdle() {
            if (channel != null && System.nanoTime() - lastWriteAt >= SEAL_IDLE_NANOS) {
                sealQuietly();
            }
        }

        /**
         * Cuts the zeros not written over, closes the open segment and names it for the mover; its batches are already
         * on disk (the cut need not be: a segment left with zeros after its batches is read to its last batch).
         */
        private void seal() throws IOException {
            Path sealed = open;
            FileChannel closing = channel;
            channel = null;
            open = null;
            // closed (its lock freed with it) even if the cut fails: a segment this process still held open would
            // be no orphan to its own mover, and wait for the next start
            try (closing) {
                if (end > position) {
                    closing.truncate(position);
                    onDisk.addAndGet(position - end);
                    end = position;
                }
            }
            sealAs(sealed);
        }

        synchronized void sealQuietly() {
            if (channel == null) {
                return;
            }
            try {
                seal();
            } catch (IOException e) {
                log.warn("Cannot seal the selfie segment: {}; the mover takes it up as a closed segment whose lock is free", e.toString());
            }
        }

        /**
         * Lays a batch out in the reusable buffer as one record: its length, CRC and photo count, then each photo, then
         * zeros to a whole block. One copy of each photo (into memory the disk is written from directly), where a
         * stream and its array made three.
         */
        private ByteBuffer record(List<Taken> photos) {
            int fields = 16;
            for (Taken t : photos) {
                fields += 40 + 2 + t.photo().contentType().length() + 4 + t.photo().bytes().length;
            }
            int size = (fields + BLOCK - 1) / BLOCK * BLOCK;
            if (buffer == null || buffer.capacity() < size) {
                buffer = blocks(Math.max(size, 4 * 1024 * 1024));
            }
            ByteBuffer record = buffer.clear().limit(size);
            record.putInt(RECORD).putInt(size - 12).putInt(0).putInt(photos.size());
            for (Taken t : photos) {
                record.putLong(t.requestId().getMostSignificantBits()).putLong(t.requestId().getLeastSignificantBits())
                        .putLong(t.employeeId()).putLong(t.workDate().map(LocalDate::toEpochDay).orElse(Long.MIN_VALUE))
                        .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, t.receivedAt()))
                        .putShort((short) t.photo().contentType().length()).put(t.photo().contentType().getBytes(StandardCharsets.US_ASCII))
                        .putInt(t.photo().bytes().length).put(t.photo().bytes());
            }
            // the reused buffer holds an earlier batch's bytes; the CRC covers the padding (put in one copy: a byte
            // at a time, it was a tenth of a selfie rush's samples in a profile)
            record.put(ZEROS.duplicate().limit(record.remaining()));
            record.flip();
            CRC32C crc = new CRC32C();
            crc.update(record.duplicate().position(12));
            return record.putInt(8, (int) crc.getValue());
        }
    }

    /** Zeroed memory of this many bytes starting on a block, as writes around the page cache need it. */
    private static ByteBuffer blocks(int bytes) {
        return ByteBuffer.allocateDirect(bytes + BLOCK).alignedSlice(BLOCK).limit(bytes);
    }

    /** Renames a segment from {@code NAME.open} to {@code NAME.spool}: from then on the mover may carry it. */
    private static void sealAs(Path open) throws IOException {
        String name = open.getFileName().toString();
        Files.move(open, open.resolveSibling(name.substring(0, name.length() - ".open".length()) + ".spool"), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Lists the folder's files and their sizes (set-aside {@code .bad} files and those of another server on the same
     * folder included), with writes held back so none is counted twice or missed.
     */
    private void measure() {
        counting.writeLock().lock();
        try {
            onDisk.set(listed());
        } catch (IOException e) {
            log.warn("Cannot measure the selfie spool {}: {}", dir, e.toString());
        } finally {
            counting.writeLock().unlock();
        }
    }

    private long listed() throws IOException {
        long total = 0;
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path p : listing.toList()) {
                try {
                    total += Files.size(p);
                } catch (NoSuchFileException gone) {
                    // carried meanwhile by another server on the same folder
                }
            }
        }
        return total;
    }

    private void move() {
        while (running) {
            try {
                lanes.forEach(Lane::sealIfIdle);
                adoptOrphans();
                measure();
                List<Path> files = files(".spool");
                if (files.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (Path file : files) {
                    if (!running) {
                        return;
                    }
                    boolean carried = carry(file);
                    measure();
                    if (!carried) {
                        Thread.sleep(200); // its photos' check-ins may commit yet: the same file again in a moment
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Selfies wait in {}: {}", dir, e.toString());
                sleepQuietly(1_000);
            }
        }
    }

    /** Seals open segments nobody holds: left by a server that crashed or was killed. */
    private void adoptOrphans() {
        for (Path file : files(".open")) {
            if (lanes.stream().anyMatch(lane -> lane.holds(file))) {
                continue;
            }
            try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE); FileLock free = other.tryLock()) {
                if (free != null) {
                    sealAs(file);
                }
            } catch (OverlappingFileLockException | NoSuchFileException e) {
                // held by this process (another spool on the same folder) or already sealed: not an orphan
            } catch (IOException e) {
                log.warn("Cannot look at the selfie segment {}: {}", file, e.toString());
            }
        }
    }

    /**
     * Stores a segment's photos and deletes it; false if it is kept for later, as some of its photos' check-ins may
     * still commit.
     */
    private boolean carry(Path file) throws InterruptedException {
        byte[] bytes;
        long written;
        try {
            written = Files.getLastModifiedTime(file).toMillis();
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return true; // another server sharing the folder carried it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Segment segment = read(bytes);
        List<Taken> photos = segment.photos();
        boolean waiting = false;
        for (int from = 0; from < photos.size(); from += CHUNK) {
            if (!running) {
                return true; // the whole file again at the next start; storing twice stores once
            }
            waiting |= !store.store(photos.subList(from, Math.min(from + CHUNK, photos.size()))).isEmpty();
            if (rush.getAsBoolean()) {
                Thread.sleep(BUSY_PAUSE_MS);
            }
        }
        if (waiting && System.currentTimeMillis() - written < settleMillis) {
            return false;
        }
        if (segment.whole()) {
            delete(file);
        } else {
            log.error("Selfie spool file {}: {}; its whole batches are stored, the file is set aside as .bad", file, segment.problem());
            rename(file, file.resolveSibling(file.getFileName() + ".bad"));
        }
        return true;
    }

    /** The photos of a file, up to its last whole batch; {@code problem} says what follows them, if anything. */
    private record Segment(List<Taken> photos, String problem) {
        boolean whole() {
            return problem == null;
        }
    }

    private static Segment read(byte[] bytes) {
        ByteBuffer file = ByteBuffer.wrap(bytes);
        if (bytes.length == 0) {
            return new Segment(List.of(), null); // a segment its server had only just created
        }
        int kind = bytes.length < 4 ? 0 : file.getInt(0);
        if (kind != SEGMENT && kind != UNPADDED && kind != ONE_BATCH) {
            return new Segment(List.of(), "not a selfie spool file");
        }
        List<Taken> photos = new ArrayList<>();
        try {
            if (file.getInt(0) == ONE_BATCH) {
                photos.addAll(batch(new DataInputStream(new ByteArrayInputStream(bytes, 4, bytes.length - 4))));
                return new Segment(photos, null);
            }
            int first = kind == UNPADDED ? 4 : bytes.length < 8 ? -1 : file.getInt(4);
            // a segment's batches start at its second block, always: a header pointing elsewhere (into the zeros
            // written ahead, say) would read as a segment without batches, and be deleted with its photos
            if (first != BLOCK && kind == SEGMENT || first > bytes.length) {
                return new Segment(List.of(), "a segment's header cut short or wrong");
            }
            file.position(first);
            while (file.hasRemaining()) {
                if (zeros(bytes, file.position())) {
                    break; // the zeros written ahead of batches that never came: a segment whose server stopped
                }
                if (file.remaining() < 12 || file.getInt(file.position()) != RECORD) {
                    return new Segment(photos, (bytes.length - file.position()) + " bytes after the last whole batch (one being written when its server stopped)");
                }
                int length = file.getInt(file.position() + 4);
                int start = file.position() + 12;
                if (length < 4 || length > bytes.length - start) {
                    return new Segment(photos, (bytes.length - file.position()) + " bytes of a batch cut short (being written when its server stopped)");
                }
                CRC32C crc = new CRC32C();
                crc.update(bytes, start, length);
                if ((int) crc.getValue() != file.getInt(file.position() + 8)) {
                    return new Segment(photos, "a batch at byte " + file.position() + " does not match its checksum");
                }
                photos.addAll(batch(new DataInputStream(new ByteArrayInputStream(bytes, start, length))));
                file.position(start + length);
            }
            return new Segment(photos, null);
        } catch (IOException e) {
            return new Segment(photos, "unreadable: " + e);
        }
    }

    private static boolean zeros(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static List<Taken> batch(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new EOFException("a negative count");
        }
        List<Taken> photos = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            UUID requestId = new UUID(in.readLong(), in.readLong());
            long employeeId = in.readLong();
            long day = in.readLong();
            Instant received = Instant.EPOCH.plus(in.readLong(), ChronoUnit.MICROS);
            String type = in.readUTF();
            int size = in.readInt();
            if (size < 0 || size > in.available()) {
                throw new EOFException("a photo longer than its batch");
            }
            byte[] bytes = new byte[size];
            in.readFully(bytes);
            photos.add(new Taken(requestId, employeeId, day == Long.MIN_VALUE ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(day)),
                    received, new Photo(type, bytes)));
        }
        return photos;
    }

    private List<Path> files(String... suffixes) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> Stream.of(suffixes).anyMatch(p.getFileName().toString()::endsWith)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new file's name survives a power cut only once the folder itself is on disk. */
    private void syncDirectory() {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // some file systems cannot open a folder for syncing; the file itself was synced
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rename(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("Cannot set aside {}: {}", from, e.toString());
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the mover after the file it is carrying and seals the open segment; what is left goes in at the next start. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        mover.join(10_000);
        lanes.forEach(Lane::sealQuietly);
    }
}
