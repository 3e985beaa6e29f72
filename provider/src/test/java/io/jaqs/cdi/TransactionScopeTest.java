package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.NarayanaSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.transaction.TransactionManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The injected JMSContext follows the Narayana JTA transaction. */
class TransactionScopeTest extends CdiTestSupport {
    private TransactionManager tm;

    @BeforeAll
    static void narayana() {
        NarayanaSupport.init();
    }

    @AfterEach
    void noTransactionLeft() throws Exception {
        if (tm != null && tm.getTransaction() != null) {
            tm.rollback();
        }
    }

    /** How the application tells the extension about its transaction manager. */
    @ApplicationScoped
    static class Jta {
        @Produces
        @ApplicationScoped
        TransactionManager transactionManager() {
            return com.arjuna.ats.jta.TransactionManager.transactionManager();
        }
    }

    @Dependent
    static class First {
        @Inject
        JMSContext context;
    }

    @Dependent
    static class Second {
        @Inject
        JMSContext context;
    }

    private List<String> drain(String queue) {
        return drain(queue, 0);
    }

    /** What the queue holds: the expected messages get a long wait each (a loaded machine), the check for more a short one. */
    private List<String> drain(String queue, int expected) {
        List<String> out = new ArrayList<>();
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            var consumer = c.createConsumer(c.createQueue(queue));
            for (String s; (s = consumer.receiveBody(String.class, out.size() < expected ? 5000 : 300)) != null; ) {
                out.add(s);
            }
        }
        return out;
    }

    private void start() {
        start(Jta.class, First.class, Second.class);
        tm = container.select(TransactionManager.class).get();
    }

    @Test
    void twoInjectionsInOneTransactionShareOneContext() throws Exception {
        start();
        JMSContext a = container.select(First.class).get().context;
        JMSContext b = container.select(Second.class).get().context;
        JaqsExtension ext = container.select(JaqsExtension.class).get();
        ContextKey key = new ContextKey("", JMSContext.AUTO_ACKNOWLEDGE, null, null);

        tm.begin();
        JMSContext real = ext.context(key);
        assertSame(real, ext.context(key));
        assertTrue(real instanceof jakarta.jms.XAJMSContext, "inside a transaction the context is an enlisted XA context");
        // a temporary queue can be consumed only from the connection that created it: b uses a's connection
        TemporaryQueue tmp = a.createTemporaryQueue();
        b.createConsumer(tmp).close();
        tm.commit();

        assertThrows(JMSRuntimeException.class, real::getSessionMode, "closed when the transaction completed");

        // outside a transaction (no request active: per-thread contexts) the two share too, but not the tx one
        JMSContext outside = ext.context(key);
        assertNotSame(real, outside);
        tm.begin();
        JMSContext second = ext.context(key);
        assertNotSame(real, second, "a new transaction gets a new context");
        TemporaryQueue tmp2 = a.createTemporaryQueue();
        tm.commit();
        assertThrows(InvalidDestinationRuntimeException.class, () -> b.createConsumer(tmp2),
                "after the transaction b is back on another connection");
    }

    @Test
    void sendsOfBothInjectionsCommitTogether() throws Exception {
        start();
        JMSContext a = container.select(First.class).get().context;
        JMSContext b = container.select(Second.class).get().context;
        Queue q = a.createQueue("tx");
        tm.begin();
        a.createProducer().send(q, "a1");
        b.createProducer().send(q, "b1");
        assertEquals(List.of(), drain("tx"), "nothing visible before commit");
        tm.commit();
        assertEquals(List.of("a1", "b1"), drain("tx", 2));
    }

    @Test
    void sendsOfBothInjectionsRollBackTogether() throws Exception {
        start();
        JMSContext a = container.select(First.class).get().context;
        JMSContext b = container.select(Second.class).get().context;
        Queue q = a.createQueue("tx-rb");
        tm.begin();
        a.createProducer().send(q, "a1");
        b.createProducer().send(q, "b1");
        tm.rollback();
        assertEquals(List.of(), drain("tx-rb"));
        // outside the transaction the same injections send immediately
        a.createProducer().send(q, "after");
        assertEquals(List.of("after"), drain("tx-rb", 1));
    }

    @Test
    void receiveRolledBackIsRedelivered() throws Exception {
        start();
        JMSContext a = container.select(First.class).get().context;
        Queue q = a.createQueue("tx-recv");
        a.createProducer().send(q, "m");
        tm.begin();
        assertEquals("m", a.createConsumer(q).receiveBody(String.class, 5000));
        tm.rollback();
        assertEquals(List.of("m"), drain("tx-recv", 1));
    }

    @Test
    void transactionManagerFromAProperty() throws Exception {
        setProperty("jaqs.jta.transactionManager", "com.arjuna.ats.jta.TransactionManager#transactionManager");
        start(First.class);
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        JMSContext a = container.select(First.class).get().context;
        Queue q = a.createQueue("tx-prop");
        tm.begin();
        a.createProducer().send(q, "x");
        tm.rollback();
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            assertNull(c.createConsumer(q).receive(300));
        }
    }
}
