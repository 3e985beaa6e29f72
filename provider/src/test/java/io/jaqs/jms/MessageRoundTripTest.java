package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every message type and property type through a real queue; selectors; the ObjectMessage allow-list. */
class MessageRoundTripTest extends JmsTestSupport {
    final Queue q = new JaqsQueue("types");
    Session session;
    MessageProducer producer;
    MessageConsumer consumer;

    @BeforeEach
    void open() throws JMSException {
        session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(q);
        consumer = session.createConsumer(q);
    }

    /** A payload class outside java.*: ObjectMessage refuses it unless its package is trusted. */
    record Order(String id, int quantity) implements Serializable {
    }

    static void setAllProperties(Message m) throws JMSException {
        m.setBooleanProperty("bool", true);
        m.setByteProperty("byte", (byte) -7);
        m.setShortProperty("short", (short) 300);
        m.setIntProperty("int", 70_000);
        m.setLongProperty("long", 5_000_000_000L);
        m.setFloatProperty("float", 1.5f);
        m.setDoubleProperty("double", Math.PI);
        m.setStringProperty("string", "héllo ☃");
        m.setObjectProperty("object", 12L);
        m.setDoubleProperty("nan", Double.NaN);
    }

    static void assertAllProperties(Message m) throws JMSException {
        assertTrue(m.getBooleanProperty("bool"));
        assertEquals((byte) -7, m.getByteProperty("byte"));
        assertEquals((short) 300, m.getShortProperty("short"));
        assertEquals(70_000, m.getIntProperty("int"));
        assertEquals(5_000_000_000L, m.getLongProperty("long"));
        assertEquals(1.5f, m.getFloatProperty("float"));
        assertEquals(Math.PI, m.getDoubleProperty("double"));
        assertEquals("héllo ☃", m.getStringProperty("string"));
        assertEquals(12L, m.getObjectProperty("object"));
        assertTrue(Double.isNaN(m.getDoubleProperty("nan")));
        // the types survive, so the conversion table applies as on the sender's side
        assertEquals(Byte.class, m.getObjectProperty("byte").getClass());
        assertEquals(Short.class, m.getObjectProperty("short").getClass());
        assertEquals(Float.class, m.getObjectProperty("float").getClass());
        assertEquals("300", m.getStringProperty("short"));
        assertEquals(70_000L, m.getLongProperty("int"));
        assertEquals(new TreeSet<>(List.of("bool", "byte", "short", "int", "long", "float", "double", "string", "object", "nan",
                "JMSXDeliveryCount")), new TreeSet<>(Collections.list((java.util.Enumeration<String>) m.getPropertyNames())));
    }

    Message roundTrip(Message m) throws JMSException {
        setAllProperties(m);
        m.setJMSCorrelationID("corr-1");
        m.setJMSType("order.created");
        m.setJMSReplyTo(new JaqsQueue("replies"));
        producer.send(m, DeliveryMode.PERSISTENT, 6, 0);
        Message r = consumer.receive(WAIT_MS);
        assertAllProperties(r);
        assertEquals(m.getJMSMessageID(), r.getJMSMessageID());
        assertEquals("corr-1", r.getJMSCorrelationID());
        assertEquals("order.created", r.getJMSType());
        assertEquals(new JaqsQueue("replies"), r.getJMSReplyTo());
        assertEquals(q, r.getJMSDestination());
        assertEquals(6, r.getJMSPriority());
        assertEquals(clock.millis(), r.getJMSTimestamp());
        assertThrows(MessageNotWriteableException.class, () -> r.setStringProperty("x", "y"), "received properties are read-only");
        return r;
    }

    @Test
    void textMessage() throws Exception {
        TextMessage r = (TextMessage) roundTrip(session.createTextMessage("text ✓"));
        assertEquals("text ✓", r.getText());
        assertNull(((TextMessage) roundTrip(session.createTextMessage())).getText(), "a null text stays null");
    }

    @Test
    void bytesMessage() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeInt(42);
        m.writeUTF("utf");
        m.writeBytes(new byte[] {0, -1, 127});
        BytesMessage r = (BytesMessage) roundTrip(m);
        assertEquals(4 + 2 + 3 + 3, r.getBodyLength());
        assertEquals(42, r.readInt());
        assertEquals("utf", r.readUTF());
        byte[] rest = new byte[3];
        assertEquals(3, r.readBytes(rest));
        assertArrayEquals(new byte[] {0, -1, 127}, rest);
    }

    @Test
    void mapMessage() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setInt("i", 1);
        m.setString("s", "two");
        m.setBytes("b", new byte[] {3});
        m.setDouble("d", 4.5);
        m.setBoolean("z", false);
        MapMessage r = (MapMessage) roundTrip(m);
        assertEquals(1, r.getInt("i"));
        assertEquals("two", r.getString("s"));
        assertArrayEquals(new byte[] {3}, r.getBytes("b"));
        assertEquals(4.5, r.getDouble("d"));
        assertEquals("false", r.getString("z"));
        assertEquals(new TreeSet<>(List.of("i", "s", "b", "d", "z")), new TreeSet<>(Collections.list((java.util.Enumeration<String>) r.getMapNames())));
    }

    @Test
    void streamMessage() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeLong(9L);
        m.writeString("x");
        m.writeObject(null);
        m.writeChar('c');
        StreamMessage r = (StreamMessage) roundTrip(m);
        assertEquals(9L, r.readLong());
        assertEquals("x", r.readString());
        assertNull(r.readObject());
        assertEquals('c', r.readChar());
    }

    @Test
    void objectMessageOfJavaTypes() throws Exception {
        ArrayList<Object> payload = new ArrayList<>(List.of("a", 1, Map.of("k", 2.0)));
        ObjectMessage r = (ObjectMessage) roundTrip(session.createObjectMessage(payload));
        assertEquals(payload, r.getObject());
    }

    @Test
    void plainMessage() throws Exception {
        Message r = roundTrip(session.createMessage());
        assertNull(r.getBody(Object.class));
    }

    @Test
    void wrongPropertyTypesAreMessageFormatExceptions() throws Exception {
        Message m = session.createMessage();
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("list", new ArrayList<>()));
        m.setBooleanProperty("flag", true);
        m.setStringProperty("word", "abc");
        m.setIntProperty("n", 5);
        producer.send(m);
        Message r = consumer.receive(WAIT_MS);
        assertThrows(MessageFormatException.class, () -> r.getIntProperty("flag"), "boolean → int is not in the table");
        assertThrows(MessageFormatException.class, () -> r.getBooleanProperty("n"));
        assertThrows(MessageFormatException.class, () -> r.getShortProperty("n"), "no narrowing: int → short");
        assertThrows(NumberFormatException.class, () -> r.getIntProperty("word"), "String → int parses (and may fail so)");
        assertEquals("true", r.getStringProperty("flag"));
        assertThrows(MessageFormatException.class, () -> ((TextMessage) session.createTextMessage("t")).getBody(Integer.class));
    }

    // ---------------------------------------------------------------- selectors

    @Test
    void aSelectorTakesOnlyMatchingMessagesAndLeavesTheOthersForOtherConsumers() throws Exception {
        consumer.close();
        for (int i = 1; i <= 6; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setStringProperty("color", i % 2 == 0 ? "red" : "blue");
            m.setIntProperty("weight", i * 10);
            producer.send(m);
        }
        MessageConsumer heavyRed = session.createConsumer(q, "color = 'red' AND weight BETWEEN 30 AND 100");
        assertEquals(List.of("m4", "m6"), drain(heavyRed));
        MessageConsumer byHeader = session.createConsumer(q, "JMSPriority = 4 AND color IN ('blue', 'green') AND (weight = 10 OR weight = 50)");
        assertEquals(List.of("m1", "m5"), drain(byHeader));
        assertEquals(List.of("m2", "m3"), texts(takeAll(q)), "non-matching messages stayed, in order, unreceived");
    }

    @Test
    void selectorsOnJmsMessageIdAndDeliveryCount() throws Exception {
        consumer.close();
        TextMessage wanted = session.createTextMessage("wanted");
        producer.send(session.createTextMessage("other"));
        producer.send(wanted);
        MessageConsumer byId = session.createConsumer(q, "JMSMessageID = '" + wanted.getJMSMessageID() + "'");
        assertEquals(List.of("wanted"), drain(byId));

        Session client = connection().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer first = client.createConsumer(q);
        assertEquals("other", receiveText(first));
        client.recover();
        first.close();
        producer.send(session.createTextMessage("fresh"));
        MessageConsumer redelivered = session.createConsumer(q, "JMSXDeliveryCount > 1");
        assertEquals(List.of("other"), drain(redelivered), "only the message received before");
        assertEquals(List.of("fresh"), texts(takeAll(q)));
    }

    @Test
    void aNonPersistentMessageHasTheSameIdOnBothSides() throws Exception {
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TextMessage m = session.createTextMessage("n" + i);
            producer.send(m);
            sent.add(m.getJMSMessageID());
        }
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            received.add(consumer.receive(WAIT_MS).getJMSMessageID());
        }
        assertEquals(sent, received);
    }

    // ---------------------------------------------------------------- ObjectMessage allow-list

    @Test
    void anObjectMessageOfAnUntrustedClassIsRefusedOnReceive() throws Exception {
        producer.send(session.createObjectMessage(new Order("o-1", 3)));
        ObjectMessage r = (ObjectMessage) consumer.receive(WAIT_MS);
        MessageFormatException e = assertThrows(MessageFormatException.class, r::getObject);
        assertTrue(e.getMessage().contains(Order.class.getName()), e.getMessage());

        JaqsConnectionFactory trusting = newFactory();
        trusting.setTrustedPackages("io.jaqs.jms");
        Session ts = connection(trusting).createSession(false, Session.AUTO_ACKNOWLEDGE);
        ts.createProducer(q).send(ts.createObjectMessage(new Order("o-2", 5)));
        ObjectMessage ok = (ObjectMessage) ts.createConsumer(q).receive(WAIT_MS);
        assertEquals(new Order("o-2", 5), ok.getObject());
    }
}
