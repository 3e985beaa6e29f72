package io.jaqs.broker.store;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the broker keeps its state. Writes run as {@link StoreWork} in a write transaction that
 * the store may share with other concurrent writes (group commit): a write's future completes
 * only after the commit that holds it, at the store's {@link Durability}. A work that throws is
 * undone alone; the others in the same commit are unaffected. The store's own failures are
 * {@link StoreException}s.
 */
public interface QueueStore extends AutoCloseable {

    <T> CompletableFuture<T> write(StoreWork<T> work);

    /** Runs a read on the calling thread, outside any write transaction (sees committed data). */
    <T> T read(StoreWork<T> work);

    Durability durability();

    /** The store's counters (metrics), or null when it keeps none. */
    default StoreStats stats() {
        return null;
    }

    /** What to call the store in management tools: its location without credentials. */
    default String displayName() {
        return getClass().getSimpleName();
    }

    /** Works queued for the store's writer and not yet taken, or -1 when the store does not say. */
    default int pendingWrites() {
        return -1;
    }

    /**
     * True on the thread that runs the store's writes. Write futures complete on it, so a stage
     * attached to one must not block on the store: it would wait for itself.
     */
    default boolean isWriterThread() {
        return false;
    }

    /**
     * True when the store keeps its data encrypted on disk (an H2 file opened with a
     * storeEncryptionKey): what SQS's {@code SqsManagedSseEnabled} reports for every queue.
     */
    default boolean encryptedAtRest() {
        return false;
    }

    /**
     * True when several brokers (JVMs) may share this store: the core then re-reads cached queue
     * settings after a short time and long polls also poll (see {@link #crossNodePollMillis}).
     */
    default boolean shared() {
        return false;
    }

    /**
     * On a shared store: how long a long poll may sleep at most before it looks again, in case a
     * change notification from another node was lost. {@code Long.MAX_VALUE} when not shared.
     */
    default long crossNodePollMillis() {
        return Long.MAX_VALUE;
    }

    /** What another node changed in a queue. */
    interface QueueChangeListener {
        /**
         * @param queueId the queue
         * @param settings true when the queue's row changed (attributes, or the queue was deleted): cached
         *        settings are stale; false when only its messages changed (a send, a message visible earlier)
         */
        void queueChanged(long queueId, boolean settings);
    }

    /**
     * Registers the listener of changes made by other nodes: called (from a background thread) when
     * another node sent to a queue, made a message visible earlier, or changed or deleted the queue.
     * Never called for an embedded store.
     */
    default void onQueueChanged(QueueChangeListener listener) {
    }

    /**
     * Gives disk space back while the application runs, if the store needs it and has been idle:
     * the broker calls it every {@link io.jaqs.broker.Limits#STORE_IDLE_CHECK} of its clock. Reads and
     * writes that arrive during it wait and then succeed. The future says whether it compacted.
     *
     * @param fileSlackBytes how much larger than its live data a file may be before it is compacted
     *        ({@link io.jaqs.broker.Limits#STORE_FILE_SLACK_BYTES})
     * @param readWait how long to wait for reads in flight before giving up until the next call
     *        ({@link io.jaqs.broker.Limits#STORE_COMPACTION_READ_WAIT})
     */
    default CompletableFuture<Boolean> compactIfIdle(long fileSlackBytes, java.time.Duration readWait) {
        return CompletableFuture.completedFuture(false);
    }

    /** Called when the store fails in a way that needs the application's attention. */
    void onFailure(Consumer<Throwable> listener);

    /**
     * This store as the given implementation (tests read a JDBC store's counters through a broker),
     * as {@link java.sql.Wrapper#unwrap}: a store that wraps another asks it.
     *
     * @throws IllegalArgumentException when it is not one
     */
    default <S extends QueueStore> S unwrap(Class<S> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException(getClass().getName() + " is not a " + type.getName());
    }

    @Override
    void close();
}
