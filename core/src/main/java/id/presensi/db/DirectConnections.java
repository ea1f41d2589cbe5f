package id.presensi.db;

import org.postgresql.Driver;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connections of one short command, without a pool: a pool's threads, validation and start-up cost more than a
 * command that asks a few questions spends talking to the database. The connection a statement hands back is kept
 * for the next one, so a command that asks one thing at a time uses one physical connection; while it is in use a
 * second is opened (never shared: each handle keeps its own transaction), and handed back it is closed.
 * A connection whose settings a caller changed (isolation, read-only, schema) is closed rather than kept.
 */
final class DirectConnections implements DataSource, AutoCloseable {
    private static final Set<String> CHANGES_SETTINGS = Set.of("setTransactionIsolation", "setReadOnly", "setSchema", "setCatalog",
            "setNetworkTimeout", "setTypeMap", "setHoldability");

    private final String url;
    private final Properties properties;
    private final Driver driver = new Driver();
    private Connection idle;
    private boolean closed;

    DirectConnections(ConnectionSettings settings, Duration connectTimeout) {
        this.url = settings.url();
        this.properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        long seconds = Math.max(1, connectTimeout.toSeconds());
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        // as the pool sets them (Database.config)
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "presensi");
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the command's database connections are closed");
        }
        Connection connection = idle;
        idle = null;
        if (connection == null || connection.isClosed()) {
            connection = driver.connect(url, properties);
            if (connection == null) {
                throw new SQLException("not a PostgreSQL URL: " + url);
            }
        }
        return lend(connection);
    }

    /** The connection as its borrower sees it: closing it hands it back. */
    private Connection lend(Connection connection) {
        boolean[] state = {false, false}; // handed back, settings changed
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "close" -> {
                    if (!state[0]) {
                        state[0] = true;
                        giveBack(connection, state[1]);
                    }
                    return null;
                }
                case "isClosed" -> {
                    return state[0] || connection.isClosed();
                }
                case "unwrap" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) ? proxy : connection.unwrap((Class<?>) args[0]);
                }
                case "isWrapperFor" -> {
                    return ((Class<?>) args[0]).isInstance(proxy) || connection.isWrapperFor((Class<?>) args[0]);
                }
                default -> {
                    if (state[0]) {
                        throw new SQLException("connection already handed back");
                    }
                    if (CHANGES_SETTINGS.contains(method.getName())) {
                        state[1] = true;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        });
    }

    private synchronized void giveBack(Connection connection, boolean settingsChanged) throws SQLException {
        if (closed || idle != null || settingsChanged || connection.isClosed() || !connection.getAutoCommit()) {
            connection.close(); // an unfinished transaction ends with it, rolled back
        } else {
            idle = connection;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        if (idle != null) {
            idle.close();
            idle = null;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("connects as the command's user only");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
