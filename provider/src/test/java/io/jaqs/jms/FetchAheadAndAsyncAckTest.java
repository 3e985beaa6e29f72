package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.jdbc.JdbcQueueStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A synchronous consumer fetches ahead when it runs low, never holding more than its prefetch;
 * asynchronous acknowledgement (off by default) returns before the delete commits, and closing
 * waits for the pending deletes.
 */
class FetchAheadAndAsyncAckTest extends JmsTestSupport {
    static final int VISIBILITY = 30;
    Queue work;

    @BeforeEach
    void queue() {
        factory.setQueueAttributes("work", Map.of("VisibilityTimeout", Integer.toString(VISIBILITY)));
        work = new JaqsQueue("work");
    }

    // ---------------------------------------------------------------- fetch-ahead

    @Test
    void fetchAheadHoldsMoreThanTheBufferButNeverMoreThanThePrefetch() throws Exception {
        factory.setPrefetch(10);
        sendTexts(work, "m", 30);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(work);
        for (int i = 1; i <= 9; i++) {
            assertEquals("m" + i, receiveText(c));
        }
        // the fetch-ahead went to the store before receive() returned, so it claims before this consumer
        int others = takeAll(work).size();
        int held = 30 - 9 - others;
        assertTrue(held <= 10, "the consumer holds " + held + " undelivered messages; its prefetch is 10");
        assertTrue(held > 1, "the consumer fetched ahead: it holds " + held + ", more than the one left of its first fetch");
        // what it holds is still delivered, in order
        for (int i = 10; i < 9 + held; i++) {
            assertEquals("m" + i, receiveText(c));
        }
    }

    @Test
    void noFetchAheadAfterAClaimThatFoundFewerMessagesThanItAskedFor() throws Exception {
        factory.setPrefetch(10);
        sendTexts(work, "m", 3);
        io.jaqs.broker.Broker broker = factory.getBroker();
        String empty = broker.createQueue("empty", java.util.Map.of());
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(work);
        long worksBefore = broker.storeStats().works();
        for (int i = 1; i <= 3; i++) {
            assertEquals("m" + i, receiveText(c));
        }
        // a store write queued after every earlier one: once it returns, they have all committed
        broker.receiveMessage(empty, io.jaqs.broker.ReceiveMessageRequest.of(1));
        assertEquals(worksBefore + 2, broker.storeStats().works(),
                "one claim took all 3 (of 10 asked): no fetch-ahead went to the store to find nothing");
    }

    @Test
    void prefetchOneHoldsNothingUndeliveredBetweenReceives() throws Exception {
        factory.setPrefetch(1);
        sendTexts(work, "m", 3);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(work);
        assertEquals("m1", receiveText(c));
        assertEquals(List.of("m2", "m3"), texts(takeAll(work)));
    }

    @Test
    void rollbackWithAFetchAheadUnderwayRedeliversFromTheOldestInOrder() throws Exception {
        factory.setPrefetch(10);
        sendTexts(work, "m", 20);
        Connection a = connection();
        Session s = a.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer c = s.createConsumer(work);
        for (int i = 1; i <= 9; i++) {
            assertEquals("m" + i, receiveText(c));
        }
        s.rollback();
        List<String> got = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Message m = c.receive(WAIT_MS);
            got.add(text(m));
            assertEquals(i <= 9, m.getJMSRedelivered(), "JMSRedelivered of " + text(m));
        }
        s.commit();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add("m" + i);
        }
        assertEquals(expected, got);
        assertEquals(List.of(), texts(takeAll(work)));
    }

    // ---------------------------------------------------------------- acknowledgement: waits by default

    /** Holds the store's writer until the returned latch is counted down. */
    private CountDownLatch blockWriter() throws JMSException {
        JdbcQueueStore store = ((io.jaqs.broker.JaqsBroker) factory.getBroker()).store().unwrap(JdbcQueueStore.class);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        store.write(session -> {
            entered.countDown();
            try {
                gate.await(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        try {
            assertTrue(entered.await(WAIT_MS, TimeUnit.MILLISECONDS), "the writer took the blocking work");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return gate;
    }

    private void awaitQueuedWrites(int n) throws JMSException {
        JdbcQueueStore store = ((io.jaqs.broker.JaqsBroker) factory.getBroker()).store().unwrap(JdbcQueueStore.class);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (store.pendingWrites() < n && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals(n, store.pendingWrites(), "writes queued behind the blocked writer");
    }

    @Test
    void byDefaultAcknowledgeReturnsOnlyOnceTheDeleteCommitted() throws Exception {
        factory.setPrefetch(1);
        sendTexts(work, "m", 1);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(work);
        Message m = c.receive(WAIT_MS);
        CountDownLatch gate = blockWriter();
        CompletableFuture<Void> ack = CompletableFuture.runAsync(() -> {
            try {
                m.acknowledge();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        awaitQueuedWrites(1);
        assertFalse(ack.isDone(), "acknowledge() returned while its delete could not commit");
        gate.countDown();
        ack.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertEquals(0, counts("work")[1], "acknowledged: gone");
    }

    // ---------------------------------------------------------------- asynchronous acknowledgement

    @Test
    void asyncAcknowledgeReturnsBeforeTheDeleteCommitsAndCloseWaitsForIt() throws Exception {
        factory.setPrefetch(1);
        factory.setAsyncAcknowledge(true);
        sendTexts(work, "m", 2);
        Connection a = connection();
        Session s = a.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(work);
        Message m = c.receive(WAIT_MS);
        CountDownLatch gate = blockWriter();
        CompletableFuture.runAsync(() -> {
            try {
                m.acknowledge();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        }).get(WAIT_MS, TimeUnit.MILLISECONDS); // returns although the writer cannot commit
        assertEquals(1, ((io.jaqs.broker.JaqsBroker) factory.getBroker()).store().unwrap(JdbcQueueStore.class).pendingWrites(), "the delete waits in the writer's queue");
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            try {
                s.close();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        gate.countDown();
        closed.get(WAIT_MS, TimeUnit.MILLISECONDS);
        advance(VISIBILITY + 1);
        assertEquals(List.of("m2"), texts(takeAll(work)), "the acknowledged m1 does not come back");
    }

    @Test
    void asyncAcknowledgedMessageIsNotRedeliveredAfterACleanBrokerShutdown() throws Exception {
        factory.setPrefetch(1);
        factory.setAsyncAcknowledge(true);
        sendTexts(work, "m", 3);
        Connection a = connection();
        Session s = a.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(work);
        assertEquals("m1", receiveText(c));
        Message m2 = c.receive(WAIT_MS);
        m2.acknowledge(); // m1 and m2, asynchronously
        BrokerRegistry.shutdown(url); // without closing the connection: the writer still commits what it was given
        factory = newFactory();
        advance(VISIBILITY + 1);
        assertEquals(List.of("m3"), texts(takeAll(work)));
    }

    @Test
    void asyncAutoAcknowledgeDeletesEachDeliveredMessage() throws Exception {
        factory.setPrefetch(1);
        factory.setAsyncAcknowledge(true);
        sendTexts(work, "m", 3);
        try (Connection a = factory.createConnection()) {
            a.start();
            MessageConsumer c = a.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(work);
            assertEquals("m1", receiveText(c));
            assertEquals("m2", receiveText(c));
        }
        advance(VISIBILITY + 1);
        assertEquals(List.of("m3"), texts(takeAll(work)));
    }

    @Test
    void asyncAcknowledgeIsAFactoryPropertyOffByDefault() throws Exception {
        assertFalse(new JaqsConnectionFactory(url).isAsyncAcknowledge());
        assertEquals(false, factory.describe().get("asyncAcknowledge"));
        io.jaqs.jms.jndi.FactoryProperties.apply(factory, "asyncacknowledge", "true", "test");
        assertTrue(factory.isAsyncAcknowledge());
    }
}
