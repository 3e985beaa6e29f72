package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values a send refuses, with the rule in the message and nothing stored (a negative time to live
 * or delivery delay, a lone UTF-16 surrogate), and JMSXUserID, which only the provider sets.
 */
class SendRulesTest extends JmsTestSupport {
    final Queue q = new JaqsQueue("rules");

    @Test
    void aNegativeTimeToLiveIsRefused() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        JMSException e = assertThrows(JMSException.class, () -> p.setTimeToLive(-1));
        assertTrue(e.getMessage().contains("time to live must be 0 (never expires) or a positive"), e.getMessage());
        assertEquals(0, p.getTimeToLive(), "unchanged");
        assertThrows(JMSException.class, () -> p.send(s.createTextMessage("x"), DeliveryMode.PERSISTENT, 4, -5));
        p.setTimeToLive(0);
        p.setTimeToLive(1000);
        try (JMSContext ctx = factory.createContext()) {
            JMSRuntimeException re = assertThrows(JMSRuntimeException.class, () -> ctx.createProducer().setTimeToLive(-1));
            assertTrue(re.getMessage().contains("time to live"), re.getMessage());
        }
        assertEquals(List.of(), texts(takeAll(q)), "nothing was stored");
    }

    @Test
    void aNegativeDeliveryDelayIsRefused() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        JMSException e = assertThrows(JMSException.class, () -> p.setDeliveryDelay(-1000));
        assertTrue(e.getMessage().contains("delivery delay must be 0 or a positive"), e.getMessage());
        assertEquals(0, p.getDeliveryDelay(), "unchanged");
        try (JMSContext ctx = factory.createContext()) {
            assertThrows(JMSRuntimeException.class, () -> ctx.createProducer().setDeliveryDelay(-1));
        }
    }

    @Test
    void anUnpairedSurrogateIsRefusedAndAPairIsCarried() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        MessageFormatException body = assertThrows(MessageFormatException.class, () -> p.send(s.createTextMessage("a\uD800b")));
        assertTrue(body.getMessage().contains("unpaired UTF-16 surrogate (\\uD800 at index 1)"), body.getMessage());
        TextMessage m = s.createTextMessage("ok");
        m.setStringProperty("note", "\uDC00");
        MessageFormatException prop = assertThrows(MessageFormatException.class, () -> p.send(m));
        assertTrue(prop.getMessage().startsWith("property note"), prop.getMessage());
        assertThrows(MessageFormatException.class, () -> p.send(s.createTextMessage("ends high \uD83D")));
        assertEquals(List.of(), texts(takeAll(q)), "nothing was stored");

        String emoji = "smile \uD83D\uDE00";
        p.send(s.createTextMessage(emoji));
        assertEquals(List.of(emoji), texts(takeAll(q)), "a surrogate pair is carried intact");
    }

    @Test
    void jmsxUserIdIsTheAuthenticatedUserNeverTheClients() throws Exception {
        factory.addUser("alice", "secret");
        try (Connection c = factory.createConnection("alice", "secret")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = s.createTextMessage("from alice");
            m.setStringProperty("JMSXUserID", "mallory");
            s.createProducer(q).send(m);
            c.start();
            Message got = s.createConsumer(q).receive(WAIT_MS);
            assertEquals("from alice", text(got));
            assertEquals("alice", got.getStringProperty("JMSXUserID"));
        }
    }

    @Test
    void jmsxUserIdIsRemovedWhenNobodyIsAuthenticated() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage m = s.createTextMessage("anonymous");
        m.setStringProperty("JMSXUserID", "mallory");
        s.createProducer(q).send(m);
        Message got = takeAll(q).get(0);
        assertNull(got.getStringProperty("JMSXUserID"));
        assertFalse(got.propertyExists("JMSXUserID"));
    }
}
