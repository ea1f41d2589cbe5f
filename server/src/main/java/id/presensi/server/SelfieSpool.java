package id.presensi.server;

import id.presensi.photo.Photo;
import id.presensi.store.SelfieStore;
import id.presensi.store.SelfieStore.Taken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Selfies on their way to PostgreSQL. Storing a 30 KB photo costs the database a third of a millisecond of one
 * backend (TOAST chunks, their index, WAL), as much as ten check-ins: done at 07:15 in the check-ins' own
 * transactions it cut the rush to a quarter. So a check-in's photo is first made durable here, one file per
 * batch of photos (written, fsynced, renamed into place: never half a file), and the check-in is answered once
 * both the photo's file and the check-in's commit are done; a mover thread then carries the files into
 * PostgreSQL, a batch at a time, one file a second while check-ins keep arriving and all of them once it is
 * quiet, and deletes each file once its photos are committed. Storing is idempotent, so a file carried twice (a crash between commit and delete,
 * two servers sharing a folder) stores each photo once.
 */
final class SelfieSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SelfieSpool.class);
    private static final int MAGIC = 0x50534631; // "PSF1"
    /** While check-ins keep arriving, at most one file is carried per this many milliseconds. */
    private static final long BUSY_PAUSE_MS = 1_000;

    private final Path dir;
    private final SelfieStore store;
    private final BooleanSupplier rush;
    private final Thread mover;
    private volatile boolean running = true;

    /** @param rush whether check-ins are arriving now (then the database is theirs) */
    SelfieSpool(Path dir, SelfieStore store, BooleanSupplier rush) {
        this.dir = dir;
        this.store = store;
        this.rush = rush;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the selfie spool " + dir, e);
        }
        this.mover = new Thread(this::move, "selfie-mover");
        this.mover.setDaemon(true);
        this.mover.start();
    }

    /** Writes a batch of photos durably as one file (the group commit of selfies); answers one {@code true} each. */
    List<Boolean> write(List<Taken> photos) {
        Path temporary = dir.resolve("tmp-" + UUID.randomUUID());
        try {
            try (OutputStream file = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 64 * 1024))) {
                out.writeInt(MAGIC);
                out.writeInt(photos.size());
                for (Taken t : photos) {
                    out.writeLong(t.requestId().getMostSignificantBits());
                    out.writeLong(t.requestId().getLeastSignificantBits());
                    out.writeLong(t.employeeId());
                    out.writeLong(t.workDate().map(LocalDate::toEpochDay).orElse(Long.MIN_VALUE));
                    out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, t.receivedAt()));
                    out.writeUTF(t.photo().contentType());
                    out.writeInt(t.photo().bytes().length);
                    out.write(t.photo().bytes());
                }
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // named by time, so the mover carries the oldest first
            Files.move(temporary, dir.resolve(String.format("%019d-%s.spool", System.currentTimeMillis(), UUID.randomUUID())),
                    StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            return Collections.nCopies(photos.size(), true);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is never read; a later start does not need it either
            }
            throw new UncheckedIOException("cannot write to the selfie spool " + dir, e);
        }
    }

    /** The files not yet carried into PostgreSQL. */
    int pending() {
        return files().size();
    }

    private void move() {
        while (running) {
            try {
                List<Path> files = files();
                if (files.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (Path file : files) {
                    if (!running) {
                        return;
                    }
                    carry(file);
                    if (rush.getAsBoolean()) {
                        Thread.sleep(BUSY_PAUSE_MS);
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

    private void carry(Path file) {
        List<Taken> photos;
        try (InputStream in = Files.newInputStream(file)) {
            photos = read(new DataInputStream(new BufferedInputStream(in, 64 * 1024)));
        } catch (IOException e) {
            if (!Files.exists(file)) {
                return; // another server sharing the folder carried it
            }
            log.error("Selfie spool file {} is unreadable ({}); set aside as .bad", file, e.toString());
            rename(file, file.resolveSibling(file.getFileName() + ".bad"));
            return;
        }
        store.store(photos);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Taken> read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a selfie spool file");
        }
        int n = in.readInt();
        List<Taken> photos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UUID requestId = new UUID(in.readLong(), in.readLong());
            long employeeId = in.readLong();
            long day = in.readLong();
            Instant received = Instant.EPOCH.plus(in.readLong(), ChronoUnit.MICROS);
            String type = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            photos.add(new Taken(requestId, employeeId, day == Long.MIN_VALUE ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(day)),
                    received, new Photo(type, bytes)));
        }
        return photos;
    }

    private List<Path> files() {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".spool")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rename into place survives a power cut only once the folder itself is on disk. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a folder for syncing; the file itself was synced
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

    /** Stops the mover after the file it is carrying; what is left is carried at the next start. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        mover.join(10_000);
    }
}
