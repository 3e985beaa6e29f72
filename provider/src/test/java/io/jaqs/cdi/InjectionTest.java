package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.JMSSessionMode;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class InjectionTest extends CdiTestSupport {

    @Dependent
    static class Client {
        @Inject
        ConnectionFactory factory;
        @Inject
        JMSContext context;
        @Inject
        @JMSSessionMode(JMSContext.CLIENT_ACKNOWLEDGE)
        JMSContext clientAck;
        @Inject
        @JMSPasswordCredential(userName = "alice", password = "secret")
        JMSContext alice;
    }

    private String receiveText(String storeUrl, String queue) throws Exception {
        try (JMSContext c = new JaqsConnectionFactory(storeUrl).createContext()) {
            return c.createConsumer(c.createQueue(queue)).receiveBody(String.class, 5000);
        }
    }

    @Test
    void connectionFactoryAndJmsContextAreInjectedAndWorkOnTheConfiguredStore() throws Exception {
        WeldContainer weld = start(Client.class);
        Client client = weld.select(Client.class).get();
        assertInstanceOf(JaqsConnectionFactory.class, client.factory);
        assertEquals(url, ((JaqsConnectionFactory) client.factory).getUrl());

        client.context.createProducer().send(client.context.createQueue("in"), "hello");
        assertEquals("hello", receiveText(url, "in"));

        try (JMSContext c = client.factory.createContext()) {
            c.createProducer().send(c.createQueue("back"), "world");
        }
        assertEquals("world", client.context.createConsumer(client.context.createQueue("back")).receiveBody(String.class, 5000));
    }

    @Test
    void injectedContextIsContainerManaged() {
        Client client = start(Client.class).select(Client.class).get();
        assertThrows(IllegalStateRuntimeException.class, () -> client.context.close());
        assertThrows(IllegalStateRuntimeException.class, () -> client.context.commit());
        assertThrows(IllegalStateRuntimeException.class, () -> client.context.setClientID("x"));
        // still usable after the refused close
        client.context.createProducer().send(client.context.createQueue("still"), "ok");
    }

    @Test
    void sessionModeIsHonoured() throws Exception {
        WeldContainer weld = start(Client.class);
        Client client = weld.select(Client.class).get();
        assertEquals(JMSContext.AUTO_ACKNOWLEDGE, client.context.getSessionMode());
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, client.clientAck.getSessionMode());

        try (JMSContext c = client.factory.createContext()) {
            c.createProducer().send(c.createQueue("ca"), "unacked");
        }
        // receive without acknowledging inside a request; the request's context is closed at its end
        RequestContextController request = weld.select(RequestContextController.class).get();
        request.activate();
        try {
            Queue q = client.clientAck.createQueue("ca");
            JMSConsumer consumer = client.clientAck.createConsumer(q);
            Message m = consumer.receive(5000);
            assertNotNull(m);
            assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, client.clientAck.getSessionMode());
        } finally {
            request.deactivate();
        }
        // not acknowledged: redelivered
        try (JMSContext c = client.factory.createContext()) {
            Message again = c.createConsumer(c.createQueue("ca")).receive(5000);
            assertNotNull(again, "a CLIENT_ACKNOWLEDGE receive that was never acknowledged must be redelivered");
            assertTrue(again.getJMSRedelivered());
            assertEquals("unacked", again.getBody(String.class));
        }
    }

    @Test
    void autoAcknowledgeContextAcknowledges() throws Exception {
        WeldContainer weld = start(Client.class);
        Client client = weld.select(Client.class).get();
        try (JMSContext c = client.factory.createContext()) {
            c.createProducer().send(c.createQueue("aa"), "m");
        }
        RequestContextController request = weld.select(RequestContextController.class).get();
        request.activate();
        try {
            assertEquals("m", client.context.createConsumer(client.context.createQueue("aa")).receiveBody(String.class, 5000));
        } finally {
            request.deactivate();
        }
        try (JMSContext c = client.factory.createContext()) {
            assertNull(c.createConsumer(c.createQueue("aa")).receive(300));
        }
    }

    @Test
    void jmsConnectionFactorySelectsANamedFactory() throws Exception {
        String otherUrl = storeUrl("other");
        setProperty("jaqs.connectionFactory.other.url", otherUrl);
        Named client = start(Named.class).select(Named.class).get();
        assertEquals(otherUrl, ((JaqsConnectionFactory) client.otherFactory).getUrl());

        client.other.createProducer().send(client.other.createQueue("named"), "to-other");
        assertEquals("to-other", receiveText(otherUrl, "named"));
        client.context.createProducer().send(client.context.createQueue("named"), "to-default");
        assertEquals("to-default", receiveText(url, "named"));
        try (JMSContext c = new JaqsConnectionFactory(otherUrl).createContext()) {
            assertNull(c.createConsumer(c.createQueue("named")).receive(300), "the default store's message is not in the other store");
        }
    }

    @Test
    void unknownNamedFactoryFails() {
        start(Named.class);
        Throwable e = assertThrows(RuntimeException.class, () -> container.select(Named.class).get());
        while (e.getCause() != null) {
            e = e.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("jaqs.connectionFactory.other.url"), e.getMessage());
    }

    @Test
    void passwordCredentialIsUsed() {
        Client client = start(Client.class, Wrong.class).select(Client.class).get();
        Wrong wrong = container.select(Wrong.class).get();
        ((JaqsConnectionFactory) client.factory).addUser("alice", "secret");
        assertThrows(JMSSecurityRuntimeException.class, () -> wrong.context.createQueue("cred"));
        assertThrows(JMSSecurityRuntimeException.class, () -> client.context.createQueue("cred"), "no credentials: refused");
        client.alice.createProducer().send(client.alice.createQueue("cred"), "as-alice");
        try (JMSContext c = client.factory.createContext("alice", "secret")) {
            assertEquals("as-alice", c.createConsumer(c.createQueue("cred")).receiveBody(String.class, 5000));
        }
    }

    @Test
    void configurationFromJaqsPropertiesOnTheClassPath() throws Exception {
        java.nio.file.Path cp = java.nio.file.Files.createDirectories(dir.resolve("cp"));
        String fileUrl = storeUrl("fromfile");
        java.nio.file.Files.writeString(cp.resolve("jaqs.properties"),
                "jaqs.connectionFactory.other.url=" + fileUrl.replace("\\", "\\\\") + "\njaqs.url=jdbc:h2:mem:overridden\n");
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {cp.toUri().toURL()}, saved)) {
            t.setContextClassLoader(loader);
            start(Named.class);
        } finally {
            t.setContextClassLoader(saved);
        }
        Named named = container.select(Named.class).get();
        assertEquals(fileUrl, ((JaqsConnectionFactory) named.otherFactory).getUrl(), "named factory from the file");
        named.context.createProducer().send(named.context.createQueue("p"), "sys");
        assertEquals("sys", receiveText(url, "p"), "the system property jaqs.url overrides the file");
    }

    @Dependent
    static class Named {
        @Inject
        JMSContext context;
        @Inject
        @JMSConnectionFactory("other")
        JMSContext other;
        @Inject
        @JMSConnectionFactory("other")
        ConnectionFactory otherFactory;
    }

    @Dependent
    static class Wrong {
        @Inject
        @JMSPasswordCredential(userName = "alice", password = "wrong")
        JMSContext context;
    }
}
