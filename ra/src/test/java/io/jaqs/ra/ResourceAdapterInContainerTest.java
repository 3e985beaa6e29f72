package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.loader.SystemInstance;
import org.apache.openejb.spi.ContainerSystem;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resource adapter deployed from its real ra.xml in Apache TomEE's embedded container
 * (Connectors 2.1, Geronimo transaction manager, message-driven beans): the container starts the
 * adapter, pools and enlists its managed connections, activates the MDBs' endpoints and delivers in
 * its own transactions. The test checks the store directly with a plain Jaqs connection factory.
 */
public class ResourceAdapterInContainerTest {
    @RegisterExtension
    final Container container = new Container();

    /** A file store: stop() closes the broker the adapter opened, and the messages must still be there after. */
    private final String url = "jdbc:h2:file:" + java.nio.file.Path.of("target", "ra-" + UUID.randomUUID(), "store").toAbsolutePath();

    private Beans.Sender sender;

    @Module
    public Connector jaqs() throws Exception {
        return Container.connector(url, "redeliveryDelaySeconds", "0");
    }

    /** The MDBs' destinations as resources (else OpenEJB auto-creates ActiveMQ ones for them). */
    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.queues("orders", "flaky", "hold");
    }

    @BeforeEach
    void deploy() throws Exception {
        Beans.OrdersMdb.RECEIVED.clear();
        Beans.FlakyMdb.DELIVERIES.clear();
        Beans.HoldingMdb.DONE.clear();
        Beans.HoldingMdb.entered = new java.util.concurrent.CountDownLatch(1);
        Beans.HoldingMdb.release = new java.util.concurrent.CountDownLatch(1);
        Container.deployBeans("app", Beans.Sender.class, Beans.OrdersMdb.class, Beans.FlakyMdb.class, Beans.HoldingMdb.class);
        sender = Container.bean("Sender", Beans.Sender.class);
    }

    // ---------------------------------------------------------------- outbound

    @Test
    void sendInACommittedContainerTransactionIsSent() throws Exception {
        sender.send("out-commit", "a", "b");
        sender.sendWithContext("out-commit", "c", false);
        assertEquals(List.of("a", "b", "c"), browse("out-commit"));
    }

    @Test
    void sendInARolledBackContainerTransactionSendsNothing() throws Exception {
        sender.sendThenRollback("out-rollback", "never"); // createSession(false, AUTO_ACKNOWLEDGE): ignored in a transaction
        sender.sendWithContext("out-rollback", "never either", true);
        assertEquals(List.of(), browse("out-rollback"));
        sender.send("out-rollback", "after"); // the pooled connection is usable after the rollback
        assertEquals(List.of("after"), browse("out-rollback"));
    }

    @Test
    void receiveInARolledBackContainerTransactionLeavesTheMessage() throws Exception {
        plainSend("out-receive", "kept");
        assertEquals("kept", sender.receiveThenRollback("out-receive"));
        assertEquals(List.of("kept"), browse("out-receive"));
    }

    @Test
    void containerForbiddenCallsThrowIllegalState() throws Exception {
        Map<String, String> r = sender.containerRules();
        assertEquals("IllegalStateException", r.get("Connection.setClientID"));
        assertEquals("IllegalStateException", r.get("Connection.setExceptionListener"));
        assertEquals("IllegalStateException", r.get("Connection.stop"));
        assertEquals("allowed", r.get("Connection.start"));
        assertEquals("IllegalStateException", r.get("Session.setMessageListener"));
        assertEquals("IllegalStateException", r.get("second Connection.createSession"));
        assertEquals("IllegalStateRuntimeException", r.get("JMSContext.setClientID"));
        assertEquals("IllegalStateRuntimeException", r.get("JMSContext.stop"));
        assertEquals("IllegalStateRuntimeException", r.get("JMSContext.createContext"));
        assertEquals("IllegalStateException", r.get("MessageConsumer.setMessageListener"));
        assertEquals("allowed", r.get("MessageConsumer.receiveNoWait"), "the guarded consumer still receives");
        assertEquals("IllegalStateRuntimeException", r.get("JMSConsumer.setMessageListener"));
        assertEquals("allowed", r.get("JMSConsumer.receiveNoWait"));
    }

    // ---------------------------------------------------------------- inbound

    @Test
    void mdbConsumesMessagesSentThroughTheOutboundFactory() throws Exception {
        sender.send("orders", "o1", "o2", "o3", "o4", "o5");
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String s = Beans.OrdersMdb.RECEIVED.poll(30, TimeUnit.SECONDS);
            assertNotNull(s, "the MDB received only " + got);
            got.add(s);
        }
        assertEquals(Set.of("o1", "o2", "o3", "o4", "o5"), got);
        assertEquals(List.of(), browse("orders"), "every delivery committed its delete");
    }

    @Test
    void rolledBackDeliveryIsRedeliveredWithDeliveryCountTwo() throws Exception {
        sender.send("flaky", "f1");
        assertEquals("f1#1", Beans.FlakyMdb.DELIVERIES.poll(30, TimeUnit.SECONDS));
        assertEquals("f1#2 redelivered", Beans.FlakyMdb.DELIVERIES.poll(30, TimeUnit.SECONDS));
        awaitEmpty("flaky");
        assertNull(Beans.FlakyMdb.DELIVERIES.poll(), "committed after the second delivery: no third");
    }

    @Test
    void anErrorFromOnMessageIsAFailedDeliveryAndTheOnlyConsumerGoesOn() throws Exception {
        sender.send("flaky", "error1");
        assertEquals("error1#1", Beans.FlakyMdb.DELIVERIES.poll(30, TimeUnit.SECONDS));
        assertEquals("error1#2 redelivered", Beans.FlakyMdb.DELIVERIES.poll(30, TimeUnit.SECONDS));
        // maxSessions = 1: the consumer that met the Error is the one that delivers the next message
        sender.send("flaky", "f2");
        assertEquals("f2#1", Beans.FlakyMdb.DELIVERIES.poll(30, TimeUnit.SECONDS));
        assertEquals("f2#2 redelivered", Beans.FlakyMdb.DELIVERIES.poll(30, TimeUnit.SECONDS));
        awaitEmpty("flaky");
    }

    @Test
    void stopWaitsForTheDeliveryInProgressAndLosesNothing() throws Exception {
        plainSend("hold", "h1", "h2", "h3");
        assertTrue(Beans.HoldingMdb.entered.await(30, TimeUnit.SECONDS), "the MDB got the first message");
        JaqsResourceAdapter ra = resourceAdapter();
        assertTrue(ra.getRunningConsumers() > 0);

        CompletableFuture<Void> stop = CompletableFuture.runAsync(ra::stop);
        // Release the held delivery only once stop() is under way: the idle consumers have ended and
        // only the one holding a delivery still runs. Released earlier, that consumer could go on to
        // deliver h2 before stop() had asked it to stop (the race CI met).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ra.getRunningConsumers() > 1) {
            assertTrue(System.nanoTime() < deadline, "stop() never ended the idle consumers: " + ra.getRunningConsumers());
            Thread.onSpinWait();
        }
        assertFalse(stop.isDone(), "stop waits while a delivery is in progress");
        Beans.HoldingMdb.release.countDown();
        stop.get(60, TimeUnit.SECONDS);

        assertEquals(0, ra.getRunningConsumers());
        assertEquals(List.of(), Container.consumerThreads(), "no thread runs a consumer loop after stop");
        assertEquals(List.of("h1"), new ArrayList<>(Beans.HoldingMdb.DONE), "the delivery in progress completed");
        assertFalse(io.jaqs.jms.BrokerRegistry.isOpen(url), "stop() closed the broker core the adapter opened");
        // the message delivered was committed; the others were never delivered and are back, uncounted
        List<String> left = new ArrayList<>();
        try (Connection c = plain().createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("hold"));
            for (int i = 0; i < 2; i++) {
                Message m = consumer.receive(10_000);
                assertNotNull(m, "only " + left + " came back");
                left.add(((TextMessage) m).getText() + "#" + m.getIntProperty("JMSXDeliveryCount"));
            }
            assertNull(consumer.receiveNoWait());
        }
        Collections.sort(left);
        assertEquals(List.of("h2#1", "h3#1"), left);
    }

    @Test
    void undeployDeactivatesEveryEndpointAndKeepsUndeliveredMessages() throws Exception {
        JaqsResourceAdapter ra = resourceAdapter();
        Container.awaitRunningConsumers(ra, 4, "2 + 1 + 1 consumers");
        assertFalse(Container.consumerThreads().isEmpty());
        container.undeploy(); // the container deactivates the endpoints and stops the adapter
        assertEquals(0, ra.getRunningConsumers());
        assertEquals(List.of(), Container.consumerThreads(), "no thread runs a consumer loop after undeploy");
        plainSend("orders", "after undeploy");
        assertEquals(List.of("after undeploy"), browse("orders"));
        assertTrue(Beans.OrdersMdb.RECEIVED.isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    private JaqsResourceAdapter resourceAdapter() throws Exception {
        return (JaqsResourceAdapter) SystemInstance.get().getComponent(ContainerSystem.class).getJNDIContext()
                .lookup("openejb:Resource/jaqsRA");
    }

    private JaqsConnectionFactory plain() {
        return new JaqsConnectionFactory(url);
    }

    private void plainSend(String queue, String... texts) throws JMSException {
        try (Connection c = plain().createConnection()) {
            Session s = c.createSession();
            MessageProducer p = s.createProducer(s.createQueue(queue));
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    /** The visible messages of a queue, oldest first, without receiving them. */
    private List<String> browse(String queue) throws JMSException {
        List<String> texts = new ArrayList<>();
        try (Connection c = plain().createConnection()) {
            Session s = c.createSession();
            QueueBrowser b = s.createBrowser(s.createQueue(queue));
            for (var e = b.getEnumeration(); e.hasMoreElements(); ) {
                texts.add(((TextMessage) e.nextElement()).getText());
            }
        }
        return texts;
    }

    /** Waits (bounded) until the container thread that delivered has committed its transaction. */
    private void awaitEmpty(String queue) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!browse(queue).isEmpty() || countInFlight(queue) > 0) {
            assertTrue(System.nanoTime() < deadline, queue + " still holds a message");
            Thread.onSpinWait();
        }
    }

    private long countInFlight(String queue) throws Exception {
        var broker = plain().getBroker();
        var counts = broker.approximateCounts(broker.getQueueUrl(queue));
        return counts.notVisible();
    }
}
