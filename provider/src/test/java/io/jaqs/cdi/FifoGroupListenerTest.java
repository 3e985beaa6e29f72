package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.ManualClock;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @JaqsListener(concurrency = ...)} on a FIFO queue (issue #17): the listener's consumers
 * share the message groups, every one of them works, each group is processed in order and once,
 * and a consumer stuck on a message loses its group to the others when the visibility timeout ends.
 */
class FifoGroupListenerTest extends CdiTestSupport {
    static final int GROUPS = 40;
    static final int PER_GROUP = 50;
    static final List<String> PROCESSED = Collections.synchronizedList(new ArrayList<>());
    static final Map<String, Integer> BY_THREAD = new ConcurrentHashMap<>();
    static volatile CountDownLatch everyoneHasOne;
    /** The body on which a consumer gets stuck ("dies"), or null; released by {@link #revive}. */
    static volatile String stuckOn;
    static volatile Thread stuck;
    static volatile CountDownLatch revive;
    final ManualClock clock = new ManualClock();

    @BeforeEach
    void brokerOnAManualClock() throws Exception {
        PROCESSED.clear();
        BY_THREAD.clear();
        stuckOn = null;
        stuck = null;
        revive = new CountDownLatch(1);
        JaqsConnectionFactory f = new JaqsConnectionFactory(url);
        f.setClock(clock);
        f.getBroker();
    }

    @AfterEach
    void reviveTheStuck() {
        revive.countDown();
    }

    static void process(String body) throws InterruptedException {
        Thread me = Thread.currentThread();
        if (me == stuck) {
            return; // the stuck consumer came back after the test: what it still held is not counted
        }
        if (body.equals(stuckOn) && stuck == null) {
            stuck = me;
            revive.await(60, TimeUnit.SECONDS);
            return;
        }
        PROCESSED.add(body);
        boolean first = BY_THREAD.merge(me.getName(), 1, Integer::sum) == 1;
        if (first) {
            everyoneHasOne.countDown();
            if (!everyoneHasOne.await(10, TimeUnit.SECONDS)) {
                PROCESSED.add("FAILED " + me.getName() + ": not every consumer got a message while it held its first");
            }
        }
    }

    @ApplicationScoped
    static class Four {
        @JaqsListener(destination = "groups.fifo", concurrency = "4-4")
        void on(String body) throws InterruptedException {
            process(body);
        }
    }

    @ApplicationScoped
    static class Five {
        @JaqsListener(destination = "groups.fifo", concurrency = "5-5")
        void on(String body) throws InterruptedException {
            process(body);
        }
    }

    private static String body(int g, int seq) {
        return String.format("g%02d-%03d", g, seq);
    }

    private void sendGroups() {
        try (JMSContext c = new JaqsConnectionFactory(url).createContext(JMSContext.SESSION_TRANSACTED)) {
            Queue q = c.createQueue("groups.fifo");
            for (int seq = 1; seq <= PER_GROUP; seq++) {
                for (int g = 0; g < GROUPS; g++) {
                    JMSProducer p = c.createProducer().setProperty("JMSXGroupID", "g" + g);
                    p.send(q, body(g, seq));
                }
                c.commit();
            }
        }
    }

    private static void awaitProcessed(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (PROCESSED.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertEquals(n, PROCESSED.size());
    }

    /** Waits (bounded) until the queue holds exactly n messages, visible or in flight. */
    private void awaitRemaining(long n) throws Exception {
        io.jaqs.broker.JaqsBroker broker = (io.jaqs.broker.JaqsBroker) new JaqsConnectionFactory(url).getBroker();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long left;
        do {
            Map<String, String> a = broker.getQueueAttributes("groups.fifo",
                    List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"));
            left = Long.parseLong(a.get("ApproximateNumberOfMessages")) + Long.parseLong(a.get("ApproximateNumberOfMessagesNotVisible"));
        } while (left != n && System.nanoTime() < deadline);
        assertEquals(n, left);
    }

    private static void assertEveryGroupOnceInOrder() {
        List<String> all = new ArrayList<>(PROCESSED);
        assertEquals(List.of(), all.stream().filter(p -> p.startsWith("FAILED")).toList());
        assertEquals(GROUPS * PER_GROUP, new HashSet<>(all).size(), "nothing processed twice");
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        all.forEach(b -> byGroup.computeIfAbsent(b.substring(0, 3), k -> new ArrayList<>()).add(b));
        for (int g = 0; g < GROUPS; g++) {
            List<String> want = new ArrayList<>();
            for (int seq = 1; seq <= PER_GROUP; seq++) {
                want.add(body(g, seq));
            }
            assertEquals(want, byGroup.get(String.format("g%02d", g)));
        }
    }

    @Test
    void fourConsumersShareFortyGroups() {
        everyoneHasOne = new CountDownLatch(4);
        sendGroups();
        start(Four.class);
        awaitProcessed(GROUPS * PER_GROUP);
        assertEveryGroupOnceInOrder();
        assertEquals(4, BY_THREAD.size(), "every consumer processed messages: " + BY_THREAD);
    }

    @Test
    void aStuckConsumerLosesItsGroupAfterTheVisibilityTimeout() throws Exception {
        everyoneHasOne = new CountDownLatch(4);
        stuckOn = body(0, 1);
        sendGroups();
        start(Five.class);
        awaitProcessed((GROUPS - 1) * PER_GROUP);
        assertTrue(PROCESSED.stream().noneMatch(b -> b.startsWith("g00")), "g00 waits behind its stuck head");
        awaitRemaining(PER_GROUP); // the last acknowledgements have committed: only g00's messages are left
        clock.advance(Duration.ofSeconds(31)); // the queue's visibility timeout (30 s)
        awaitProcessed(GROUPS * PER_GROUP);
        assertEveryGroupOnceInOrder();
        assertEquals(4, BY_THREAD.size(), "the four live consumers all processed messages: " + BY_THREAD);
        assertTrue(stuck != null && !BY_THREAD.containsKey(stuck.getName()));
    }
}
