package io.jaqs.broker;

import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.QueueStore;
import io.jaqs.broker.store.StoreException;
import io.jaqs.broker.store.StoreWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The store as the core sees it: the store's {@link StoreException}s become the core's
 * {@link BrokerException}s ({@link ErrorCode#STORE_FAILURE}, or {@link ErrorCode#BROKER_CLOSED} for a
 * closed store), on reads, on write futures and for failure listeners, so the front ends see only
 * the core's exception. Everything else passes through.
 */
final class StoreBoundary implements QueueStore {
    private final QueueStore store;

    private StoreBoundary(QueueStore store) {
        this.store = store;
    }

    static QueueStore of(QueueStore store) {
        return store instanceof StoreBoundary ? store : new StoreBoundary(store);
    }

    /** The core's exception for a store failure; any other throwable unchanged. */
    static Throwable translate(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof StoreException e) {
            return BrokerException.fromStore(e);
        }
        return t;
    }

    @Override
    public <T> CompletableFuture<T> write(StoreWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // completes on the thread that completed the store's future, as before (the writer's)
        store.write(work).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(error));
            }
        });
        return result;
    }

    @Override
    public <T> T read(StoreWork<T> work) {
        try {
            return store.read(work);
        } catch (StoreException e) {
            throw (RuntimeException) translate(e);
        }
    }

    @Override
    public CompletableFuture<Boolean> compactIfIdle(long fileSlackBytes, java.time.Duration readWait) {
        return store.compactIfIdle(fileSlackBytes, readWait);
    }

    @Override
    public Durability durability() {
        return store.durability();
    }

    @Override
    public boolean isWriterThread() {
        return store.isWriterThread();
    }

    @Override
    public boolean encryptedAtRest() {
        return store.encryptedAtRest();
    }

    @Override
    public boolean shared() {
        return store.shared();
    }

    @Override
    public long crossNodePollMillis() {
        return store.crossNodePollMillis();
    }

    @Override
    public void onQueueChanged(QueueChangeListener listener) {
        store.onQueueChanged(listener);
    }

    @Override
    public void onFailure(Consumer<Throwable> listener) {
        store.onFailure(t -> listener.accept(translate(t)));
    }

    @Override
    public int pendingWrites() {
        return store.pendingWrites();
    }

    @Override
    public io.jaqs.broker.store.StoreStats stats() {
        return store.stats();
    }

    @Override
    public String displayName() {
        return store.displayName();
    }

    @Override
    public <S extends QueueStore> S unwrap(Class<S> type) {
        return type.isInstance(this) ? type.cast(this) : store.unwrap(type);
    }

    @Override
    public void close() {
        store.close();
    }
}
