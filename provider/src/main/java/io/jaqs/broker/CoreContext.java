package io.jaqs.broker;

import io.jaqs.broker.store.QueueStore;
import io.jaqs.broker.store.StoreWork;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the core's helpers share, so that none of them calls back into {@link JaqsBroker}: the store
 * (its writer is the one executor of every write), the broker's clock and scheduler, its settings,
 * its observers, the queue catalog and the message algorithms. One per broker; made by
 * {@link JaqsBroker} and closed with it.
 */
final class CoreContext {
    private static final System.Logger LOG = System.getLogger(JaqsBroker.class.getName());

    private final QueueStore store;
    private final BrokerConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final BrokerObservers observers = new BrokerObservers();
    private final QueueCatalog catalog;
    private final MessageOps ops;
    private final Topics topics;
    private volatile boolean closed;

    /** The helpers made here only keep the context: none uses it before this constructor returns. */
    CoreContext(QueueStore store, BrokerConfig config) {
        this.store = store;
        this.config = config;
        this.clock = config.clock();
        this.scheduler = Scheduler.forClock(clock);
        this.catalog = new QueueCatalog(this);
        this.ops = new MessageOps(this);
        this.topics = new Topics(this);
    }

    QueueStore store() {
        return store;
    }

    BrokerConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    BrokerObservers observers() {
        return observers;
    }

    QueueCatalog catalog() {
        return catalog;
    }

    MessageOps ops() {
        return ops;
    }

    Topics topics() {
        return topics;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    void checkOpen() {
        if (closed) {
            throw new BrokerException(ErrorCode.BROKER_CLOSED, "The broker is closed");
        }
    }

    /** A blocking call made on the store's writer thread would wait for itself forever. */
    void checkNotWriterThread() {
        if (store.isWriterThread()) {
            throw new IllegalStateException("A blocking broker call was made on the store's writer thread; "
                    + "attach callbacks to broker futures with an *Async stage or hand them to another executor");
        }
    }

    /** Runs {@code work} on the store's writer and waits for its commit. */
    <T> T write(StoreWork<T> work) {
        checkNotWriterThread();
        return BrokerFutures.await(store.write(work));
    }

    void log(System.Logger.Level level, String message) {
        LOG.log(level, message);
    }

    /** A random (version 4) UUID: message ids and move-task handles. */
    static String randomUuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
