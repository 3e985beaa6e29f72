package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jaqs.broker.MessageAttributeValue;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messages from another provider are read through the JMS API only. */
class ForeignMessageTest {

    /** A minimal Message from "another provider": plain fields, no conversions. */
    static class ForeignMessage implements Message {
        String messageId;
        long timestamp;
        String correlationId;
        Destination replyTo;
        Destination destination;
        int deliveryMode = DeliveryMode.PERSISTENT;
        boolean redelivered;
        String type;
        long expiration;
        long deliveryTime;
        int priority = 4;
        final Map<String, Object> props = new LinkedHashMap<>();

        @Override public String getJMSMessageID() { return messageId; }
        @Override public void setJMSMessageID(String id) { messageId = id; }
        @Override public long getJMSTimestamp() { return timestamp; }
        @Override public void setJMSTimestamp(long t) { timestamp = t; }
        @Override public byte[] getJMSCorrelationIDAsBytes() { throw new UnsupportedOperationException(); }
        @Override public void setJMSCorrelationIDAsBytes(byte[] id) { throw new UnsupportedOperationException(); }
        @Override public void setJMSCorrelationID(String id) { correlationId = id; }
        @Override public String getJMSCorrelationID() { return correlationId; }
        @Override public Destination getJMSReplyTo() { return replyTo; }
        @Override public void setJMSReplyTo(Destination d) { replyTo = d; }
        @Override public Destination getJMSDestination() { return destination; }
        @Override public void setJMSDestination(Destination d) { destination = d; }
        @Override public int getJMSDeliveryMode() { return deliveryMode; }
        @Override public void setJMSDeliveryMode(int m) { deliveryMode = m; }
        @Override public boolean getJMSRedelivered() { return redelivered; }
        @Override public void setJMSRedelivered(boolean r) { redelivered = r; }
        @Override public String getJMSType() { return type; }
        @Override public void setJMSType(String t) { type = t; }
        @Override public long getJMSExpiration() { return expiration; }
        @Override public void setJMSExpiration(long e) { expiration = e; }
        @Override public long getJMSDeliveryTime() { return deliveryTime; }
        @Override public void setJMSDeliveryTime(long t) { deliveryTime = t; }
        @Override public int getJMSPriority() { return priority; }
        @Override public void setJMSPriority(int p) { priority = p; }
        @Override public void clearProperties() { props.clear(); }
        @Override public boolean propertyExists(String name) { return props.containsKey(name); }
        @Override public boolean getBooleanProperty(String name) { return (Boolean) props.get(name); }
        @Override public byte getByteProperty(String name) { return (Byte) props.get(name); }
        @Override public short getShortProperty(String name) { return (Short) props.get(name); }
        @Override public int getIntProperty(String name) { return (Integer) props.get(name); }
        @Override public long getLongProperty(String name) { return (Long) props.get(name); }
        @Override public float getFloatProperty(String name) { return (Float) props.get(name); }
        @Override public double getDoubleProperty(String name) { return (Double) props.get(name); }
        @Override public String getStringProperty(String name) { return (String) props.get(name); }
        @Override public Object getObjectProperty(String name) { return props.get(name); }
        @Override public Enumeration<String> getPropertyNames() { return Collections.enumeration(props.keySet()); }
        @Override public void setBooleanProperty(String name, boolean v) { props.put(name, v); }
        @Override public void setByteProperty(String name, byte v) { props.put(name, v); }
        @Override public void setShortProperty(String name, short v) { props.put(name, v); }
        @Override public void setIntProperty(String name, int v) { props.put(name, v); }
        @Override public void setLongProperty(String name, long v) { props.put(name, v); }
        @Override public void setFloatProperty(String name, float v) { props.put(name, v); }
        @Override public void setDoubleProperty(String name, double v) { props.put(name, v); }
        @Override public void setStringProperty(String name, String v) { props.put(name, v); }
        @Override public void setObjectProperty(String name, Object v) { props.put(name, v); }
        @Override public void acknowledge() { }
        @Override public void clearBody() { }
        @Override public <T> T getBody(Class<T> c) { return null; }
        @Override public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) { return true; }
    }

    static final class ForeignTextMessage extends ForeignMessage implements TextMessage {
        String text;

        @Override public void setText(String s) { text = s; }
        @Override public String getText() { return text; }
    }

    @Test
    void foreignTextMessageIsEncodedThroughTheApi() throws JMSException {
        ForeignTextMessage f = new ForeignTextMessage();
        f.setText("from elsewhere \u00e9");
        f.setJMSCorrelationID("c");
        f.setJMSType("T");
        f.setJMSPriority(6);
        f.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        f.setJMSTimestamp(55L);
        f.setJMSExpiration(66L);
        f.setJMSDeliveryTime(77L);
        f.setJMSReplyTo(new TestDestinations.TestQueue("reply"));
        f.setJMSDestination(new TestDestinations.TestQueue("target"));
        f.setIntProperty("count", 3);
        f.setBooleanProperty("ok", true);
        f.setDoubleProperty("ratio", 0.5);
        f.setStringProperty("s", "v");
        f.setIntProperty("JMSXDeliveryCount", 4); // the other provider's: not carried over

        MessageCodec.EncodedMessage e = MessageCodec.encode(f, TestDestinations.CODEC);
        assertArrayEquals("from elsewhere \u00e9".getBytes(StandardCharsets.UTF_8), e.body());
        Map<String, MessageAttributeValue> a = e.attributes();
        assertEquals(MessageAttributeValue.string("text"), a.get("JMS_Jaqs_Type"));
        assertEquals(MessageAttributeValue.of("Number.int", "3", null), a.get("count"));
        assertEquals(MessageAttributeValue.of("Number.Boolean", "1", null), a.get("ok"));
        assertEquals(MessageAttributeValue.of("String.Destination", "queue:reply", null), a.get("JMSReplyTo"));
        assertFalse(a.containsKey("JMSXDeliveryCount"));

        JaqsTextMessage d = assertInstanceOf(JaqsTextMessage.class,
                MessageCodec.decode(e.body(), a, TestDestinations.CODEC, null));
        assertEquals("from elsewhere \u00e9", d.getText());
        assertEquals("c", d.getJMSCorrelationID());
        assertEquals("T", d.getJMSType());
        assertEquals(6, d.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, d.getJMSDeliveryMode());
        assertEquals(55L, d.getJMSTimestamp());
        assertEquals(66L, d.getJMSExpiration());
        assertEquals(77L, d.getJMSDeliveryTime());
        assertEquals(new TestDestinations.TestQueue("reply"), d.getJMSReplyTo());
        assertEquals(new TestDestinations.TestQueue("target"), d.getJMSDestination());
        assertEquals(3, d.getIntProperty("count"));
        assertEquals(true, d.getBooleanProperty("ok"));
        assertEquals(0.5, d.getDoubleProperty("ratio"));
        assertEquals("v", d.getStringProperty("s"));
        assertFalse(d.propertyExists("JMSXDeliveryCount"));
    }

    @Test
    void foreignNullTextAndPlainMessage() throws JMSException {
        ForeignTextMessage f = new ForeignTextMessage();
        MessageCodec.EncodedMessage e = MessageCodec.encode(f, null);
        assertNull(((JaqsTextMessage) MessageCodec.decode(e.body(), e.attributes(), null, null)).getText());

        ForeignMessage plain = new ForeignMessage();
        plain.setLongProperty("n", 1L);
        MessageCodec.EncodedMessage p = MessageCodec.encode(plain, null);
        assertEquals(MessageAttributeValue.string("message"), p.attributes().get("JMS_Jaqs_Type"));
        assertEquals(0, p.body().length);
        JaqsMessage d = MessageCodec.decode(p.body(), p.attributes(), null, null);
        assertEquals(JaqsMessage.class, d.getClass());
        assertEquals(1L, d.getLongProperty("n"));
    }

    @Test
    void foreignPropertyOfAnInvalidTypeIsRefused() {
        ForeignTextMessage f = new ForeignTextMessage();
        f.setObjectProperty("bad", new StringBuilder("x"));
        assertThrows(MessageFormatException.class, () -> MessageCodec.encode(f, null));
    }

    @Test
    void copyOfForeignMessageIsAWritableJaqsMessage() throws JMSException {
        ForeignTextMessage f = new ForeignTextMessage();
        f.setText("t");
        f.setStringProperty("p", "v");
        JaqsTextMessage c = assertInstanceOf(JaqsTextMessage.class, MessageCodec.copyOf(f));
        assertEquals("t", c.getText());
        assertEquals("v", c.getStringProperty("p"));
        c.setText("changed");
        c.setStringProperty("p", "w");
        assertEquals("t", f.getText());
        assertEquals("v", f.getStringProperty("p"));
    }
    /** How a proxied foreign message answers one method (may throw what the method declares). */
    interface Answer {
        Object apply(Object[] args) throws Exception;
    }

    /** A foreign message of {@code type} whose methods are answered by {@code answers} (others: defaults). */
    static <M extends Message> M proxy(Class<M> type, Map<String, Answer> answers) {
        InvocationHandler h = (self, method, args) -> {
            Answer a = answers.get(method.getName());
            if (a != null) {
                return a.apply(args);
            }
            Class<?> r = method.getReturnType();
            if (method.getName().equals("getPropertyNames")) {
                return Collections.emptyEnumeration();
            }
            if (method.getName().equals("getJMSDeliveryMode")) {
                return DeliveryMode.PERSISTENT;
            }
            if (r == int.class) {
                return 0;
            }
            if (r == long.class) {
                return 0L;
            }
            if (r == boolean.class) {
                return false;
            }
            return null;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    @Test
    void foreignBytesMessageReadInPieces() throws JMSException {
        byte[] body = new byte[20];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        int[] pos = {5}; // left mid-way by its owner: must be reset() first
        int[] resets = {0};
        Map<String, Answer> answers = new HashMap<>();
        answers.put("reset", args -> {
            pos[0] = 0;
            resets[0]++;
            return null;
        });
        answers.put("getBodyLength", args -> (long) body.length);
        answers.put("readBytes", args -> {
            byte[] into = (byte[]) args[0];
            int max = args.length > 1 ? (Integer) args[1] : into.length;
            int n = Math.min(Math.min(max, 7), body.length - pos[0]); // hands out at most 7 at a time
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(body, pos[0], into, 0, n);
            pos[0] += n;
            return n;
        });
        BytesMessage f = proxy(BytesMessage.class, answers);
        MessageCodec.EncodedMessage e = MessageCodec.encode(f, null);
        assertArrayEquals(body, e.body());
        assertEquals(MessageAttributeValue.string("bytes"), e.attributes().get("JMS_Jaqs_Type"));
        assertEquals(2, resets[0]); // before reading and after
        assertEquals(0, pos[0]);
    }

    @Test
    void foreignStreamMapAndObjectMessages() throws JMSException {
        List<Object> fields = Arrays.asList(1, "two", null, new byte[] {3}, 'c');
        Iterator<?>[] it = {null};
        StreamMessage stream = proxy(StreamMessage.class, Map.of(
                "reset", args -> {
                    it[0] = fields.iterator();
                    return null;
                },
                "readObject", args -> {
                    if (!it[0].hasNext()) {
                        throw new MessageEOFException("end");
                    }
                    return it[0].next();
                }));
        JaqsStreamMessage s = (JaqsStreamMessage) TestDestinations.roundTrip(stream);
        assertEquals(1, s.readObject());
        assertEquals("two", s.readObject());
        assertNull(s.readObject());
        assertArrayEquals(new byte[] {3}, (byte[]) s.readObject());
        assertEquals('c', s.readChar());
        assertThrows(MessageEOFException.class, s::readObject);

        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("a", 1L);
        entries.put("b", new byte[] {7});
        MapMessage map = proxy(MapMessage.class, Map.of(
                "getMapNames", args -> Collections.enumeration(entries.keySet()),
                "getObject", args -> entries.get((String) args[0])));
        JaqsMapMessage m = (JaqsMapMessage) TestDestinations.roundTrip(map);
        assertEquals(List.of("a", "b"), Collections.list(m.getMapNames()));
        assertEquals(1L, m.getLong("a"));
        assertArrayEquals(new byte[] {7}, m.getBytes("b"));

        ObjectMessage object = proxy(ObjectMessage.class, Map.of(
                "getObject", args -> new ArrayList<>(List.of("x"))));
        JaqsObjectMessage o = (JaqsObjectMessage) TestDestinations.roundTrip(object);
        assertEquals(List.of("x"), o.getObject());
    }
}
