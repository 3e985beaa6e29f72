package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Asynchronous delivery, and what closing must wait for and give back (threads, store connections). */
class ListenerAndResourcesTest extends JmsTestSupport {
    final Queue q = new JaqsQueue("async");

    @Test
    void aListenerRunsOnTheSessionsDispatchThreadInOrderWithPrefetch() throws Exception {
        int n = 25;
        sendTexts(q, "m", n);
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> got = new CopyOnWriteArrayList<>();
        Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(n);
        s.createConsumer(q).setMessageListener(m -> {
            got.add(textOf(m));
            threads.add(Thread.currentThread().getName());
            all.countDown();
        });
        assertTrue(all.await(WAIT_MS, TimeUnit.MILLISECONDS));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            expected.add("m" + i);
        }
        assertEquals(expected, got);
        assertEquals(1, threads.size(), "one dispatch thread per session: " + threads);
        String thread = threads.iterator().next();
        assertTrue(thread.startsWith("jaqs-session-"), thread);
        assertNotEquals(Thread.currentThread().getName(), thread);
        assertEquals(List.of(), texts(takeAll(q)), "AUTO_ACKNOWLEDGE: deleted after onMessage returned");
    }

    @Test
    void aListenerThatThrowsGetsTheMessageAgainAtOnce() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch twice = new CountDownLatch(2);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                seen.add(text(m) + " redelivered=" + m.getJMSRedelivered() + " count=" + m.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            twice.countDown();
            if (twice.getCount() == 1) {
                throw new RuntimeException("application bug");
            }
        });
        s.createProducer(q).send(s.createTextMessage("x"));
        assertTrue(twice.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(List.of("x redelivered=false count=1", "x redelivered=true count=2"), seen);
    }

    @Test
    void recoverInsideAnAutoAcknowledgeListenerRedeliversTheCurrentMessage() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch twice = new CountDownLatch(2);
        s.createConsumer(q).setMessageListener(m -> {
            try {
                seen.add(text(m) + " redelivered=" + m.getJMSRedelivered());
                if (!m.getJMSRedelivered()) {
                    s.recover(); // not ready for it: have it again
                }
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            twice.countDown();
        });
        s.createProducer(q).send(s.createTextMessage("y"));
        assertTrue(twice.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(List.of("y redelivered=false", "y redelivered=true"), seen);
        c.close();
        assertEquals(List.of(), texts(takeAll(q)), "acknowledged the second time");
    }

    @Test
    void aConsumerWithAListenerCannotReceiveSynchronously() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(q);
        consumer.setMessageListener(m -> { });
        assertThrows(IllegalStateException.class, consumer::receiveNoWait);
    }

    @Test
    void closeWaitsForARunningListener() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        s.createConsumer(q).setMessageListener(m -> {
            entered.countDown();
            try {
                release.await(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        });
        s.createProducer(q).send(s.createTextMessage("slow"));
        assertTrue(entered.await(WAIT_MS, TimeUnit.MILLISECONDS));

        AtomicBoolean finishedWhenCloseReturned = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            try {
                c.close();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            finishedWhenCloseReturned.set(finished.get());
        }, "test-closer");
        closer.start();
        awaitBlocked(closer); // close() is waiting (for the listener), not done
        assertFalse(finished.get());
        release.countDown();
        closer.join(WAIT_MS);
        assertFalse(closer.isAlive());
        assertTrue(finishedWhenCloseReturned.get(), "close() returned only after onMessage returned");
        assertEquals(List.of(), texts(takeAll(q)), "the message was acknowledged when onMessage completed");
    }

    /** Waits until a thread blocks (or ends, which the caller then detects). */
    static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            Thread.State st = t.getState();
            if (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.TERMINATED) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void closingAConsumerWithAListenerReleasesItsPrefetchedMessages() throws Exception {
        sendTexts(q, "m", 5);
        Connection c = connection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(q);
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        List<String> delivered = new CopyOnWriteArrayList<>();
        consumer.setMessageListener(m -> {
            delivered.add(textOf(m));
            first.countDown();
            try {
                hold.await(WAIT_MS, TimeUnit.MILLISECONDS);
                m.acknowledge();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(first.await(WAIT_MS, TimeUnit.MILLISECONDS)); // m1 in onMessage, m2..m5 prefetched
        Thread closer = new Thread(() -> {
            try {
                consumer.close();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        }, "test-closer");
        closer.start();
        awaitBlocked(closer); // close() waits for onMessage: no further message will be delivered
        hold.countDown();
        closer.join(WAIT_MS);
        assertEquals(List.of("m1"), delivered);
        assertEquals(List.of("m2", "m3", "m4", "m5"), texts(takeAll(q)), "released at close, not after the visibility timeout");
    }

    @Test
    void aConsumerClosedFromItsOwnListenerReleasesItsPrefetchedMessages() throws Exception {
        sendTexts(q, "m", 4);
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(q);
        CountDownLatch closed = new CountDownLatch(1);
        consumer.setMessageListener(m -> {
            try {
                consumer.close(); // allowed from its own listener (JMS 2.0); it does not wait for itself
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            closed.countDown();
        });
        assertTrue(closed.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(List.of("m2", "m3", "m4"), texts(takeAll(q)));
    }

    @Test
    void twentyConnectionsWithListenersLeaveNoThreadsAndNoStoreConnections() throws Exception {
        cycleConnections(3); // warm-up: the store's pool opens what it needs
        int sessionsBefore = storeSessions();
        assertTrue(sessionsBefore > 0, "the store holds at least its writer's connection");
        int timersBefore = clock.pendingTasks();
        cycleConnections(20);
        awaitNoJaqsSessionThreads();
        assertEquals(List.of(), jaqsSessionThreads());
        if (TestStores.onPostgres()) {
            // the pool opens read connections on demand (and each writer and the notifier its own on first use):
            // what must hold is the bound, however many JMS connections came and went
            int limit = ((io.jaqs.broker.JaqsBroker) factory.getBroker()).store().unwrap(io.jaqs.broker.jdbc.JdbcQueueStore.class).connectionLimit();
            assertTrue(storeSessions() <= limit, "store sessions " + storeSessions() + " exceed the store's limit " + limit);
        } else {
            assertTrue(storeSessions() <= sessionsBefore, "store sessions grew from " + sessionsBefore + " to " + storeSessions());
        }
        // a long poll whose store read was in flight when its consumer closed arms nothing and is gone a moment
        // later; 20 leaked timers (one per closed consumer) would stay for good
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (clock.pendingTasks() > timersBefore && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polling for an event, bounded
        }
        assertTrue(clock.pendingTasks() <= timersBefore,
                "the closed consumers' long polls left timers behind: " + clock.pendingTasks() + " > " + timersBefore);
    }

    void cycleConnections(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Connection c = factory.createConnection();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            CountDownLatch got = new CountDownLatch(1);
            AtomicInteger count = new AtomicInteger();
            s.createConsumer(q).setMessageListener(m -> {
                count.incrementAndGet();
                got.countDown();
            });
            Session sender = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = sender.createProducer(q);
            p.send(sender.createTextMessage("hello " + i), (jakarta.jms.CompletionListener) new NoOpCompletion());
            c.start();
            assertTrue(got.await(WAIT_MS, TimeUnit.MILLISECONDS));
            c.close();
            assertThrows(IllegalStateException.class, () -> s.createConsumer(q));
        }
    }

    static final class NoOpCompletion implements jakarta.jms.CompletionListener {
        @Override
        public void onCompletion(Message message) {
        }

        @Override
        public void onException(Message message, Exception exception) {
        }
    }

    static List<String> jaqsSessionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("jaqs-session") || n.startsWith("jaqs-connection"))
                .sorted()
                .collect(Collectors.toList());
    }

    /** A closed executor's thread ends a moment after its last task: wait (bounded) for that event. */
    static void awaitNoJaqsSessionThreads() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!jaqsSessionThreads().isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polling for an event, bounded
        }
    }

    static String textOf(Message m) {
        try {
            return text(m);
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aListenerSetBeforeStartGetsNothingUntilStart() throws Exception {
        sendTexts(q, "early");
        Connection c = track(factory.createConnection());
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        CountDownLatch got = new CountDownLatch(1);
        s.createConsumer(q).setMessageListener(m -> got.countDown());
        assertFalse(got.await(NOTHING_MS, TimeUnit.MILLISECONDS));
        c.start();
        assertTrue(got.await(WAIT_MS, TimeUnit.MILLISECONDS));
    }
}
