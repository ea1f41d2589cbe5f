package id.presensi.store;

import org.jdbi.v3.core.argument.Argument;

/**
 * An array parameter sent in PostgreSQL's binary format. Jdbi binds arrays through {@code createArrayOf},
 * which the driver sends as text, formatting every element and making the server parse it again; bound with
 * {@code setObject}, the driver encodes {@code long[]}, {@code int[]}, {@code Long[]}, {@code Integer[]} and
 * {@code String[]} (nulls included) as binary. For arrays of thousands of values per statement.
 */
final class PgArrays {

    private PgArrays() {
    }

    static Argument binary(Object array) {
        return (position, statement, context) -> statement.setObject(position, array);
    }
}
