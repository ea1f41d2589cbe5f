package id.presensi.store;

import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.core.BaseConnection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accuracies and addresses that cross the month's COPY in binary, as keys, come out printed as the database prints
 * them per row ({@code ::text}): every kind of real (shortest digits, exponents, NaN, infinity, negative zero, the
 * largest) and of inet (hosts, networks, IPv6 shortened, an IPv4-mapped IPv6 address).
 */
class PrintedValuesTest {
    private static final String VALUES = """
            (VALUES (15::real, '10.1.3.1'::inet), (4.7, '10.1.3.1/24'), (0.1, '192.168.0.255/32'), (1e-5, '::1'),
                    (123456789, '2001:db8::ff00:42:8329'), ('NaN', '2001:db8:0:0:1:0:0:1/64'), ('Infinity', '::ffff:10.1.2.3'),
                    ('-0', '0.0.0.0/0'), (3.4028235e38, 'fe80::/10'), (29.9, '255.255.255.255'), (4.7, '10.1.3.1/24')) v(a, c)""";
    private final TestDatabase db = TestDatabase.get();

    @Test
    void accuracies_and_addresses_read_as_keys_are_printed_as_the_database_prints_each() throws Exception {
        db.database().jdbi().useHandle(h -> {
            Set<String> accuracies = new LinkedHashSet<>();
            Set<String> addresses = new LinkedHashSet<>();
            List<String> expected = new ArrayList<>();
            InternedTexts keys = InternedTexts.bytes();
            BaseConnection connection = h.getConnection().unwrap(BaseConnection.class);
            try (BinaryCopyRows rows = new BinaryCopyRows(new PGCopyInputStream(connection,
                    "COPY (SELECT a, c, a::text, c::text FROM " + VALUES + ") TO STDOUT (FORMAT binary)"))) {
                InternedTexts texts = InternedTexts.utf8();
                while (rows.next()) {
                    rows.field();
                    accuracies.add(rows.text(keys));
                    rows.field();
                    addresses.add(rows.text(keys));
                    rows.field();
                    String accuracy = rows.text(texts);
                    rows.field();
                    expected.add(accuracy + " " + rows.text(texts));
                }
            }
            assertThat(accuracies).hasSize(10);
            assertThat(addresses).hasSize(10);
            List<String> accuracyTexts = PrintedValues.printed(h, PrintedValues.reals(List.copyOf(accuracies)));
            List<String> addressTexts = PrintedValues.inets(h, List.copyOf(addresses));
            // each row's pair, printed through its keys, is the row as the database printed it
            List<String> printed = new ArrayList<>();
            List<String> accuracyKeys = List.copyOf(accuracies);
            List<String> addressKeys = List.copyOf(addresses);
            try (BinaryCopyRows rows = new BinaryCopyRows(new PGCopyInputStream(connection, "COPY (SELECT a, c FROM " + VALUES + ") TO STDOUT (FORMAT binary)"))) {
                while (rows.next()) {
                    rows.field();
                    String accuracy = accuracyTexts.get(accuracyKeys.indexOf(rows.text(keys)));
                    rows.field();
                    printed.add(accuracy + " " + addressTexts.get(addressKeys.indexOf(rows.text(keys))));
                }
            }
            assertThat(printed).isEqualTo(expected);
            assertThat(PrintedValues.printed(h, new float[0])).isEmpty();
        });
    }
}
