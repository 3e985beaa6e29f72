package io.jaqs.broker.jdbc;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.QueueStore;
import io.jaqs.broker.store.StoreWork;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The JDBC store: the schema (created on first open, versioned), one {@link GroupCommitWriter}
 * for all writes, and pooled connections for reads.
 */
public final class JdbcQueueStore implements QueueStore {
    /** The schema version this code reads and writes; a store with another version is refused. */
    public static final int SCHEMA_VERSION = 1;

    private final Dialect dialect;
    private final SqlFile sql;
    private final DataSource dataSource;
    private final AutoCloseable pool;
    private final Durability durability;
    private final GroupCommitWriter writer;
    private final List<Consumer<Throwable>> failureListeners = new CopyOnWriteArrayList<>();
    private final String url;

    private JdbcQueueStore(String url, String user, String password, Durability durability, int readPoolSize) {
        this.dialect = Dialect.forUrl(url);
        this.url = dialect.normalizeUrl(url);
        this.sql = SqlFile.load(dialect.sqlResource());
        this.durability = durability;
        if (dialect == Dialect.H2) {
            JdbcConnectionPool h2 = JdbcConnectionPool.create(this.url, user == null ? "" : user, password == null ? "" : password);
            h2.setMaxConnections(readPoolSize + 1);
            this.dataSource = h2;
            this.pool = h2::dispose;
        } else {
            throw new IllegalArgumentException("The PostgreSQL store is not available in this build: " + url);
        }
        try {
            initSchema();
        } catch (RuntimeException e) {
            closePool();
            throw e;
        }
        this.writer = new GroupCommitWriter("jaqs-store-writer", dataSource, sql, durability, dialect,
                this::fireFailure);
    }

    /**
     * Opens (and on first use creates) the store at a JDBC URL.
     *
     * @param durability what a returned write survives; see {@link Durability}
     * @param readPoolSize connections for reads besides the writer's
     */
    public static JdbcQueueStore open(String url, String user, String password, Durability durability, int readPoolSize) {
        return new JdbcQueueStore(url, user, password, durability, readPoolSize);
    }

    public static JdbcQueueStore open(String url) {
        return open(url, null, null, Durability.PROCESS, 4);
    }

    private void initSchema() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean exists;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("schemaExists"))) {
                rs.next();
                exists = rs.getLong(1) > 0;
            }
            if (!exists) {
                try (Statement st = c.createStatement()) {
                    for (String statement : sql.script("schema")) {
                        st.execute(statement);
                    }
                }
                c.commit();
            }
            int version;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("schemaVersion"))) {
                version = rs.next() ? rs.getInt(1) : -1;
            }
            c.commit();
            if (version != SCHEMA_VERSION) {
                throw new BrokerException(ErrorCode.STORE_FAILURE, "The store at " + url + " has schema version " + version
                        + "; this Jaqs reads version " + SCHEMA_VERSION);
            }
        } catch (SQLException e) {
            String hint = e.getMessage() != null && e.getMessage().contains("already in use")
                    ? " (an embedded H2 store belongs to one JVM; share a store between JVMs with PostgreSQL)" : "";
            throw new BrokerException(ErrorCode.STORE_FAILURE, "Cannot open the store at " + url + ": " + e.getMessage() + hint, e);
        }
    }

    @Override
    public <T> CompletableFuture<T> write(StoreWork<T> work) {
        return writer.submit(work);
    }

    @Override
    public <T> T read(StoreWork<T> work) {
        try (Connection c = dataSource.getConnection(); JdbcStoreSession s = new JdbcStoreSession(c, sql)) {
            return work.run(s);
        } catch (SQLException e) {
            BrokerException failure = new BrokerException(ErrorCode.STORE_FAILURE, "The store failed: " + e.getMessage(), e);
            fireFailure(failure);
            throw failure;
        }
    }

    /** The plan of a named statement of this dialect (tests check the hot ones use their index). */
    public String explain(String statement, Object... args) {
        try (Connection c = dataSource.getConnection(); JdbcStoreSession s = new JdbcStoreSession(c, sql)) {
            return s.explain(statement, args);
        } catch (SQLException e) {
            throw new BrokerException(ErrorCode.STORE_FAILURE, e.getMessage(), e);
        }
    }

    /** Commits and works committed so far: their ratio is the group-commit factor. */
    public long[] writerStats() {
        return writer.stats();
    }

    @Override
    public Durability durability() {
        return durability;
    }

    @Override
    public void onFailure(Consumer<Throwable> listener) {
        failureListeners.add(listener);
    }

    private void fireFailure(Throwable t) {
        for (Consumer<Throwable> l : failureListeners) {
            try {
                l.accept(t);
            } catch (RuntimeException ignored) {
                // a listener's failure must not hide the store's
            }
        }
    }

    @Override
    public void close() {
        writer.close();
        if (Dialect.isInMemory(url)) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already gone
            }
        }
        closePool();
    }

    private void closePool() {
        try {
            pool.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
