package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MessageProducer settings, each observed on the receiving side. */
class ProducerTest extends JmsTestSupport {
    final Queue q = new JaqsQueue("out");
    Session session;
    MessageProducer producer;
    MessageConsumer consumer;

    @BeforeEach
    void open() throws JMSException {
        session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(q);
        consumer = session.createConsumer(q);
    }

    @Test
    void deliveryModeTravelsWithTheMessage() throws Exception {
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode(), "the JMS default");
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.send(session.createTextMessage("fast"));
        producer.send(session.createTextMessage("safe"), DeliveryMode.PERSISTENT, 4, 0);
        Message fast = consumer.receive(WAIT_MS);
        Message safe = consumer.receive(WAIT_MS);
        assertEquals("fast", text(fast));
        assertEquals(DeliveryMode.NON_PERSISTENT, fast.getJMSDeliveryMode());
        assertEquals(DeliveryMode.PERSISTENT, safe.getJMSDeliveryMode());
    }

    @Test
    void higherPriorityIsReceivedFirstOnAStandardQueue() throws Exception {
        consumer.close(); // it would prefetch the first send before the others arrive
        int[] priorities = {1, 9, 4, 0, 7};
        for (int p : priorities) {
            producer.setPriority(p);
            producer.send(session.createTextMessage("p" + p));
        }
        List<String> order = new ArrayList<>();
        List<Integer> headers = new ArrayList<>();
        for (Message m : takeAll(q)) {
            order.add(text(m));
            headers.add(m.getJMSPriority());
        }
        assertEquals(List.of("p9", "p7", "p4", "p1", "p0"), order);
        assertEquals(List.of(9, 7, 4, 1, 0), headers);
    }

    @Test
    void anExpiredMessageIsNotDelivered() throws Exception {
        consumer.close();
        producer.setTimeToLive(5_000);
        TextMessage shortLived = session.createTextMessage("short-lived");
        producer.send(shortLived);
        assertEquals(clock.millis() + 5_000, shortLived.getJMSExpiration());
        producer.send(session.createTextMessage("lasting"), DeliveryMode.PERSISTENT, 4, 0);
        advance(6);
        List<Message> got = takeAll(q);
        assertEquals(List.of("lasting"), texts(got));
        assertEquals(0, got.get(0).getJMSExpiration(), "time-to-live 0: never expires");
    }

    @Test
    void aPrefetchedMessageThatExpiresWhileHeldIsNotDelivered() throws Exception {
        producer.send(session.createTextMessage("keep 1"));
        producer.send(session.createTextMessage("short-lived"), DeliveryMode.PERSISTENT, 4, 5_000);
        producer.send(session.createTextMessage("keep 2"));
        assertEquals("keep 1", receiveText(consumer)); // the consumer now holds all three (prefetch 10)
        advance(6);
        assertEquals("keep 2", receiveText(consumer));
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void aMessageWithinItsTimeToLiveIsDelivered() throws Exception {
        producer.setTimeToLive(5_000);
        producer.send(session.createTextMessage("in time"));
        advance(4);
        Message m = consumer.receive(WAIT_MS);
        assertEquals("in time", text(m));
        assertTrue(m.getJMSExpiration() > clock.millis());
    }

    @Test
    void aDelayedMessageIsDeliveredOnlyAfterItsDeliveryDelay() throws Exception {
        producer.setDeliveryDelay(10_000);
        TextMessage later = session.createTextMessage("later");
        producer.send(later);
        assertEquals(clock.millis() + 10_000, later.getJMSDeliveryTime());
        producer.setDeliveryDelay(0);
        producer.send(session.createTextMessage("now"));
        assertEquals("now", receiveText(consumer));
        assertNull(consumer.receive(NOTHING_MS), "not before its delivery time");
        advance(9);
        assertNull(consumer.receiveNoWait());
        advance(2);
        Message m = consumer.receive(WAIT_MS); // the waiting long poll wakes when the clock passes the delivery time
        assertEquals("later", text(m));
        assertEquals(later.getJMSDeliveryTime(), m.getJMSDeliveryTime());
    }

    @Test
    void disabledMessageIdAndTimestampAreNullAndZeroOnBothSides() throws Exception {
        producer.setDisableMessageID(true);
        producer.setDisableMessageTimestamp(true);
        TextMessage sent = session.createTextMessage("anonymous");
        producer.send(sent);
        assertNull(sent.getJMSMessageID());
        assertEquals(0, sent.getJMSTimestamp());
        Message received = consumer.receive(WAIT_MS);
        assertEquals("anonymous", text(received));
        assertNull(received.getJMSMessageID(), "the hint was accepted: no id on the received message either");
        assertEquals(0, received.getJMSTimestamp());

        producer.setDisableMessageID(false);
        producer.setDisableMessageTimestamp(false);
        TextMessage normal = session.createTextMessage("normal");
        producer.send(normal);
        assertTrue(normal.getJMSMessageID().startsWith("ID:"));
        assertEquals(clock.millis(), normal.getJMSTimestamp(), "timestamps come from the broker's clock");
        Message r = consumer.receive(WAIT_MS);
        assertEquals(normal.getJMSMessageID(), r.getJMSMessageID());
        assertEquals(normal.getJMSTimestamp(), r.getJMSTimestamp());
    }

    @Test
    void asyncSendsCompleteInOrderOnAnotherThread() throws Exception {
        int n = 20;
        List<String> completed = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(n);
        CompletionListener listener = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    assertNotNull(message.getJMSMessageID(), "the id is set before onCompletion");
                    completed.add(text(message));
                } catch (JMSException e) {
                    completed.add("error " + e);
                }
                threads.add(Thread.currentThread().getName());
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                completed.add("failed " + exception);
                done.countDown();
            }
        };
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            producer.send(session.createTextMessage("a" + i), listener);
            expected.add("a" + i);
        }
        assertTrue(done.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(expected, completed, "completion listeners run in send order");
        assertTrue(threads.stream().noneMatch(t -> t.equals(Thread.currentThread().getName())));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(receiveText(consumer));
        }
        assertEquals(expected, got);
    }

    @Test
    void closeWaitsForIncompleteAsyncSendsAndTheirListeners() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        List<String> completed = new CopyOnWriteArrayList<>();
        CompletionListener slow = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                completed.add("done");
            }

            @Override
            public void onException(Message message, Exception exception) {
                completed.add("failed " + exception);
            }
        };
        for (int i = 0; i < 50; i++) {
            p.send(s.createTextMessage("a" + i), slow);
        }
        p.close();
        assertEquals(50, completed.size(), "producer.close() returned before every CompletionListener did");
        MessageProducer p2 = s.createProducer(q);
        for (int i = 0; i < 50; i++) {
            p2.send(s.createTextMessage("b" + i), slow);
        }
        s.close();
        assertEquals(100, completed.size(), "session.close() returned before every CompletionListener did");
    }

    @Test
    void aCompletionListenerMustNotCloseOrCommitItsOwnObjects() throws Exception {
        jakarta.jms.Connection c = connection();
        Session s = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer p = s.createProducer(q);
        List<Exception> refused = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        p.send(s.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                refused.add(ConnectionTest.attempt(c::close));
                refused.add(ConnectionTest.attempt(s::close));
                refused.add(ConnectionTest.attempt(p::close));
                refused.add(ConnectionTest.attempt(s::commit));
                refused.add(ConnectionTest.attempt(s::rollback));
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
            }
        });
        assertTrue(done.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(5, refused.size());
        for (Exception e : refused) {
            assertTrue(e instanceof jakarta.jms.IllegalStateException, e.toString());
        }
        s.commit(); // still usable from the application's thread
        assertEquals("x", receiveText(consumer));
    }

    @Test
    void asyncSendThroughJmsProducer() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        List<Message> completed = new CopyOnWriteArrayList<>();
        try (JMSContext ctx = factory.createContext()) {
            ctx.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    completed.add(message);
                    done.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                }
            }).send(q, "async");
            assertTrue(done.await(WAIT_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals("async", receiveText(consumer));
        assertNotNull(completed.get(0).getJMSMessageID());
    }

    @Test
    void invalidDeliveryModeAndPriorityAreRefused() throws Exception {
        JMSException mode = assertThrows(JMSException.class, () -> producer.setDeliveryMode(0));
        assertTrue(mode.getMessage().contains("PERSISTENT"), mode.getMessage());
        JMSException prio = assertThrows(JMSException.class, () -> producer.setPriority(10));
        assertTrue(prio.getMessage().contains("0 to 9"), prio.getMessage());
        assertThrows(JMSException.class, () -> producer.setPriority(-1));
        assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("x"), 3, 4, 0));
        assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("x"), DeliveryMode.PERSISTENT, 11, 0));
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode(), "unchanged");
        assertEquals(4, producer.getPriority());
        assertNull(consumer.receive(NOTHING_MS), "nothing was sent");
        try (JMSContext ctx = factory.createContext()) {
            assertThrows(JMSRuntimeException.class, () -> ctx.createProducer().setPriority(10));
            assertThrows(JMSRuntimeException.class, () -> ctx.createProducer().setDeliveryMode(5));
        }
    }
}
