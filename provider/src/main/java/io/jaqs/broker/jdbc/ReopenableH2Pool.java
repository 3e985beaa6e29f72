package io.jaqs.broker.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded store's connection pool, which can be closed and opened again on the same URL: the
 * idle compaction of an H2 file closes every pooled connection, shuts the database down with
 * {@code SHUTDOWN COMPACT} and then opens a fresh pool ({@link JdbcQueueStore#compactIfIdle}). The
 * store makes sure no connection is in use meanwhile (its writer runs the compaction alone, and
 * reads wait for it).
 */
final class ReopenableH2Pool implements DataSource {
    private final String url;
    private final String user;
    private final String password;
    private final int maxConnections;
    private volatile JdbcConnectionPool pool;

    ReopenableH2Pool(String url, String user, String password, int maxConnections) {
        this.url = url;
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
        this.maxConnections = maxConnections;
        this.pool = open();
    }

    private JdbcConnectionPool open() {
        JdbcConnectionPool p = JdbcConnectionPool.create(url, user, password);
        p.setMaxConnections(maxConnections);
        return p;
    }

    /** Closes every pooled connection (none may be in use); {@link #reopen} makes the pool usable again. */
    void dispose() {
        pool.dispose();
    }

    /** A fresh pool on the same URL, after {@link #dispose}. */
    void reopen() {
        pool = open();
    }

    int activeConnections() {
        return pool.getActiveConnections();
    }

    int maxConnections() {
        return maxConnections;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String pw) throws SQLException {
        return pool.getConnection(username, pw);
    }

    @Override
    public PrintWriter getLogWriter() {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return pool.getLoginTimeout();
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
        throw new SQLException("Not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
