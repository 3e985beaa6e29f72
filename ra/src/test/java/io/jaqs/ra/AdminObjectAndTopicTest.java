package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.openejb.assembler.classic.AppInfo;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.loader.SystemInstance;
import org.apache.openejb.spi.ContainerSystem;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Destinations the container creates from the adapter's admin objects, and MDBs on topics
 * (durable with a client id, shared), in Apache TomEE's embedded container.
 */
public class AdminObjectAndTopicTest {
    @RegisterExtension
    final Container container = new Container();

    private final String url = "jdbc:h2:mem:ra-" + UUID.randomUUID();

    /** The adapter's own ra.xml, plus one queue admin object (what a deployment plan adds): resource "adminQueue", queue "adminq". */
    @Module
    public Connector jaqs() throws Exception {
        Connector connector = Container.connector(url, "redeliveryDelaySeconds", "0");
        Container.adminObject(connector, "adminQueue", "jakarta.jms.Queue", "name", "adminq");
        return connector;
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.topics(Container.queues("adminq"), "news");
    }

    @BeforeEach
    void clear() {
        Beans.AdminQueueMdb.RECEIVED.clear();
        Beans.DurableNewsMdb.RECEIVED.clear();
        Beans.SharedNewsMdb.RECEIVED.clear();
    }

    @Test
    void applicationSendsToTheQueueAdminObjectItLookedUpAndAnMdbReceives() throws Exception {
        Container.deployBeans("admin", Beans.AdminObjectSender.class, Beans.AdminQueueMdb.class);
        Beans.AdminObjectSender sender = Container.bean("AdminObjectSender", Beans.AdminObjectSender.class);
        assertEquals(JaqsQueueAdminObject.class.getName(), sender.destinationClass(),
                "@Resource(name=\"adminQueue\") is the adapter's admin object, created and configured by the container");
        sender.send("hello");
        assertEquals("hello from queue://adminq", Beans.AdminQueueMdb.RECEIVED.poll(30, TimeUnit.SECONDS));
        assertEquals(List.of(), browse("adminq"));
    }

    @Test
    void durableMdbReceivesWhatWasPublishedWhileItWasUndeployed() throws Exception {
        Container.deployBeans("publisher", Beans.Sender.class);
        Beans.Sender sender = Container.bean("Sender", Beans.Sender.class);
        AppInfo audit = Container.deployBeans("audit", Beans.DurableNewsMdb.class);
        sender.publish("news", "n1");
        assertEquals("n1", Beans.DurableNewsMdb.RECEIVED.poll(30, TimeUnit.SECONDS));

        Container.undeployBeans(audit);
        assertEquals(0, resourceAdapter().getRunningConsumers(), "the durable MDB's endpoint is deactivated");
        sender.publish("news", "n2", "n3"); // no consumer: the durable subscription keeps them
        assertNull(Beans.DurableNewsMdb.RECEIVED.poll());

        Container.deployBeans("audit", Beans.DurableNewsMdb.class); // same subscription name and client id
        assertEquals(Set.of("n2", "n3"), take(Beans.DurableNewsMdb.RECEIVED, 2));
        assertNull(Beans.DurableNewsMdb.RECEIVED.poll(500, TimeUnit.MILLISECONDS), "n1 was not delivered again");
    }

    @Test
    void sharedSubscriptionDeliversEachPublicationOnceAcrossItsConsumers() throws Exception {
        Container.deployBeans("news", Beans.Sender.class, Beans.SharedNewsMdb.class, Beans.DurableNewsMdb.class);
        Container.awaitRunningConsumers(resourceAdapter(), 3, "2 sessions share 'workers', 1 holds the durable 'audit'");
        assertEquals(3, resourceAdapter().getRunningConsumers(), "no more than those");
        Beans.Sender sender = Container.bean("Sender", Beans.Sender.class);
        sender.publish("news", "p1", "p2", "p3", "p4", "p5", "p6");
        Set<String> all = Set.of("p1", "p2", "p3", "p4", "p5", "p6");
        assertEquals(all, take(Beans.SharedNewsMdb.RECEIVED, 6));
        assertEquals(all, take(Beans.DurableNewsMdb.RECEIVED, 6), "the other subscription got its own copy of each");
        assertNull(Beans.SharedNewsMdb.RECEIVED.poll(500, TimeUnit.MILLISECONDS), "no publication went to both shared consumers");
    }

    // ---------------------------------------------------------------- helpers

    private static Set<String> take(BlockingQueue<String> q, int n) throws InterruptedException {
        Set<String> got = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String s = q.poll(30, TimeUnit.SECONDS);
            assertNotNull(s, "received only " + order);
            order.add(s);
            got.add(s);
        }
        assertEquals(n, got.size(), "a message came twice: " + order);
        return got;
    }

    private JaqsResourceAdapter resourceAdapter() throws Exception {
        return (JaqsResourceAdapter) SystemInstance.get().getComponent(ContainerSystem.class).getJNDIContext()
                .lookup("openejb:Resource/jaqsRA");
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
}
