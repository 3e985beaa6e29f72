package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.message.StreamMessageTest.T;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MapMessage: the section 3.11.3 table (shared with StreamMessage), names, setObject. */
class MapMessageTest {

    static Object get(MapMessage m, String name, T t) throws JMSException {
        return switch (t) {
            case BOOLEAN -> m.getBoolean(name);
            case BYTE -> m.getByte(name);
            case SHORT -> m.getShort(name);
            case CHAR -> m.getChar(name);
            case INT -> m.getInt(name);
            case LONG -> m.getLong(name);
            case FLOAT -> m.getFloat(name);
            case DOUBLE -> m.getDouble(name);
            case STRING -> m.getString(name);
            case BYTES -> m.getBytes(name);
        };
    }

    @Test
    void conversionTableEveryCell() throws JMSException {
        JaqsMapMessage m = new JaqsMapMessage();
        for (T t : T.values()) {
            m.setObject(t.name(), StreamMessageTest.SAMPLE.get(t));
        }
        int cells = 0;
        for (MapMessage msg : List.of(m, (MapMessage) TestDestinations.roundTrip(m))) {
            for (T from : T.values()) {
                for (T to : T.values()) {
                    if (StreamMessageTest.ALLOWED.get(from).contains(to)) {
                        Object v = get(msg, from.name(), to);
                        if (to == T.BYTES) {
                            assertArrayEquals((byte[]) StreamMessageTest.SAMPLE.get(from), (byte[]) v);
                        } else {
                            assertEquals(StreamMessageTest.expected(StreamMessageTest.SAMPLE.get(from), to), v,
                                    from + " as " + to);
                        }
                    } else {
                        assertThrows(MessageFormatException.class, () -> get(msg, from.name(), to), from + " as " + to);
                    }
                    cells++;
                }
            }
        }
        assertEquals(2 * 100, cells);
    }

    @Test
    void missingEntriesReadLikeValueOfNull() throws JMSException {
        JaqsMapMessage m = new JaqsMapMessage();
        assertFalse(m.getBoolean("x"));
        assertThrows(NumberFormatException.class, () -> m.getByte("x"));
        assertThrows(NumberFormatException.class, () -> m.getShort("x"));
        assertThrows(NumberFormatException.class, () -> m.getInt("x"));
        assertThrows(NumberFormatException.class, () -> m.getLong("x"));
        assertThrows(NullPointerException.class, () -> m.getFloat("x"));
        assertThrows(NullPointerException.class, () -> m.getDouble("x"));
        assertThrows(NullPointerException.class, () -> m.getChar("x"));
        assertNull(m.getString("x"));
        assertNull(m.getBytes("x"));
        assertNull(m.getObject("x"));
        assertFalse(m.itemExists("x"));
    }

    @Test
    void stringEntriesParse() throws JMSException {
        JaqsMapMessage m = new JaqsMapMessage();
        m.setString("n", "-12");
        m.setString("d", "2.5");
        m.setString("w", "word");
        assertEquals(-12, m.getInt("n"));
        assertEquals((byte) -12, m.getByte("n"));
        assertEquals(2.5f, m.getFloat("d"));
        assertThrows(NumberFormatException.class, () -> m.getLong("w"));
        assertFalse(m.getBoolean("w"));
        assertThrows(MessageFormatException.class, () -> m.getChar("w"));
        assertThrows(MessageFormatException.class, () -> m.getBytes("w"));
    }

    @Test
    void setObjectAcceptsOnlyMapTypes() throws JMSException {
        JaqsMapMessage m = new JaqsMapMessage();
        Object[] ok = {true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s"};
        for (int i = 0; i < ok.length; i++) {
            m.setObject("k" + i, ok[i]);
            assertEquals(ok[i], m.getObject("k" + i));
        }
        byte[] b = {1, 2};
        m.setObject("bytes", b);
        b[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, (byte[]) m.getObject("bytes"));
        assertThrows(MessageFormatException.class, () -> m.setObject("bad", new Object()));
        assertThrows(MessageFormatException.class, () -> m.setObject("bad", List.of(1)));
        assertThrows(MessageFormatException.class, () -> m.setObject("bad", new int[1]));
        assertFalse(m.itemExists("bad"));
    }

    @Test
    void namesMustNotBeNullOrEmpty() {
        JaqsMapMessage m = new JaqsMapMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setInt(null, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setString("", "v"));
        assertThrows(IllegalArgumentException.class, () -> m.setObject("", 1));
        assertThrows(IllegalArgumentException.class, () -> m.setBytes(null, new byte[1]));
        assertFalse(m.getMapNames().hasMoreElements());
    }

    @Test
    void namesExistsAndBytesRanges() throws JMSException {
        JaqsMapMessage m = new JaqsMapMessage();
        m.setInt("z", 1);
        m.setBytes("a", new byte[] {1, 2, 3, 4}, 1, 2);
        m.setBytes("nullBytes", null);
        m.setInt("z", 2);
        assertEquals(List.of("z", "a", "nullBytes"), Collections.list(m.getMapNames()));
        assertTrue(m.itemExists("nullBytes"));
        assertNull(m.getBytes("nullBytes"));
        assertArrayEquals(new byte[] {2, 3}, m.getBytes("a"));
        assertEquals(2, m.getInt("z"));
        byte[] got = m.getBytes("a");
        got[0] = 0;
        assertArrayEquals(new byte[] {2, 3}, m.getBytes("a")); // callers get copies
        assertThrows(IndexOutOfBoundsException.class, () -> m.setBytes("r", new byte[2], 1, 5));
    }

    @Test
    void emptyMapHasEmptyBody() throws JMSException {
        MessageCodec.EncodedMessage e = MessageCodec.encode(new JaqsMapMessage(), null);
        assertEquals(0, e.body().length);
        JaqsMapMessage d = (JaqsMapMessage) MessageCodec.decode(e.body(), e.attributes(), null, null);
        assertFalse(d.getMapNames().hasMoreElements());
    }
}
