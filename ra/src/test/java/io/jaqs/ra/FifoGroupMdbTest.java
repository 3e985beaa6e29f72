package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A FIFO queue's message groups spread over an MDB's sessions (maxSessions 4, the adapter's prefetch
 * raised to 10 so that a session could hold several groups): every session delivers, each group
 * in order, nothing twice (issue #17).
 */
public class FifoGroupMdbTest {
    static final int GROUPS = 40;
    static final int PER_GROUP = 50;
    static final String URL = "jdbc:h2:mem:ra-fifo-" + UUID.randomUUID();

    @RegisterExtension
    final Container container = new Container();

    @Module
    public Connector jaqs() throws Exception {
        return Container.connector(URL, "prefetch", "10");
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.queues("groups.fifo", "ab.fifo");
    }

    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "groups.fifo"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "4")})
    public static class GroupsMdb implements MessageListener {
        static final List<String> PROCESSED = Collections.synchronizedList(new ArrayList<>());
        static final Map<String, Integer> BY_THREAD = new ConcurrentHashMap<>();
        static final CountDownLatch EVERYONE_HAS_ONE = new CountDownLatch(4);

        @Override
        public void onMessage(Message message) {
            try {
                PROCESSED.add(((TextMessage) message).getText());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            if (BY_THREAD.merge(Thread.currentThread().getName(), 1, Integer::sum) == 1) {
                EVERYONE_HAS_ONE.countDown();
                try {
                    // one session holding every group would leave the others without a first message
                    if (!EVERYONE_HAS_ONE.await(20, TimeUnit.SECONDS)) {
                        PROCESSED.add("FAILED: not every session got a message while " + Thread.currentThread().getName()
                                + " held its first");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Two sessions; the one that gets A1 works on it until B1 was delivered by the other (or 20 s pass). */
    @MessageDriven(activationConfig = {
            @ActivationConfigProperty(propertyName = "destination", propertyValue = "ab.fifo"),
            @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")})
    public static class AbMdb implements MessageListener {
        static final List<String> DELIVERED = Collections.synchronizedList(new ArrayList<>());
        static final CountDownLatch B1 = new CountDownLatch(1);

        @Override
        public void onMessage(Message message) {
            try {
                String text = ((TextMessage) message).getText();
                DELIVERED.add(text + " on " + Thread.currentThread().getName());
                if (text.equals("B1")) {
                    B1.countDown();
                } else if (text.equals("A1") && !B1.await(20, TimeUnit.SECONDS)) {
                    DELIVERED.add("FAILED: B1 was not delivered while A1 was");
                }
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void whileOneSessionWorksOnA1AnotherGetsB1() throws Exception {
        try (JMSContext c = new JaqsConnectionFactory(URL).createContext()) {
            Queue q = c.createQueue("ab.fifo");
            c.createProducer().setProperty("JMSXGroupID", "A").send(q, "A1");
            c.createProducer().setProperty("JMSXGroupID", "A").send(q, "A2");
            c.createProducer().setProperty("JMSXGroupID", "B").send(q, "B1");
        }
        Container.deployBeans("ab", AbMdb.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (AbMdb.DELIVERED.size() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        List<String> all = new ArrayList<>(AbMdb.DELIVERED);
        assertEquals(3, all.size(), all.toString());
        assertTrue(all.stream().noneMatch(d -> d.startsWith("FAILED")), all.toString());
        String threadOfA1 = all.stream().filter(d -> d.startsWith("A1 on ")).findFirst().orElseThrow().substring(6);
        String threadOfB1 = all.stream().filter(d -> d.startsWith("B1 on ")).findFirst().orElseThrow().substring(6);
        assertTrue(!threadOfA1.equals(threadOfB1), "B1 went to the other session: " + all);
        assertTrue(all.indexOf(all.stream().filter(d -> d.startsWith("A2")).findFirst().orElseThrow())
                > all.indexOf("A1 on " + threadOfA1), "A2 after A1: " + all);
    }

    @Test
    void fourMdbSessionsShareFortyGroupsInOrderAndOnce() throws Exception {
        FifoGroupFixture.send(URL, "groups.fifo", GROUPS, PER_GROUP);
        Container.deployBeans("fifo", GroupsMdb.class);
        FifoGroupFixture.awaitUntil(() -> GroupsMdb.PROCESSED.size() >= GROUPS * PER_GROUP, 120,
                () -> GroupsMdb.PROCESSED.size() + " processed");
        List<String> all = new ArrayList<>(GroupsMdb.PROCESSED);
        assertEquals(List.of(), all.stream().filter(p -> p.startsWith("FAILED")).toList());
        FifoGroupFixture.assertEachGroupInOrderAndOnce(all, GROUPS, PER_GROUP);
        assertEquals(4, GroupsMdb.BY_THREAD.size(), "every MDB session delivered: " + GroupsMdb.BY_THREAD);
        assertTrue(GroupsMdb.BY_THREAD.values().stream().allMatch(n -> n > 0));
    }
}
