package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.openejb.jee.Connector;
import org.apache.openejb.loader.SystemInstance;
import org.apache.openejb.spi.ContainerSystem;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter's clientId names its outbound connections (all of them: a configured client id is not
 * exclusive), and does not stop MDBs: a durable MDB's own clientId, and several consumers of a queue MDB.
 */
public class AdapterClientIdTest {
    @RegisterExtension
    final Container container = new Container();

    @Module
    public Connector jaqs() throws Exception {
        return Container.connector("jdbc:h2:mem:ra-" + UUID.randomUUID(), "clientId", "app-1");
    }

    @org.apache.openejb.testing.Configuration
    public java.util.Properties config() {
        return Container.topics(Container.queues("orders"), "news");
    }

    @Test
    void outboundConnectionsCarryTheClientIdAndMdbsKeepTheirOwn() throws Exception {
        Beans.OrdersMdb.RECEIVED.clear();
        Beans.DurableNewsMdb.RECEIVED.clear();
        // OrdersMdb: maxSessions 2; DurableNewsMdb: clientId audit-client (setClientID on a connection with a client id fails)
        Container.deployBeans("app", Beans.Sender.class, Beans.OrdersMdb.class, Beans.DurableNewsMdb.class);
        Beans.Sender sender = Container.bean("Sender", Beans.Sender.class);
        assertEquals("app-1", sender.clientId());
        assertEquals("app-1", sender.clientId(), "a pooled connection keeps it");
        JaqsResourceAdapter ra = (JaqsResourceAdapter) SystemInstance.get().getComponent(ContainerSystem.class).getJNDIContext()
                .lookup("openejb:Resource/jaqsRA");
        Container.awaitRunningConsumers(ra, 3, "2 + 1 consumers");
        sender.send("orders", "a", "b");
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            String s = Beans.OrdersMdb.RECEIVED.poll(30, TimeUnit.SECONDS);
            assertNotNull(s, "received only " + got);
            got.add(s);
        }
        assertEquals(Set.of("a", "b"), got);
        sender.publish("news", "n1");
        assertEquals("n1", Beans.DurableNewsMdb.RECEIVED.poll(30, TimeUnit.SECONDS));
    }
}
