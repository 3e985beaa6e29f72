package io.jaqs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerTestSupport;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each meter's value after a scripted sequence of sends, receives, deletes, expiry and a
 * dead-letter move, on a {@link io.jaqs.broker.ManualClock}: CloudWatch's SQS metrics per queue
 * and the store's own.
 */
class JaqsMetricsTest extends BrokerTestSupport {
    private SimpleMeterRegistry registry;

    @BeforeEach
    void registry() {
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private double gauge(String metric, String queue) {
        return registry.get(JaqsMetrics.QUEUE_PREFIX + metric).tag(JaqsMetrics.QUEUE_TAG, queue).gauge().value();
    }

    private double counter(String metric, String queue) {
        return registry.get(JaqsMetrics.QUEUE_PREFIX + metric).tag(JaqsMetrics.QUEUE_TAG, queue).counter().count();
    }

    private List<ReceivedMessage> receive(String queue, int max, int visibilitySeconds) {
        return broker.receiveMessage(queue, ReceiveMessageRequest.of(max).withWaitTimeSeconds(0)
                .withVisibilityTimeoutSeconds(visibilitySeconds));
    }

    @Test
    void sendReceiveDeleteAndDeadLetterMoveAsCloudWatchCountsThem() {
        queue("orders-dlq");
        queue("orders", "RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq\",\"maxReceiveCount\":\"2\"}");
        JaqsMetrics.bind(broker, registry);

        broker.sendMessage("orders", SendMessageRequest.builder("a").build());
        clock.advanceSeconds(10);
        broker.sendMessage("orders", SendMessageRequest.builder("bb").build());
        broker.sendMessage("orders", SendMessageRequest.builder("ccc").build());
        assertEquals(3, counter("NumberOfMessagesSent", "orders"));
        var size = registry.get(JaqsMetrics.QUEUE_PREFIX + "SentMessageSize").tag(JaqsMetrics.QUEUE_TAG, "orders").summary();
        assertEquals(3, size.count());
        assertEquals(6, size.totalAmount(), "bodies of 1, 2 and 3 bytes, no attributes");
        assertEquals(3, size.max());

        clock.advanceSeconds(5);
        assertEquals(3, gauge("ApproximateNumberOfMessagesVisible", "orders"));
        assertEquals(0, gauge("ApproximateNumberOfMessagesNotVisible", "orders"));
        assertEquals(15, gauge("ApproximateAgeOfOldestMessage", "orders"), "'a' was sent 15 s ago");

        List<ReceivedMessage> got = receive("orders", 1, 30);
        assertEquals("a", got.get(0).bodyAsString());
        broker.deleteMessage("orders", got.get(0).receiptHandle());
        assertEquals(1, counter("NumberOfMessagesReceived", "orders"));
        assertEquals(1, counter("NumberOfMessagesDeleted", "orders"));

        // the gauges share one sample per minute of the broker's clock: a scrape now reads the old sample
        assertEquals(3, gauge("ApproximateNumberOfMessagesVisible", "orders"));
        clock.advanceSeconds(60);
        assertEquals(2, gauge("ApproximateNumberOfMessagesVisible", "orders"));
        assertEquals(65, gauge("ApproximateAgeOfOldestMessage", "orders"), "'bb' and 'ccc' were sent 65 s ago");

        // 'bb' and 'ccc' received twice (maxReceiveCount 2), then a third receive moves them to the DLQ
        assertEquals(2, receive("orders", 10, 30).size());
        clock.advanceSeconds(31);
        assertEquals(2, receive("orders", 10, 30).size());
        clock.advanceSeconds(60); // past the visibility timeout, and a fresh sample
        assertEquals(2, gauge("ApproximateNumberOfMessagesVisible", "orders"), "visible again after the timeout");
        assertEquals(0, receive("orders", 10, 30).size(), "both exceed maxReceiveCount: moved, none returned");
        assertEquals(5, counter("NumberOfMessagesReceived", "orders"));
        assertEquals(1, counter("NumberOfEmptyReceives", "orders"));
        assertEquals(0, counter("NumberOfMessagesSent", "orders-dlq"), "a dead-letter move is no send (CloudWatch)");

        clock.advanceSeconds(60);
        assertEquals(0, gauge("ApproximateNumberOfMessagesVisible", "orders"));
        assertEquals(0, gauge("ApproximateAgeOfOldestMessage", "orders"), "empty queue");
        assertEquals(2, gauge("ApproximateNumberOfMessagesVisible", "orders-dlq"));
        assertEquals(216, gauge("ApproximateAgeOfOldestMessage", "orders-dlq"),
                "on a dead-letter queue: time since the original send (65 + 31 + 60 + 60 s)");
    }

    @Test
    void inFlightAndDelayedCountsAndExpiry() {
        queue("short", "MessageRetentionPeriod", "60");
        JaqsMetrics.bind(broker, registry);
        broker.sendMessage("short", SendMessageRequest.builder("now").build());
        broker.sendMessage("short", SendMessageRequest.builder("later").delaySeconds(120).build());
        broker.sendMessage("short", SendMessageRequest.builder("taken").build());
        assertEquals(1, receive("short", 1, 600).size());
        clock.advanceSeconds(1);
        assertEquals(1, gauge("ApproximateNumberOfMessagesVisible", "short"));
        assertEquals(1, gauge("ApproximateNumberOfMessagesNotVisible", "short"));
        assertEquals(1, gauge("ApproximateNumberOfMessagesDelayed", "short"));

        clock.advanceSeconds(60); // past the 60 s retention: all three expired
        broker.reapExpired().join();
        assertEquals(0, gauge("ApproximateNumberOfMessagesVisible", "short"));
        assertEquals(0, gauge("ApproximateNumberOfMessagesNotVisible", "short"));
        assertEquals(0, gauge("ApproximateNumberOfMessagesDelayed", "short"));
        assertEquals(3, counter("NumberOfMessagesSent", "short"));
        assertEquals(0, counter("NumberOfMessagesDeleted", "short"), "expiry is no delete");
    }

    @Test
    void ageOfOldestLeavesOutAMessageReceivedThreeTimes() {
        queue("poison");
        JaqsMetrics.bind(broker, registry);
        broker.sendMessage("poison", SendMessageRequest.builder("p").build());
        for (int i = 0; i < 3; i++) {
            assertEquals("p", receive("poison", 1, 1).get(0).bodyAsString());
            clock.advanceSeconds(2);
        }
        clock.advanceSeconds(100);
        broker.sendMessage("poison", SendMessageRequest.builder("q").build());
        clock.advanceSeconds(5);
        assertEquals(5, gauge("ApproximateAgeOfOldestMessage", "poison"), "'q', not 'p' received 3 times 111 s ago");
        assertEquals(2, gauge("ApproximateNumberOfMessagesVisible", "poison"));
    }

    /**
     * Group names of their own: on PostgreSQL a group's lock is an advisory lock of the whole database,
     * keyed by queue id and group name, which other tests' schemas on the same database may hold.
     */
    @Test
    void fifoGroupsWithMessagesInFlight() {
        queue("f.fifo", "FifoQueue", "true", "ContentBasedDeduplication", "true");
        JaqsMetrics.bind(broker, registry);
        for (String[] m : new String[][] {{"metrics-g1", "1"}, {"metrics-g1", "2"}, {"metrics-g2", "3"}, {"metrics-g3", "4"}}) {
            broker.sendMessage("f.fifo", SendMessageRequest.builder(m[1]).messageGroupId(m[0]).build());
        }
        List<ReceivedMessage> got = receive("f.fifo", 10, 30);
        assertEquals(4, got.size());
        assertEquals(3, gauge("ApproximateNumberOfGroupsWithInflightMessages", "f.fifo"));
        assertEquals(4, gauge("ApproximateNumberOfMessagesNotVisible", "f.fifo"));
        assertNull(registry.find(JaqsMetrics.QUEUE_PREFIX + "ApproximateNumberOfGroupsWithInflightMessages")
                .tag(JaqsMetrics.QUEUE_TAG, "other").gauge());
    }

    @Test
    void storeMetersAndLongPolls() throws Exception {
        queue("q");
        JaqsMetrics.bind(broker, registry);
        for (int i = 0; i < 5; i++) {
            broker.sendMessage("q", SendMessageRequest.builder("m" + i).build());
        }
        double commits = registry.get(JaqsMetrics.STORE_PREFIX + "commits").functionCounter().count();
        double works = registry.get(JaqsMetrics.STORE_PREFIX + "works").functionCounter().count();
        assertTrue(commits >= 5, "five sends, each waited for: at least five commits, got " + commits);
        assertTrue(works >= commits);
        var timer = registry.get(JaqsMetrics.STORE_PREFIX + "commit").functionTimer();
        assertEquals(commits, timer.count(), 0.5);
        assertTrue(timer.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertTrue(registry.get(JaqsMetrics.STORE_PREFIX + "works.per.commit").gauge().value() >= 1);
        assertEquals(0, registry.get(JaqsMetrics.STORE_PREFIX + "writer.queue").gauge().value());
        assertTrue(registry.get(JaqsMetrics.STORE_PREFIX + "pool.max").gauge().value() >= 1);
        assertTrue(registry.get(JaqsMetrics.STORE_PREFIX + "pool.active").gauge().value() >= 0);

        queue("empty");
        Meter waiting = registry.get(JaqsMetrics.STORE_PREFIX + "longpolls.waiting").gauge();
        assertEquals(0, registry.get(JaqsMetrics.STORE_PREFIX + "longpolls.waiting").gauge().value());
        CompletableFuture<List<ReceivedMessage>> poll = broker.receiveMessageAsync("empty",
                ReceiveMessageRequest.of(1).withWaitTimeSeconds(20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (registry.get(JaqsMetrics.STORE_PREFIX + "longpolls.waiting").gauge().value() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, registry.get(JaqsMetrics.STORE_PREFIX + "longpolls.waiting").gauge().value());
        broker.sendMessage("empty", SendMessageRequest.builder("wake").build());
        assertEquals(1, poll.get(10, TimeUnit.SECONDS).size());
        assertEquals(0, registry.get(JaqsMetrics.STORE_PREFIX + "longpolls.waiting").gauge().value());
        assertNotNull(waiting);
    }

    @Test
    void metersOfADeletedQueueAndOfAClosedBrokerAreRemoved() {
        queue("gone");
        queue("kept");
        JaqsMetrics.bind(broker, registry);
        assertNotNull(registry.find(JaqsMetrics.QUEUE_PREFIX + "NumberOfMessagesSent").tag(JaqsMetrics.QUEUE_TAG, "gone").counter());
        queue("new-one");
        assertNotNull(registry.find(JaqsMetrics.QUEUE_PREFIX + "ApproximateNumberOfMessagesVisible")
                .tag(JaqsMetrics.QUEUE_TAG, "new-one").gauge(), "a queue created after binding gets its meters");
        broker.deleteQueue("gone");
        assertNull(registry.find(JaqsMetrics.QUEUE_PREFIX + "NumberOfMessagesSent").tag(JaqsMetrics.QUEUE_TAG, "gone").counter());
        broker.close();
        assertTrue(registry.getMeters().isEmpty(), () -> "left after close: " + registry.getMeters().stream()
                .map(m -> m.getId().toString()).toList());
    }
}
