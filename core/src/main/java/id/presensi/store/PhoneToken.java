package id.presensi.store;

import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A phone's bearer token bound as a statement argument (the V35 functions hash it themselves). Jdbi writes a failed
 * statement's arguments into its exception's message, and the server logs that message: bound this way, the
 * argument reads as a placeholder there and the token never reaches a log.
 */
public record PhoneToken(String token) implements Argument {

    @Override
    public void apply(int position, PreparedStatement statement, StatementContext ctx) throws SQLException {
        statement.setString(position, token);
    }

    @Override
    public String toString() {
        return "<phone token>";
    }
}
