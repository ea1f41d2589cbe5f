package id.presensi.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * The rows of {@code COPY (query) TO STDOUT (FORMAT binary)}, read field by field in each type's binary form. The
 * server sends rows while the reader decodes the last ones (a cursor's fetches take turns with the reader), and
 * integers, instants and numerics cross as bytes, never formatted as text by one side and parsed by the other.
 */
final class BinaryCopyRows implements AutoCloseable {
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch of timestamptz. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final long[] POWERS_OF_TEN = LongStream.iterate(1, p -> p * 10).limit(19).toArray();

    private final InputStream source;
    /** The bytes read and not yet decoded: buffer[position, limit). Decoded here, not by a stream that locks per byte. */
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private int length;

    BinaryCopyRows(InputStream source) throws IOException {
        this.source = source;
        need(SIGNATURE.length);
        if (!Arrays.equals(Arrays.copyOfRange(buffer, 0, SIGNATURE.length), SIGNATURE)) {
            throw new IOException("not PostgreSQL's binary COPY format");
        }
        position += SIGNATURE.length;
        int4(); // flags: none is defined that changes the rows
        skip(int4()); // the header extension
    }

    /** Moves to the next row; false after the last. */
    boolean next() throws IOException {
        if (int2() >= 0) { // the field count, -1 for the trailer
            return true;
        }
        while (source.read(buffer) >= 0) {
            // to the COPY's end, so that the connection is free again (closing it earlier would cancel the COPY)
        }
        return false;
    }

    /** Reads the next field's length: false for a null (and nothing more to read of it). */
    boolean field() throws IOException {
        length = int4();
        return length >= 0;
    }

    long int8() throws IOException {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | buffer[position++] & 0xFF;
        }
        return value;
    }

    int int4() throws IOException {
        need(4);
        int value = (buffer[position] & 0xFF) << 24 | (buffer[position + 1] & 0xFF) << 16 | (buffer[position + 2] & 0xFF) << 8
                    | buffer[position + 3] & 0xFF;
        position += 4;
        return value;
    }

    private short int2() throws IOException {
        need(2);
        short value = (short) ((buffer[position] & 0xFF) << 8 | buffer[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    boolean bool() throws IOException {
        need(1);
        return buffer[position++] != 0;
    }

    /** A timestamptz in microseconds since 1970-01-01 UTC. */
    long instantMicros() throws IOException {
        return int8() + POSTGRES_EPOCH_MICROS;
    }

    /**
     * A numeric with at most {@code scale} decimals, times 10^scale: numeric(9, 6) in millionths, as
     * {@code (n * 1000000)::int4} gives them. Its binary form is base-10,000 digits with the weight of the first.
     */
    long scaled(int scale) throws IOException {
        int digits = int2();
        int weight = int2();
        int sign = int2() & 0xFFFF;
        int2(); // the display scale
        if (sign == 0xC000) {
            throw new IOException("a numeric that is NaN where a position was expected");
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            value = value * 10_000 + int2();
        }
        int exponent = 4 * (weight - digits + 1) + scale; // the power of ten of the last digit read, scaled
        if (exponent >= 0) {
            value *= POWERS_OF_TEN[exponent];
        } else {
            value /= POWERS_OF_TEN[-exponent]; // digits past the scale: zeros, as the column's scale has none
        }
        return sign == 0x4000 ? -value : value;
    }

    /** A field decoded as the texts decode it (a text field, or any field's bytes as a key), the same String as the last time these bytes came. */
    String text(InternedTexts texts) throws IOException {
        need(length);
        String text = texts.get(buffer, position, length);
        position += length;
        return text;
    }

    private void skip(int n) throws IOException {
        need(n);
        position += n;
    }

    /**
     * Has at least n bytes (at most the buffer's size) ready to decode, reading more as needed. Small enough to be
     * compiled into each field's read (the quick compiler inlines only small methods), which it is a call for every
     * field of every row; {@link #fill} is the rare rest.
     */
    private void need(int n) throws IOException {
        if (limit - position < n) {
            fill(n);
        }
    }

    private void fill(int n) throws IOException {
        if (n > buffer.length) {
            throw new IOException("a field of " + n + " bytes, more than a punch has");
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < n) {
            int read = source.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new IOException("the month's rows ended in the middle of a row");
            }
            limit += read;
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
