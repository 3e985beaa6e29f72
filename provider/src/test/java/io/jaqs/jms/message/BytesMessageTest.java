package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BytesMessageTest {

    private static final String UTF = "a\u0000\u00e9\u20ac\ud83d\ude00";

    @Test
    void layoutIsThatOfDataOutput() throws JMSException, IOException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -2);
        m.writeShort((short) -3);
        m.writeChar('\u20ac');
        m.writeInt(-4);
        m.writeLong(Long.MIN_VALUE + 5);
        m.writeFloat(6.5f);
        m.writeDouble(-7.25);
        m.writeUTF(UTF);
        m.writeBytes(new byte[] {1, 2, 3, 4}, 1, 2);

        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeBoolean(true);
        out.writeByte(-2);
        out.writeShort(-3);
        out.writeChar('\u20ac');
        out.writeInt(-4);
        out.writeLong(Long.MIN_VALUE + 5);
        out.writeFloat(6.5f);
        out.writeDouble(-7.25);
        out.writeUTF(UTF);
        out.write(new byte[] {2, 3});
        assertArrayEquals(bos.toByteArray(), m.getBody(byte[].class));

        m.reset();
        assertEquals(bos.size(), m.getBodyLength());
        assertTrue(m.readBoolean());
        assertEquals(-2, m.readByte());
        assertEquals(-3, m.readShort());
        assertEquals('\u20ac', m.readChar());
        assertEquals(-4, m.readInt());
        assertEquals(Long.MIN_VALUE + 5, m.readLong());
        assertEquals(6.5f, m.readFloat());
        assertEquals(-7.25, m.readDouble());
        assertEquals(UTF, m.readUTF());
        assertEquals(2, m.readByte());
        assertEquals(3, m.readByte());
        assertThrows(MessageEOFException.class, m::readByte);
    }

    @Test
    void unsignedReads() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeByte((byte) 0xFF);
        m.writeShort((short) 0xFFFE);
        m.reset();
        assertEquals(255, m.readUnsignedByte());
        assertEquals(0xFFFE, m.readUnsignedShort());
        m.reset();
        assertEquals(-1, m.readByte());
        assertEquals(-2, m.readShort());
    }

    @Test
    void eofDoesNotConsume() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeShort((short) 0x0102);
        m.reset();
        assertThrows(MessageEOFException.class, m::readInt);
        assertThrows(MessageEOFException.class, m::readLong);
        assertThrows(MessageEOFException.class, m::readDouble);
        assertEquals(0x0102, m.readShort());
        assertThrows(MessageEOFException.class, m::readBoolean);
        assertThrows(MessageEOFException.class, m::readByte);
        assertThrows(MessageEOFException.class, m::readUnsignedByte);
        assertThrows(MessageEOFException.class, m::readChar);
        assertThrows(MessageEOFException.class, m::readFloat);
        assertThrows(MessageEOFException.class, m::readUTF);
        assertEquals(-1, m.readBytes(new byte[4]));
    }

    @Test
    void truncatedUtfIsEof() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeShort((short) 10);
        m.writeBytes(new byte[] {'a', 'b', 'c'});
        m.reset();
        assertThrows(MessageEOFException.class, m::readUTF);
        assertEquals(10, m.readShort()); // nothing consumed
    }

    @Test
    void malformedUtfIsFormatError() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeShort((short) 1);
        m.writeByte((byte) 0xC0);
        m.reset();
        assertThrows(MessageFormatException.class, m::readUTF);
    }

    @Test
    void readBytesInChunks() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeBytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        m.reset();
        byte[] buf = new byte[4];
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, buf);
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {4, 5, 6, 7}, buf);
        assertEquals(2, m.readBytes(buf));
        assertEquals(8, buf[0]);
        assertEquals(9, buf[1]);
        assertEquals(-1, m.readBytes(buf));
        assertEquals(-1, m.readBytes(buf));
    }

    @Test
    void readBytesExactMultipleEndsWithMinusOne() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeBytes(new byte[8]);
        m.reset();
        byte[] buf = new byte[4];
        assertEquals(4, m.readBytes(buf));
        assertEquals(4, m.readBytes(buf));
        assertEquals(-1, m.readBytes(buf));
    }

    @Test
    void readBytesWithLength() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.reset();
        byte[] buf = new byte[4];
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, -1));
        assertEquals(2, m.readBytes(buf, 2));
        assertArrayEquals(new byte[] {1, 2, 0, 0}, buf);
        assertEquals(0, m.readBytes(buf, 0));
        assertEquals(3, m.readBytes(buf, 4));
        assertEquals(-1, m.readBytes(buf, 4));
    }

    @Test
    void writeObjectTypes() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeObject(Boolean.FALSE);
        m.writeObject((byte) 1);
        m.writeObject((short) 2);
        m.writeObject('c');
        m.writeObject(3);
        m.writeObject(4L);
        m.writeObject(5f);
        m.writeObject(6d);
        m.writeObject("str");
        m.writeObject(new byte[] {7, 8});
        assertThrows(NullPointerException.class, () -> m.writeObject(null));
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        assertThrows(MessageFormatException.class, () -> m.writeObject(java.math.BigDecimal.ONE));
        m.reset();
        assertFalse(m.readBoolean());
        assertEquals(1, m.readByte());
        assertEquals(2, m.readShort());
        assertEquals('c', m.readChar());
        assertEquals(3, m.readInt());
        assertEquals(4L, m.readLong());
        assertEquals(5f, m.readFloat());
        assertEquals(6d, m.readDouble());
        assertEquals("str", m.readUTF());
        assertEquals(7, m.readByte());
        assertEquals(8, m.readByte());
        assertEquals(-1, m.readBytes(new byte[1]));
    }

    @Test
    void tooLongUtfIsRejected() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        String big = "\u20ac".repeat(21_846); // 65538 bytes
        assertThrows(MessageFormatException.class, () -> m.writeUTF(big));
        m.writeUTF("\u20ac".repeat(21_845)); // 65535 bytes: the maximum
        m.reset();
        assertEquals(65_537, m.getBodyLength());
        assertEquals(21_845, m.readUTF().length());
    }

    @Test
    void largeBodyGrowsCorrectly() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        for (int i = 0; i < 100_000; i++) {
            m.writeInt(i);
        }
        m.reset();
        assertEquals(400_000, m.getBodyLength());
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, m.readInt());
        }
    }

    @Test
    void writeBytesBoundsAreChecked() {
        JaqsBytesMessage m = new JaqsBytesMessage();
        assertThrows(IndexOutOfBoundsException.class, () -> m.writeBytes(new byte[2], 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> m.writeBytes(new byte[2], -1, 1));
    }
}
