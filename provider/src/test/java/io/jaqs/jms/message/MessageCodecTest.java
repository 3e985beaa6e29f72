package io.jaqs.jms.message;

import static io.jaqs.jms.message.TestDestinations.CODEC;
import static io.jaqs.jms.message.TestDestinations.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.jms.message.TestDestinations.TestQueue;
import io.jaqs.jms.message.TestDestinations.TestTopic;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    /** Sets every encoded header and one property of every type. */
    private static void fill(JaqsMessage m) throws JMSException {
        m.setJMSCorrelationID("corr-1");
        m.setJMSType("OrderPlaced");
        m.setJMSReplyTo(new TestQueue("replies"));
        m.setJMSDestination(new TestTopic("orders"));
        m.setJMSPriority(7);
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSTimestamp(1_700_000_000_123L);
        m.setJMSExpiration(1_700_000_060_000L);
        m.setJMSDeliveryTime(1_700_000_001_000L);
        m.setBooleanProperty("pBoolean", true);
        m.setBooleanProperty("pFalse", false);
        m.setByteProperty("pByte", (byte) -7);
        m.setShortProperty("pShort", (short) 31000);
        m.setIntProperty("pInt", -123456789);
        m.setLongProperty("pLong", 9_007_199_254_740_993L);
        m.setFloatProperty("pFloat", 0.1f);
        m.setDoubleProperty("pDouble", 0.1 + 0.2);
        m.setStringProperty("pString", "h\u00e9llo \u2603 \ud83d\ude00");
        m.setStringProperty("pEmpty", "");
        m.setObjectProperty("pObjInt", 42);
        m.setStringProperty("JMSXGroupID", "group-a");
        m.setIntProperty("JMSXGroupSeq", 3);
        m.setStringProperty("JMS_SQS_DeduplicationId", "dedup-1");
    }

    private static void assertFilled(JaqsMessage m) throws JMSException {
        assertEquals("corr-1", m.getJMSCorrelationID());
        assertEquals("OrderPlaced", m.getJMSType());
        assertEquals(new TestQueue("replies"), m.getJMSReplyTo());
        assertEquals(new TestTopic("orders"), m.getJMSDestination());
        assertEquals(7, m.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(1_700_000_000_123L, m.getJMSTimestamp());
        assertEquals(1_700_000_060_000L, m.getJMSExpiration());
        assertEquals(1_700_000_001_000L, m.getJMSDeliveryTime());
        assertEquals(Boolean.TRUE, m.getObjectProperty("pBoolean"));
        assertEquals(Boolean.FALSE, m.getObjectProperty("pFalse"));
        assertEquals(Byte.valueOf((byte) -7), m.getObjectProperty("pByte"));
        assertEquals(Short.valueOf((short) 31000), m.getObjectProperty("pShort"));
        assertEquals(Integer.valueOf(-123456789), m.getObjectProperty("pInt"));
        assertEquals(Long.valueOf(9_007_199_254_740_993L), m.getObjectProperty("pLong"));
        assertEquals(Float.valueOf(0.1f), m.getObjectProperty("pFloat"));
        assertEquals(Double.valueOf(0.1 + 0.2), m.getObjectProperty("pDouble"));
        assertEquals("h\u00e9llo \u2603 \ud83d\ude00", m.getObjectProperty("pString"));
        assertEquals("", m.getObjectProperty("pEmpty"));
        assertEquals(Integer.valueOf(42), m.getObjectProperty("pObjInt"));
        assertEquals("group-a", m.getStringProperty("JMSXGroupID"));
        assertEquals(3, m.getIntProperty("JMSXGroupSeq"));
        assertEquals("dedup-1", m.getStringProperty("JMS_SQS_DeduplicationId"));
        List<String> names = Collections.list(m.getPropertyNames());
        assertEquals(14, names.size(), names.toString());
        // headers never leak as properties
        assertFalse(m.propertyExists("JMSType"));
        assertFalse(m.propertyExists(MessageCodec.ATTR_TYPE));
        // not encoded: the session supplies them
        assertNull(m.getJMSMessageID());
        assertFalse(m.getJMSRedelivered());
    }

    @Test
    void attributesUseExactNamesAndTypes() throws JMSException {
        JaqsTextMessage m = new JaqsTextMessage("hi");
        fill(m);
        m.setJMSMessageID("ID:not-encoded");
        m.setJMSRedelivered(true);
        Map<String, MessageAttributeValue> a = MessageCodec.encode(m, CODEC).attributes();

        assertEquals(MessageAttributeValue.string("text"), a.get("JMS_Jaqs_Type"));
        assertEquals(MessageAttributeValue.of("String", "corr-1", null), a.get("JMSCorrelationID"));
        assertEquals(MessageAttributeValue.of("String", "OrderPlaced", null), a.get("JMSType"));
        assertEquals(MessageAttributeValue.of("String.Destination", "queue:replies", null), a.get("JMSReplyTo"));
        assertEquals(MessageAttributeValue.of("String.Destination", "topic:orders", null), a.get("JMSDestination"));
        assertEquals(MessageAttributeValue.of("Number.int", "7", null), a.get("JMSPriority"));
        assertEquals(MessageAttributeValue.of("Number.int", "1", null), a.get("JMSDeliveryMode"));
        assertEquals(MessageAttributeValue.of("Number.long", "1700000000123", null), a.get("JMSTimestamp"));
        assertEquals(MessageAttributeValue.of("Number.long", "1700000060000", null), a.get("JMSExpiration"));
        assertEquals(MessageAttributeValue.of("Number.long", "1700000001000", null), a.get("JMSDeliveryTime"));
        assertFalse(a.containsKey("JMSMessageID"));
        assertFalse(a.containsKey("JMSRedelivered"));

        assertEquals(MessageAttributeValue.of("Number.Boolean", "1", null), a.get("pBoolean"));
        assertEquals(MessageAttributeValue.of("Number.Boolean", "0", null), a.get("pFalse"));
        assertEquals(MessageAttributeValue.of("Number.byte", "-7", null), a.get("pByte"));
        assertEquals(MessageAttributeValue.of("Number.short", "31000", null), a.get("pShort"));
        assertEquals(MessageAttributeValue.of("Number.int", "-123456789", null), a.get("pInt"));
        assertEquals(MessageAttributeValue.of("Number.long", "9007199254740993", null), a.get("pLong"));
        assertEquals(MessageAttributeValue.of("Number.float", "0.1", null), a.get("pFloat"));
        assertEquals(MessageAttributeValue.of("Number.double", "0.30000000000000004", null), a.get("pDouble"));
        assertEquals(MessageAttributeValue.of("String", "h\u00e9llo \u2603 \ud83d\ude00", null), a.get("pString"));
        assertEquals(MessageAttributeValue.of("String", "group-a", null), a.get("JMSXGroupID"));
        assertEquals(MessageAttributeValue.of("String", "dedup-1", null), a.get("JMS_SQS_DeduplicationId"));
        // 10 headers/internal + 14 properties
        assertEquals(10 + 14, a.size(), a.keySet().toString());
    }

    @Test
    void defaultsOmitOptionalHeaders() throws JMSException {
        Map<String, MessageAttributeValue> a = MessageCodec.encode(new JaqsMessage(), null).attributes();
        assertEquals(Map.of(
                "JMS_Jaqs_Type", MessageAttributeValue.string("message"),
                "JMSDeliveryMode", MessageAttributeValue.of("Number.int", "2", null),
                "JMSPriority", MessageAttributeValue.of("Number.int", "4", null),
                "JMSTimestamp", MessageAttributeValue.of("Number.long", "0", null)), a);
        JaqsMessage d = MessageCodec.decode(new byte[0], a, null, null);
        assertEquals(DeliveryMode.PERSISTENT, d.getJMSDeliveryMode());
        assertEquals(4, d.getJMSPriority());
        assertEquals(0, d.getJMSExpiration());
        assertEquals(0, d.getJMSDeliveryTime());
        assertNull(d.getJMSCorrelationID());
        assertNull(d.getJMSReplyTo());
        assertFalse(d.getPropertyNames().hasMoreElements());
    }

    @Test
    void destinationWithoutCodecIsAnError() {
        JaqsMessage m = new JaqsMessage();
        m.setJMSReplyTo(new TestQueue("q"));
        JMSException e = assertThrows(JMSException.class, () -> MessageCodec.encode(m, null));
        assertTrue(e.getMessage().contains("DestinationCodec"), e.getMessage());
    }

    @Test
    void plainMessageRoundTrip() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        fill(m);
        MessageCodec.EncodedMessage e = MessageCodec.encode(m, CODEC);
        assertEquals(0, e.body().length);
        JaqsMessage d = MessageCodec.decode(e.body(), e.attributes(), CODEC, null);
        assertEquals(JaqsMessage.class, d.getClass());
        assertFilled(d);
    }

    @Test
    void textRoundTrip() throws JMSException {
        JaqsTextMessage m = new JaqsTextMessage("Gr\u00fc\u00dfe \ud83d\ude00");
        fill(m);
        MessageCodec.EncodedMessage e = MessageCodec.encode(m, CODEC);
        assertArrayEquals("Gr\u00fc\u00dfe \ud83d\ude00".getBytes(StandardCharsets.UTF_8), e.body());
        JaqsTextMessage d = assertInstanceOf(JaqsTextMessage.class,
                MessageCodec.decode(e.body(), e.attributes(), CODEC, null));
        assertEquals("Gr\u00fc\u00dfe \ud83d\ude00", d.getText());
        assertFilled(d);
    }

    @Test
    void nullAndEmptyTextStayDistinct() throws JMSException {
        MessageCodec.EncodedMessage nullText = MessageCodec.encode(new JaqsTextMessage(), null);
        assertEquals(0, nullText.body().length);
        assertEquals(MessageAttributeValue.string("true"), nullText.attributes().get("JMS_Jaqs_NullBody"));
        assertNull(((JaqsTextMessage) MessageCodec.decode(nullText.body(), nullText.attributes(), null, null)).getText());

        MessageCodec.EncodedMessage empty = MessageCodec.encode(new JaqsTextMessage(""), null);
        assertFalse(empty.attributes().containsKey("JMS_Jaqs_NullBody"));
        assertEquals("", ((JaqsTextMessage) MessageCodec.decode(empty.body(), empty.attributes(), null, null)).getText());
    }

    @Test
    void bytesRoundTrip() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        fill(m);
        m.writeInt(0xCAFEBABE);
        m.writeUTF("\u00e9t\u00e9");
        m.writeBytes(new byte[] {1, 2, 3});
        MessageCodec.EncodedMessage e = MessageCodec.encode(m, CODEC);
        assertEquals(4 + 2 + 5 + 3, e.body().length);
        JaqsBytesMessage d = assertInstanceOf(JaqsBytesMessage.class,
                MessageCodec.decode(e.body(), e.attributes(), CODEC, null));
        assertFilled(d);
        assertEquals(14, d.getBodyLength());
        assertEquals(0xCAFEBABE, d.readInt());
        assertEquals("\u00e9t\u00e9", d.readUTF());
        byte[] b = new byte[5];
        assertEquals(3, d.readBytes(b));
        assertArrayEquals(new byte[] {1, 2, 3, 0, 0}, b);
        // the sender can keep writing: the encoded body does not change
        m.writeByte((byte) 9);
        assertEquals(14, e.body().length);
    }

    @Test
    void mapRoundTrip() throws JMSException {
        JaqsMapMessage m = new JaqsMapMessage();
        fill(m);
        m.setBoolean("bool", true);
        m.setByte("byte", (byte) -1);
        m.setShort("short", Short.MIN_VALUE);
        m.setChar("char", '\u20ac');
        m.setInt("int", Integer.MAX_VALUE);
        m.setLong("long", Long.MIN_VALUE);
        m.setFloat("float", Float.NaN);
        m.setDouble("double", -0.0);
        m.setString("string", "\u00fcber");
        m.setString("nullString", null);
        m.setBytes("bytes", new byte[] {0, -1, 127});
        m.setBytes("emptyBytes", new byte[0]);
        JaqsMapMessage d = assertInstanceOf(JaqsMapMessage.class, roundTrip(m));
        assertFilled(d);
        assertEquals(List.of("bool", "byte", "short", "char", "int", "long", "float", "double", "string",
                "nullString", "bytes", "emptyBytes"), Collections.list(d.getMapNames()));
        assertTrue(d.getBoolean("bool"));
        assertEquals((byte) -1, d.getByte("byte"));
        assertEquals(Short.MIN_VALUE, d.getShort("short"));
        assertEquals('\u20ac', d.getChar("char"));
        assertEquals(Integer.MAX_VALUE, d.getInt("int"));
        assertEquals(Long.MIN_VALUE, d.getLong("long"));
        assertTrue(Float.isNaN(d.getFloat("float")));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(d.getDouble("double")));
        assertEquals("\u00fcber", d.getString("string"));
        assertTrue(d.itemExists("nullString"));
        assertNull(d.getString("nullString"));
        assertArrayEquals(new byte[] {0, -1, 127}, d.getBytes("bytes"));
        assertArrayEquals(new byte[0], d.getBytes("emptyBytes"));
    }

    @Test
    void streamRoundTrip() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        fill(m);
        m.writeBoolean(false);
        m.writeByte((byte) 5);
        m.writeShort((short) -2);
        m.writeChar('x');
        m.writeInt(77);
        m.writeLong(-88L);
        m.writeFloat(Float.POSITIVE_INFINITY);
        m.writeDouble(Math.PI);
        m.writeString("\ud83d\ude00");
        m.writeString(null);
        m.writeBytes(new byte[] {9, 8});
        m.writeObject(null);
        JaqsStreamMessage d = assertInstanceOf(JaqsStreamMessage.class, roundTrip(m));
        assertFilled(d);
        assertEquals(false, d.readObject());
        assertEquals((byte) 5, d.readObject());
        assertEquals((short) -2, d.readObject());
        assertEquals('x', d.readObject());
        assertEquals(77, d.readObject());
        assertEquals(-88L, d.readObject());
        assertEquals(Float.POSITIVE_INFINITY, d.readObject());
        assertEquals(Math.PI, d.readObject());
        assertEquals("\ud83d\ude00", d.readObject());
        assertNull(d.readObject());
        assertArrayEquals(new byte[] {9, 8}, (byte[]) d.readObject());
        assertNull(d.readObject());
        assertThrows(jakarta.jms.MessageEOFException.class, d::readObject);
    }

    @Test
    void objectRoundTrip() throws JMSException {
        HashMap<String, List<Integer>> body = new HashMap<>();
        body.put("k", new ArrayList<>(List.of(1, 2, 3)));
        JaqsObjectMessage m = new JaqsObjectMessage(body);
        fill(m);
        JaqsObjectMessage d = assertInstanceOf(JaqsObjectMessage.class, roundTrip(m));
        assertFilled(d);
        assertEquals(body, d.getObject());

        JaqsObjectMessage nullBody = assertInstanceOf(JaqsObjectMessage.class, roundTrip(new JaqsObjectMessage()));
        assertNull(nullBody.getObject());
    }

    @Test
    void objectDecodeUsesTheGivenAllowList() throws JMSException {
        MessageCodec.EncodedMessage e = MessageCodec.encode(new JaqsObjectMessage("x"), null);
        ObjectMessageAllowList list = ObjectMessageAllowList.of("com.acme.");
        JaqsObjectMessage d = (JaqsObjectMessage) MessageCodec.decode(e.body(), e.attributes(), null, list);
        assertEquals(list, d.getAllowList());
    }

    @Test
    void decodedMessageIsReadOnly() throws JMSException {
        JaqsTextMessage m = new JaqsTextMessage("t");
        m.setIntProperty("n", 1);
        JaqsTextMessage d = (JaqsTextMessage) roundTrip(m);
        assertThrows(MessageNotWriteableException.class, () -> d.setIntProperty("n", 2));
        assertThrows(MessageNotWriteableException.class, () -> d.setText("u"));
        assertEquals(1, d.getIntProperty("n"));
        assertEquals("t", d.getText());
    }

    @Test
    void binaryCorrelationIdRoundTrips() throws JMSException {
        byte[] id = {0, (byte) 0xFF, (byte) 0xC3, 0x28}; // not valid UTF-8
        JaqsMessage m = new JaqsMessage();
        m.setJMSCorrelationIDAsBytes(id);
        MessageCodec.EncodedMessage e = MessageCodec.encode(m, null);
        assertEquals(MessageAttributeValue.binary(id), e.attributes().get("JMSCorrelationID"));
        JaqsMessage d = MessageCodec.decode(e.body(), e.attributes(), null, null);
        assertArrayEquals(id, d.getJMSCorrelationIDAsBytes());
    }

    @Test
    void stringCorrelationIdReadsAsUtf8Bytes() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setJMSCorrelationID("\u00e9");
        assertArrayEquals("\u00e9".getBytes(StandardCharsets.UTF_8), m.getJMSCorrelationIDAsBytes());
        m.setJMSCorrelationIDAsBytes(null);
        assertNull(m.getJMSCorrelationID());
        assertNull(m.getJMSCorrelationIDAsBytes());
    }

    @Test
    void nullPropertiesAndDeliveryCountAreNotEncoded() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setStringProperty("nothing", null);
        m.setIntProperty("JMSXDeliveryCount", 99);
        assertTrue(m.propertyExists("nothing"));
        Map<String, MessageAttributeValue> a = MessageCodec.encode(m, null).attributes();
        assertFalse(a.containsKey("nothing"));
        assertFalse(a.containsKey("JMSXDeliveryCount"));
    }

    @Test
    void unknownKindIsAFormatError() {
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> MessageCodec.decode(new byte[0],
                Map.of("JMS_Jaqs_Type", MessageAttributeValue.string("video")), null, null));
        assertTrue(e.getMessage().contains("video"));
    }

    @Test
    void messageSentOverTheSqsApiDecodesAsText() throws JMSException {
        Map<String, MessageAttributeValue> a = new HashMap<>();
        a.put("plainInt", MessageAttributeValue.number("12"));
        a.put("plainLong", MessageAttributeValue.number("12345678901"));
        a.put("plainDecimal", MessageAttributeValue.number("1.25"));
        a.put("flag", MessageAttributeValue.string("Boolean", "true"));
        a.put("custom", MessageAttributeValue.string("Label", "v"));
        a.put("blob", MessageAttributeValue.binary(new byte[] {1}));
        a.put("badInt", MessageAttributeValue.number("int", "x1"));
        JaqsMessage d = MessageCodec.decode("plain body".getBytes(StandardCharsets.UTF_8), a, null, null);
        assertEquals("plain body", ((JaqsTextMessage) d).getText());
        assertEquals(12, d.getObjectProperty("plainInt"));
        assertEquals(12345678901L, d.getObjectProperty("plainLong"));
        assertEquals(1.25, d.getObjectProperty("plainDecimal"));
        assertEquals(Boolean.TRUE, d.getObjectProperty("flag"));
        assertEquals("v", d.getObjectProperty("custom"));
        assertFalse(d.propertyExists("blob"));
        assertEquals("x1", d.getObjectProperty("badInt"));
        assertEquals(DeliveryMode.PERSISTENT, d.getJMSDeliveryMode());
    }

    @Test
    void sqsJavaMessagingLibraryBodiesAreUnderstood() throws JMSException {
        byte[] raw = {1, 2, 3, (byte) 200};
        byte[] b64 = Base64.getEncoder().encode(raw);
        Map<String, MessageAttributeValue> a = Map.of(
                "JMS_SQSMessageType", MessageAttributeValue.string("byte"),
                "flag", MessageAttributeValue.number("Boolean", "1"));
        JaqsBytesMessage d = assertInstanceOf(JaqsBytesMessage.class, MessageCodec.decode(b64, a, null, null));
        assertEquals(4, d.getBodyLength());
        assertArrayEquals(raw, d.getBody(byte[].class));
        assertTrue(d.getBooleanProperty("flag"));
        assertFalse(d.propertyExists("JMS_SQSMessageType"));
    }

    @Test
    void copyOfIsIndependentAndWritable() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        fill(m);
        m.writeLong(5L);
        JaqsBytesMessage c = (JaqsBytesMessage) MessageCodec.copyOf(m);
        assertFilled(c);
        assertEquals(5L, c.readLong()); // copy is in read mode
        c.clearProperties();
        c.setIntProperty("extra", 1);
        assertFalse(m.propertyExists("extra"));
        m.writeLong(6L);
        c.clearBody();
        assertThrows(jakarta.jms.MessageNotReadableException.class, c::getBodyLength);

        JaqsTextMessage t = new JaqsTextMessage(null);
        JaqsTextMessage tc = (JaqsTextMessage) MessageCodec.copyOf(t);
        assertNull(tc.getText());
        tc.setText("now");
        assertNull(t.getText());
    }

    @Test
    void decodedPropertiesKeepJavaTypes() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        fill(m);
        JaqsMessage d = roundTrip(m);
        assertInstanceOf(Boolean.class, d.getObjectProperty("pBoolean"));
        assertInstanceOf(Byte.class, d.getObjectProperty("pByte"));
        assertInstanceOf(Short.class, d.getObjectProperty("pShort"));
        assertInstanceOf(Integer.class, d.getObjectProperty("pInt"));
        assertInstanceOf(Long.class, d.getObjectProperty("pLong"));
        assertInstanceOf(Float.class, d.getObjectProperty("pFloat"));
        assertInstanceOf(Double.class, d.getObjectProperty("pDouble"));
        assertInstanceOf(String.class, d.getObjectProperty("pString"));
        assertNotNull(d.toString());
    }
    @Test
    void everyNumberAttributeIsAValidSqsNumber() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        fill(m);
        m.setFloatProperty("fNaN", Float.NaN);
        m.setFloatProperty("fInf", Float.POSITIVE_INFINITY);
        m.setDoubleProperty("dNegInf", Double.NEGATIVE_INFINITY);
        m.setDoubleProperty("dNaN", Double.NaN);
        m.setDoubleProperty("dTiny", Double.MIN_VALUE);
        m.setFloatProperty("fBig", Float.MAX_VALUE);
        m.setDoubleProperty("dNegZero", -0.0);
        Map<String, MessageAttributeValue> a = MessageCodec.encode(m, CODEC).attributes();
        int numbers = 0;
        for (Map.Entry<String, MessageAttributeValue> e : a.entrySet()) {
            if (e.getValue().baseType().equals("Number")) {
                new java.math.BigDecimal(e.getValue().stringValue()); // the broker's check
                numbers++;
            }
        }
        assertTrue(numbers >= 15, "Number attributes: " + numbers);
        assertEquals(MessageAttributeValue.of("String.float", "NaN", null), a.get("fNaN"));
        assertEquals(MessageAttributeValue.of("String.double", "-Infinity", null), a.get("dNegInf"));
        JaqsMessage d = MessageCodec.decode(new byte[0], a, CODEC, null);
        assertEquals(Float.valueOf(Float.NaN), d.getObjectProperty("fNaN"));
        assertEquals(Float.POSITIVE_INFINITY, d.getFloatProperty("fInf"));
        assertEquals(Double.NEGATIVE_INFINITY, d.getDoubleProperty("dNegInf"));
        assertEquals(Double.valueOf(Double.NaN), d.getObjectProperty("dNaN"));
        assertEquals(Double.MIN_VALUE, d.getDoubleProperty("dTiny"));
        assertEquals(Float.MAX_VALUE, d.getFloatProperty("fBig"));
        assertEquals(Double.valueOf(-0.0), d.getObjectProperty("dNegZero"));
        assertEquals(Float.valueOf(Float.NaN), MessageCodec.selectorValue(a, "fNaN"));
    }
}
