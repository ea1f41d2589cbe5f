package id.presensi.db;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Predicate;

/** What a failure, wrapped by Jdbi, Spring or an executor, was underneath. */
public final class Failures {
    private Failures() {
    }

    /** The innermost cause. */
    public static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The innermost cause's message, or its kind when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable t = root(e);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * The first SQL exception anywhere in the chain whose SQLSTATE the test accepts (e.g. "42501"::equals,
     * permission denied; a wrapper's own state may differ from the one underneath, so every level is asked).
     */
    public static Optional<SQLException> sql(Throwable e, Predicate<String> state) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && state.test(sql.getSQLState())) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /** Whether the database answered with a SQLSTATE the test accepts, at any level of the chain. */
    public static boolean hasSqlState(Throwable e, Predicate<String> state) {
        return sql(e, state).isPresent();
    }
}
