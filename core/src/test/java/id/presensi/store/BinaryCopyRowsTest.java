package id.presensi.store;

import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.core.BaseConnection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month's binary rows decode as the database computes the same values: positions in millionths as
 * {@code (n * 1000000)::int4} (signs, zeros, digits on either side of the point), instants in microseconds, nulls,
 * texts; and the connection is free again after the last row.
 */
class BinaryCopyRowsTest {
    private final TestDatabase db = TestDatabase.get();

    @Test
    void numerics_instants_nulls_and_texts_decode_as_the_database_computes_them() throws Exception {
        String values = """
                (VALUES (0::numeric(9, 6)), (0.000001), (-0.000001), (0.01), (-1.9086), (116.2), (179.999999), (-180), (90), (-0.5),
                        (12.345678), (-7.000100), (100.000001), (NULL))""";
        db.database().jdbi().useHandle(h -> {
            List<String> expected = h.createQuery("SELECT coalesce((n * 1000000)::int4::text, 'null') FROM " + values + " v(n)")
                    .mapTo(String.class).list();
            List<String> decoded = new ArrayList<>();
            BaseConnection connection = h.getConnection().unwrap(BaseConnection.class);
            String sql = "COPY (SELECT n, timestamptz '2026-09-01 07:12:33.123456+08', 'Kantor \t\"Ä\"', NULL::text, true, 42::int8, -3 FROM "
                         + values + " v(n)) TO STDOUT (FORMAT binary)";
            InternedTexts texts = InternedTexts.utf8();
            List<String> read = new ArrayList<>();
            try (BinaryCopyRows rows = new BinaryCopyRows(new PGCopyInputStream(connection, sql))) {
                while (rows.next()) {
                    decoded.add(rows.field() ? Long.toString(rows.scaled(6)) : "null");
                    rows.field();
                    assertThat(rows.instantMicros()).isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, OffsetDateTime.parse("2026-09-01T07:12:33.123456+08:00").toInstant()));
                    rows.field();
                    read.add(rows.text(texts));
                    assertThat(rows.field()).isFalse();
                    assertThat(rows.field() && rows.bool()).isTrue();
                    rows.field();
                    assertThat(rows.int8()).isEqualTo(42);
                    rows.field();
                    assertThat(rows.int4()).isEqualTo(-3);
                }
            }
            assertThat(decoded).containsExactlyElementsOf(expected);
            assertThat(read).hasSize(expected.size()).containsOnly("Kantor \t\"Ä\"");
            assertThat(read).allSatisfy(text -> assertThat(text).isSameAs(read.get(0))); // decoded once
            assertThat(h.createQuery("SELECT 1").mapTo(Integer.class).one()).isEqualTo(1);
        });
    }
}
