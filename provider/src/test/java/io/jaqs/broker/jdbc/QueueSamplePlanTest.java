package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.Limits;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.QueueSample;
import io.jaqs.broker.store.Durability;
import io.jaqs.metrics.JaqsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics' counts on a deep queue (1,000,000 messages with {@code -Djaqs.test.sampleDepth=1000000}): the sample statement reads that queue's range
 * of the ready index (not the table, not other queues), and scrapes share one sample per
 * {@link Limits#QUEUE_SAMPLE_MAX_AGE} instead of scanning the queue each time.
 */
class QueueSamplePlanTest {
    /**
     * 100,000 by default to keep the suite fast (filling takes most of the time);
     * {@code -Djaqs.test.sampleDepth=1000000} for the million (about 40-100 s on 2 cores).
     */
    private static final int DEPTH = Integer.getInteger("jaqs.test.sampleDepth", 100_000);
    private static final Pattern SCAN_COUNT = Pattern.compile("/\\* scanCount: (\\d+) \\*/");

    @Test
    void scrapesOfADeepQueueShareOneRangeScan(@TempDir Path dir) {
        ManualClock clock = new ManualClock();
        JdbcQueueStore store = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("deep").toAbsolutePath(), null, null,
                Durability.PROCESS, 2);
        try (JaqsBroker broker = new JaqsBroker(store, BrokerConfig.withClock(clock))) {
            broker.createQueue("deep", Map.of());
            broker.createQueue("small", Map.of());
            long deep = store.read(s -> s.findQueue("deep").id());
            long small = store.read(s -> s.findQueue("small").id());
            long now = clock.millis();
            QueryPlanTest.insert(store, deep, DEPTH, now);
            QueryPlanTest.insert(store, small, 1_000, now);
            clock.advanceSeconds(1);
            long t = clock.millis();

            String plan = store.explain("sampleQueue", t, t, t, Limits.OLDEST_AGE_RECEIVE_LIMIT, t, small, t);
            assertTrue(plan.contains("PUBLIC.JAQS_MESSAGE_READY") && plan.contains("QUEUE_ID = ?6"),
                    "the sample reads the queue's range of the ready index:\n" + plan);
            String analyzed = store.explainAnalyze("sampleQueue", t, t, t, Limits.OLDEST_AGE_RECEIVE_LIMIT, t, small, t);
            assertTrue(scanCount(analyzed) <= 1_001, "the small queue's 1,000 rows, not the deep queue's:\n" + analyzed);

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            JaqsMetrics.bind(broker, registry);
            long t0 = System.nanoTime();
            QueueSample first = broker.queueSample("deep");
            long sampleMillis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(DEPTH, first.visible());
            assertEquals(1, first.ageOfOldestMessageSeconds());
            for (int scrape = 0; scrape < 100; scrape++) {
                clock.advance(java.time.Duration.ofMillis(500)); // 100 scrapes over 50 s of the broker's clock
                assertEquals(DEPTH, registry.get(JaqsMetrics.QUEUE_PREFIX + "ApproximateNumberOfMessagesVisible")
                        .tag(JaqsMetrics.QUEUE_TAG, "deep").gauge().value());
                assertSame(first, broker.queueSample("deep"), "scrape " + scrape + " re-read the store");
            }
            clock.advanceSeconds(11);
            QueueSample next = broker.queueSample("deep");
            assertTrue(next.sampledAt().isAfter(first.sampledAt()), "a minute later: a new sample");
            System.out.println("QueueSamplePlanTest: one sample of a " + DEPTH + "-message queue took " + sampleMillis
                    + " ms; 100 scrapes within a minute took 1 sample");
        }
    }

    private static long scanCount(String plan) {
        Matcher m = SCAN_COUNT.matcher(plan);
        long max = 0;
        while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(1)));
        }
        return max;
    }
}
