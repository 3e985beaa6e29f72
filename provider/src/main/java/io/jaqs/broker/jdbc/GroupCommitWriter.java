package io.jaqs.broker.jdbc;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.StoreWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One writer thread that owns a connection and runs every write of the store. Writes queued while
 * a commit is in progress are taken together and committed in one database transaction (group
 * commit), so concurrent senders and acknowledgers share the cost of a commit, and an fsync at
 * {@link Durability#DISK}. Each caller's future completes only after the commit that holds its work.
 *
 * <p>Each work runs behind a savepoint: a work that throws is rolled back alone and fails alone.
 * One writer also serializes every claim of a message, so receives never need row locks
 * (H2's {@code FOR UPDATE ... LIMIT} locks every matching row; DESIGN.md).
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    /** Works per commit at most: bounds the latency a large burst adds to the first caller. */
    static final int MAX_BATCH = 256;

    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final DataSource dataSource;
    private final SqlFile sql;
    private final Durability durability;
    private final String syncStatement;
    private final Consumer<Throwable> failureListener;
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;
    private JdbcStoreSession session;
    private long commits;
    private long works;

    GroupCommitWriter(String name, DataSource dataSource, SqlFile sql, Durability durability, String syncStatement,
                      Consumer<Throwable> failureListener) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.durability = durability;
        this.syncStatement = syncStatement;
        this.failureListener = failureListener;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    <T> CompletableFuture<T> submit(StoreWork<T> work) {
        Task<T> task = new Task<>(work);
        if (closed) {
            task.future.completeExceptionally(new BrokerException(ErrorCode.BROKER_CLOSED, "The broker is closed"));
            return task.future;
        }
        queue.add(task);
        if (closed && queue.remove(task)) {
            task.future.completeExceptionally(new BrokerException(ErrorCode.BROKER_CLOSED, "The broker is closed"));
        }
        return task.future;
    }

    /** Commits and works so far, for the group-commit ratio in benchmarks. */
    long[] stats() {
        return new long[] {commits, works};
    }

    private void run() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Task<?> first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                execute(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "store writer failed", t);
                for (Task<?> task : batch) {
                    task.future.completeExceptionally(t);
                }
            } finally {
                batch.clear();
            }
        }
        closeConnection();
        Task<?> left;
        while ((left = queue.poll()) != null) {
            left.future.completeExceptionally(new BrokerException(ErrorCode.BROKER_CLOSED, "The broker is closed"));
        }
    }

    private void execute(List<Task<?>> batch) {
        try {
            if (connection == null) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
                session = new JdbcStoreSession(connection, sql);
            }
            for (Task<?> task : batch) {
                task.runIn(connection, session);
            }
            connection.commit();
            if (durability == Durability.DISK && syncStatement != null) {
                try (Statement st = connection.createStatement()) {
                    st.execute(syncStatement);
                }
            }
            commits++;
            works += batch.size();
        } catch (SQLException | RuntimeException e) {
            BrokerException failure = new BrokerException(ErrorCode.STORE_FAILURE,
                    "The store failed to commit: " + e.getMessage(), e);
            for (Task<?> task : batch) {
                task.result = null;
                task.error = failure;
            }
            closeConnection();
            failureListener.accept(failure);
        }
        for (Task<?> task : batch) {
            task.complete();
        }
    }

    private void closeConnection() {
        if (session != null) {
            session.close();
            session = null;
        }
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection may be broken already
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Task<T> {
        final StoreWork<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable error;

        Task(StoreWork<T> work) {
            this.work = work;
        }

        void runIn(Connection connection, JdbcStoreSession session) throws SQLException {
            Savepoint savepoint = connection.setSavepoint();
            try {
                result = work.run(session);
            } catch (SQLException | RuntimeException e) {
                connection.rollback(savepoint);
                error = e instanceof SQLException sql
                        ? new BrokerException(ErrorCode.STORE_FAILURE, "The store failed: " + sql.getMessage(), sql)
                        : e;
            } catch (Error e) {
                connection.rollback(savepoint);
                error = e;
            }
        }

        void complete() {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(result);
            }
        }
    }
}
