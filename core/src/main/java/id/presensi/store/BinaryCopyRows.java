package id.presensi.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
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
    private final DataInputStream in;
    private int length;
    private byte[] buffer = new byte[64];

    BinaryCopyRows(InputStream source) throws IOException {
        this.source = source;
        this.in = new DataInputStream(new BufferedInputStream(source, 1 << 16));
        byte[] signature = new byte[SIGNATURE.length];
        in.readFully(signature);
        if (!Arrays.equals(signature, SIGNATURE)) {
            throw new IOException("not PostgreSQL's binary COPY format");
        }
        in.readInt(); // flags: none is defined that changes the rows
        in.skipNBytes(in.readInt()); // the header extension
    }

    /** Moves to the next row; false after the last. */
    boolean next() throws IOException {
        return in.readShort() >= 0; // the field count, -1 for the trailer
    }

    /** Reads the next field's length: false for a null (and nothing more to read of it). */
    boolean field() throws IOException {
        length = in.readInt();
        return length >= 0;
    }

    long int8() throws IOException {
        return in.readLong();
    }

    int int4() throws IOException {
        return in.readInt();
    }

    boolean bool() throws IOException {
        return in.readByte() != 0;
    }

    /** A timestamptz in microseconds since 1970-01-01 UTC. */
    long instantMicros() throws IOException {
        return in.readLong() + POSTGRES_EPOCH_MICROS;
    }

    /**
     * A numeric with at most {@code scale} decimals, times 10^scale: numeric(9, 6) in millionths, as
     * {@code (n * 1000000)::int4} gives them. Its binary form is base-10,000 digits with the weight of the first.
     */
    long scaled(int scale) throws IOException {
        int digits = in.readShort();
        int weight = in.readShort();
        int sign = in.readShort() & 0xFFFF;
        in.readShort(); // the display scale
        if (sign == 0xC000) {
            throw new IOException("a numeric that is NaN where a position was expected");
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            value = value * 10_000 + in.readShort();
        }
        int exponent = 4 * (weight - digits + 1) + scale; // the power of ten of the last digit read, scaled
        if (exponent >= 0) {
            value *= POWERS_OF_TEN[exponent];
        } else {
            value /= POWERS_OF_TEN[-exponent]; // digits past the scale: zeros, as the column's scale has none
        }
        return sign == 0x4000 ? -value : value;
    }

    /** A text field as UTF-8. */
    String text() throws IOException {
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        in.readFully(buffer, 0, length);
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
