package io.jaqs.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A BytesMessage: a stream of bytes in {@link java.io.DataOutput} layout, travelling as is.
 * Write-only until {@link #reset()}; read-only after it (and when received) until
 * {@link #clearBody()}. A read that would pass the end throws {@link MessageEOFException} and
 * consumes nothing.
 */
public class JaqsBytesMessage extends JaqsMessage implements BytesMessage {

    private ByteSink out = new ByteSink(0); // write mode
    private byte[] data = ByteSink.EMPTY;   // read mode: bytes [0, length)
    private int length;
    private int pos;

    public JaqsBytesMessage() {
    }

    @Override
    String bodyKind() {
        return "bytes";
    }

    @Override
    JaqsMessage newEmpty() {
        return new JaqsBytesMessage();
    }

    @Override
    byte[] encodeBody() {
        if (bodyReadOnly) {
            return length == data.length ? data : Arrays.copyOf(data, length);
        }
        return out.toByteArray();
    }

    @Override
    void decodeBody(byte[] body) {
        // the content as if written: markReadOnly()/reset() switch to reading it; a later write
        // would grow (copy) the buffer first, so the given array is never modified
        out = new ByteSink(0);
        if (body != null) {
            out.buf = body;
            out.len = body.length;
        }
        data = ByteSink.EMPTY;
        length = 0;
        pos = 0;
    }

    @Override
    void markReadOnly() {
        super.markReadOnly();
        toReadMode();
    }

    @Override
    void clearBodyContent() {
        out = new ByteSink(0);
        data = ByteSink.EMPTY;
        length = 0;
        pos = 0;
    }

    private void toReadMode() {
        if (out != null) {
            data = out.buf;
            length = out.len;
            out = null;
        }
        pos = 0;
    }

    /** Puts the message in read-only mode and the read position at the start. */
    @Override
    public void reset() {
        toReadMode();
        bodyReadOnly = true;
    }

    private void checkReadable() throws MessageNotReadableException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("the BytesMessage is in write-only mode; call reset() to read it");
        }
    }

    private ByteSink sink() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException(
                    "the BytesMessage is in read-only mode; call clearBody() to write it");
        }
        return out;
    }

    private void need(int n) throws JMSException {
        checkReadable();
        if (length - pos < n) {
            throw new MessageEOFException("end of the BytesMessage: " + n + " bytes needed, "
                    + (length - pos) + " left");
        }
    }

    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return length;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        need(1);
        return data[pos++] != 0;
    }

    @Override
    public byte readByte() throws JMSException {
        need(1);
        return data[pos++];
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        need(1);
        return data[pos++] & 0xFF;
    }

    @Override
    public short readShort() throws JMSException {
        return (short) readUnsignedShort();
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        need(2);
        int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    @Override
    public char readChar() throws JMSException {
        return (char) readUnsignedShort();
    }

    @Override
    public int readInt() throws JMSException {
        need(4);
        int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    @Override
    public long readLong() throws JMSException {
        need(8);
        long hi = readInt();
        return (hi << 32) | (readInt() & 0xFFFFFFFFL);
    }

    @Override
    public float readFloat() throws JMSException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws JMSException {
        return Double.longBitsToDouble(readLong());
    }

    /** Reads a string in {@link java.io.DataInput#readUTF} format (2-byte length, modified UTF-8). */
    @Override
    public String readUTF() throws JMSException {
        need(2);
        int utflen = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        need(2 + utflen);
        try {
            String s = DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(data, pos, 2 + utflen)));
            pos += 2 + utflen;
            return s;
        } catch (IOException e) {
            MessageFormatException mfe = new MessageFormatException("readUTF: malformed modified UTF-8: " + e.getMessage());
            mfe.initCause(e);
            throw mfe;
        }
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /**
     * Reads up to {@code length} bytes; returns how many, or -1 when no byte is left.
     *
     * @throws IndexOutOfBoundsException if {@code length} is negative or larger than {@code value}
     */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        checkReadable();
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " outside 0.." + value.length);
        }
        int left = this.length - pos;
        if (left == 0) {
            return -1;
        }
        int n = Math.min(length, left);
        System.arraycopy(data, pos, value, 0, n);
        pos += n;
        return n;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        sink().write(value ? 1 : 0);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        sink().write(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        sink().writeShort(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        sink().writeShort(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        sink().writeInt(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        sink().writeLong(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        sink().writeInt(Float.floatToIntBits(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        sink().writeLong(Double.doubleToLongBits(value));
    }

    /**
     * Writes in {@link java.io.DataOutput#writeUTF} format.
     *
     * @throws MessageFormatException if the string encodes to more than 65535 bytes
     */
    @Override
    public void writeUTF(String value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("writeUTF(null)");
        }
        sink().writeModifiedUtf(value);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        sink().write(value, 0, value.length);
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        ByteSink s = sink();
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length
                    + " outside an array of " + value.length);
        }
        s.write(value, offset, length);
    }

    /**
     * Writes a {@code Boolean, Byte, Short, Character, Integer, Long, Float, Double, String} (as UTF)
     * or {@code byte[]}.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("BytesMessage.writeObject(null)");
        }
        if (value instanceof Boolean b) {
            writeBoolean(b);
        } else if (value instanceof Byte b) {
            writeByte(b);
        } else if (value instanceof Short s) {
            writeShort(s);
        } else if (value instanceof Character c) {
            writeChar(c);
        } else if (value instanceof Integer i) {
            writeInt(i);
        } else if (value instanceof Long l) {
            writeLong(l);
        } else if (value instanceof Float f) {
            writeFloat(f);
        } else if (value instanceof Double d) {
            writeDouble(d);
        } else if (value instanceof String s) {
            writeUTF(s);
        } else if (value instanceof byte[] b) {
            writeBytes(b);
        } else {
            throw new MessageFormatException("BytesMessage.writeObject: a " + value.getClass().getName()
                    + " cannot be written (allowed: boxed primitives, String, byte[])");
        }
    }

    private int size() {
        return out != null ? out.len : length;
    }

    /** The whole body ({@code byte[]}), whatever the mode and read position; null when empty. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (size() == 0) {
            return null;
        }
        if (c != null && c.isAssignableFrom(byte[].class)) {
            byte[] copy = out != null ? Arrays.copyOf(out.buf, out.len) : Arrays.copyOf(data, length);
            return c.cast(copy);
        }
        throw bodyNotAssignable("byte[]", c);
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return size() == 0 || ((Class<?>) c).isAssignableFrom(byte[].class);
    }
}
