package io.jaqs.metrics;

import io.jaqs.broker.BrokerObserver;
import io.jaqs.broker.Broker;
import io.jaqs.broker.Limits;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.QueueSample;
import io.jaqs.broker.store.StoreStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of one broker: per queue, CloudWatch's Amazon SQS metrics under their
 * CloudWatch names (prefix {@value #QUEUE_PREFIX}, tag {@value #QUEUE_TAG}); and the store's own
 * (prefix {@value #STORE_PREFIX}).
 *
 * <pre>{@code
 * JaqsMetrics.bind(connectionFactory.getBroker(), registry);   // removed when the broker closes
 * }</pre>
 *
 * <p>Gauges of counts and age read {@link Broker#queueSample}, so any number of scrapes cost one
 * store scan per queue per {@link Limits#QUEUE_SAMPLE_MAX_AGE}. Counters follow the broker's events
 * on this node ({@link BrokerObserver}); with several nodes on one PostgreSQL, sum them over nodes.
 *
 * <p>Micrometer is an optional dependency of Jaqs: only this package refers to it, and nothing
 * loads this package unless the application calls it.
 */
public final class JaqsMetrics implements MeterBinder, AutoCloseable {
    public static final String QUEUE_PREFIX = "jaqs.sqs.";
    public static final String STORE_PREFIX = "jaqs.store.";
    /** CloudWatch's dimension name for the queue. */
    public static final String QUEUE_TAG = "QueueName";

    private final Broker broker;
    private final Map<String, QueueMeters> queues = new ConcurrentHashMap<>();
    private final List<Meter> storeMeters = new ArrayList<>();
    private final BrokerObserver observer = new Observer();
    private volatile MeterRegistry registry;

    public JaqsMetrics(Broker broker) {
        this.broker = broker;
    }

    /** Binds the broker's meters to the registry and returns the binding (close it to remove them). */
    public static JaqsMetrics bind(Broker broker, MeterRegistry registry) {
        JaqsMetrics m = new JaqsMetrics(broker);
        m.bindTo(registry);
        return m;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("These Jaqs metrics are bound already; make a JaqsMetrics per registry");
        }
        this.registry = registry;
        bindStore(registry);
        broker.addObserver(observer);
        for (QueueName queue : broker.listQueueNames(null)) {
            meters(queue.name());
        }
    }

    private void bindStore(MeterRegistry r) {
        storeMeters.add(Gauge.builder(STORE_PREFIX + "longpolls.waiting", broker, b -> b.longPollsWaiting())
                .description("Receives waiting in a long poll").register(r));
        if (broker.storeStats() == null) { // the store's counters, read through the broker on each scrape
            return;
        }
        storeMeters.add(FunctionCounter.builder(STORE_PREFIX + "commits", broker, b -> b.storeStats().commits())
                .description("Transactions the store's writer committed").register(r));
        storeMeters.add(FunctionCounter.builder(STORE_PREFIX + "works", broker, b -> b.storeStats().works())
                .description("Store writes (a send, a receive, a delete ...) the commits held").register(r));
        storeMeters.add(FunctionTimer.builder(STORE_PREFIX + "commit", broker, b -> b.storeStats().commits(),
                        b -> b.storeStats().commitNanos(), TimeUnit.NANOSECONDS)
                .description("Commit latency of the store's writer (with the fsync of durability disk)").register(r));
        storeMeters.add(Gauge.builder(STORE_PREFIX + "works.per.commit", broker, b -> {
            StoreStats w = b.storeStats();
            return w.commits() == 0 ? 0 : (double) w.works() / w.commits();
        }).description("Mean store writes per commit (group commit) since the store opened").register(r));
        storeMeters.add(Gauge.builder(STORE_PREFIX + "writer.queue", broker, b -> b.storeStats().pendingWrites())
                .description("Writes queued for the store's writer").register(r));
        storeMeters.add(Gauge.builder(STORE_PREFIX + "pool.active", broker, b -> b.storeStats().poolActive())
                .description("Pooled store connections in use").register(r));
        storeMeters.add(Gauge.builder(STORE_PREFIX + "pool.max", broker, b -> b.storeStats().poolMax())
                .description("Most pooled store connections").register(r));
        storeMeters.add(Gauge.builder(STORE_PREFIX + "pool.pending", broker, b -> b.storeStats().poolWaiting())
                .description("Threads waiting for a store connection (-1: the pool does not say)").register(r));
    }

    /** The meters of one queue, registered on first use. */
    private QueueMeters meters(String queue) {
        MeterRegistry r = registry;
        return queues.computeIfAbsent(queue, q -> new QueueMeters(r, q));
    }

    @Override
    public synchronized void close() {
        broker.removeObserver(observer);
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        for (QueueMeters m : queues.values()) {
            m.remove(r);
        }
        queues.clear();
        storeMeters.forEach(r::remove);
        storeMeters.clear();
    }

    private final class QueueMeters {
        final List<Meter> all = new ArrayList<>();
        final Counter sent;
        final Counter received;
        final Counter deleted;
        final Counter emptyReceives;
        final DistributionSummary sentSize;

        QueueMeters(MeterRegistry r, String name) {
            QueueName queue = QueueName.of(name); // an observer's name: the core's, valid
            Tags tags = Tags.of(QUEUE_TAG, name);
            gauge(r, queue, tags, "ApproximateNumberOfMessagesVisible", "Messages available for retrieval", QueueSample::visible);
            gauge(r, queue, tags, "ApproximateNumberOfMessagesNotVisible", "Messages in flight: received, not yet deleted",
                    QueueSample::notVisible);
            gauge(r, queue, tags, "ApproximateNumberOfMessagesDelayed", "Messages delayed, not yet available",
                    QueueSample::delayed);
            gauge(r, queue, tags, "ApproximateAgeOfOldestMessage", "Seconds since the oldest message was sent"
                    + " (leaving out messages received 3 or more times)", QueueSample::ageOfOldestMessageSeconds);
            if (queue.isFifo()) {
                gauge(r, queue, tags, "ApproximateNumberOfGroupsWithInflightMessages", "Message groups with messages in flight",
                        QueueSample::groupsWithInflightMessages);
            }
            sent = add(Counter.builder(QUEUE_PREFIX + "NumberOfMessagesSent").tags(tags)
                    .description("Messages added to the queue (not dead-letter moves)").register(r));
            received = add(Counter.builder(QUEUE_PREFIX + "NumberOfMessagesReceived").tags(tags)
                    .description("Messages returned by receives").register(r));
            deleted = add(Counter.builder(QUEUE_PREFIX + "NumberOfMessagesDeleted").tags(tags)
                    .description("Messages deleted with a current receipt handle").register(r));
            emptyReceives = add(Counter.builder(QUEUE_PREFIX + "NumberOfEmptyReceives").tags(tags)
                    .description("Receives that returned no message").register(r));
            sentSize = add(DistributionSummary.builder(QUEUE_PREFIX + "SentMessageSize").tags(tags).baseUnit("bytes")
                    .description("Size of the messages added to the queue (body and attributes)").register(r));
        }

        private void gauge(MeterRegistry r, QueueName queue, Tags tags, String name, String description,
                           ToDoubleFunction<QueueSample> value) {
            add(Gauge.builder(QUEUE_PREFIX + name, () -> {
                try {
                    return value.applyAsDouble(broker.queueSample(queue));
                } catch (RuntimeException e) {
                    return Double.NaN; // deleted meanwhile, broker closed: no value rather than a failed scrape
                }
            }).tags(tags).description(description).register(r));
        }

        private <M extends Meter> M add(M m) {
            all.add(m);
            return m;
        }

        void remove(MeterRegistry r) {
            all.forEach(r::remove);
        }
    }

    private final class Observer implements BrokerObserver {
        @Override
        public void queueCreated(String queue) {
            meters(queue);
        }

        @Override
        public void queueDeleted(String queue) {
            QueueMeters m = queues.remove(queue);
            if (m != null) {
                m.remove(registry);
            }
        }

        @Override
        public void messageSent(String queue, int bytes) {
            QueueMeters m = meters(queue);
            m.sent.increment();
            m.sentSize.record(bytes);
        }

        @Override
        public void messagesReceived(String queue, int count) {
            QueueMeters m = meters(queue);
            if (count == 0) {
                m.emptyReceives.increment();
            } else {
                m.received.increment(count);
            }
        }

        @Override
        public void messageDeleted(String queue) {
            meters(queue).deleted.increment();
        }

        @Override
        public void brokerClosed() {
            close();
        }
    }
}
