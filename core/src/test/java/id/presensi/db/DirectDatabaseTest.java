package id.presensi.db;

import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A short command's database: plain connections instead of a pool, and the schema seen current without Flyway. */
class DirectDatabaseTest {
    private final TestDatabase db = TestDatabase.get();

    @Test
    void statements_one_after_another_use_one_connection() {
        try (Database direct = Database.direct(db.settings(), Duration.ofSeconds(5))) {
            int first = direct.jdbi().withHandle(DirectDatabaseTest::backend);
            int second = direct.jdbi().withHandle(DirectDatabaseTest::backend);
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void a_connection_asked_for_while_another_is_in_use_is_its_own_session() throws SQLException {
        try (Database direct = Database.direct(db.settings(), Duration.ofSeconds(5));
             Connection first = direct.dataSource().getConnection(); Connection second = direct.dataSource().getConnection()) {
            first.setAutoCommit(false);
            try (Statement s = first.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE direct_probe (n int) ON COMMIT DROP");
            }
            assertThat(backend(second)).isNotEqualTo(backend(first));
            first.rollback();
        }
    }

    @Test
    void a_connection_handed_back_inside_a_transaction_is_rolled_back_and_not_reused() throws SQLException {
        try (Database direct = Database.direct(db.settings(), Duration.ofSeconds(5))) {
            int abandoned;
            try (Connection c = direct.dataSource().getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("CREATE TEMPORARY TABLE direct_abandoned (n int)");
                abandoned = direct.jdbi().withHandle(DirectDatabaseTest::backend); // while c is lent: another connection
            }
            int next = direct.jdbi().withHandle(DirectDatabaseTest::backend);
            boolean rolledBack = direct.jdbi().withHandle(h -> h.createQuery("SELECT to_regclass('pg_temp.direct_abandoned') IS NULL")
                    .mapTo(Boolean.class).one());
            assertThat(rolledBack).isTrue();
            assertThat(next).isEqualTo(abandoned);
        }
    }

    @Test
    void a_wrong_password_is_said_at_once() {
        ConnectionSettings wrong = new ConnectionSettings(db.settings().url(), db.settings().user(), "not-the-password", db.settings().port());
        assertThatThrownBy(() -> Database.direct(wrong, Duration.ofSeconds(5)))
                .hasMessageContaining("cannot connect to the database at").hasMessageContaining("password authentication failed");
    }

    @Test
    void a_migrated_schema_is_current_and_one_missing_a_migration_is_not() {
        assertThat(db.database().isCurrent()).isTrue();
        db.database().jdbi().useTransaction(h -> {
            String latest = h.createQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
                    .mapTo(String.class).one();
            h.execute("UPDATE flyway_schema_history SET success = false WHERE version = ?", latest);
            assertThat(Database.isCurrent(h)).isFalse();
            h.rollback();
        });
        assertThat(db.database().isCurrent()).isTrue();
    }

    private static int backend(Handle h) {
        return h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
    }

    private static int backend(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
