package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Connection rules: start/stop gate delivery, client id, ExceptionListener, metadata. */
class ConnectionTest extends JmsTestSupport {
    final Queue q = new JaqsQueue("conn");

    // ---------------------------------------------------------------- start / stop

    @Test
    void aConnectionThatIsNotStartedDeliversNothing() throws Exception {
        sendTexts(q, "a");
        Connection c = track(factory.createConnection()); // not started
        MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        assertNull(consumer.receiveNoWait());
        assertNull(consumer.receive(NOTHING_MS), "receive(timeout) on a stopped connection waits and returns null");
        c.start();
        assertEquals("a", receiveText(consumer));
    }

    @Test
    void stopPausesListenersAndSynchronousReceiversUntilStart() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
        s.createConsumer(q).setMessageListener(m -> got.add(textOf(m)));
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("before stop"));
        assertEquals("before stop", got.poll(WAIT_MS, TimeUnit.MILLISECONDS));

        c.stop();
        p.send(s.createTextMessage("while stopped"));
        assertNull(got.poll(NOTHING_MS, TimeUnit.MILLISECONDS), "a stopped connection delivers nothing");
        MessageConsumer sync = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(new JaqsQueue("other"));
        sendTexts(new JaqsQueue("other"), "x");
        assertNull(sync.receive(NOTHING_MS));

        c.start();
        assertEquals("while stopped", got.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals("x", receiveText(sync));
    }

    @Test
    void stopWaitsForARunningListenerToReturn() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        s.createConsumer(q).setMessageListener(m -> {
            entered.countDown();
            try {
                release.await(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        });
        s.createProducer(q).send(s.createTextMessage("busy"));
        assertTrue(entered.await(WAIT_MS, TimeUnit.MILLISECONDS));
        java.util.concurrent.atomic.AtomicBoolean finishedWhenStopReturned = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopper = new Thread(() -> {
            try {
                c.stop();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            finishedWhenStopReturned.set(finished.get());
        }, "test-stopper");
        stopper.start();
        ListenerAndResourcesTest.awaitBlocked(stopper);
        release.countDown();
        stopper.join(WAIT_MS);
        assertTrue(finishedWhenStopReturned.get(), "stop() returned only after onMessage returned");
    }

    @Test
    void closeUnblocksAReceiveWaitingWithoutTimeout() throws Exception {
        Connection c = connection();
        MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        AtomicReference<Object> result = new AtomicReference<>("not returned");
        Thread receiver = new Thread(() -> {
            try {
                result.set(consumer.receive());
            } catch (JMSException e) {
                result.set(e);
            }
        }, "test-receiver");
        receiver.start();
        ListenerAndResourcesTest.awaitBlocked(receiver);
        c.close();
        receiver.join(WAIT_MS);
        assertFalse(receiver.isAlive());
        assertNull(result.get(), "receive() returns null when its connection closes");
    }

    @Test
    void aListenerMustNotStopOrCloseItsOwnConnection() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        BlockingQueue<Exception> failures = new ArrayBlockingQueue<>(2);
        s.createConsumer(q).setMessageListener(m -> {
            failures.add(attempt(c::stop));
            failures.add(attempt(c::close));
        });
        s.createProducer(q).send(s.createTextMessage("x"));
        assertTrue(failures.poll(WAIT_MS, TimeUnit.MILLISECONDS) instanceof IllegalStateException);
        assertTrue(failures.poll(WAIT_MS, TimeUnit.MILLISECONDS) instanceof IllegalStateException);
    }

    interface JmsAction {
        void run() throws JMSException;
    }

    static Exception attempt(JmsAction a) {
        try {
            a.run();
            return new Exception("no exception");
        } catch (JMSException e) {
            return e;
        }
    }

    static String textOf(Message m) {
        try {
            return text(m);
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }

    // ---------------------------------------------------------------- client id

    @Test
    void theClientIdIsSetOnceRightAfterCreation() throws Exception {
        Connection c = track(factory.createConnection());
        assertNull(c.getClientID());
        c.setClientID("app-1");
        assertEquals("app-1", c.getClientID());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> c.setClientID("app-2"));
        assertTrue(again.getMessage().contains("only once"), again.getMessage());
        assertEquals("app-1", c.getClientID());
    }

    @Test
    void theClientIdCannotBeSetAfterTheConnectionWasUsed() throws Exception {
        Connection used = track(factory.createConnection());
        used.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(IllegalStateException.class, () -> used.setClientID("late"));

        Connection started = track(factory.createConnection());
        started.start();
        assertThrows(IllegalStateException.class, () -> started.setClientID("late"));
    }

    @Test
    void aClientIdInUseByAnotherConnectionIsRefused() throws Exception {
        Connection a = track(factory.createConnection());
        a.setClientID("dup");
        Connection b = track(factory.createConnection());
        InvalidClientIDException e = assertThrows(InvalidClientIDException.class, () -> b.setClientID("dup"));
        assertTrue(e.getMessage().contains("dup"), e.getMessage());
        a.close();
        b.setClientID("dup"); // free again once its owner closed
        assertEquals("dup", b.getClientID());

        try (JMSContext ctx = factory.createContext()) {
            assertThrows(InvalidClientIDRuntimeException.class, () -> ctx.setClientID("dup"));
        }
        assertThrows(InvalidClientIDException.class, () -> track(factory.createConnection()).setClientID(""));
    }

    @Test
    void aFactoryClientIdIsFixed() throws Exception {
        factory.setClientID("configured");
        Connection c = track(factory.createConnection());
        assertEquals("configured", c.getClientID());
        assertThrows(IllegalStateException.class, () -> c.setClientID("other"));
    }

    // ---------------------------------------------------------------- ExceptionListener

    @Test
    void theExceptionListenerFiresWhenTheStoreFails() throws Exception {
        Connection c = connection();
        AtomicReference<JMSException> reported = new AtomicReference<>();
        CountDownLatch fired = new CountDownLatch(1);
        c.setExceptionListener(e -> {
            reported.compareAndSet(null, e);
            fired.countDown();
        });
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("before"));

        // the database goes away underneath the broker
        breakStore();
        assertThrows(JMSException.class, () -> p.send(s.createTextMessage("after")), "the send fails");
        assertTrue(fired.await(WAIT_MS, TimeUnit.MILLISECONDS), "the ExceptionListener was called");
        assertNotNull(reported.get().getMessage());
        assertTrue(reported.get().getMessage().contains("store"), reported.get().getMessage());
        assertNotNull(reported.get().getLinkedException(), "the store's error is linked");
    }

    @Test
    void anExceptionListenerMayCloseItsConnection() throws Exception {
        Connection c = connection();
        CountDownLatch closed = new CountDownLatch(1);
        c.setExceptionListener(e -> {
            try {
                c.close(); // the usual reaction: close and reconnect; must not deadlock the store's threads
                closed.countDown();
            } catch (JMSException ignored) {
                // the test fails on the latch
            }
        });
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(q);
        sendTexts(q, "held");
        assertNotNull(consumer.receive(WAIT_MS)); // un-acked: close releases it through the store
        breakStore();
        JMSException sendFailure = null;
        try {
            s.createProducer(q).send(s.createTextMessage("after"));
        } catch (JMSException e) {
            sendFailure = e;
        }
        if (!TestStores.onPostgres()) {
            // H2 stays shut down; PostgreSQL only ended the sessions: whichever store call met a dead
            // connection first (the consumer's poll, a release, this send) reported the failure, and
            // the send may have gone out on a fresh connection
            assertNotNull(sendFailure, "a send on a shut-down store fails");
        }
        assertTrue(closed.await(WAIT_MS, TimeUnit.MILLISECONDS), "the listener closed the connection");
        assertThrows(IllegalStateException.class, () -> c.createSession(false, Session.AUTO_ACKNOWLEDGE));
    }

    // ---------------------------------------------------------------- metadata

    @Test
    void metadataNamesJaqsAndJms31() throws Exception {
        Connection c = track(factory.createConnection());
        ConnectionMetaData md = c.getMetaData();
        assertEquals("3.1", md.getJMSVersion());
        assertEquals(3, md.getJMSMajorVersion());
        assertEquals(1, md.getJMSMinorVersion());
        assertEquals("Jaqs", md.getJMSProviderName());
        assertFalse(md.getProviderVersion().isEmpty());
        List<String> jmsx = Collections.list(md.getJMSXPropertyNames());
        assertTrue(jmsx.contains("JMSXDeliveryCount") && jmsx.contains("JMSXGroupID"), jmsx.toString());
        c.setClientID("after-metadata"); // getMetaData does not fix the client id
        try (JMSContext ctx = factory.createContext()) {
            assertEquals("Jaqs", ctx.getMetaData().getJMSProviderName());
        }
    }

    // ---------------------------------------------------------------- close

    @Test
    void closingAConnectionClosesEverythingUnderIt() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);
        p.send(s.createTextMessage("x"));
        Message m = consumer.receive(WAIT_MS);
        c.close();
        c.close(); // a second close does nothing
        assertThrows(IllegalStateException.class, () -> c.createSession(false, Session.AUTO_ACKNOWLEDGE));
        assertThrows(IllegalStateException.class, c::getClientID);
        assertThrows(IllegalStateException.class, c::start);
        assertThrows(IllegalStateException.class, () -> s.createTextMessage("y"));
        assertThrows(IllegalStateException.class, () -> p.send(s.createTextMessage("y")));
        assertThrows(IllegalStateException.class, () -> p.send(m));
        assertThrows(IllegalStateException.class, consumer::receiveNoWait);
        assertThrows(IllegalStateException.class, m::acknowledge, "the session that delivered it is closed");
        assertEquals(List.of("x"), texts(takeAll(q)), "the un-acknowledged message was released");
    }
}
