package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simplified API: autoStart, contexts sharing a connection, runtime exceptions, receiveBody; credentials. */
class JmsContextTest extends JmsTestSupport {
    final Queue q = new JaqsQueue("ctx");

    @Test
    void createConsumerStartsTheConnectionUnlessAutoStartIsOff() throws Exception {
        sendTexts(q, "a");
        try (JMSContext ctx = factory.createContext()) {
            assertTrue(ctx.getAutoStart());
            ctx.setAutoStart(false);
            JMSConsumer consumer = ctx.createConsumer(q);
            assertNull(consumer.receive(NOTHING_MS), "autoStart off: not started");
            ctx.start();
            assertEquals("a", consumer.receiveBody(String.class, WAIT_MS));
        }
        sendTexts(q, "b");
        try (JMSContext ctx = factory.createContext()) {
            assertEquals("b", ctx.createConsumer(q).receiveBody(String.class, WAIT_MS), "autoStart on by default");
        }
    }

    @Test
    void createContextSharesTheConnectionUntilTheLastContextCloses() throws Exception {
        JMSContext first = factory.createContext();
        first.setClientID("shared");
        JMSContext second = first.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
        assertEquals("shared", second.getClientID(), "same connection");
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, second.getSessionMode());
        assertEquals(JMSContext.AUTO_ACKNOWLEDGE, first.getSessionMode());
        TemporaryQueue tmp = first.createTemporaryQueue();
        first.createProducer().send(tmp, "over the shared connection");
        JMSConsumer consumer = second.createConsumer(tmp); // allowed: it is the owner connection
        Message m = consumer.receive(WAIT_MS);
        assertEquals("over the shared connection", m.getBody(String.class));

        first.close();
        assertThrows(IllegalStateRuntimeException.class, () -> first.createQueue("x"));
        second.createProducer().send(tmp, "still open"); // the connection lives on with the second context
        assertEquals("still open", consumer.receiveBody(String.class, WAIT_MS));
        second.acknowledge();
        second.close();
        try (Connection c = factory.createConnection()) {
            c.setClientID("shared"); // the shared connection closed with the last context: its client id is free
        }
    }

    @Test
    void aFailedCreateContextDoesNotKeepTheConnectionOpen() throws Exception {
        JMSContext ctx = factory.createContext();
        ctx.setClientID("counted");
        assertThrows(JMSRuntimeException.class, () -> ctx.createContext(42));
        ctx.close();
        try (Connection c = factory.createConnection()) {
            c.setClientID("counted"); // free: the connection closed with its only context
        }
    }

    @Test
    void failuresAreTheRuntimeCounterpartsOfTheClassicExceptions() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createConsumer(null));
            assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createQueue("no spaces allowed"));
            assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createProducer().send(null, "x"));
            InvalidSelectorRuntimeException sel = assertThrows(InvalidSelectorRuntimeException.class,
                    () -> ctx.createConsumer(q, "price >"));
            assertTrue(sel.getCause() instanceof jakarta.jms.InvalidSelectorException);
            assertThrows(MessageFormatRuntimeException.class, () -> ctx.createProducer().setProperty("p", new Object()));
            assertThrows(MessageFormatRuntimeException.class,
                    () -> ctx.createProducer().send(q, new byte[JaqsLimits.MAX_MESSAGE_SIZE + 1]));
            assertThrows(JMSRuntimeException.class, () -> ctx.createContext(42), "unknown session mode");
            assertThrows(JMSRuntimeException.class, () -> factory.createContext(42));
        }
    }

    @Test
    void receiveBodyOfTheWrongTypeLeavesTheMessageForTheNextReceiveInAutoAcknowledge() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            ctx.createProducer().send(q, Map.of("k", 1)).send(q, "text");
            JMSConsumer consumer = ctx.createConsumer(q);
            MessageFormatRuntimeException e = assertThrows(MessageFormatRuntimeException.class,
                    () -> consumer.receiveBody(String.class, WAIT_MS));
            assertTrue(e.getMessage().contains("String"), e.getMessage());
            // "as if the call had not occurred": the same message again, not counted as a redelivery
            Message again = consumer.receive(WAIT_MS);
            assertEquals(Map.of("k", 1), again.getBody(Map.class));
            assertFalse(again.getJMSRedelivered());
            assertEquals(1, again.getIntProperty("JMSXDeliveryCount"));
            assertEquals("text", consumer.receiveBody(String.class, WAIT_MS));
            assertNull(consumer.receiveBodyNoWait(String.class));
        }
    }

    @Test
    void receiveBodyRefusesMessagesWithoutAReceivableBody() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            ctx.createProducer().send(q, ctx.createMessage()).send(q, ctx.createStreamMessage());
            JMSConsumer consumer = ctx.createConsumer(q);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class, WAIT_MS),
                    "a plain Message has no body to receive");
            Message plain = consumer.receive(WAIT_MS); // left for the next receive
            assertFalse(plain instanceof jakarta.jms.StreamMessage);
            assertNull(plain.getBody(Object.class));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class, WAIT_MS),
                    "a StreamMessage cannot be received as a body");
        }
    }

    @Test
    void receiveBodyOfEveryBodyType() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            ctx.createProducer().send(q, "s").send(q, new byte[] {1, 2}).send(q, Map.of("a", "b"))
                    .send(q, (java.io.Serializable) List.of(7));
            JMSConsumer c = ctx.createConsumer(q);
            assertEquals("s", c.receiveBody(String.class, WAIT_MS));
            assertArrayEquals(new byte[] {1, 2}, c.receiveBody(byte[].class, WAIT_MS));
            assertEquals(Map.of("a", "b"), c.receiveBody(Map.class, WAIT_MS));
            assertEquals(List.of(7), c.receiveBody(List.class, WAIT_MS));
        }
    }

    @Test
    void inClientAcknowledgeAFailedReceiveBodyCountsAsDelivered() throws Exception {
        try (JMSContext ctx = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            ctx.createProducer().send(q, 42L).send(q, "next");
            JMSConsumer consumer = ctx.createConsumer(q);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(String.class, WAIT_MS));
            assertEquals("next", consumer.receiveBody(String.class, WAIT_MS));
            ctx.recover(); // both come back, the failed one first
            assertEquals(42L, consumer.receiveBody(Long.class, WAIT_MS));
        }
    }

    @Test
    void contextAcknowledgeInUnorderedModeAcknowledgesEverythingConsumed() throws Exception {
        try (JMSContext ctx = factory.createContext(JaqsSession.UNORDERED_ACKNOWLEDGE)) {
            ctx.createProducer().send(q, "1").send(q, "2");
            JMSConsumer consumer = ctx.createConsumer(q);
            assertEquals("1", consumer.receiveBody(String.class, WAIT_MS));
            assertEquals("2", consumer.receiveBody(String.class, WAIT_MS));
            ctx.acknowledge();
            ctx.recover();
            assertNull(consumer.receiveNoWait(), "both were acknowledged");
        }
    }

    // ---------------------------------------------------------------- credentials

    @Test
    void withUsersConfiguredOnlyTheRightPairConnects() throws Exception {
        factory.addUser("alice", "secret");
        factory.setUsers("alice:secret,bob:b:0b");
        factory.createConnection("alice", "secret").close();
        factory.createConnection("bob", "b:0b").close();
        JMSSecurityException wrong = assertThrows(JMSSecurityException.class, () -> factory.createConnection("alice", "guess"));
        assertTrue(wrong.getMessage().contains("alice"), wrong.getMessage());
        assertThrows(JMSSecurityException.class, () -> factory.createConnection("mallory", "secret"));
        assertThrows(JMSSecurityException.class, () -> factory.createConnection(), "no default credentials");
        assertThrows(JMSSecurityException.class, () -> factory.createQueueConnection("alice", null));
        assertThrows(JMSSecurityRuntimeException.class, () -> factory.createContext("alice", "guess"));
        assertThrows(JMSSecurityRuntimeException.class, () -> factory.createContext("alice", "guess", JMSContext.CLIENT_ACKNOWLEDGE));
        factory.setUser("alice");
        factory.setPassword("secret");
        try (JMSContext ctx = factory.createContext()) {
            ctx.createProducer().send(q, "authenticated");
        }
    }

    @Test
    void withoutUsersAnyCredentialsAreAccepted() throws Exception {
        factory.createConnection("anyone", "anything").close();
        factory.createConnection(null, null).close();
        try (JMSContext ctx = factory.createContext("x", "y")) {
            ctx.createProducer().send(q, "open");
        }
        assertEquals(List.of("open"), texts(takeAll(q)));
    }

    /** Keeps the limit in one place for the tests: the SQS maximum message size. */
    static final class JaqsLimits {
        static final int MAX_MESSAGE_SIZE = 1_048_576;
    }
}
