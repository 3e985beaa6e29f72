package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FIFO message groups spread over every kind of JMS consumer (issue #17): a consumer's prefetch
 * takes one group and continues only that group, so with C consumers and at least C groups every
 * consumer gets work, each group is delivered in order, and nothing is processed twice.
 */
class FifoGroupConsumersTest extends JmsTestSupport {
    private static final int GROUPS = 40;
    private static final int PER_GROUP = 50;
    private static final int CONSUMERS = 4;
    /** The dying consumer's test: 20 per group, so that its prefetch (10) holds part of its group. */
    private static final int DYING_PER_GROUP = 20;

    /** The kinds of consumer the issue names (the resource adapter's and CDI's have tests in their modules). */
    enum Kind { SYNC, LISTENER, JMS_CONSUMER, JMS_CONSUMER_LISTENER }

    /** What the consumers processed, in the order they processed it (before acknowledging). */
    private final List<String> processed = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> byConsumer = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    /** What a consumer does with a message; true when it was processed (to be acknowledged). */
    interface Handler {
        boolean handle(String consumer, Message m) throws Exception;
    }

    private static String body(int group, int seq) {
        return String.format("g%02d-%03d", group, seq);
    }

    private static String groupOf(String body) {
        return body.substring(0, 3);
    }

    /** Sends GROUPS × PER_GROUP messages, the groups interleaved (seq 1 of every group, then seq 2, ...). */
    private void sendGroups(Queue q, int groups, int perGroup) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(q);
            for (int seq = 1; seq <= perGroup; seq++) {
                for (int g = 0; g < groups; g++) {
                    TextMessage m = s.createTextMessage(body(g, seq));
                    m.setStringProperty("JMSXGroupID", "g" + g);
                    p.send(m);
                }
                s.commit();
            }
        }
    }

    /** Starts a consumer of the kind; messages its handler processed are acknowledged. */
    private void start(Kind kind, Queue q, String name, Handler h) throws JMSException {
        switch (kind) {
            case SYNC -> {
                Session s = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer c = s.createConsumer(q);
                loop(name, () -> c.receive(100), h);
            }
            case JMS_CONSUMER -> {
                JMSContext ctx = track(factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE));
                JMSConsumer c = ctx.createConsumer(q);
                loop(name, () -> c.receive(100), h);
            }
            case LISTENER -> {
                Session s = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
                s.createConsumer(q).setMessageListener(m -> onMessage(name, m, h));
            }
            case JMS_CONSUMER_LISTENER -> {
                JMSContext ctx = track(factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE));
                ctx.createConsumer(q).setMessageListener(m -> onMessage(name, m, h));
            }
        }
    }

    interface Receive {
        Message next() throws Exception;
    }

    private void loop(String name, Receive r, Handler h) {
        Thread t = new Thread(() -> {
            try {
                while (!stop) {
                    Message m = r.next();
                    if (m == null) {
                        continue;
                    }
                    if (!h.handle(name, m)) {
                        return; // the consumer "dies": it never acknowledges, never closes, never receives again
                    }
                    m.acknowledge();
                }
            } catch (Exception e) {
                if (!stop) {
                    processed.add("FAILED " + name + ": " + e);
                }
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void onMessage(String name, Message m, Handler h) {
        try {
            if (h.handle(name, m)) {
                m.acknowledge();
            }
        } catch (Exception e) {
            processed.add("FAILED " + name + ": " + e);
        }
    }

    /** The usual handler: records the message; each consumer's first message waits until every consumer has one. */
    private Handler recordAndMeet(CountDownLatch everyoneHasOne) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return (name, m) -> {
            processed.add(((TextMessage) m).getText());
            byConsumer.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (seen.add(name)) {
                everyoneHasOne.countDown();
                // if one consumer held every group the others had no first message and this would time out
                if (!everyoneHasOne.await(WAIT_MS * 2, TimeUnit.MILLISECONDS)) {
                    processed.add("FAILED " + name + ": not every consumer got a message while it held its first");
                }
            }
            return true;
        };
    }

    private void awaitProcessed(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (processed.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertEquals(n, processed.size(), "processed: " + processed.stream().filter(p -> p.startsWith("FAILED")).toList());
    }

    /** Waits (bounded) until the queue holds exactly n messages, visible or in flight. */
    private void awaitRemaining(String queue, long n) throws JMSException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counts(queue)[0] + counts(queue)[1] != n && System.nanoTime() < deadline) {
            Thread.yield();
        }
        assertEquals(n, counts(queue)[0] + counts(queue)[1]);
    }

    private void stopAll() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(WAIT_MS);
        }
    }

    /** Every group's messages were processed once each, in order. */
    private void assertGroupsInOrder(List<String> bodies, int groups, int perGroup) {
        assertEquals(List.of(), bodies.stream().filter(p -> p.startsWith("FAILED")).toList());
        assertEquals(groups * perGroup, new HashSet<>(bodies).size(), "nothing processed twice");
        Map<String, List<String>> perGroupOrder = new LinkedHashMap<>();
        for (String b : bodies) {
            perGroupOrder.computeIfAbsent(groupOf(b), k -> new ArrayList<>()).add(b);
        }
        assertEquals(groups, perGroupOrder.size());
        for (int g = 0; g < groups; g++) {
            List<String> want = new ArrayList<>();
            for (int seq = 1; seq <= perGroup; seq++) {
                want.add(body(g, seq));
            }
            assertEquals(want, perGroupOrder.get(String.format("g%02d", g)), "group g" + g + " in order");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fourConsumersShareFortyGroupsInOrderAndOnce(Kind kind) throws Exception {
        Queue q = new JaqsQueue("orders.fifo");
        sendGroups(q, GROUPS, PER_GROUP);
        CountDownLatch everyoneHasOne = new CountDownLatch(CONSUMERS);
        Handler h = recordAndMeet(everyoneHasOne);
        for (int i = 0; i < CONSUMERS; i++) {
            start(kind, q, kind + "-" + i, h);
        }
        awaitProcessed(GROUPS * PER_GROUP);
        stopAll();
        assertGroupsInOrder(new ArrayList<>(processed), GROUPS, PER_GROUP);
        assertEquals(CONSUMERS, byConsumer.size(), "every consumer processed messages: " + byConsumer);
        byConsumer.values().forEach(n -> assertTrue(n.get() > 0));
        awaitRemaining("orders.fifo", 0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void asManyGroupsAsConsumersGiveEveryConsumerAGroup(Kind kind) throws Exception {
        // the strictest case: a prefetch of 10 across groups of 3 would give the first consumer all four groups
        Queue q = new JaqsQueue("four.fifo");
        sendGroups(q, CONSUMERS, 3);
        CountDownLatch everyoneHasOne = new CountDownLatch(CONSUMERS);
        Handler h = recordAndMeet(everyoneHasOne);
        for (int i = 0; i < CONSUMERS; i++) {
            start(kind, q, kind + "-" + i, h);
        }
        awaitProcessed(CONSUMERS * 3);
        stopAll();
        assertGroupsInOrder(new ArrayList<>(processed), CONSUMERS, 3);
        assertEquals(CONSUMERS, byConsumer.size(), "every consumer processed messages: " + byConsumer);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whileTheFirstConsumerWorksOnA1TheSecondGetsB1AtOnce(Kind kind) throws Exception {
        Queue q = new JaqsQueue("ab.fifo");
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            for (String[] gm : new String[][] {{"A", "A1"}, {"A", "A2"}, {"B", "B1"}}) {
                TextMessage m = s.createTextMessage(gm[1]);
                m.setStringProperty("JMSXGroupID", gm[0]);
                p.send(m);
            }
        }
        CountDownLatch firstHasA1 = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, String> got = new ConcurrentHashMap<>();
        start(kind, q, "first", (name, m) -> {
            String text = ((TextMessage) m).getText();
            got.merge(name, text, (a, b) -> a + "," + b);
            firstHasA1.countDown();
            release.await(WAIT_MS * 2, TimeUnit.MILLISECONDS); // works on A1 for as long as the test needs
            return true;
        });
        assertTrue(firstHasA1.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals("A1", got.get("first"));
        CountDownLatch secondHasB1 = new CountDownLatch(1);
        start(kind, q, "second", (name, m) -> {
            got.merge(name, ((TextMessage) m).getText(), (a, b) -> a + "," + b);
            secondHasB1.countDown();
            return true;
        });
        // no clock moves: B1 is not held by the first consumer
        assertTrue(secondHasB1.await(WAIT_MS, TimeUnit.MILLISECONDS), "the second consumer got B1 while A1 is in flight: " + got);
        assertEquals("B1", got.get("second"));
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!"A1,A2".equals(got.get("first")) && !"B1,A2".equals(got.get("second")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        stopAll();
        assertTrue("A1,A2".equals(got.get("first")) || "B1,A2".equals(got.get("second")), "A2 after A1: " + got);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aConsumerThatDiesHoldingAGroupLosesItAfterTheVisibilityTimeoutAndTheGroupStaysInOrder(Kind kind) throws Exception {
        Queue q = new JaqsQueue("dies.fifo");
        sendGroups(q, GROUPS, DYING_PER_GROUP);
        CountDownLatch deadHasOne = new CountDownLatch(1);
        CountDownLatch revive = new CountDownLatch(1);
        String[] deadGroup = {null};
        boolean listener = kind == Kind.LISTENER || kind == Kind.JMS_CONSUMER_LISTENER;
        start(kind, q, "dead", (name, m) -> {
            if (deadGroup[0] == null) {
                deadGroup[0] = groupOf(((TextMessage) m).getText());
                deadHasOne.countDown();
                if (listener) {
                    revive.await(60, TimeUnit.SECONDS); // a listener stuck for good: its session's thread never returns
                }
            }
            return false; // never processed, never acknowledged
        });
        assertTrue(deadHasOne.await(WAIT_MS, TimeUnit.MILLISECONDS));
        String held = deadGroup[0]; // g00 on H2; on PostgreSQL group heads need not follow send order across groups
        try {
            CountDownLatch everyoneHasOne = new CountDownLatch(CONSUMERS);
            Handler h = recordAndMeet(everyoneHasOne);
            for (int i = 0; i < CONSUMERS; i++) {
                start(kind, q, kind + "-" + i, h);
            }
            awaitProcessed((GROUPS - 1) * DYING_PER_GROUP);
            assertTrue(processed.stream().noneMatch(b -> b.startsWith(held)), "the dead consumer's group stays locked");
            // once the last acknowledgements (they follow the processing) have committed, the held group is all that is left
            awaitRemaining("dies.fifo", DYING_PER_GROUP);

            advance(31); // the queue's visibility timeout (30 s) ends for the messages the dead consumer holds
            awaitProcessed(GROUPS * DYING_PER_GROUP);
            List<String> all = new ArrayList<>(processed);
            assertGroupsInOrder(all, GROUPS, DYING_PER_GROUP);
            assertEquals(CONSUMERS, byConsumer.size(), "every consumer processed messages: " + byConsumer);
        } finally {
            revive.countDown();
            stopAll();
        }
        assertNotNull(deadGroup[0]);
    }
}
