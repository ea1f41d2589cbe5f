package id.presensi.store;

import id.presensi.threads.Uninterruptibly;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream read ahead, in chunks, by a thread of its own: the month's COPY is received (the driver's messages, one a
 * row) on one CPU while its rows are decoded on the other, and the decoding loop holds none of the driver's code, so
 * the JIT compiles it small and soon. The source is used by that thread only, until it has ended or been closed.
 */
final class ReadAhead extends InputStream {
    private static final int CHUNK = 1 << 16;
    /** Chunks received and not yet read: 2 MB at most, so a slow reader holds the sender back, not memory. */
    private static final int AHEAD = 32;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(AHEAD);
    private final Thread receiver;
    private volatile boolean closed;
    /** The receiver's failure, an Error (out of memory) too: the reader must not wait for an end that never comes. */
    private volatile Throwable failure;
    private byte[] chunk = new byte[0];
    private int position;

    private ReadAhead(InputStream source, String threadName) {
        receiver = new Thread(() -> receive(source), threadName);
        receiver.setDaemon(true);
    }

    /** The source, read ahead from now on by a thread of that name. */
    static ReadAhead start(InputStream source, String threadName) {
        ReadAhead stream = new ReadAhead(source, threadName);
        stream.receiver.start();
        return stream;
    }

    private void receive(InputStream source) {
        try (source) { // closed before its end, the source stops what it sends (a COPY is cancelled)
            while (true) {
                byte[] buffer = new byte[CHUNK];
                int filled = 0;
                for (int read; filled < CHUNK && (read = source.read(buffer, filled, CHUNK - filled)) >= 0; ) {
                    filled += read;
                }
                if (filled > 0 && !hand(filled == CHUNK ? buffer : Arrays.copyOf(buffer, filled)) || filled < CHUNK) {
                    break;
                }
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            hand(END);
        }
    }

    /** Hands a chunk to the reader; false once the reader has closed the stream (then nobody takes it). */
    private boolean hand(byte[] received) {
        try {
            while (!closed) {
                if (chunks.offer(received, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == chunk.length) {
            if (chunk == END) {
                return -1;
            }
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the rows were being received", e);
            }
            position = 0;
            if (chunk == END) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof Error error) {
                    throw error;
                }
                if (failure != null) {
                    throw new IOException(failure);
                }
                return -1;
            }
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * Stops the receiving thread, if it has not ended, and waits for it, even when interrupted (the interruption is
     * kept): the source is free again when this returns, and its connection is never used by two threads at once.
     */
    @Override
    public void close() {
        closed = true;
        Uninterruptibly.join(receiver);
    }
}
