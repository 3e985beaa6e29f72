package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ManagedConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.loader.SystemInstance;
import org.apache.openejb.spi.ContainerSystem;
import org.apache.openejb.testing.ApplicationComposers;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recovery of a prepared branch through {@link JaqsResourceAdapter#getXAResources}: a branch is
 * prepared through an outbound managed connection of the deployed adapter; then the container, the
 * adapter and the store are all stopped (in this JVM: the broker is closed, so nothing of the branch
 * is left in memory; a separate JVM killed mid-transaction would cost a process fork per test for no
 * other difference, the branch living in the store's jaqs_prepared table), a new container deploys
 * the adapter on the same store, and its getXAResources resource lists the branch and commits it.
 */
public class RecoveryTest {
    @RegisterExtension
    final Container container = new Container();

    /** A file store (an in-memory H2 database would not outlive the broker's close). */
    private final String url = "jdbc:h2:file:" + Path.of("target", "recovery-" + UUID.randomUUID(), "store").toAbsolutePath();

    @Module
    public Connector jaqs() throws Exception {
        return Container.connector(url, "redeliveryDelaySeconds", "0");
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.queues("recovered");
    }

    @Test
    void branchPreparedBeforeARestartIsRecoveredAndCommittedExactlyOnce() throws Exception {
        plainSend("recovery-in", "consumed");
        Xid xid = new TestXid("jaqs-recovery-test-" + UUID.randomUUID());

        // 1. a branch through an outbound managed connection of the container's factory: receive one, send one, prepare
        JaqsRaConnectionFactory cf = (JaqsRaConnectionFactory) jndi().lookup("openejb:Resource/jaqs");
        ManagedConnection mc = cf.managedConnectionFactory().createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection handle = (Connection) mc.getConnection(null, null)) {
            handle.start();
            Session s = handle.createSession();
            Message in = s.createConsumer(s.createQueue("recovery-in")).receive(10_000);
            assertEquals("consumed", ((TextMessage) in).getText());
            s.createProducer(s.createQueue("recovered")).send(s.createTextMessage("r1"));
        }
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        mc.destroy();

        // 2. restart: container and adapter stopped, the store closed, a new container on the same store
        container.undeploy();
        BrokerRegistry.shutdown(url);
        ApplicationComposers restarted = new ApplicationComposers(RecoveryTest.class);
        restarted.before(this);
        try {
            assertEquals(List.of(), browse("recovered"), "prepared, not committed: r1 is not visible");
            assertEquals(List.of(), browse("recovery-in"), "prepared: the message the branch received stays held");

            JaqsResourceAdapter ra = (JaqsResourceAdapter) jndi().lookup("openejb:Resource/jaqsRA");
            JaqsActivationSpec spec = new JaqsActivationSpec();
            spec.setDestination("recovered");
            XAResource[] resources = ra.getXAResources(new ActivationSpec[] {spec});
            assertEquals(1, resources.length);
            XAResource recovery = resources[0];
            List<Xid> found = Arrays.asList(recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
            assertEquals(1, found.stream().filter(x -> same(x, xid)).count(), "recover() lists the prepared branch: " + found);

            Container.deployBeans("consumer", Beans.RecoveredMdb.class);
            Beans.RecoveredMdb.RECEIVED.clear();
            recovery.commit(xid, false);

            assertEquals("r1", Beans.RecoveredMdb.RECEIVED.poll(30, TimeUnit.SECONDS));
            assertTrue(Arrays.stream(recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).noneMatch(x -> same(x, xid)),
                    "committed: no longer in doubt");
            XAException again = assertThrows(XAException.class, () -> recovery.commit(xid, false));
            assertEquals(XAException.XAER_NOTA, again.errorCode, "a second commit finds no branch");
            assertNull(Beans.RecoveredMdb.RECEIVED.poll(1, TimeUnit.SECONDS), "r1 was delivered exactly once");
            assertEquals(List.of(), browse("recovery-in"), "the branch's receive was committed too: consumed is gone");
            assertEquals(0, new JaqsConnectionFactory(url).getBroker().approximateCounts(
                    new JaqsConnectionFactory(url).getBroker().getQueueUrl("recovery-in")).notVisible());
        } finally {
            restarted.after();
            BrokerRegistry.shutdown(url);
        }
    }

    private static boolean same(Xid a, Xid b) {
        return a.getFormatId() == b.getFormatId() && Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                && Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier());
    }

    private static javax.naming.Context jndi() {
        return SystemInstance.get().getComponent(ContainerSystem.class).getJNDIContext();
    }

    private void plainSend(String queue, String... texts) throws JMSException {
        try (Connection c = new JaqsConnectionFactory(url).createConnection()) {
            Session s = c.createSession();
            MessageProducer p = s.createProducer(s.createQueue(queue));
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    private List<String> browse(String queue) throws JMSException {
        List<String> texts = new ArrayList<>();
        try (Connection c = new JaqsConnectionFactory(url).createConnection()) {
            Session s = c.createSession();
            QueueBrowser b = s.createBrowser(s.createQueue(queue));
            for (var e = b.getEnumeration(); e.hasMoreElements(); ) {
                texts.add(((TextMessage) e.nextElement()).getText());
            }
        }
        return texts;
    }

    /** An xid of a foreign transaction manager (format 0x7E57): the container's own recovery leaves it alone. */
    record TestXid(byte[] gtrid) implements Xid {
        TestXid(String gtrid) {
            this(gtrid.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public int getFormatId() {
            return 0x7E57;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {1};
        }
    }
}
