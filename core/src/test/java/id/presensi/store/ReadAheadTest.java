package id.presensi.store;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ReadAheadTest {
    @Test
    void every_byte_comes_through_in_order_whatever_the_sizes_read() throws IOException {
        byte[] sent = new byte[1_000_003];
        new Random(7).nextBytes(sent);
        byte[] received = new byte[sent.length];
        try (ReadAhead in = ReadAhead.start(new ByteArrayInputStream(sent), "test-reader")) {
            int filled = 0;
            for (int step = 1, read; (read = in.read(received, filled, Math.min(step, sent.length - filled))) > 0; step = step * 3 % 100_000 + 1) {
                filled += read;
            }
            assertThat(filled).isEqualTo(sent.length);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void a_failure_of_the_source_is_the_readers_failure() {
        InputStream failing = new InputStream() {
            private int left = 10;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw new IOException("connection reset");
                }
                left--;
                return 'x';
            }
        };
        assertThatThrownBy(() -> {
            try (ReadAhead in = ReadAhead.start(failing, "test-reader")) {
                while (in.read() >= 0) {
                    // to the failure
                }
            }
        }).isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void closing_before_the_end_stops_the_receiver_and_closes_the_source() throws IOException {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public void close() {
                sourceClosed.set(true);
            }
        };
        ReadAhead in = ReadAhead.start(endless, "test-reader");
        assertThat(in.read()).isZero();
        in.close();
        assertThat(sourceClosed).isTrue();
    }

    @Test
    void an_error_in_the_receiver_such_as_running_out_of_memory_is_the_readers_failure_not_a_wait_for_ever() {
        InputStream starved = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> {
            try (ReadAhead in = ReadAhead.start(starved, "test-reader")) {
                in.read();
            }
        }).isInstanceOf(OutOfMemoryError.class));
    }

    @Test
    void an_interrupted_reader_still_closes_only_once_the_receiver_has_let_go_of_the_source() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        AtomicBoolean sourceClosed = new AtomicBoolean();
        InputStream slow = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return 0;
            }

            @Override
            public void close() {
                sourceClosed.set(true);
            }
        };
        ReadAhead in = ReadAhead.start(slow, "test-reader");
        Thread.currentThread().interrupt(); // a cancelled step: its thread interrupted while the rows are awaited
        try {
            assertThatThrownBy(in::read).isInstanceOf(IOException.class);
            new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                released.countDown();
            }).start();
            in.close();
            assertThat(sourceClosed).as("the connection is no longer used by the receiver once close returns").isTrue();
            assertThat(Thread.currentThread().isInterrupted()).as("the interruption is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
            released.countDown();
        }
    }
}
