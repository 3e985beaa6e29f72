package io.jaqs.jms.message;

import static io.jaqs.jms.message.MessageCodec.selectorValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jaqs.broker.MessageAttributeValue;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorValueTest {

    private static Map<String, MessageAttributeValue> encoded(JaqsMessage m) throws JMSException {
        return MessageCodec.encode(m, TestDestinations.CODEC).attributes();
    }

    @Test
    void headers() throws JMSException {
        JaqsTextMessage m = new JaqsTextMessage("body");
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(8);
        m.setJMSTimestamp(123L);
        m.setJMSCorrelationID("c-1");
        m.setJMSType("kind");
        m.setJMSExpiration(999L);
        m.setJMSReplyTo(new TestDestinations.TestQueue("r"));
        Map<String, MessageAttributeValue> a = encoded(m);
        assertEquals("NON_PERSISTENT", selectorValue(a, "JMSDeliveryMode"));
        assertEquals(8, selectorValue(a, "JMSPriority"));
        assertEquals(123L, selectorValue(a, "JMSTimestamp"));
        assertEquals("c-1", selectorValue(a, "JMSCorrelationID"));
        assertEquals("kind", selectorValue(a, "JMSType"));
        assertNull(selectorValue(a, "JMSMessageID"));
        assertEquals("ID:42", selectorValue(a, "JMSMessageID", "ID:42", 0));
        // not selector identifiers
        assertNull(selectorValue(a, "JMSExpiration"));
        assertNull(selectorValue(a, "JMSReplyTo"));
        assertNull(selectorValue(a, "JMS_Jaqs_Type"));
    }

    @Test
    void defaultHeaders() throws JMSException {
        Map<String, MessageAttributeValue> a = encoded(new JaqsMessage());
        assertEquals("PERSISTENT", selectorValue(a, "JMSDeliveryMode"));
        assertEquals(4, selectorValue(a, "JMSPriority"));
        assertEquals(0L, selectorValue(a, "JMSTimestamp"));
        assertNull(selectorValue(a, "JMSCorrelationID"));
        assertNull(selectorValue(a, "JMSType"));
        // attributes without any JMS header (SQS API): what the decoded message reports
        assertEquals("PERSISTENT", selectorValue(Map.of(), "JMSDeliveryMode"));
        assertEquals(4, selectorValue(Map.of(), "JMSPriority"));
    }

    @Test
    void binaryCorrelationId() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setJMSCorrelationIDAsBytes("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("abc", selectorValue(encoded(m), "JMSCorrelationID"));
    }

    @Test
    void everyPropertyType() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setBooleanProperty("b", true);
        m.setByteProperty("by", (byte) 1);
        m.setShortProperty("s", (short) 2);
        m.setIntProperty("i", 3);
        m.setLongProperty("l", 4L);
        m.setFloatProperty("f", 5.5f);
        m.setDoubleProperty("d", 6.25);
        m.setStringProperty("str", "x");
        m.setStringProperty("JMSXGroupID", "g");
        Map<String, MessageAttributeValue> a = encoded(m);
        assertEquals(Boolean.TRUE, selectorValue(a, "b"));
        assertEquals(Byte.valueOf((byte) 1), selectorValue(a, "by"));
        assertEquals(Short.valueOf((short) 2), selectorValue(a, "s"));
        assertEquals(Integer.valueOf(3), selectorValue(a, "i"));
        assertEquals(Long.valueOf(4L), selectorValue(a, "l"));
        assertEquals(Float.valueOf(5.5f), selectorValue(a, "f"));
        assertEquals(Double.valueOf(6.25), selectorValue(a, "d"));
        assertEquals("x", selectorValue(a, "str"));
        assertEquals("g", selectorValue(a, "JMSXGroupID"));
        assertNull(selectorValue(a, "missing"));
        assertNull(selectorValue(a, "JMSXDeliveryCount"));
        assertEquals(3, selectorValue(a, "JMSXDeliveryCount", null, 3));
    }

    @Test
    void valuesMatchTheDecodedMessage() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setIntProperty("i", 7);
        m.setBooleanProperty("flag", false);
        m.setJMSPriority(2);
        Map<String, MessageAttributeValue> a = encoded(m);
        JaqsMessage d = MessageCodec.decode(new byte[0], a, null, null);
        for (String name : new String[] {"i", "flag"}) {
            assertEquals(d.getObjectProperty(name), selectorValue(a, name), name);
        }
        assertEquals(d.getJMSPriority(), selectorValue(a, "JMSPriority"));
        assertEquals(d.getJMSTimestamp(), selectorValue(a, "JMSTimestamp"));
    }
}
