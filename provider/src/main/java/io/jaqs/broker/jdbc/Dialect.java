package io.jaqs.broker.jdbc;

import io.jaqs.broker.store.Durability;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/** What differs between databases: the SQL file, URL rules, and how a commit is made to reach the disk. */
enum Dialect {
    H2("/io/jaqs/broker/jdbc/h2.sql"),
    POSTGRESQL("/io/jaqs/broker/jdbc/postgresql.sql");

    private final String sqlResource;

    Dialect(String sqlResource) {
        this.sqlResource = sqlResource;
    }

    String sqlResource() {
        return sqlResource;
    }

    static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported store URL '" + url
                + "': Jaqs stores in H2 (jdbc:h2:file:<path> or jdbc:h2:mem:<name>) or PostgreSQL (jdbc:postgresql://...)");
    }

    /**
     * The URL the store really opens. For H2 it forces {@code WRITE_DELAY=0}: H2's default write
     * delay (500 ms) loses committed transactions on {@code kill -9} (measured: docs/architecture.md, store facts), which
     * would break the promise that a returned PERSISTENT send survives. A URL that asks for another
     * write delay is refused rather than silently weakened, and so are the settings that let a second
     * process write the same file ({@code AUTO_SERVER=TRUE}, {@code FILE_LOCK=NO}): the store's single
     * writer is what keeps two receives from claiming one message.
     *
     * <p>With {@code WRITE_DELAY=0} every commit writes an MVStore chunk (measured: ~20 KB per
     * commit with 1 KiB messages, 16 KiB pages), and H2 reuses the space of a dead chunk only after
     * {@code RETENTION_TIME} (45 s): under load the file grows to about 45 s of chunk writes
     * (3.8 GB at ~3,300 single-work commits/s here; group commit makes fewer, fuller chunks), and
     * only a compaction gives the space back: when the store has been idle ({@link JdbcQueueStore#compactIfIdle})
     * and at a clean close. The
     * store leaves RETENTION_TIME at H2's default on purpose: lower values are what H2 issues #2752
     * and #4387 (2.5.x, "Double mark" on reopen after SHUTDOWN with RETENTION_TIME=1000) report
     * corrupting files, and DurabilityKillTest lost confirmed sends on kill -9 with H2 2.5.252 at
     * RETENTION_TIME=0 (first kill, both durabilities) and 1000 (second kill, DISK). {@code PAGE_SIZE=4096} halves the bytes per commit (measured 72 → 40 KB per
     * send+receive+delete) if disk space matters more than the effect on reads, not measured here.
     */
    String normalizeUrl(String url) {
        if (this == POSTGRESQL) {
            return withoutParameter(withoutParameter(withoutParameter(url, POOL_SIZE_PARAMETER), WRITERS_PARAMETER),
                    STORE_TIMEOUT_PARAMETER);
        }
        String writeDelay = h2Setting(url, "WRITE_DELAY");
        if (writeDelay != null && !writeDelay.equals("0")) {
            throw new IllegalArgumentException("Store URL '" + url + "' sets WRITE_DELAY=" + writeDelay
                    + ": H2 then loses committed messages on kill -9 (it writes commits up to that many ms later)."
                    + " Jaqs needs WRITE_DELAY=0 (it groups commits instead); remove the setting");
        }
        String autoServer = h2Setting(url, "AUTO_SERVER");
        if (autoServer != null && autoServer.equals("TRUE")) {
            throw new IllegalArgumentException("Store URL '" + url + "' sets AUTO_SERVER=TRUE: a second process could then"
                    + " write the store and receive the same messages. An embedded store belongs to one process;"
                    + " share a store between JVMs with PostgreSQL");
        }
        String fileLock = h2Setting(url, "FILE_LOCK");
        if (fileLock != null && fileLock.equals("NO")) {
            throw new IllegalArgumentException("Store URL '" + url + "' sets FILE_LOCK=NO: a second process could then open"
                    + " the store and corrupt it. Remove the setting");
        }
        StringBuilder b = new StringBuilder(url);
        if (writeDelay == null) {
            b.append(";WRITE_DELAY=0");
        }
        if (!isInMemory(url) && h2Setting(url, "DB_CLOSE_ON_EXIT") == null) {
            // H2's own shutdown hook would close the database before Jaqs's hook has closed the store,
            // whose last writes then fail ("Database is already closed" in the .trace.db). The store
            // closes the database itself (BrokerRegistry's hook, or close()); a JVM that exits
            // without closing it leaves a file H2 opens as after kill -9, which loses nothing.
            b.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        if (isInMemory(url) && h2Setting(url, "DB_CLOSE_DELAY") == null) {
            b.append(";DB_CLOSE_DELAY=-1"); // the pool may close every connection; keep the data until close()
        }
        return b.toString();
    }

    /** The URL query parameter that sizes a PostgreSQL store's pool of read connections. */
    static final String POOL_SIZE_PARAMETER = "jaqsPoolSize";

    /** The URL query parameter of the withdrawn several-writers experiment: only 1 is accepted. */
    static final String WRITERS_PARAMETER = "jaqsWriters";

    /**
     * Refuses a URL asking for more than one writer connection: a store has one, on every dialect. A node's writes must commit in the order
     * the node issued them, not only per thread: an acknowledgement's delete (issued on a session's
     * thread) and a release of the same message (close, recover, rollback, issued on another) must
     * not swap, or the released message is received again while its delete then misses it (a
     * duplicate delivery, seen with two writers in ListenerTest on PostgreSQL). One writer per node
     * gives that order for free; nodes are independent because each message's operations come from
     * the node that holds it. {@code jaqsWriters=1} is accepted, anything else is refused.
     * Throughput comes from group commit and from more nodes (docs/scaling.md: more writers did not
     * help on this machine either).
     */
    void requireOneWriter(String url) {
        String v = queryParameter(url, WRITERS_PARAMETER);
        if (v != null && !v.strip().equals("1")) {
            throw new IllegalArgumentException("Store URL '" + url + "' sets " + WRITERS_PARAMETER + "=" + v
                    + ": a store commits on exactly one writer connection per node (writes of one node must commit in the"
                    + " order it issued them); remove the parameter or set it to 1");
        }
    }

    /** The read pool size: the URL's {@code jaqsPoolSize} when given, else {@code fallback}. */
    static int poolSize(String url, int fallback) {
        String v = queryParameter(url, POOL_SIZE_PARAMETER);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("Store URL '" + url + "' sets " + POOL_SIZE_PARAMETER + "=" + v
                + ": it must be a whole number of connections, at least 1");
    }

    /** The URL query parameter that bounds how long a PostgreSQL store call waits for a database connection. */
    static final String STORE_TIMEOUT_PARAMETER = "jaqsStoreTimeoutSeconds";

    /**
     * Seconds a store call waits for a database connection before it fails saying the store is
     * unreachable (PostgreSQL: the pool's connectionTimeout, and the driver's connectTimeout and
     * loginTimeout unless the URL sets them). A few seconds: long enough for a pool to replace the
     * connections a database restart ended, short enough that callers hear of an outage at once
     * instead of blocking for the pool's usual 30 s.
     */
    static final int DEFAULT_STORE_TIMEOUT_SECONDS = 5;

    /** The URL's {@code jaqsStoreTimeoutSeconds} (1 to 300) when given, else {@link #DEFAULT_STORE_TIMEOUT_SECONDS}. */
    static int storeTimeoutSeconds(String url) {
        String v = queryParameter(url, STORE_TIMEOUT_PARAMETER);
        if (v == null) {
            return DEFAULT_STORE_TIMEOUT_SECONDS;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= 300) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("Store URL '" + url + "' sets " + STORE_TIMEOUT_PARAMETER + "=" + v
                + ": it must be a whole number of seconds from 1 to 300");
    }

    /** Whether the URL sets this query parameter (a driver setting Jaqs must not override). */
    static boolean hasParameter(String url, String name) {
        return queryParameter(url, name) != null;
    }

    private static String queryParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String p : url.substring(q + 1).split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).equals(name)) {
                return p.substring(eq + 1);
            }
        }
        return null;
    }

    private static String withoutParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder rest = new StringBuilder();
        for (String p : url.substring(q + 1).split("&")) {
            if (p.isEmpty() || p.startsWith(name + "=")) {
                continue;
            }
            rest.append(rest.length() == 0 ? "" : "&").append(p);
        }
        return rest.length() == 0 ? url.substring(0, q) : url.substring(0, q + 1) + rest;
    }

    /** The value of an H2 URL setting ({@code ;NAME=value}), upper case and trimmed, or null. */
    private static String h2Setting(String url, String name) {
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).trim().equalsIgnoreCase(name)) {
                return parts[i].substring(eq + 1).trim().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * What names the database a URL opens, for refusing to open one embedded database twice in a
     * JVM: the absolute file path ({@code ~} expanded) or {@code mem:<name>}; null when the database
     * is not embedded (a server holds it) or not H2.
     */
    String storeIdentity(String url) {
        if (this != H2) {
            return null;
        }
        String db = url.substring("jdbc:h2:".length()).split(";")[0].trim();
        if (db.startsWith("mem:")) {
            if (db.length() == "mem:".length()) {
                throw new IllegalArgumentException("Store URL '" + url + "' names no in-memory database: give it a name"
                        + " (jdbc:h2:mem:<name>), as every connection of an unnamed one sees another database");
            }
            return db;
        }
        if (db.startsWith("tcp:") || db.startsWith("ssl:")) {
            return null;
        }
        if (db.startsWith("file:")) {
            db = db.substring("file:".length());
        }
        if (db.startsWith("~")) {
            db = System.getProperty("user.home") + db.substring(1);
        }
        try {
            return "file:" + Path.of(db).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return "file:" + db; // a path H2 understands and java.nio does not (another file system prefix)
        }
    }

    /** What to tell the user about a failure to open the store, beyond the driver's message. */
    String openFailureHint(SQLException e) {
        if (this != H2) {
            return "";
        }
        int code = e.getErrorCode();
        if (code == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
            return " (an embedded H2 store belongs to one process; share a store between JVMs with PostgreSQL)";
        }
        if (code == org.h2.api.ErrorCode.FILE_ENCRYPTION_ERROR_1 || code == org.h2.api.ErrorCode.FILE_CORRUPTED_1) {
            return " (an encrypted store opens only with the storeEncryptionKey it was created with, and a plain one only"
                    + " without a key)";
        }
        if (code == org.h2.api.ErrorCode.ADMIN_RIGHTS_REQUIRED) {
            return " (the store's H2 user must be an admin: Jaqs sets WRITE_DELAY=0 on the database, and CHECKPOINT SYNC at"
                    + " durability DISK)";
        }
        return "";
    }

    /** The H2 URL setting an encrypted store adds: H2's file encryption, AES-128 (H2 documents "AES" as its only cipher). */
    static final String CIPHER_SETTING = "CIPHER=AES";

    /**
     * The rules of a store encryption key (storeEncryptionKey), checked before anything is opened.
     * Only an H2 file is encrypted by Jaqs: an in-memory database has nothing on disk, and a
     * PostgreSQL server's files are the server's to encrypt (its TLS, {@code sslmode}, protects the
     * data on the way). H2 takes the key as the first word of the password ("{@code <file password>
     * <user password>}"), so a key may not be empty nor hold whitespace. A URL's own {@code CIPHER}
     * setting is refused either way: Jaqs adds {@code CIPHER=AES} itself when given a key, and it
     * reports SqsManagedSseEnabled from that.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    void checkEncryption(String url, String key) {
        if (this == H2 && h2Setting(url, "CIPHER") != null) {
            throw new IllegalArgumentException("Store URL '" + url + "' sets CIPHER: give the key as storeEncryptionKey instead"
                    + " (Jaqs then adds " + CIPHER_SETTING + " and composes H2's password from it); remove the setting");
        }
        if (key == null) {
            return;
        }
        if (this == POSTGRESQL) {
            throw new IllegalArgumentException("storeEncryptionKey is refused for a PostgreSQL store (" + url
                    + "): Jaqs encrypts only an embedded H2 file; encrypt PostgreSQL's disk on the server, and use TLS"
                    + " to it (sslmode=verify-full in the URL)");
        }
        if (isInMemory(url)) {
            throw new IllegalArgumentException("storeEncryptionKey is refused for an in-memory H2 store (" + url
                    + "): it keeps nothing on disk to encrypt; use jdbc:h2:file:<path>");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("storeEncryptionKey is empty: an encrypted store needs a non-empty key");
        }
        if (key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("storeEncryptionKey contains whitespace, which H2 cannot take: the key is"
                    + " the first word of H2's \"<file password> <user password>\"; use a key without spaces");
        }
    }

    static boolean isInMemory(String url) {
        return url.startsWith("jdbc:h2:mem:");
    }

    // ---- Capabilities: what the store does differently on each database, named here (as db-scheduler's
    // JdbcCustomization) rather than inferred from which statements a dialect file holds. The SQL of each
    // capability is in the dialect files, under the statement names given.

    /**
     * The database runs in this JVM and belongs to one process (H2's file lock): the store's single
     * writer serialises every change, and an in-memory database is shut down with {@code shutdown}.
     * Otherwise it is a server several JVMs (nodes) may share, each with its own writer.
     */
    boolean embedded() {
        return this == H2;
    }

    /** Several nodes may open one store at once (the opposite of {@link #embedded()}). */
    boolean sharedAcrossNodes() {
        return !embedded();
    }

    /**
     * A FIFO group is changed only under a transaction-scoped lock on (queue, group) that other nodes
     * see: {@code lockGroup} (waits) and {@code tryLockGroup} (skips). Without it the single writer
     * already serialises a group's changes.
     */
    boolean lockGroupsAcrossNodes() {
        return this == POSTGRESQL;
    }

    /**
     * {@code SELECT ... FOR UPDATE SKIP LOCKED} locks only the rows it returns: the ready selects
     * lock what they take, a standard receive claims in one round trip ({@code claimReady}), and a
     * browse needs a select of its own that locks nothing ({@code browseReady}). H2's FOR UPDATE
     * locks every row its WHERE matches (h2.sql), so on H2 no select locks and the claim is an
     * UPDATE that re-checks visibility.
     */
    boolean skipLocked() {
        return this == POSTGRESQL;
    }

    /**
     * A deduplication key is claimed with {@code INSERT ... ON CONFLICT} ({@code claimDedup}): a
     * concurrent send of the same key on another node waits for the first commit and sees a duplicate.
     * Without it the single writer decides and {@code mergeDedup} writes the entry.
     */
    boolean claimDedupOnConflict() {
        return this == POSTGRESQL;
    }

    /**
     * Committed changes are announced to the other nodes ({@code notify}, {@code listen}), and the
     * store tells its own announcements apart by backend ({@code backendPid}).
     */
    boolean notifyOtherNodes() {
        return this == POSTGRESQL;
    }

    /** Text columns can hold NUL characters (PostgreSQL text cannot). */
    boolean textHoldsNul() {
        return this == H2;
    }

    /**
     * Whether DDL takes part in a transaction: PostgreSQL's does, so a schema upgrade is all or
     * nothing; H2 commits at each DDL statement, so its migration steps must be re-runnable.
     */
    boolean transactionalDdl() {
        return this == POSTGRESQL;
    }

    /**
     * Creating or upgrading the schema runs under a lock held until commit ({@code schemaLock}), as
     * several nodes may open the store at once. An embedded store belongs to one process.
     */
    boolean serializesSchemaChanges() {
        return sharedAcrossNodes();
    }

    /**
     * A commit reaches the disk only when a statement forces it ({@code syncToDisk}, run after each
     * group commit at {@link Durability#DISK}); H2 runs it. On PostgreSQL synchronous_commit=on
     * already fsyncs the WAL at commit, checked on open instead ({@link #checksSynchronousCommit()}).
     */
    boolean syncsToDiskByStatement() {
        return this == H2;
    }

    /** Opening the store checks that the server makes commits durable ({@code synchronousCommit}). */
    boolean checksSynchronousCommit() {
        return this == POSTGRESQL;
    }

    /**
     * Opening the store checks that the database really runs without a write delay
     * ({@code writeDelay}; {@link #normalizeUrl} sets it, another connection could have changed it).
     */
    boolean checksWriteDelay(String url) {
        return this == H2 && !isInMemory(url);
    }

    /** Each connection of the pool runs {@code connectionInit} once when it opens. */
    boolean initializesConnections() {
        return this == POSTGRESQL;
    }
}
