package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.NarayanaSupport;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @JaqsListener} invocations run in a request context of their own, and with
 * {@code transacted = true} inside a Narayana JTA transaction that also holds the receive (XA), the
 * injected JMSContext's sends and an H2 database write: a listener that throws rolls all of it back.
 */
class TransactedListenerTest extends CdiTestSupport {
    static final List<String> LOG = new CopyOnWriteArrayList<>();
    static final Set<Integer> REQUEST_BEANS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger REQUEST_BEANS_DESTROYED = new AtomicInteger();
    static volatile CountDownLatch deliveries;
    static volatile JdbcDataSource appDb;

    @BeforeAll
    static void narayana() {
        NarayanaSupport.init();
    }

    @BeforeEach
    void reset() throws Exception {
        LOG.clear();
        REQUEST_BEANS.clear();
        REQUEST_BEANS_DESTROYED.set(0);
        appDb = new JdbcDataSource();
        appDb.setURL("jdbc:h2:file:" + dir.resolve("app").toAbsolutePath());
        try (java.sql.Connection c = appDb.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE payments (id VARCHAR(50) PRIMARY KEY)");
        }
    }

    @ApplicationScoped
    static class Jta {
        @Produces
        @ApplicationScoped
        TransactionManager transactionManager() {
            return com.arjuna.ats.jta.TransactionManager.transactionManager();
        }
    }

    /** One per request: proves each invocation has a request context of its own, ended after it. */
    @RequestScoped
    static class PerMessage {
        int id() {
            return System.identityHashCode(this);
        }

        @PreDestroy
        void gone() {
            REQUEST_BEANS_DESTROYED.incrementAndGet();
        }
    }

    @ApplicationScoped
    static class Payments {
        @Inject
        TransactionManager tm;
        @Inject
        JMSContext context;
        @Inject
        PerMessage perMessage;

        @JaqsListener(destination = "payments", transacted = true)
        void on(Message m) throws Exception {
            String body = m.getBody(String.class);
            int count = m.getIntProperty("JMSXDeliveryCount");
            REQUEST_BEANS.add(perMessage.id());
            assertEquals(Status.STATUS_ACTIVE, tm.getStatus(), "the method runs in an active JTA transaction");
            // an H2 XA connection enlisted in the same transaction, closed when it completes
            javax.sql.XAConnection xa = appDb.getXAConnection();
            tm.getTransaction().enlistResource(xa.getXAResource());
            tm.getTransaction().registerSynchronization(new Synchronization() {
                public void beforeCompletion() {
                }

                public void afterCompletion(int status) {
                    try {
                        xa.close();
                    } catch (java.sql.SQLException ignored) {
                        // closing only
                    }
                }
            });
            try (Statement st = xa.getConnection().createStatement()) {
                st.executeUpdate("INSERT INTO payments (id) VALUES ('" + body + "-" + count + "')");
            }
            context.createProducer().send(context.createQueue("receipts"), body + "-" + count);
            LOG.add(body + "-" + count);
            deliveries.countDown();
            if (body.startsWith("fail") && count == 1) {
                throw new IllegalStateException("first delivery of " + body + " fails");
            }
            if (body.startsWith("veto") && count == 1) {
                tm.setRollbackOnly(); // no exception: the container must still roll back
            }
        }
    }

    @ApplicationScoped
    static class Plain {
        @Inject
        PerMessage perMessage;
        @Inject
        JMSContext context;

        @JaqsListener(destination = "plain")
        void on(String body) {
            REQUEST_BEANS.add(perMessage.id());
            context.createProducer().send(context.createQueue("plain-out"), body);
            LOG.add(body);
            deliveries.countDown();
        }
    }

    private void send(String queue, String... bodies) {
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            for (String b : bodies) {
                c.createProducer().send(c.createQueue(queue), b);
            }
        }
    }

    private List<String> drain(String queue) {
        List<String> out = new ArrayList<>();
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            var consumer = c.createConsumer(c.createQueue(queue));
            for (String s; (s = consumer.receiveBody(String.class, 300)) != null; ) {
                out.add(s);
            }
        }
        out.sort(null);
        return out;
    }

    private List<String> payments() throws Exception {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = appDb.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM payments ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long inFlight(String queue) throws JMSException {
        Map<String, String> a = new JaqsConnectionFactory(url).getBroker().getQueueAttributes(queue,
                List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"));
        return Long.parseLong(a.get("ApproximateNumberOfMessages")) + Long.parseLong(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void aThrowingListenerRollsBackTheReceiveTheSendAndTheDatabaseWrite() throws Exception {
        deliveries = new CountDownLatch(3);
        start(Jta.class, PerMessage.class, Payments.class);
        send("payments", "ok", "fail");
        assertTrue(deliveries.await(20, TimeUnit.SECONDS), "deliveries: " + LOG);
        container.shutdown(); // waits for the running transaction to end
        List<String> log = new ArrayList<>(LOG);
        log.sort(null);
        assertEquals(List.of("fail-1", "fail-2", "ok-1"), log, "fail redelivered once, with JMSXDeliveryCount 2");
        assertEquals(List.of("fail-2", "ok-1"), payments(), "the write of the failed delivery was rolled back");
        assertEquals(List.of("fail-2", "ok-1"), drain("receipts"), "so was its send");
        assertEquals(0, inFlight("payments"), "both receives committed: nothing left, nothing in flight");
        assertEquals(3, REQUEST_BEANS.size(), "a request scoped bean of its own for each delivery");
        assertEquals(3, REQUEST_BEANS_DESTROYED.get(), "destroyed when each delivery's request ended");
    }

    @Test
    void setRollbackOnlyRollsBackWithoutAnException() throws Exception {
        deliveries = new CountDownLatch(2);
        start(Jta.class, PerMessage.class, Payments.class);
        send("payments", "veto");
        assertTrue(deliveries.await(20, TimeUnit.SECONDS), "deliveries: " + LOG);
        container.shutdown();
        assertEquals(List.of("veto-1", "veto-2"), LOG);
        assertEquals(List.of("veto-2"), payments());
        assertEquals(List.of("veto-2"), drain("receipts"));
        assertEquals(0, inFlight("payments"));
    }

    @Test
    void plainListenersRunInARequestContextToo() throws Exception {
        deliveries = new CountDownLatch(3);
        start(PerMessage.class, Plain.class);
        send("plain", "a", "b", "c");
        assertTrue(deliveries.await(20, TimeUnit.SECONDS), "deliveries: " + LOG);
        container.shutdown();
        assertEquals(3, REQUEST_BEANS.size());
        assertEquals(3, REQUEST_BEANS_DESTROYED.get());
        assertEquals(List.of("a", "b", "c"), drain("plain-out"), "the request scoped JMSContext sent from the listener");
    }

    @Test
    void transactedWithoutATransactionManagerFailsTheDeployment() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> start(NeedsTx.class));
        String all = messages(e);
        assertTrue(all.contains("transacted = true") && all.contains("TransactionManager"), all);
    }

    @ApplicationScoped
    static class NeedsTx {
        @JaqsListener(destination = "needs-tx", transacted = true)
        void on(String body) {
        }
    }

    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append(" / ");
        }
        return b.toString();
    }

    @Test
    void aRequestContextIsNotSharedBetweenDeliveries() throws Exception {
        deliveries = new CountDownLatch(2);
        start(PerMessage.class, Plain.class);
        send("plain", "x", "y");
        assertTrue(deliveries.await(20, TimeUnit.SECONDS));
        container.shutdown();
        assertEquals(2, REQUEST_BEANS.size());
        assertNotEquals(0, REQUEST_BEANS_DESTROYED.get());
    }
}
