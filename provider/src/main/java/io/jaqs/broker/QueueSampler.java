package io.jaqs.broker;

import io.jaqs.broker.store.QueueSampleRow;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples queues for metrics, JMX and the console. A sample reads the queue's whole index range (a
 * count cannot do less on a deep queue), so it is kept for {@link Limits#QUEUE_SAMPLE_MAX_AGE} of
 * the broker's clock and shared by every reader: a scrape every 10 s of a 1,000,000-message queue
 * costs one range scan a minute, not one per scrape. Concurrent readers of a stale sample may both
 * refresh it; that is rare and harmless.
 */
final class QueueSampler {
    private final CoreContext core;
    private final Map<Long, QueueSample> samples = new ConcurrentHashMap<>();

    QueueSampler(CoreContext core) {
        this.core = core;
    }

    QueueSample sample(QueueState q) {
        return sample(q, Limits.QUEUE_SAMPLE_MAX_AGE.toMillis());
    }

    QueueSample sample(QueueState q, long maxAgeMillis) {
        QueueSample s = samples.get(q.id);
        long now = core.clock().millis();
        if (s != null && now - s.sampledAt().toEpochMilli() < maxAgeMillis
                && now >= s.sampledAt().toEpochMilli()) {
            return s;
        }
        return sampleNow(q);
    }

    QueueSample sampleNow(QueueState q) {
        long now = core.clock().millis();
        QueueSampleRow r = core.store().read(s -> s.sampleQueue(q.id, now, Limits.OLDEST_AGE_RECEIVE_LIMIT));
        long oldest = r.oldestSentAt() != 0 ? r.oldestSentAt() : r.oldestAnySentAt();
        long age = oldest == 0 ? 0 : Math.max(0, (now - oldest) / 1000);
        QueueSample s = new QueueSample(q.name, q.fifo, r.visible(), r.notVisible(), r.delayed(), age,
                q.fifo ? r.groupsWithInflightMessages() : 0, Instant.ofEpochMilli(now));
        samples.put(q.id, s);
        return s;
    }

    void forget(long queueId) {
        samples.remove(queueId);
    }
}
