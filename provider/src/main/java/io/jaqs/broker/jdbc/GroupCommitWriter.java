package io.jaqs.broker.jdbc;

import io.jaqs.broker.store.StoreException;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.StoreWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * <p>A work that throws is rolled back alone and fails alone. A shared commit first runs its works
 * back to back; only when one of them fails is the transaction rolled back and every work run
 * again, each behind a savepoint (one prepared {@code SAVEPOINT} statement, reused), so a failure
 * costs a second run and the common case no savepoint at all. A work may therefore run more than
 * once before its commit: what it changes outside the database must be set anew on each run. A
 * work alone in its commit needs no savepoint (its failure rolls back the transaction).
 *
 * <p>One writer also serializes every claim of a message, so receives never need row locks (H2's
 * {@code FOR UPDATE ... LIMIT} locks every matching row; docs/architecture.md, store facts).
 *
 * <p>At {@link Durability#DISK} the commit is followed by the dialect's sync statement (H2:
 * {@code CHECKPOINT SYNC}, one fsync of the database file) unless the batch changed nothing, and
 * only then are the callers released.
 *
 * <p>{@link #runAlone} runs a task on the writer thread between two commits, with the writer's
 * connection closed: every write queued before it has committed, and writes queued after it wait
 * for it (the embedded store's idle compaction closes and reopens the database this way).
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    /** Works per commit at most: bounds the latency a large burst adds to the first caller. */
    static final int MAX_BATCH = 256;
    /**
     * Runs of a work that lost a deadlock or serialization conflict to another node's writer (shared
     * PostgreSQL store: two commits taking FIFO group locks in opposite orders) before it fails.
     */
    static final int MAX_ATTEMPTS = 5;

    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final DataSource dataSource;
    private final SqlFile sql;
    private final Durability durability;
    private final Dialect dialect;
    private final Consumer<Throwable> failureListener;
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;
    private JdbcStoreSession session;
    private PreparedStatement setSavepoint;
    private PreparedStatement rollbackToSavepoint;
    private PreparedStatement sync;
    /** The database process of the writer's connection (PostgreSQL), to ignore our own notifications. */
    private volatile int backendPid = -1;
    private volatile long commits;
    /** Commits that changed a row (a commit of reads or of statements matching nothing is not counted). */
    private volatile long changingCommits;
    private volatile long works;
    private volatile long syncs;
    /** Time spent in commit (and the sync of DISK durability), summed: the mean commit latency is this / commits. */
    private volatile long commitNanos;

    GroupCommitWriter(String name, DataSource dataSource, SqlFile sql, Durability durability, Dialect dialect,
                      Consumer<Throwable> failureListener) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.durability = durability;
        this.dialect = dialect;
        this.failureListener = failureListener;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Receives, after each commit, the queues it changed (PostgreSQL: {@link PgNotifier}); set before the first write. */
    private volatile Consumer<java.util.List<String>> notifier;

    void onCommitted(Consumer<java.util.List<String>> notifier) {
        this.notifier = notifier;
    }

    int backendPid() {
        return backendPid;
    }

    boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    <T> CompletableFuture<T> submit(StoreWork<T> work) {
        return enqueue(new Task<>(work, null));
    }

    /**
     * Runs {@code action} on the writer thread alone: after every write submitted before it has
     * committed, with the writer's connection closed (it is reopened for the next write), and before
     * any write submitted after it, which waits. What it throws fails its future only.
     */
    <T> CompletableFuture<T> runAlone(java.util.concurrent.Callable<T> action) {
        return enqueue(new Task<>(null, action));
    }

    private <T> CompletableFuture<T> enqueue(Task<T> task) {
        if (closed) {
            task.future.completeExceptionally(StoreException.closed("The broker is closed"));
            return task.future;
        }
        queue.add(task);
        if (closed && queue.remove(task)) {
            task.future.completeExceptionally(StoreException.closed("The broker is closed"));
        }
        return task.future;
    }

    /** Commits, works and syncs so far (read without a lock: a snapshot may straddle a commit). */
    WriterStats stats() {
        return new WriterStats(commits, works, syncs);
    }

    /** Commits so far that changed at least one row: unchanged between two looks, the store had no write. */
    long changingCommits() {
        return changingCommits;
    }

    /** Nanoseconds spent committing (and syncing) so far. */
    long commitNanos() {
        return commitNanos;
    }

    /** Works queued and not yet taken by the writer. */
    int pending() {
        return queue.size();
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
                executeInOrder(batch);
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
            left.future.completeExceptionally(StoreException.closed("The broker is closed"));
        }
    }

    /** Commits the batch's writes in order, running a task that must run alone between the writes before and after it. */
    private void executeInOrder(List<Task<?>> batch) {
        int from = 0;
        for (int i = 0; i < batch.size(); i++) {
            Task<?> task = batch.get(i);
            if (task.alone != null) {
                if (i > from) {
                    execute(batch.subList(from, i));
                }
                closeConnection();
                task.runAlone();
                from = i + 1;
            }
        }
        if (from == 0) {
            execute(batch);
        } else if (from < batch.size()) {
            execute(batch.subList(from, batch.size()));
        }
    }

    private void execute(List<Task<?>> batch) {
        boolean committed = false;
        try {
            if (connection == null) {
                openConnection();
            }
            session.takeChanged();
            if (batch.size() == 1) {
                // Alone in its commit: no savepoint needed, a failure rolls the whole transaction back.
                Task<?> task = batch.get(0);
                boolean ok = task.runIn(session);
                for (int attempt = 1; !ok && task.retryable && attempt < MAX_ATTEMPTS; attempt++) {
                    rollBack(); // a deadlock with another node's writer: run it again
                    ok = task.runIn(session);
                }
                if (!ok) {
                    rollBack();
                    task.complete();
                    return;
                }
            } else if (!runTogether(batch)) {
                rollBack(); // a work failed: nothing of this try stands; run them again, each behind a savepoint
                runIsolated(batch);
            }
            long commitStart = System.nanoTime();
            connection.commit();
            committed = true;
            java.util.List<String> changedQueues = session.takeNotifications();
            if (notifier != null) {
                notifier.accept(changedQueues); // other nodes hear of it only now that it is committed
            }
            commits++;
            works += batch.size();
            boolean changed = session.takeChanged();
            if (changed) {
                changingCommits++;
            }
            if (sync != null && changed) { // a batch of reads (an empty receive) has nothing to force
                sync.execute();
                syncs++;
            }
            commitNanos += System.nanoTime() - commitStart;
        } catch (SQLException | RuntimeException e) {
            // After a failed fsync the works are committed but may not be on the disk: reporting them
            // failed lets a caller retry (at least once) instead of trusting a promise not kept.
            StoreException failure = new StoreException(committed
                    ? "The store committed but could not force the commit to the disk (durability DISK): " + e.getMessage()
                    : e instanceof StoreUnreachableException ? e.getMessage()
                    : "The store failed to commit: " + e.getMessage(), e);
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

    /** Rolls the transaction back and forgets what it would have notified or changed. */
    private void rollBack() throws SQLException {
        connection.rollback();
        session.clearNotifications();
        session.takeChanged();
    }

    /**
     * Runs the works one after another with no savepoint between them, the common case where none
     * fails; false at the first that fails (the caller rolls the transaction back). A savepoint per
     * work is a statement, and on PostgreSQL a round trip and a subtransaction: measured with 8
     * threads sending, receiving and acknowledging on PostgreSQL, leaving them out saved about a
     * tenth of the JVM's and a sixth of PostgreSQL's CPU per message.
     */
    private boolean runTogether(List<Task<?>> batch) {
        for (Task<?> task : batch) {
            if (!task.runIn(session)) {
                return false;
            }
        }
        return true;
    }

    /** Runs each work behind a savepoint: one that fails (after its retries) is rolled back alone. */
    private void runIsolated(List<Task<?>> batch) throws SQLException {
        for (Task<?> task : batch) {
            setSavepoint.execute();
            boolean ok = task.runIn(session);
            for (int attempt = 1; !ok && task.retryable && attempt < MAX_ATTEMPTS; attempt++) {
                rollbackToSavepoint.execute();
                ok = task.runIn(session);
            }
            if (!ok) {
                rollbackToSavepoint.execute();
            }
        }
    }

    private void openConnection() throws SQLException {
        connection = StoreUnreachableException.connect(dataSource);
        connection.setAutoCommit(false);
        session = new JdbcStoreSession(connection, sql, dialect);
        if (dialect.notifyOtherNodes()) {
            try (java.sql.Statement st = connection.createStatement();
                 java.sql.ResultSet rs = st.executeQuery(sql.get("backendPid"))) {
                rs.next();
                backendPid = rs.getInt(1);
            }
            connection.commit();
        }
        // SAVEPOINT by SQL, prepared once: Connection.setSavepoint() parses a new statement each time on H2
        setSavepoint = connection.prepareStatement(sql.get("savepoint"));
        rollbackToSavepoint = connection.prepareStatement(sql.get("rollbackToSavepoint"));
        sync = durability == Durability.DISK && dialect.syncsToDiskByStatement() ? connection.prepareStatement(sql.get("syncToDisk")) : null;
    }

    private void closeConnection() {
        for (PreparedStatement ps : new PreparedStatement[] {setSavepoint, rollbackToSavepoint, sync}) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // the connection may be broken already
                }
            }
        }
        setSavepoint = null;
        rollbackToSavepoint = null;
        sync = null;
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
        /** Set instead of {@code work} for a task that runs alone ({@link #runAlone}). */
        final java.util.concurrent.Callable<T> alone;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable error;
        /** The last failure was a deadlock or serialization failure: running the work again may succeed. */
        boolean retryable;

        Task(StoreWork<T> work, java.util.concurrent.Callable<T> alone) {
            this.work = work;
            this.alone = alone;
        }

        void runAlone() {
            try {
                future.complete(alone.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }

        /** Runs the work; false when it failed (its error is kept) and its changes must be rolled back. */
        boolean runIn(JdbcStoreSession session) {
            retryable = false;
            error = null;
            try {
                result = work.run(session);
                return true;
            } catch (SQLException e) {
                String state = e.getSQLState();
                retryable = "40P01".equals(state) || "40001".equals(state);
                error = new StoreException("The store failed: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                error = e;
            }
            result = null;
            return false;
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
