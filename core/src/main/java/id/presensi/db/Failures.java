package id.presensi.db;

import java.sql.SQLException;
import java.util.Optional;

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

    /** The first SQL exception in the chain, if the failure came from the database. */
    public static Optional<SQLException> sql(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /** The SQLSTATE the database answered with, if any (e.g. 42501 permission denied, 55P03 lock not available). */
    public static Optional<String> sqlState(Throwable e) {
        return sql(e).map(SQLException::getSQLState);
    }
}
