package id.presensi.sheet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Parses rows on a thread of its own while the caller works on the ones before (a million-row staff file:
 * CSV parsing beside validation). Rows come out in file order; a failure of the file surfaces on the caller's
 * next read; closing stops the thread.
 */
public final class ReadAheadTableReader implements TableReader {
    private static final int AHEAD = 4_096;
    private static final TableRow END = new TableRow(-1, List.of());

    private final TableReader source;
    private final BlockingQueue<TableRow> rows = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private volatile IOException failure;
    private volatile RuntimeException error;
    private boolean ended;

    public ReadAheadTableReader(TableReader source) {
        this.source = source;
        this.reader = new Thread(this::fill, "read-ahead " + source.source());
        reader.setDaemon(true);
        reader.start();
    }

    private void fill() {
        try {
            for (TableRow row = source.next(); row != null; row = source.next()) {
                rows.put(row);
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            error = e;
        } catch (InterruptedException e) {
            return; // closed
        }
        try {
            rows.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public TableRow next() throws IOException {
        if (ended) {
            return null;
        }
        TableRow row;
        try {
            row = rows.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + source.source());
        }
        if (row == END) {
            ended = true;
            if (failure != null) {
                throw failure;
            }
            if (error != null) {
                throw error;
            }
            return null;
        }
        return row;
    }

    @Override
    public List<String> header() {
        return source.header();
    }

    @Override
    public String source() {
        return source.source();
    }

    @Override
    public Optional<String> readAs() {
        return source.readAs();
    }

    @Override
    public double progress() {
        return source.progress();
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
