package io.jaqs.broker;

import io.jaqs.broker.store.QueueRow;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the core keeps in memory for one queue: its stored row decoded, the long polls waiting on
 * it, and a version that every send or visibility change bumps (so a poll that registers after a
 * wake-up it missed sees the change and tries again).
 */
final class QueueState {
    final long id;
    final String name;
    final boolean fifo;
    final long createdAt;
    volatile QueueSettings settings;
    volatile Map<String, String> tags;
    volatile long modifiedAt;
    volatile long purgedAt;
    volatile boolean deleted;
    final AtomicLong version = new AtomicLong();
    /** The long polls waiting on this queue, longest-waiting first (a poll registers at each arming). */
    final Queue<LongPoll> waiters = new ConcurrentLinkedQueue<>();
    /** Approximate in-flight count, recounted at most once a second (the OverLimit rule). */
    volatile long inFlight;
    volatile long inFlightCountedAt = Long.MIN_VALUE;
    /** Standard queues: where messages of each message group sort (fair queues). */
    final FairSchedule fairSchedule = new FairSchedule();
    /**
     * On a store shared by several nodes: when (System.nanoTime) the settings were last read from the
     * store. Another node may change or delete the queue; the cache is re-read after
     * {@link QueueCatalog#SHARED_CACHE_TTL_NANOS} or at once after a change notification (0).
     */
    volatile long loadedAtNanos = System.nanoTime();

    QueueState(QueueRow row) {
        this.id = row.id();
        this.name = row.name();
        this.fifo = row.fifo();
        this.createdAt = row.createdAt();
        this.settings = QueueSettings.fromStored(row.fifo(), KeyValues.decode(row.attributes()));
        this.tags = KeyValues.decode(row.tags());
        this.modifiedAt = row.modifiedAt();
        this.purgedAt = row.purgedAt();
    }

    /** Takes the settings of a fresh read of this queue's row (same id). */
    void refresh(QueueRow row) {
        this.settings = QueueSettings.fromStored(row.fifo(), KeyValues.decode(row.attributes()));
        this.tags = KeyValues.decode(row.tags());
        this.modifiedAt = row.modifiedAt();
        this.purgedAt = row.purgedAt();
        this.loadedAtNanos = System.nanoTime();
    }

    /** Wakes every long poll waiting on this queue: something may have become receivable. */
    void changed() {
        wakeFor(Integer.MAX_VALUE);
    }

    /**
     * After a change that can have made up to {@code messages} messages receivable (a send of that
     * many; FIFO: the delete of a group's in-flight message, which frees that one group): wakes every
     * waiting poll that filters what it takes (a selector: the message may be for it alone) and, of
     * the others, as many as {@code messages}, longest-waiting first. One message goes to one
     * receive: waking every idle consumer for it would cost each of them a store read that finds
     * nothing (measured on a shared PostgreSQL store with 8 threads sending, receiving and
     * acknowledging: most of the store's works per message). A woken poll that finds nothing
     * (another receive took the message first) waits again; a poll that was ending does not count,
     * so the wake goes to the next one.
     */
    void wakeFor(int messages) {
        version.incrementAndGet();
        int left = messages;
        for (LongPoll w : waiters) {
            if (w.filters()) {
                w.wake();
            } else if (left > 0 && w.wake()) {
                left--;
            }
        }
    }
}
