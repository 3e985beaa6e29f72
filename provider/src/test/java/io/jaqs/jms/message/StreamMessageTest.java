package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Section 3.11.3 conversions and the reading rules of StreamMessage. */
class StreamMessageTest {

    enum T { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BYTES }

    static final Map<T, Set<T>> ALLOWED = Map.of(
            T.BOOLEAN, EnumSet.of(T.BOOLEAN, T.STRING),
            T.BYTE, EnumSet.of(T.BYTE, T.SHORT, T.INT, T.LONG, T.STRING),
            T.SHORT, EnumSet.of(T.SHORT, T.INT, T.LONG, T.STRING),
            T.CHAR, EnumSet.of(T.CHAR, T.STRING),
            T.INT, EnumSet.of(T.INT, T.LONG, T.STRING),
            T.LONG, EnumSet.of(T.LONG, T.STRING),
            T.FLOAT, EnumSet.of(T.FLOAT, T.DOUBLE, T.STRING),
            T.DOUBLE, EnumSet.of(T.DOUBLE, T.STRING),
            T.STRING, EnumSet.of(T.BOOLEAN, T.BYTE, T.SHORT, T.INT, T.LONG, T.FLOAT, T.DOUBLE, T.STRING),
            T.BYTES, EnumSet.of(T.BYTES));

    static final Map<T, Object> SAMPLE = Map.of(
            T.BOOLEAN, true, T.BYTE, (byte) 7, T.SHORT, (short) 300, T.CHAR, 'z', T.INT, 70_000,
            T.LONG, 5_000_000_000L, T.FLOAT, 1.5f, T.DOUBLE, 2.25, T.STRING, "12", T.BYTES, new byte[] {1, 2});

    static Object read(StreamMessage m, T t) throws JMSException {
        return switch (t) {
            case BOOLEAN -> m.readBoolean();
            case BYTE -> m.readByte();
            case SHORT -> m.readShort();
            case CHAR -> m.readChar();
            case INT -> m.readInt();
            case LONG -> m.readLong();
            case FLOAT -> m.readFloat();
            case DOUBLE -> m.readDouble();
            case STRING -> m.readString();
            case BYTES -> {
                byte[] b = new byte[10];
                int n = m.readBytes(b);
                yield java.util.Arrays.copyOf(b, n);
            }
        };
    }

    static Object expected(Object v, T to) {
        if (to == T.STRING) {
            return String.valueOf(v);
        }
        if (v instanceof String s) {
            return switch (to) {
                case BOOLEAN -> Boolean.valueOf(s);
                case BYTE -> Byte.valueOf(s);
                case SHORT -> Short.valueOf(s);
                case INT -> Integer.valueOf(s);
                case LONG -> Long.valueOf(s);
                case FLOAT -> Float.valueOf(s);
                case DOUBLE -> Double.valueOf(s);
                default -> throw new AssertionError(to);
            };
        }
        if (!(v instanceof Number n)) {
            return v;
        }
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

    /** Each field is read with every type: forbidden reads throw and do not advance; then the allowed ones. */
    @Test
    void conversionTableEveryCell() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        for (T t : T.values()) {
            for (T to : ALLOWED.get(t)) {
                m.writeObject(SAMPLE.get(t));
            }
        }
        StreamMessage d = TestDestinations.roundTrip(m) instanceof StreamMessage s ? s : null;
        int cells = 0;
        for (T from : T.values()) {
            for (T to : ALLOWED.get(from)) {
                for (T bad : EnumSet.complementOf(EnumSet.copyOf(ALLOWED.get(from)))) {
                    assertThrows(MessageFormatException.class, () -> read(d, bad), from + " as " + bad);
                    cells++;
                }
                Object v = read(d, to);
                if (to == T.BYTES) {
                    assertArrayEquals((byte[]) SAMPLE.get(from), (byte[]) v);
                } else {
                    assertEquals(expected(SAMPLE.get(from), to), v, from + " as " + to);
                }
                cells++;
            }
        }
        assertThrows(MessageEOFException.class, d::readObject);
        assertTrue(cells > 100, "cells checked: " + cells);
    }

    @Test
    void failedConversionDoesNotAdvance() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        m.writeString("abc");
        m.writeFloat(1.5f);
        m.writeInt(3);
        m.reset();
        assertThrows(NumberFormatException.class, m::readInt);
        assertThrows(NumberFormatException.class, m::readLong);
        assertThrows(MessageFormatException.class, m::readChar);
        assertEquals("abc", m.readString());
        assertThrows(MessageFormatException.class, m::readInt);
        assertThrows(MessageFormatException.class, () -> m.readBytes(new byte[4]));
        assertEquals(1.5, m.readDouble());
        assertThrows(MessageFormatException.class, m::readShort);
        assertEquals(3L, m.readLong());
        assertThrows(MessageEOFException.class, m::readInt);
        assertThrows(MessageEOFException.class, () -> m.readBytes(new byte[1]));
    }

    @Test
    void nullFieldReadsLikeValueOfNull() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        for (int i = 0; i < 6; i++) {
            m.writeObject(null);
        }
        m.reset();
        assertThrows(NumberFormatException.class, m::readInt);
        assertThrows(NumberFormatException.class, m::readByte);
        assertThrows(NullPointerException.class, m::readChar);
        assertThrows(NullPointerException.class, m::readDouble);
        assertThrows(NullPointerException.class, m::readFloat);
        assertFalse(m.readBoolean());
        assertNull(m.readString());
        assertNull(m.readObject());
        assertEquals(-1, m.readBytes(new byte[2])); // null byte[] field
        assertThrows(NumberFormatException.class, m::readShort);
        assertThrows(NumberFormatException.class, m::readLong);
        m.readObject();
        m.readObject();
        assertThrows(MessageEOFException.class, m::readObject);
    }

    @Test
    void readBytesInChunks() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        m.writeBytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        m.writeBytes(new byte[] {10, 11, 12, 13, 14, 15, 16, 17});
        m.writeBytes(new byte[0]);
        m.writeBytes(new byte[] {1, 2, 3, 4, 5, 6}, 2, 3);
        m.writeInt(99);
        m.reset();
        byte[] buf = new byte[4];
        // 10 bytes: 4, 4, 2 (< buffer: field done)
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, buf);
        assertEquals(4, m.readBytes(buf));
        assertEquals(2, m.readBytes(buf));
        assertEquals(8, buf[0]);
        assertEquals(9, buf[1]);
        // 8 bytes: 4, 4, then -1 ends the field
        assertEquals(4, m.readBytes(buf));
        assertThrows(MessageFormatException.class, m::readInt); // partly read field
        assertThrows(MessageFormatException.class, m::readObject);
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {14, 15, 16, 17}, buf);
        assertEquals(-1, m.readBytes(buf));
        // empty field: 0
        assertEquals(0, m.readBytes(buf));
        // offset/length write
        assertEquals(3, m.readBytes(buf));
        assertArrayEquals(new byte[] {3, 4, 5}, java.util.Arrays.copyOf(buf, 3));
        assertEquals(99, m.readInt());
        assertThrows(MessageEOFException.class, () -> m.readBytes(buf));
    }

    @Test
    void fullyReadBytesFieldLetsTheNextReadGoOn() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        m.writeBytes(new byte[] {1, 2});
        m.writeInt(5);
        m.reset();
        assertEquals(2, m.readBytes(new byte[2])); // whole field, the closing -1 not asked for
        assertEquals(5, m.readInt());
    }

    @Test
    void readObjectReturnsCopies() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        byte[] original = {1, 2, 3};
        m.writeBytes(original);
        original[0] = 9; // the message kept a copy
        m.reset();
        byte[] first = (byte[]) m.readObject();
        assertArrayEquals(new byte[] {1, 2, 3}, first);
        first[1] = 9;
        m.reset();
        byte[] second = (byte[]) m.readObject();
        assertNotSame(first, second);
        assertArrayEquals(new byte[] {1, 2, 3}, second);
    }

    @Test
    void writeObjectRejectsOtherTypes() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        assertThrows(MessageFormatException.class, () -> m.writeObject(java.util.List.of()));
        m.writeObject('q');
        m.reset();
        assertEquals('q', m.readChar());
        assertThrows(MessageEOFException.class, m::readChar);
    }

    @Test
    void specialValuesSurviveTheBroker() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        m.writeDouble(Double.NaN);
        m.writeDouble(-0.0);
        m.writeFloat(Float.MIN_VALUE);
        m.writeString("");
        m.writeString("x".repeat(70_000));
        m.writeChar('\uffff');
        JaqsStreamMessage d = (JaqsStreamMessage) TestDestinations.roundTrip(m);
        assertTrue(Double.isNaN(d.readDouble()));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(d.readDouble()));
        assertEquals(Float.MIN_VALUE, d.readFloat());
        assertEquals("", d.readString());
        assertEquals(70_000, d.readString().length());
        assertEquals('\uffff', d.readChar());
    }
}
