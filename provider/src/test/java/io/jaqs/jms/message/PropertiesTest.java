package io.jaqs.jms.message;

import static io.jaqs.jms.message.TestDestinations.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jakarta Messaging 3.1 section 3.5.4: property value conversion, names, setObjectProperty. */
class PropertiesTest {

    enum T { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING }

    /** Row = written type, allowed read types (section 3.5.4). */
    static final Map<T, Set<T>> ALLOWED = Map.of(
            T.BOOLEAN, EnumSet.of(T.BOOLEAN, T.STRING),
            T.BYTE, EnumSet.of(T.BYTE, T.SHORT, T.INT, T.LONG, T.STRING),
            T.SHORT, EnumSet.of(T.SHORT, T.INT, T.LONG, T.STRING),
            T.INT, EnumSet.of(T.INT, T.LONG, T.STRING),
            T.LONG, EnumSet.of(T.LONG, T.STRING),
            T.FLOAT, EnumSet.of(T.FLOAT, T.DOUBLE, T.STRING),
            T.DOUBLE, EnumSet.of(T.DOUBLE, T.STRING),
            T.STRING, EnumSet.allOf(T.class));

    static final Map<T, Object> SAMPLE = Map.of(
            T.BOOLEAN, true, T.BYTE, (byte) 7, T.SHORT, (short) 300, T.INT, 70_000,
            T.LONG, 5_000_000_000L, T.FLOAT, 1.5f, T.DOUBLE, 2.25, T.STRING, "12");

    static void set(Message m, String name, T t, Object v) throws JMSException {
        switch (t) {
            case BOOLEAN -> m.setBooleanProperty(name, (Boolean) v);
            case BYTE -> m.setByteProperty(name, (Byte) v);
            case SHORT -> m.setShortProperty(name, (Short) v);
            case INT -> m.setIntProperty(name, (Integer) v);
            case LONG -> m.setLongProperty(name, (Long) v);
            case FLOAT -> m.setFloatProperty(name, (Float) v);
            case DOUBLE -> m.setDoubleProperty(name, (Double) v);
            case STRING -> m.setStringProperty(name, (String) v);
        }
    }

    static Object get(Message m, String name, T t) throws JMSException {
        return switch (t) {
            case BOOLEAN -> m.getBooleanProperty(name);
            case BYTE -> m.getByteProperty(name);
            case SHORT -> m.getShortProperty(name);
            case INT -> m.getIntProperty(name);
            case LONG -> m.getLongProperty(name);
            case FLOAT -> m.getFloatProperty(name);
            case DOUBLE -> m.getDoubleProperty(name);
            case STRING -> m.getStringProperty(name);
        };
    }

    static Object expected(Object v, T to) {
        if (to == T.STRING) {
            return String.valueOf(v);
        }
        if (v instanceof Boolean) {
            return v;
        }
        Number n = (Number) v;
        return switch (to) {
            case BYTE -> n.byteValue();
            case SHORT -> n.shortValue();
            case INT -> n.intValue();
            case LONG -> n.longValue();
            case FLOAT -> n.floatValue();
            case DOUBLE -> n.doubleValue();
            default -> throw new AssertionError(to);
        };
    }

    /** Every cell of the table, on a new message and on the same message after a broker round trip. */
    @Test
    void conversionTableEveryCell() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        for (T from : T.values()) {
            if (from != T.STRING) {
                set(m, "p" + from, from, SAMPLE.get(from));
            }
        }
        List<String> checked = new ArrayList<>();
        for (JaqsMessage msg : List.of(m, roundTrip(m))) {
            for (T from : T.values()) {
                if (from == T.STRING) {
                    continue;
                }
                for (T to : T.values()) {
                    String name = "p" + from;
                    if (ALLOWED.get(from).contains(to)) {
                        assertEquals(expected(SAMPLE.get(from), to), get(msg, name, to), from + " as " + to);
                    } else {
                        assertThrows(MessageFormatException.class, () -> get(msg, name, to), from + " as " + to);
                    }
                    checked.add(from + "->" + to);
                }
            }
        }
        assertEquals(2 * 7 * 8, checked.size());
    }

    @Test
    void stringPropertyConvertsToEveryType() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setStringProperty("int", "12");
        m.setStringProperty("dec", "1.5");
        m.setStringProperty("bool", "TRUE");
        m.setStringProperty("word", "abc");
        assertEquals((byte) 12, m.getByteProperty("int"));
        assertEquals((short) 12, m.getShortProperty("int"));
        assertEquals(12, m.getIntProperty("int"));
        assertEquals(12L, m.getLongProperty("int"));
        assertEquals(1.5f, m.getFloatProperty("dec"));
        assertEquals(1.5, m.getDoubleProperty("dec"));
        assertTrue(m.getBooleanProperty("bool"));
        assertFalse(m.getBooleanProperty("word")); // Boolean.valueOf semantics
        assertEquals("abc", m.getStringProperty("word"));
        assertEquals("abc", m.getObjectProperty("word"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("word"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("dec"));
        assertThrows(NumberFormatException.class, () -> m.getDoubleProperty("word"));
        m.setStringProperty("big", "300");
        assertThrows(NumberFormatException.class, () -> m.getByteProperty("big"));
    }

    @Test
    void missingPropertyBehavesLikeValueOfNull() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        assertFalse(m.getBooleanProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getByteProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getShortProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getLongProperty("none"));
        assertThrows(NullPointerException.class, () -> m.getFloatProperty("none"));
        assertThrows(NullPointerException.class, () -> m.getDoubleProperty("none"));
        assertNull(m.getStringProperty("none"));
        assertNull(m.getObjectProperty("none"));
        assertFalse(m.propertyExists("none"));
    }

    @Test
    void setObjectPropertyAcceptsBoxedPrimitivesAndStringOnly() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        Object[] ok = {Boolean.TRUE, (byte) 1, (short) 2, 3, 4L, 5f, 6d, "s"};
        for (int i = 0; i < ok.length; i++) {
            m.setObjectProperty("o" + i, ok[i]);
            assertEquals(ok[i], m.getObjectProperty("o" + i));
        }
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("c", 'c'));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("b", new byte[1]));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("l", List.of()));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("d", new java.util.Date()));
        assertFalse(m.propertyExists("c"));
    }

    @Test
    void invalidNamesAreRejected() {
        JaqsMessage m = new JaqsMessage();
        for (String bad : new String[] {null, "", "1abc", "a-b", "a.b", "a b", "\u00e9t\u00e9!"}) {
            assertThrows(IllegalArgumentException.class, () -> m.setStringProperty(bad, "v"), String.valueOf(bad));
            assertThrows(IllegalArgumentException.class, () -> m.setObjectProperty(bad, 1), String.valueOf(bad));
        }
        for (String word : new String[] {"NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN",
            "IS", "ESCAPE", "null", "Between", "escape"}) {
            assertThrows(IllegalArgumentException.class, () -> m.setIntProperty(word, 1), word);
        }
        for (String reserved : new String[] {"JMSType", "JMSCorrelationID", "JMSPriority", "JMSMessageID",
            "JMSDestination", "JMS_Jaqs_Type", "JMS_Jaqs_Anything"}) {
            assertThrows(IllegalArgumentException.class, () -> m.setStringProperty(reserved, "x"), reserved);
        }
        assertFalse(m.getPropertyNames().hasMoreElements());
    }

    @Test
    void validNamesAreAccepted() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        for (String ok : new String[] {"a", "_x", "$y", "camelCase9", "\u00e9t\u00e9", "Nullable", "ORDER", "inx",
            "JMSXGroupID", "JMS_SQS_DeduplicationId"}) {
            m.setStringProperty(ok, "v");
            assertEquals("v", m.getStringProperty(ok));
        }
        m.setIntProperty("JMSXGroupSeq", 2);
        assertEquals(2, m.getIntProperty("JMSXGroupSeq"));
    }

    @Test
    void propertyNamesAndClearProperties() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setIntProperty("b", 1);
        m.setIntProperty("a", 2);
        m.setIntProperty("b", 3);
        assertEquals(List.of("b", "a"), Collections.list(m.getPropertyNames()));
        assertEquals(3, m.getIntProperty("b"));
        m.clearProperties();
        assertFalse(m.getPropertyNames().hasMoreElements());
        assertFalse(m.propertyExists("a"));
    }

    @Test
    void deliveryCountIsAProviderProperty() throws JMSException {
        JaqsMessage m = roundTrip(new JaqsMessage());
        assertFalse(m.propertyExists("JMSXDeliveryCount"));
        m.setReceiveCount(3);
        assertTrue(m.propertyExists("JMSXDeliveryCount"));
        assertEquals(3, m.getIntProperty("JMSXDeliveryCount"));
        assertEquals(3L, m.getLongProperty("JMSXDeliveryCount"));
        assertEquals("3", m.getStringProperty("JMSXDeliveryCount"));
        assertEquals(List.of("JMSXDeliveryCount"), Collections.list(m.getPropertyNames()));
        assertTrue(m.getJMSRedelivered());
        m.setReceiveCount(1);
        assertFalse(m.getJMSRedelivered());
        assertEquals(1, m.getObjectProperty("JMSXDeliveryCount"));
    }

    @Test
    void headersAreReadableAndSettableEvenWhenReceived() throws JMSException {
        JaqsMessage m = roundTrip(new JaqsMessage());
        m.setJMSMessageID("ID:1");
        m.setJMSType("t");
        m.setJMSPriority(9);
        m.setJMSRedelivered(true);
        assertEquals("ID:1", m.getJMSMessageID());
        assertEquals("t", m.getJMSType());
        assertEquals(9, m.getJMSPriority());
        assertTrue(m.getJMSRedelivered());
    }

    @Test
    void everyWrittenTypeReadsBackWithItsOwnGetter() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        for (T t : T.values()) {
            set(m, "q" + t, t, SAMPLE.get(t));
        }
        for (T t : T.values()) {
            Object v = get(m, "q" + t, t);
            if (!SAMPLE.get(t).equals(v)) {
                fail(t + ": " + v);
            }
        }
    }
}
