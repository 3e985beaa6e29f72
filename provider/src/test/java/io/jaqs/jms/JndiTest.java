package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.jndi.JaqsInitialContextFactory;
import io.jaqs.jms.jndi.JaqsObjectFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import javax.naming.Reference;
import org.junit.jupiter.api.Test;

/**
 * JNDI: {@code new InitialContext()} with only the test classpath's {@code jndi.properties}, the
 * environment syntax, the read-only rules, and factories and destinations as JNDI objects.
 */
class JndiTest extends JmsTestSupport {
    static final String PROPERTIES_STORE = "jdbc:h2:mem:jaqs-jndi-properties";

    /** A context from an environment alone (the factory directly: InitialContext would merge jndi.properties in). */
    static Context context(Map<String, String> env) throws Exception {
        return new JaqsInitialContextFactory().getInitialContext(new Hashtable<>(env));
    }

    @Test
    void newInitialContextFindsTheFactoryAndQueueFromJndiPropertiesAlone() throws Exception {
        assertNull(System.getProperty(Context.INITIAL_CONTEXT_FACTORY), "nothing but jndi.properties configures JNDI");
        Context ctx = new InitialContext();
        try {
            ConnectionFactory cf = (ConnectionFactory) ctx.lookup("ConnectionFactory");
            Queue orders = (Queue) ctx.lookup("jms/orders");
            assertEquals("orders", orders.getQueueName());
            assertEquals("events", ((Topic) ctx.lookup("events")).getTopicName());
            assertEquals(5, ((JaqsConnectionFactory) cf).getPrefetch());

            try (Connection c = cf.createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                s.createProducer(orders).send(s.createTextMessage("via JNDI"));
                Message m = s.createConsumer(orders).receive(WAIT_MS);
                assertEquals("via JNDI", ((TextMessage) m).getText());
                m.acknowledge();
            }
            assertEquals("5", ((JaqsConnectionFactory) cf).getBroker().getQueueAttributes("orders", List.of("VisibilityTimeout"))
                    .get("VisibilityTimeout"), "queueAttributes.orders.* applied when JMS created the queue");

            try (JMSContext jc = cf.createContext()) {
                Queue fifo = (Queue) ctx.lookup("fifoOrders");
                jc.createProducer().send(fifo, "same").send(fifo, "same"); // content-based deduplication, from jndi.properties
                assertEquals("same", jc.createConsumer(fifo).receiveBody(String.class, WAIT_MS));
                assertNull(jc.createConsumer(fifo).receiveBodyNoWait(String.class));
            }
        } finally {
            ctx.close();
            BrokerRegistry.shutdown(PROPERTIES_STORE);
        }
    }

    @Test
    void theEnvironmentConfiguresFactoriesDestinationsAndQueueAttributes() throws Exception {
        Context ctx = context(Map.ofEntries(
                Map.entry("connectionFactory.cf", url),
                Map.entry("connectionFactory.cf.clientID", "app"),
                Map.entry("connectionFactory.cf.prefetch", "3"),
                Map.entry("connectionFactory.cf.durability", "disk"),
                Map.entry("connectionFactory.cf.autoCreateQueues", "TRUE"),
                Map.entry("connectionFactory.cf.redeliveryDelaySeconds", "2"),
                Map.entry("connectionFactory.cf.visibilityTimeoutSeconds", "7"),
                Map.entry("connectionFactory.cf.fifoGroupId", "main"),
                Map.entry("connectionFactory.cf.trustedPackages", "com.acme,org.example"),
                Map.entry("connectionFactory.jms.secured", url),
                Map.entry("connectionFactory.jms.secured.users", "alice:pw1,bob:pw:2"),
                Map.entry("connectionFactory.jms.secured.user", "alice"),
                Map.entry("connectionFactory.jms.secured.password", "pw1"),
                Map.entry("connectionFactory.jms.secured.storeUser", "dbuser"),
                Map.entry("connectionFactory.jms.secured.storePassword", "dbpw"),
                Map.entry("queue.jms/orders", "orders"),
                Map.entry("topic.prices", "prices"),
                Map.entry("queueAttributes.orders.VisibilityTimeout", "40"),
                Map.entry("queueAttributes.orders.DelaySeconds", "1"),
                Map.entry("queueAttributes.jobs.fifo.ContentBasedDeduplication", "true")));
        JaqsConnectionFactory cf = (JaqsConnectionFactory) ctx.lookup("cf");
        assertEquals(url, cf.getUrl());
        assertEquals("app", cf.getClientID());
        assertEquals(3, cf.getPrefetch());
        assertEquals("disk", cf.getDurability());
        assertTrue(cf.isAutoCreateQueues());
        assertEquals(2, cf.getRedeliveryDelaySeconds());
        assertEquals(7, cf.getVisibilityTimeoutSeconds());
        assertEquals("main", cf.getFifoGroupId());
        assertEquals("com.acme,org.example", cf.getTrustedPackages());
        assertSame(cf, ctx.lookup("cf"), "one object per name");

        JaqsConnectionFactory secured = (JaqsConnectionFactory) ctx.lookup("jms.secured"); // a dotted name is fine
        assertEquals(Map.of("alice", "pw1", "bob", "pw:2"), secured.getUsers());
        assertEquals("dbuser", secured.getStoreUser());
        assertEquals("dbpw", secured.getStorePassword());
        assertEquals(Map.of("VisibilityTimeout", "40", "DelaySeconds", "1"), cf.getQueueAttributes("orders"));
        assertEquals(cf.getQueueAttributes("orders"), secured.getQueueAttributes("orders"), "given to every factory");
        assertEquals(Map.of("ContentBasedDeduplication", "true"), cf.getQueueAttributes("jobs.fifo"));
        assertEquals(new JaqsQueue("orders"), ctx.lookup("jms/orders"));
        assertEquals(new JaqsQueue("orders"), ctx.lookup(new CompositeName("jms/orders")));
        assertEquals("prices", ((Topic) ctx.lookup("prices")).getTopicName());
    }

    @Test
    void aJndiFactoryWorksEndToEndWithItsSettings() throws Exception {
        factory.getBroker(); // the store's broker core, on the test's clock, is shared by every factory of the URL
        Context ctx = context(Map.of(
                "connectionFactory.cf", url,
                "connectionFactory.cf.users", "alice:secret",
                "connectionFactory.cf.user", "alice",
                "connectionFactory.cf.password", "secret",
                "queue.work", "work",
                "queueAttributes.work.VisibilityTimeout", "10",
                "queueAttributes.work.RedrivePolicy", "{\"deadLetterTargetArn\":\"work-dlq\",\"maxReceiveCount\":1}"));
        ConnectionFactory cf = (ConnectionFactory) ctx.lookup("cf");
        assertThrows(JMSSecurityException.class, () -> cf.createConnection("alice", "wrong"));
        Queue work = (Queue) ctx.lookup("work");
        try (Connection c = cf.createConnection()) { // the configured default user
            c.start();
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            s.createProducer(work).send(s.createTextMessage("once"));
            MessageConsumer consumer = s.createConsumer(work);
            assertEquals("once", ((TextMessage) consumer.receive(WAIT_MS)).getText());
            advance(11); // VisibilityTimeout 10 from JNDI: visible again, and maxReceiveCount 1 sends it to work-dlq
            assertNull(consumer.receiveNoWait());
            s.recover();
        }
        assertEquals(List.of("once"), texts(takeAll(new JaqsQueue("work-dlq"))));
    }

    @Test
    void listAndListBindingsShowEveryName() throws Exception {
        Context ctx = context(Map.of("connectionFactory.cf", url, "queue.q1", "one", "topic.t1", "tee",
                Context.PROVIDER_URL, "ignored"));
        List<String> names = new ArrayList<>();
        for (NameClassPair p : Collections.list(ctx.list(""))) {
            names.add(p.getName() + "=" + p.getClassName());
        }
        assertEquals(List.of("cf=" + JaqsConnectionFactory.class.getName(), "q1=" + JaqsQueue.class.getName(),
                "t1=" + JaqsTopic.class.getName()), names);
        List<Binding> bindings = Collections.list(ctx.listBindings(""));
        assertEquals(3, bindings.size());
        assertEquals(new JaqsQueue("one"), bindings.get(1).getObject());
        assertThrows(NotContextException.class, () -> ctx.list("q1"));
        assertThrows(NameNotFoundException.class, () -> ctx.listBindings("nothing"));
        assertTrue(ctx.lookup("") instanceof Context);
        assertEquals("ignored", ctx.getEnvironment().get(Context.PROVIDER_URL));
    }

    @Test
    void theContextIsReadOnlyAndUnknownNamesAreNotFound() throws Exception {
        Context ctx = context(Map.of("queue.q1", "one"));
        NameNotFoundException nf = assertThrows(NameNotFoundException.class, () -> ctx.lookup("q2"));
        assertTrue(nf.getMessage().contains("q2") && nf.getMessage().contains("q1"), nf.getMessage());
        assertThrows(NameNotFoundException.class, () -> ctx.lookup(new CompositeName("a/b")));
        JaqsQueue other = new JaqsQueue("two");
        assertThrows(OperationNotSupportedException.class, () -> ctx.bind("q2", other));
        assertThrows(OperationNotSupportedException.class, () -> ctx.rebind("q1", other));
        assertThrows(OperationNotSupportedException.class, () -> ctx.unbind("q1"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.rename("q1", "q3"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.createSubcontext("sub"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.destroySubcontext("sub"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.bind(new CompositeName("q2"), other));
        assertEquals(new JaqsQueue("one"), ctx.lookup("q1"), "unchanged");
    }

    @Test
    void aMalformedEnvironmentIsAConfigurationExceptionNamingTheKey() throws Exception {
        assertConfigurationError(Map.of("connectionFactory.cf", url, "connectionFactory.cf.prefetch", "eleven"),
                "connectionFactory.cf.prefetch");
        assertConfigurationError(Map.of("connectionFactory.cf", url, "connectionFactory.cf.prefetch", "11"), "1 to 10");
        assertConfigurationError(Map.of("connectionFactory.cf", url, "connectionFactory.cf.autoCreateQueues", "yes"),
                "true or false");
        assertConfigurationError(Map.of("connectionFactory.cf", url, "connectionFactory.cf.durability", "cloud"),
                "connectionFactory.cf.durability");
        assertConfigurationError(Map.of("connectionFactory.cf", url, "connectionFactory.cf.prefech", "2"), "prefetch");
        assertConfigurationError(Map.of("connectionFactory.cf", "not-a-url"), "JDBC URL");
        assertConfigurationError(Map.of("connectionFactory.cf", url, "connectionFactory.cf.users", "alice"), "name:password");
        assertConfigurationError(Map.of("queue.q", "bad name"), "queue.q");
        assertConfigurationError(Map.of("queue.", "orders"), "queue.");
        assertConfigurationError(Map.of("queueAttributes.orders.VisibilityTimeout", "-1"), "VisibilityTimeout");
        assertConfigurationError(Map.of("queueAttributes.orders.Colour", "blue"), "Colour");
        assertConfigurationError(Map.of("queueAttributes.orders", "1"), "queueAttributes.orders");
        assertConfigurationError(Map.of("queue.x", "one", "topic.x", "two"), "twice");
    }

    static void assertConfigurationError(Map<String, String> env, String expectedInMessage) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> context(env), env.toString());
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void theEnvironmentGivenToInitialContextMergesWithJndiProperties() throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, JaqsInitialContextFactory.class.getName());
        env.put("queue.extra", "extra");
        Context ctx = new InitialContext(env);
        try {
            assertEquals(new JaqsQueue("extra"), ctx.lookup("extra"));
            assertEquals(new JaqsQueue("orders"), ctx.lookup("jms/orders"), "from jndi.properties");
        } finally {
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- JNDI objects

    @Test
    void factoriesAndDestinationsSurviveSerialization() throws Exception {
        factory.setPrefetch(2);
        factory.setClientID("ser");
        factory.addUser("u", "p");
        factory.setQueueAttributes("s", Map.of("VisibilityTimeout", "9"));
        JaqsConnectionFactory copy = serialized(factory);
        assertNotSame(factory, copy);
        assertEquals(url, copy.getUrl());
        assertEquals(2, copy.getPrefetch());
        assertEquals("ser", copy.getClientID());
        assertEquals(Map.of("u", "p"), copy.getUsers());
        assertEquals(Map.of("VisibilityTimeout", "9"), copy.getQueueAttributes("s"));
        try (Connection c = copy.createConnection("u", "p")) {
            assertEquals("ser", c.getClientID());
        }
        assertEquals(new JaqsQueue("q"), serialized(new JaqsQueue("q")));
        assertEquals(new JaqsTopic("t"), serialized(new JaqsTopic("t")));
    }

    @SuppressWarnings("unchecked")
    static <T> T serialized(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void factoriesAndDestinationsRebuildFromTheirReferences() throws Exception {
        factory.setPrefetch(4);
        factory.setUsers("a:1,b:2");
        factory.setVisibilityTimeoutSeconds(12);
        factory.setAutoCreateQueues(false);
        factory.setQueueAttributes("orders.fifo", Map.of("ContentBasedDeduplication", "true"));
        Reference ref = factory.getReference();
        assertEquals(JaqsObjectFactory.class.getName(), ref.getFactoryClassName());
        JaqsConnectionFactory rebuilt = (JaqsConnectionFactory) new JaqsObjectFactory().getObjectInstance(ref, null, null, null);
        assertEquals(url, rebuilt.getUrl());
        assertEquals(4, rebuilt.getPrefetch());
        assertEquals(Map.of("a", "1", "b", "2"), rebuilt.getUsers());
        assertEquals(12, rebuilt.getVisibilityTimeoutSeconds());
        assertFalse(rebuilt.isAutoCreateQueues());
        assertEquals(Map.of("ContentBasedDeduplication", "true"), rebuilt.getQueueAttributes("orders.fifo"));
        assertTrue(rebuilt instanceof QueueConnectionFactory && rebuilt instanceof TopicConnectionFactory);

        JaqsObjectFactory objects = new JaqsObjectFactory();
        assertEquals(new JaqsQueue("orders.fifo"), objects.getObjectInstance(new JaqsQueue("orders.fifo").getReference(), null, null, null));
        assertEquals(new JaqsTopic("news"), objects.getObjectInstance(new JaqsTopic("news").getReference(), null, null, null));
        assertNull(objects.getObjectInstance("not a reference", null, null, null));
    }
}
