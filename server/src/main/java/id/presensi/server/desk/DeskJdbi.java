package id.presensi.server.desk;

import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleScope;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.postgres.PostgresPlugin;

import java.sql.Connection;
import java.util.function.Function;

/**
 * One Jdbi for every desk session, each piece of work still run on its own session's connection (the operator's role,
 * so row-level security decides what it reads). A Jdbi per session parsed every statement again for each operator (its
 * SQL parser, template cache and mapper look-ups are its own): 40 admins' first boards during a rush spent a third of
 * the server's time parsing the same SQL. The connection is lent to the calling thread for one piece of work only;
 * work that reaches the Jdbi without one is refused, never given another session's connection.
 */
final class DeskJdbi {
    private static final ThreadLocal<Connection> LENT = new ThreadLocal<>();

    private static final Jdbi SHARED = Jdbi.create(new ConnectionFactory() {
        @Override
        public Connection openConnection() {
            Connection connection = LENT.get();
            if (connection == null) {
                throw new IllegalStateException("desk work outside a session: no connection lent to this thread");
            }
            return connection;
        }

        @Override
        public void closeConnection(Connection connection) {
            // the session's own: it stays open until the session ends
        }
    }).installPlugin(new PostgresPlugin());

    private DeskJdbi() {
    }

    /**
     * Runs work on {@code connection}, on this thread, through the shared Jdbi. A handle the caller has open on this
     * thread is set aside meanwhile: Jdbi gives the handle bound to a thread to every withHandle on it, which would run
     * work lent one session's connection on the handle of another's.
     */
    static <T> T on(Connection connection, Function<Jdbi, T> work) {
        Connection outer = LENT.get();
        HandleScope handles = SHARED.getHandleScope();
        HandleSupplier outerHandle = handles.get();
        handles.clear();
        LENT.set(connection);
        try {
            return work.apply(SHARED);
        } finally {
            if (outer == null) {
                LENT.remove();
            } else {
                LENT.set(outer);
            }
            if (outerHandle == null) {
                handles.clear();
            } else {
                handles.set(outerHandle);
            }
        }
    }
}
