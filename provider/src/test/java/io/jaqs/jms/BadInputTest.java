package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets the exception the JMS spec names, with a message naming the rule, and changes nothing. */
class BadInputTest extends JmsTestSupport {
    static final int MAX_MESSAGE_SIZE = 1_048_576;
    final Queue q = new JaqsQueue("input");
    Connection connection;
    Session session;

    @BeforeEach
    void open() throws JMSException {
        connection = connection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    // ---------------------------------------------------------------- closed objects

    @Test
    void aClosedSessionRefusesUse() throws Exception {
        session.close();
        session.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.createProducer(q));
        assertTrue(e.getMessage().contains("session is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> session.createConsumer(q));
        assertThrows(IllegalStateException.class, () -> session.createBrowser(q));
        assertThrows(IllegalStateException.class, session::createTextMessage);
        assertThrows(IllegalStateException.class, session::recover);
        assertThrows(IllegalStateException.class, session::commit);
        assertThrows(IllegalStateException.class, session::getAcknowledgeMode);
        assertThrows(IllegalStateException.class, session::createTemporaryQueue);
    }

    @Test
    void aClosedProducerRefusesUse() throws Exception {
        MessageProducer p = session.createProducer(q);
        Message m = session.createTextMessage("x");
        p.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.send(m));
        assertTrue(e.getMessage().contains("producer is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.setPriority(1));
        assertThrows(IllegalStateException.class, p::getDestination);
        assertEquals(List.of(), texts(takeAll(q)));
    }

    @Test
    void aClosedConsumerRefusesUse() throws Exception {
        MessageConsumer c = session.createConsumer(q);
        c.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::receiveNoWait);
        assertTrue(e.getMessage().contains("consumer is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> c.receive(10));
        assertThrows(IllegalStateException.class, () -> c.setMessageListener(m -> { }));
        assertThrows(IllegalStateException.class, c::getMessageSelector);
    }

    @Test
    void aClosedConnectionRefusesUseAndItsObjectsToo() throws Exception {
        MessageProducer p = session.createProducer(q);
        QueueBrowser b = session.createBrowser(q);
        connection.close();
        assertThrows(IllegalStateException.class, () -> connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
        assertThrows(IllegalStateException.class, connection::getMetaData);
        assertThrows(IllegalStateException.class, connection::stop);
        assertThrows(IllegalStateException.class, () -> connection.setExceptionListener(e -> { }));
        assertThrows(IllegalStateException.class, () -> p.send(session.createTextMessage("x")));
        assertThrows(IllegalStateException.class, () -> session.createConsumer(q));
        assertThrows(IllegalStateException.class, b::getEnumeration);
    }

    @Test
    void aClosedContextRefusesUse() {
        JMSContext ctx = factory.createContext();
        ctx.close();
        assertThrows(IllegalStateRuntimeException.class, () -> ctx.createConsumer(q));
        assertThrows(IllegalStateRuntimeException.class, ctx::createTextMessage);
        assertThrows(IllegalStateRuntimeException.class, () -> ctx.createProducer().send(q, "x"));
        assertThrows(IllegalStateRuntimeException.class, ctx::getClientID);
    }

    @Test
    void aTransactedOnlyOperationOutsideATransactionIsAnIllegalState() throws Exception {
        assertThrows(IllegalStateException.class, session::commit);
        assertThrows(IllegalStateException.class, session::rollback);
        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        assertThrows(IllegalStateException.class, tx::recover);
    }

    // ---------------------------------------------------------------- destinations

    @Test
    void invalidDestinationsAreRefused() throws Exception {
        assertThrows(InvalidDestinationException.class, () -> session.createConsumer(null));
        assertThrows(InvalidDestinationException.class, () -> session.createBrowser(null));
        assertThrows(InvalidDestinationException.class, () -> session.createQueue(null));
        assertThrows(InvalidDestinationException.class, () -> session.createQueue(""));
        InvalidDestinationException name = assertThrows(InvalidDestinationException.class,
                () -> session.createQueue("orders/eu"));
        assertTrue(name.getMessage().contains("alphanumeric"), name.getMessage());
        InvalidDestinationException longName = assertThrows(InvalidDestinationException.class,
                () -> session.createQueue("q".repeat(81)));
        assertTrue(longName.getMessage().contains("80"), longName.getMessage());
        assertThrows(InvalidDestinationException.class, () -> session.createQueue(".fifo"));

        MessageProducer anonymous = session.createProducer(null);
        assertThrows(InvalidDestinationException.class, () -> anonymous.send(null, session.createTextMessage("x")));
        Destination foreign = new Destination() { };
        assertThrows(InvalidDestinationException.class, () -> anonymous.send(foreign, session.createTextMessage("x")));
        assertThrows(InvalidDestinationException.class, () -> session.createConsumer(foreign));
        assertThrows(InvalidDestinationException.class, () -> anonymous.send(new JaqsQueue("bad name"), session.createTextMessage("x")));

        MessageProducer bound = session.createProducer(q);
        assertThrows(UnsupportedOperationException.class, () -> bound.send(new JaqsQueue("other"), session.createTextMessage("x")),
                "a producer with a destination takes no other");
        assertThrows(UnsupportedOperationException.class, () -> anonymous.send(session.createTextMessage("x")));
    }

    @Test
    void aForeignQueueImplementationIsAccepted() throws Exception {
        Queue foreign = () -> "input"; // another provider's Queue: used by name
        session.createProducer(foreign).send(session.createTextMessage("by name"));
        assertEquals(List.of("by name"), texts(takeAll(q)));
    }

    // ---------------------------------------------------------------- selectors

    @Test
    void invalidSelectorsAreInvalidSelectorExceptionsWithThePosition() throws Exception {
        InvalidSelectorException e = assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, "color = 'red' AND"));
        assertTrue(e.getMessage().contains("column"), e.getMessage());
        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, "color LIKE 5"));
        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, "JMSDeliveryMode = 1 AND"));
        assertThrows(InvalidSelectorException.class, () -> session.createBrowser(q, "(("));
        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, "x = 'unterminated"));
        session.createConsumer(q, "").close(); // empty = no selector
        session.createConsumer(q, null).close();
    }

    // ---------------------------------------------------------------- sizes

    @Test
    void anOversizeBodyIsAMessageFormatExceptionNamingTheLimitAndNothingIsStored() throws Exception {
        MessageProducer p = session.createProducer(q);
        BytesMessage big = session.createBytesMessage();
        big.writeBytes(new byte[MAX_MESSAGE_SIZE + 1]);
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> p.send(big));
        assertTrue(e.getMessage().contains(Integer.toString(MAX_MESSAGE_SIZE)), e.getMessage());
        assertThrows(MessageFormatException.class, () -> p.send(session.createTextMessage("x".repeat(MAX_MESSAGE_SIZE))),
                "body and attributes together count");
        CompletionListener never = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
            }

            @Override
            public void onException(Message message, Exception exception) {
            }
        };
        assertThrows(MessageFormatException.class, () -> p.send(big, never), "an async send is refused at once too");
        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        assertThrows(MessageFormatException.class, () -> tx.createProducer(q).send(big));
        tx.commit();
        assertEquals(0, counts("input")[0] + counts("input")[1] + counts("input")[2], "nothing was stored");

        BytesMessage fits = session.createBytesMessage();
        fits.writeBytes(new byte[MAX_MESSAGE_SIZE - 2_048]);
        p.send(fits);
        assertEquals(1, takeAll(q).size());
    }

    @Test
    void aNullMessageIsRefused() throws Exception {
        MessageProducer p = session.createProducer(q);
        assertThrows(MessageFormatException.class, () -> p.send(null));
    }

    @Test
    void anUnknownAcknowledgeModeIsRefused() throws Exception {
        JMSException e = assertThrows(JMSException.class, () -> connection.createSession(false, 7));
        assertTrue(e.getMessage().contains("UNORDERED_ACKNOWLEDGE"), e.getMessage());
    }

    @Test
    void queueAttributesOutOfRangeFailTheFirstUse() throws Exception {
        factory.setQueueAttributes("bad", Map.of("VisibilityTimeout", "99999"));
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class,
                () -> session.createConsumer(new JaqsQueue("bad")));
        assertTrue(e.getMessage().contains("VisibilityTimeout"), e.getMessage());
    }
}
