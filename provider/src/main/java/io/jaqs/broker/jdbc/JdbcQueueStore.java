package io.jaqs.broker.jdbc;

import io.jaqs.broker.store.StoreException;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.QueueStore;
import io.jaqs.broker.store.QueueStore.QueueChangeListener;
import io.jaqs.broker.store.StoreStats;
import io.jaqs.broker.store.StoreWork;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The JDBC store: the schema (created on first open, versioned), one {@link GroupCommitWriter}
 * for all writes, and pooled connections for reads.
 */
public final class JdbcQueueStore implements QueueStore {
    /**
     * The schema version this code reads and writes: an older store is upgraded on open, a newer one
     * refused ({@link SchemaMigrations}).
     */
    public static final int SCHEMA_VERSION = SchemaMigrations.CURRENT;

    /**
     * Embedded stores open in this JVM. One store has one writer, which serializes every claim of a
     * message (receives take no row locks), so a second store on the same database would break that.
     */
    private static final Set<String> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Dialect dialect;
    private final SqlFile sql;
    private final DataSource dataSource;
    private final AutoCloseable pool;
    private final Durability durability;
    /** The one writer of the store: a node's writes commit in the order it issued them ({@link Dialect#requireOneWriter}). */
    private final GroupCommitWriter writer;
    private final List<Consumer<Throwable>> failureListeners = new CopyOnWriteArrayList<>();
    private final String url;
    private final String identity;
    private volatile boolean closed;
    private final AutoCloseable listener;
    /** PostgreSQL: announces committed changes to the other nodes, outside the writers' transactions. */
    private final PgNotifier notifier;
    private final List<QueueChangeListener> changeListeners = new CopyOnWriteArrayList<>();
    /** The most connections this store holds at once: its pool (reads and the writer) + LISTEN and notifier. */
    private final int connectionLimit;
    /** The store's database credentials: a clean close of an H2 file compacts it on a connection of its own. */
    private final String user;
    private final String password;
    /** An H2 file encrypted with {@code CIPHER=AES} (a storeEncryptionKey was given). */
    private final boolean encrypted;
    /** An embedded H2 file's pool, which the idle compaction closes and reopens; null otherwise. */
    private final ReopenableH2Pool h2Pool;
    /**
     * Reads hold it shared; a compaction of the H2 file holds it alone, so a read waits for the
     * database to be open again instead of failing (writes wait in the writer's queue).
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock compactionGate = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** The writer's changing commits at the last idle check (written by the broker's scheduler, one check at a time). */
    private volatile long changesAtLastCheck = -1;
    private volatile long compactions;
    /** Tests: runs while a compaction has the database shut down, before it opens again. */
    volatile Runnable whileCompacting;

    private JdbcQueueStore(String url, String user, String password, String encryptionKey, Durability durability,
                           int readPoolSize, Function<SqlFile, SchemaMigrations> migrations) {
        this.dialect = Dialect.forUrl(url);
        dialect.checkEncryption(url, encryptionKey); // refused before anything is opened
        this.encrypted = encryptionKey != null;
        this.url = encrypted ? dialect.normalizeUrl(url) + ";" + Dialect.CIPHER_SETTING : dialect.normalizeUrl(url);
        this.user = user;
        // H2: the password of an encrypted file is "<file password> <user password>"
        this.password = encrypted ? encryptionKey + " " + (password == null ? "" : password) : password;
        this.sql = SqlFile.load(dialect.sqlResource());
        this.durability = Objects.requireNonNull(durability, "durability");
        if (readPoolSize < 1) {
            throw new IllegalArgumentException("readPoolSize must be at least 1, got " + readPoolSize);
        }
        dialect.requireOneWriter(url);
        this.identity = dialect.storeIdentity(url);
        if (identity != null && !OPEN_IN_THIS_JVM.add(identity)) {
            throw new StoreException("The store at " + url + " is already open in this JVM: an"
                    + " embedded store has one writer, so open it once and share its broker (or use PostgreSQL for"
                    + " several brokers on one store)");
        }
        try {
            if (dialect.embedded()) {
                ReopenableH2Pool h2 = new ReopenableH2Pool(this.url, user, this.password, readPoolSize + 1); // this.password: an encrypted file's includes its key
                this.h2Pool = Dialect.isInMemory(this.url) ? null : h2;
                this.dataSource = h2;
                this.pool = h2::dispose;
            } else {
                this.h2Pool = null;
                com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
                hc.setJdbcUrl(this.url);
                if (user != null) {
                    hc.setUsername(user);
                }
                if (password != null) {
                    hc.setPassword(password);
                }
                int size = Dialect.poolSize(url, readPoolSize);
                hc.setMaximumPoolSize(size + 1); // + the writer's connection
                hc.setMinimumIdle(1);
                hc.setPoolName("jaqs-store");
                hc.setAutoCommit(true);
                hc.setInitializationFailTimeout(-1); // fail below, in initSchema, with the store's message
                int timeout = Dialect.storeTimeoutSeconds(url);
                hc.setConnectionTimeout(timeout * 1000L); // an outage fails calls after this, not after Hikari's 30 s
                for (String driverTimeout : new String[] {"connectTimeout", "loginTimeout"}) {
                    if (!Dialect.hasParameter(url, driverTimeout)) {
                        hc.addDataSourceProperty(driverTimeout, Integer.toString(timeout));
                    }
                }
                if (dialect.initializesConnections()) {
                    hc.setConnectionInitSql(sql.get("connectionInit")); // postgresql.sql says why
                }
                com.zaxxer.hikari.HikariDataSource hikari = new com.zaxxer.hikari.HikariDataSource(hc);
                this.dataSource = hikari;
                this.pool = hikari::close;
            }
            try {
                initSchema(migrations.apply(sql));
            } catch (RuntimeException e) {
                closePool();
                throw e;
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        this.connectionLimit = dialect.notifyOtherNodes() ? Dialect.poolSize(url, readPoolSize) + 1 + 2 : readPoolSize + 1;
        this.writer = new GroupCommitWriter("jaqs-store-writer", dataSource, sql, durability, dialect, this::fireFailure);
        this.notifier = dialect.notifyOtherNodes()
                ? new PgNotifier(this.url, user, password, sql.get("notify"), sql.get("backendPid"))
                : null;
        if (notifier != null) {
            writer.onCommitted(notifier::committed);
        }
        this.listener = dialect.notifyOtherNodes()
                ? new PgListener(this.url, user, password, sql.get("listen"), this::isOwnBackend, this::fireQueueChanged)
                : null;
    }

    /** Whether the data is encrypted on disk: an H2 file store opened with a storeEncryptionKey. */
    @Override
    public boolean encryptedAtRest() {
        return encrypted;
    }

    /**
     * Opens (and on first use creates) the store at a JDBC URL.
     *
     * @param durability what a returned write survives; see {@link Durability}
     * @param readPoolSize connections for reads besides the writer's; on PostgreSQL a
     *        {@code jaqsPoolSize=N} parameter in the URL overrides it (Jaqs removes it from the URL
     *        before the driver sees it). PostgreSQL stores also hold one LISTEN connection.
     * @throws IllegalArgumentException for a URL the store cannot keep its promises on (for H2: a
     *         write delay other than 0, {@code AUTO_SERVER=TRUE}, {@code FILE_LOCK=NO})
     * @throws StoreException when the store cannot be opened: in use by
     *         another process or already open in this JVM, a newer schema version, a failed check
     */
    public static JdbcQueueStore open(String url, String user, String password, Durability durability, int readPoolSize) {
        return open(url, user, password, null, durability, readPoolSize);
    }

    /**
     * {@link #open(String, String, String, Durability, int)} of a store encrypted at rest.
     *
     * @param encryptionKey null: a plain store; else the key of an H2 file store encrypted with H2's
     *        {@code CIPHER=AES} (created encrypted on first open; it opens only with the same key).
     *        Refused for in-memory H2 and PostgreSQL stores, and for an empty key or one with
     *        whitespace ({@link Dialect#checkEncryption})
     */
    public static JdbcQueueStore open(String url, String user, String password, String encryptionKey, Durability durability,
                                      int readPoolSize) {
        return new JdbcQueueStore(url, user, password, encryptionKey, durability, readPoolSize, SchemaMigrations::of);
    }

    /** Opens a store with other migrations than this code's (tests: steps beyond {@link #SCHEMA_VERSION}). */
    static JdbcQueueStore open(String url, Durability durability, Function<SqlFile, SchemaMigrations> migrations) {
        return new JdbcQueueStore(url, null, null, null, durability, 4, migrations);
    }

    public static JdbcQueueStore open(String url) {
        return open(url, null, null, Durability.PROCESS, 4);
    }

    private void initSchema(SchemaMigrations migrations) {
        try (Connection c = dataSource.getConnection()) {
            migrations.migrate(c, sql, dialect, url);
            checkDurability(c);
        } catch (SQLException e) {
            // the pool's timeout names the database's refusal only in its cause (a pg_hba.conf rule, a TLS failure)
            Throwable cause = e.getCause();
            String why = cause != null && cause.getMessage() != null && !cause.getMessage().equals(e.getMessage())
                    ? " (" + cause.getMessage() + ")" : "";
            throw new StoreException("Cannot open the store at " + url + ": " + e.getMessage() + why
                    + dialect.openFailureHint(e), e);
        }
    }

    /**
     * Checks, on the open database, what the URL asked for: H2 really runs without a write delay
     * (another connection or an INIT script could have set one), and at {@link Durability#DISK} the
     * statement that forces data to the disk is allowed to this user (H2's CHECKPOINT SYNC needs an
     * admin), so a misconfiguration fails here and not on the first send.
     */
    private void checkDurability(Connection c) throws SQLException {
        if (dialect.checksWriteDelay(url)) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("writeDelay"))) {
                String delay = rs.next() ? rs.getString(1) : null;
                if (!"0".equals(delay)) {
                    throw new StoreException("The store at " + url + " runs with WRITE_DELAY="
                            + delay + ": H2 then loses committed messages on kill -9; Jaqs needs WRITE_DELAY=0");
                }
            }
        }
        if (dialect.checksSynchronousCommit()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("synchronousCommit"))) {
                String mode = rs.next() ? rs.getString(1) : "?";
                if ("off".equalsIgnoreCase(mode)) {
                    throw new StoreException("The PostgreSQL store at " + url + " runs with"
                            + " synchronous_commit=off: a returned send could be lost when the database crashes."
                            + " Jaqs needs synchronous_commit=on (the default; durability DISK)");
                }
            }
            c.commit();
        }
        String syncSql = dialect.syncsToDiskByStatement() ? sql.get("syncToDisk") : null;
        if (durability == Durability.DISK && syncSql != null) {
            try (Statement st = c.createStatement()) {
                st.execute(syncSql);
            } catch (SQLException e) {
                throw new StoreException("Durability DISK needs '" + syncSql + "' after each commit,"
                        + " which the store refused (" + e.getMessage() + "); on H2 the store user must be an admin", e);
            }
        }
    }

    @Override
    public <T> CompletableFuture<T> write(StoreWork<T> work) {
        return writer.submit(work); // one writer: every write of this node in the order issued
    }

    @Override
    public <T> T read(StoreWork<T> work) {
        if (closed) {
            throw StoreException.closed("The store is closed");
        }
        compactionGate.readLock().lock(); // waits while an idle compaction has the database closed
        try (Connection c = StoreUnreachableException.connect(dataSource); JdbcStoreSession s = new JdbcStoreSession(c, sql, dialect)) {
            return work.run(s);
        } catch (SQLException e) {
            StoreException failure = new StoreException(
                    e instanceof StoreUnreachableException ? e.getMessage() : "The store failed: " + e.getMessage(), e);
            fireFailure(failure);
            throw failure;
        } finally {
            compactionGate.readLock().unlock();
        }
    }

    /**
     * The plan ({@code EXPLAIN}) of a named statement of this dialect with its parameters bound;
     * tests check that every hot statement uses its index.
     */
    public String explain(String statement, Object... args) {
        return explain(false, statement, args);
    }

    /**
     * The plan of a named query after running it ({@code EXPLAIN ANALYZE}: on H2 it holds
     * {@code scanCount}, the rows read). Queries only: it would apply an update.
     */
    public String explainAnalyze(String query, Object... args) {
        return explain(true, query, args);
    }

    private String explain(boolean analyze, String statement, Object... args) {
        compactionGate.readLock().lock();
        try (Connection c = dataSource.getConnection(); JdbcStoreSession s = new JdbcStoreSession(c, sql, dialect)) {
            return s.explain(analyze, statement, args);
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        } finally {
            compactionGate.readLock().unlock();
        }
    }

    /**
     * The writer's counts so far: commits, works (store writes) they held, and syncs (forced to the
     * disk, at {@link Durability#DISK}). Works per commit is the group-commit factor.
     */
    public WriterStats writerStats() {
        return writer.stats();
    }

    /** The URL without its parameters (H2 {@code ;KEY=value}, PostgreSQL {@code ?key=value}), which may hold credentials. */
    @Override
    public String displayName() {
        return url.split("[?;]", 2)[0];
    }

    @Override
    public StoreStats stats() {
        WriterStats w = writer.stats();
        int active = -1;
        int max = -1;
        int waiting = -1;
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource h && h.getHikariPoolMXBean() != null) {
            active = h.getHikariPoolMXBean().getActiveConnections();
            max = h.getMaximumPoolSize();
            waiting = h.getHikariPoolMXBean().getThreadsAwaitingConnection();
        } else if (dataSource instanceof ReopenableH2Pool h2) {
            active = h2.activeConnections();
            max = h2.maxConnections(); // H2's pool does not say how many threads wait
        }
        return new StoreStats(w.commits(), w.works(), writer.commitNanos(), writer.pending(), active, max, waiting);
    }

    /** Store writes waiting for the writer (tests use it to know that callers have queued). */
    @Override
    public int pendingWrites() {
        return writer.pending();
    }

    @Override
    public boolean isWriterThread() {
        return writer.isWriterThread();
    }

    @Override
    public boolean shared() {
        return dialect.sharedAcrossNodes();
    }

    /**
     * The most database connections this store opens at once: the pool's read connections and the writer,
     * and on PostgreSQL the LISTEN and notifier connections. The pool opens read connections on demand.
     */
    public int connectionLimit() {
        return connectionLimit;
    }

    /** The store's connections (tests check how they are set up). */
    DataSource dataSource() {
        return dataSource;
    }

    /** Whether a database backend (PostgreSQL pid) is this store's writer or notifier: its notifications are our own. */
    private boolean isOwnBackend(int pid) {
        return writer.backendPid() == pid || (notifier != null && notifier.backendPid() == pid);
    }

    /** How long a long poll sleeps at most on a shared store before looking again (lost notifications). */
    public static final long CROSS_NODE_POLL_MILLIS = 1500;

    @Override
    public long crossNodePollMillis() {
        return shared() ? CROSS_NODE_POLL_MILLIS : Long.MAX_VALUE;
    }

    @Override
    public void onQueueChanged(QueueChangeListener l) {
        changeListeners.add(l);
    }

    private void fireQueueChanged(long queueId, boolean settings) {
        for (QueueChangeListener l : changeListeners) {
            l.queueChanged(queueId, settings);
        }
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

    /** True once {@link #close()} has begun: writes and reads then fail with {@link StoreException#closed()}. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        writer.close();
        if (notifier != null) {
            notifier.close(); // after the writer: its last commits are announced
        }
        if (Dialect.isInMemory(url)) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute(sql.get("shutdown"));
            } catch (SQLException ignored) {
                // already gone
            }
        }
        closePool();
        if (dialect.embedded() && !Dialect.isInMemory(url)) {
            compactFile();
        }
        release();
    }

    /**
     * Compacts an embedded H2 file while the application runs, when the store has been idle and the
     * file holds much more than its live data. H2 reuses a dead chunk only after its 45 s
     * {@code RETENTION_TIME}, which Jaqs keeps for durability (README, "What the H2 file holds"), so
     * after a load the file holds GBs of dead chunks until the database is closed. Called by the
     * broker every {@link io.jaqs.broker.Limits#STORE_IDLE_CHECK} of its clock: when no commit changed
     * a row since the previous call, and the file is larger than its live data (H2's file size ×
     * its chunks' fill rate) + {@link io.jaqs.broker.Limits#STORE_FILE_SLACK_BYTES}, the writer
     * runs the compaction alone: in-flight reads finish, the pool's connections close, the database
     * shuts down with {@code SHUTDOWN COMPACT} (live data written aside, then renamed over the old
     * file: a kill -9 meanwhile leaves the old file or the new one, both whole), and a fresh pool
     * opens it again. Reads and writes that arrive meanwhile wait, then succeed.
     *
     * @return whether it compacted; false for a busy store, a file within the bound, an in-memory
     *         or PostgreSQL store, or when in-flight reads did not finish within
     *         {@link io.jaqs.broker.Limits#STORE_COMPACTION_READ_WAIT}
     */
    @Override
    public CompletableFuture<Boolean> compactIfIdle(long fileSlackBytes, java.time.Duration readWait) {
        if (h2Pool == null || closed) {
            return CompletableFuture.completedFuture(false);
        }
        long changes = writer.changingCommits();
        boolean idle = changes == changesAtLastCheck;
        changesAtLastCheck = changes;
        if (!idle) {
            return CompletableFuture.completedFuture(false);
        }
        // a write queued before the compaction that changed a row means the store is busy again: skip
        return writer.runAlone(() -> writer.changingCommits() == changes && compactAlone(false, fileSlackBytes, readWait));
    }

    /** Compacts the H2 file now, whatever its size and however busy the store (tests: a kill -9 during a compaction). */
    CompletableFuture<Boolean> compactNow() {
        if (h2Pool == null || closed) {
            return CompletableFuture.completedFuture(false);
        }
        return writer.runAlone(() -> compactAlone(true, 0, java.time.Duration.ofSeconds(30)));
    }

    /** Reads waiting for a compaction to open the database again (tests). */
    int readsWaitingForCompaction() {
        return compactionGate.getQueueLength();
    }

    /** Compactions so far. */
    public long compactions() {
        return compactions;
    }

    /** Runs on the writer thread, alone: no write in flight. */
    private boolean compactAlone(boolean force, long fileSlackBytes, java.time.Duration readWait) throws Exception {
        if (closed || !compactionGate.writeLock().tryLock(readWait.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return false;
        }
        long started = System.nanoTime();
        long before;
        try {
            // A plain connection keeps the database open while the pool's connections close, and runs the shutdown.
            try (Connection c = java.sql.DriverManager.getConnection(url, user == null ? "" : user, password == null ? "" : password)) {
                if (!force && !oversized(c, fileSlackBytes)) {
                    return false;
                }
                before = fileSize(c);
                h2Pool.dispose();
                try (Statement st = c.createStatement()) {
                    st.execute(sql.get("shutdownCompact"));
                    compactions++;
                    Runnable hook = whileCompacting;
                    if (hook != null) {
                        hook.run();
                    }
                } finally {
                    h2Pool.reopen();
                }
            }
            if (!force) {
                System.getLogger(JdbcQueueStore.class.getName()).log(System.Logger.Level.INFO, () -> String.format(java.util.Locale.ROOT,
                        "Idle store %s compacted: %,d bytes -> %,d bytes in %d ms (store calls waited meanwhile)", displayName(),
                        before, currentFileSize(), (System.nanoTime() - started) / 1_000_000));
            }
            return true;
        } finally {
            compactionGate.writeLock().unlock();
        }
    }

    private long fileSize(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("storeFileInfo"))) {
            while (rs.next()) {
                if (rs.getString(1).endsWith("FILE_SIZE")) {
                    return Long.parseLong(rs.getString(2).trim());
                }
            }
        }
        return -1;
    }

    /** The H2 file's size now, read on a pooled connection (which opens the database again), or -1. */
    private long currentFileSize() {
        try (Connection c = dataSource.getConnection()) {
            return fileSize(c);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Whether the H2 file is larger than its live data + the slack (the chunks' fill rate is H2's, in whole percent). */
    private boolean oversized(Connection c, long fileSlackBytes) throws SQLException {
        long fileSize = 0;
        long fillPercent = 100;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("storeFileInfo"))) {
            while (rs.next()) {
                long v = Long.parseLong(rs.getString(2).replace("%", "").trim());
                if (rs.getString(1).endsWith("FILE_SIZE")) {
                    fileSize = v;
                } else {
                    fillPercent = v;
                }
            }
        }
        long live = fileSize / 100 * fillPercent;
        return fileSize > live + fileSlackBytes;
    }

    /**
     * A clean close of an H2 file: SHUTDOWN COMPACT rewrites the live data into a fresh file (H2
     * writes it aside and then renames it over the old one), so the file left is the size of what is
     * stored; H2's plain close compacts for 200 ms at most and left GBs of dead chunks (bench/run
     * --footprint). After the pool is closed, on a plain connection: a pooled one would trace
     * "Database is already closed" when it is given back after the shutdown.
     */
    private void compactFile() {
        try (Connection c = java.sql.DriverManager.getConnection(url, user == null ? "" : user, password == null ? "" : password);
             Statement st = c.createStatement()) {
            st.execute(sql.get("shutdownCompact"));
        } catch (SQLException e) {
            // the file stays as H2's own close left it: still correct, only larger
            System.getLogger(JdbcQueueStore.class.getName()).log(System.Logger.Level.DEBUG, "SHUTDOWN COMPACT failed: " + e);
        }
    }

    private void release() {
        if (identity != null) {
            OPEN_IN_THIS_JVM.remove(identity);
        }
    }

    private void closePool() {
        try {
            pool.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
