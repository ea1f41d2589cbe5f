package id.presensi.server.desk;

import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Jdbi every desk session shares runs each piece of work on the connection lent for it, and on no other: two
 * sessions' work (one inside the other too) each reach their own database backend, and a Jdbi kept past its work
 * reaches none.
 */
class DeskJdbiTest {
    private final TestDatabase db = TestDatabase.get();

    private static int backend(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
    }

    @Test
    void each_piece_of_work_runs_on_the_connection_lent_for_it() throws Exception {
        try (Connection first = db.database().dataSource().getConnection();
             Connection second = db.database().dataSource().getConnection()) {
            int firstPid = first.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            int secondPid = second.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            assertThat(firstPid).isNotEqualTo(secondPid);

            int[] seen = DeskJdbi.on(first, jdbi -> {
                int outer = backend(jdbi);
                int inner = DeskJdbi.on(second, DeskJdbiTest::backend);
                return new int[] {outer, inner, backend(jdbi)};
            });

            assertThat(seen).containsExactly(firstPid, secondPid, firstPid);
            assertThat(first.isClosed()).as("the session's connection stays open after its work").isFalse();
        }
    }

    @Test
    void work_lent_another_connection_inside_an_open_handle_runs_on_that_connection_not_the_handle_s() throws Exception {
        try (Connection first = db.database().dataSource().getConnection();
             Connection second = db.database().dataSource().getConnection()) {
            int firstPid = first.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            int secondPid = second.unwrap(org.postgresql.PGConnection.class).getBackendPID();

            // Jdbi binds an open handle to its thread and hands it to any withHandle on that thread: without care the
            // inner work, lent the second connection, would be given the first one's handle
            int[] seen = DeskJdbi.on(first, jdbi -> jdbi.inTransaction(h -> {
                int inner = DeskJdbi.on(second, DeskJdbiTest::backend);
                return new int[] {inner, backend(jdbi)};
            }));

            assertThat(seen).containsExactly(secondPid, firstPid);
        }
    }

    @Test
    void work_lent_the_same_connection_inside_its_open_transaction_runs_in_that_transaction() throws Exception {
        try (Connection connection = db.database().dataSource().getConnection()) {
            int seen = DeskJdbi.on(connection, jdbi -> jdbi.inTransaction(h -> {
                h.execute("CREATE TEMP TABLE lent (n int) ON COMMIT DROP");
                h.execute("INSERT INTO lent VALUES (1)");
                int inner = DeskJdbi.on(connection, j -> j.withHandle(i -> i.createQuery("SELECT count(*) FROM lent").mapTo(Integer.class).one()));
                h.execute("INSERT INTO lent VALUES (2)");
                return inner;
            }));

            assertThat(seen).as("the row the open transaction wrote, seen by the work nested in it").isEqualTo(1);
            assertThat(connection.getAutoCommit()).as("the transaction ended by the outer work, as it began it").isTrue();
        }
    }

    @Test
    void a_jdbi_kept_past_its_work_reaches_no_connection() throws Exception {
        Jdbi kept;
        try (Connection connection = db.database().dataSource().getConnection()) {
            kept = DeskJdbi.on(connection, jdbi -> jdbi);
        }

        assertThatThrownBy(() -> backend(kept)).hasStackTraceContaining("no connection lent");
    }
}
