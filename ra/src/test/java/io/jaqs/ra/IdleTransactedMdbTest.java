package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.geronimo.transaction.manager.MonitorableTransactionManager;
import org.apache.geronimo.transaction.manager.TransactionManagerMonitor;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.loader.SystemInstance;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A transacted (container-managed REQUIRED) MDB on an idle queue: its consumer waits for a message
 * outside any transaction, so the container's transaction manager starts none until a message
 * comes, and then the delivery runs in one. Counted by the container's own transaction manager
 * (Geronimo's association events: one per transaction begun on a thread).
 */
public class IdleTransactedMdbTest {
    @RegisterExtension
    final Container container = new Container();

    private final String url = "jdbc:h2:mem:ra-" + UUID.randomUUID();

    @Module
    public Connector jaqs() throws Exception {
        return Container.connector(url);
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.queues("idle");
    }

    @Test
    void idleQueueOpensNoContainerTransactionAndAMessageIsDeliveredInOne() throws Exception {
        Beans.IdleMdb.RECEIVED.clear();
        TransactionManager tm = SystemInstance.get().getComponent(TransactionManager.class);
        assertTrue(tm instanceof MonitorableTransactionManager, "the container's TM is Geronimo's: " + tm);
        AtomicInteger begun = new AtomicInteger();
        TransactionManagerMonitor monitor = new TransactionManagerMonitor() {
            @Override
            public void threadAssociated(Transaction tx) {
                begun.incrementAndGet();
            }

            @Override
            public void threadUnassociated(Transaction tx) {
            }
        };
        ((MonitorableTransactionManager) tm).addTransactionAssociationListener(monitor);
        try {
            Container.deployBeans("idle", Beans.IdleMdb.class);
            Container.awaitRunningConsumers(resourceAdapter(), 1, "the MDB's consumer"); // its Work is scheduled, not yet running
            long started = System.nanoTime();
            begun.set(0);
            // five receive timeouts (100 ms each) on the empty queue: waiting in a transaction would begin one each
            long idleBefore = resourceAdapter().getIdleWaits();
            while (resourceAdapter().getIdleWaits() < idleBefore + 5) {
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60), "the idle consumer stopped waiting");
                Thread.sleep(10);
            }
            assertEquals(0, begun.get(), "transactions begun while the queue was idle");

            try (Connection c = new JaqsConnectionFactory(url).createConnection()) {
                Session s = c.createSession();
                s.createProducer(s.createQueue("idle")).send(s.createTextMessage("wake"));
            }
            assertEquals("wake", Beans.IdleMdb.RECEIVED.poll(30, TimeUnit.SECONDS));
            assertTrue(begun.get() >= 1, "the delivery ran in a container transaction");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            var broker = new JaqsConnectionFactory(url).getBroker();
            String queueUrl = broker.getQueueUrl("idle");
            while (broker.approximateCounts(queueUrl).notVisible() > 0 || broker.approximateCounts(queueUrl).visible() > 0) {
                assertTrue(System.nanoTime() < deadline, "the delivery's transaction never consumed the message");
                Thread.sleep(10);
            }
            int afterDelivery = begun.get();
            Thread.sleep(500);
            assertEquals(afterDelivery, begun.get(), "idle again: no more transactions");
        } finally {
            ((MonitorableTransactionManager) tm).removeTransactionAssociationListener(monitor);
        }
    }

    private JaqsResourceAdapter resourceAdapter() throws Exception {
        return (JaqsResourceAdapter) SystemInstance.get().getComponent(org.apache.openejb.spi.ContainerSystem.class)
                .getJNDIContext().lookup("openejb:Resource/jaqsRA");
    }
}
