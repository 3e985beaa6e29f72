package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.*;

import io.jaqs.broker.ManualClock;
import jakarta.jms.*;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmsSmokeTest {
    @TempDir
    Path dir;
    String url;

    JaqsConnectionFactory factory(ManualClock clock) {
        url = TestStores.newStore(dir, "jms");
        JaqsConnectionFactory f = new JaqsConnectionFactory(url);
        f.setClock(clock);
        return f;
    }

    @AfterEach
    void shutdown() {
        TestStores.release(url);
    }

    @Test
    void clientAckAndRedelivery() throws Exception {
        ManualClock clock = new ManualClock();
        JaqsConnectionFactory f = factory(clock);
        f.setQueueAttributes("work", Map.of("VisibilityTimeout", "5"));
        try (Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("work");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("one"));
            p.send(s.createTextMessage("two"));
            MessageConsumer consumer = s.createConsumer(q);
            TextMessage m1 = (TextMessage) consumer.receive(1000);
            assertEquals("one", m1.getText());
            assertFalse(m1.getJMSRedelivered());
            assertEquals(1, m1.getIntProperty("JMSXDeliveryCount"));
            s.recover();
            TextMessage again = (TextMessage) consumer.receive(1000);
            assertEquals("one", again.getText());
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            TextMessage m2 = (TextMessage) consumer.receive(1000);
            assertEquals("two", m2.getText());
            m2.acknowledge();
            assertNull(consumer.receiveNoWait());
            clock.advance(Duration.ofSeconds(6));
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void listenerAutoAck() throws Exception {
        JaqsConnectionFactory f = factory(new ManualClock());
        try (JMSContext ctx = f.createContext()) {
            Queue q = ctx.createQueue("events");
            CountDownLatch latch = new CountDownLatch(3);
            List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
            ctx.createConsumer(q).setMessageListener(m -> {
                try {
                    got.add(m.getBody(String.class));
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
                latch.countDown();
            });
            ctx.createProducer().send(q, "a").send(q, "b").send(q, "c");
            assertTrue(latch.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("a", "b", "c"), got);
        }
        assertEquals("0", f.getBroker().getQueueAttributes("events", List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .get("ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void transactedRollbackThenCommit() throws Exception {
        JaqsConnectionFactory f = factory(new ManualClock());
        try (Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue q = s.createQueue("tx.fifo");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("x"));
            MessageConsumer consumer = s.createConsumer(q);
            assertNull(consumer.receiveNoWait());
            s.commit();
            Message m = consumer.receive(1000);
            assertNotNull(m);
            s.rollback();
            Message m2 = consumer.receive(1000);
            assertEquals("x", m2.getBody(String.class));
            assertTrue(m2.getJMSRedelivered());
            s.commit();
            assertNull(consumer.receiveNoWait());
        }
    }
}
