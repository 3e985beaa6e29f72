package io.jaqs.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.StreamMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A StreamMessage: a sequence of typed fields read back with the conversion table of Jakarta
 * Messaging section 3.11.3. A read that fails (MessageFormatException, NumberFormatException,
 * NullPointerException) leaves the position where it was, so the field can be read again as another
 * type. A byte[] field may be read in pieces with {@link #readBytes(byte[])}: each call fills the
 * buffer; a call returning less than the buffer length ends the field; when the last piece filled
 * the buffer exactly, the next call returns -1 and ends the field. Until a started byte[] field is
 * read to its end, other reads throw MessageFormatException.
 */
public class JaqsStreamMessage extends JaqsMessage implements StreamMessage {

    private ArrayList<Object> fields = new ArrayList<>();
    private int index;           // next field to read
    private int bytesOffset = -1; // inside a byte[] field being read by readBytes: bytes already read

    public JaqsStreamMessage() {
    }

    @Override
    String bodyKind() {
        return "stream";
    }

    @Override
    JaqsMessage newEmpty() {
        return new JaqsStreamMessage();
    }

    @Override
    byte[] encodeBody() {
        return BodyFormat.encodeList(fields);
    }

    @Override
    void decodeBody(byte[] body) throws JMSException {
        fields = BodyFormat.decodeList(body);
        index = 0;
        bytesOffset = -1;
    }

    @Override
    void markReadOnly() {
        super.markReadOnly();
        index = 0;
        bytesOffset = -1;
    }

    @Override
    void clearBodyContent() {
        fields = new ArrayList<>();
        index = 0;
        bytesOffset = -1;
    }

    /** Fields, for the codec (not copied). */
    List<Object> fields() {
        return fields;
    }

    @Override
    public void reset() {
        bodyReadOnly = true;
        index = 0;
        bytesOffset = -1;
    }

    // ------------------------------------------------------------------ reading

    /** The next field, not consumed. */
    private Object peek() throws JMSException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("the StreamMessage is in write-only mode; call reset() to read it");
        }
        if (bytesOffset >= 0) {
            byte[] current = (byte[]) fields.get(index);
            if (bytesOffset < current.length) {
                throw new MessageFormatException("a byte[] field is partly read: read it to its end with"
                        + " readBytes before reading the next field");
            }
            // read to its end, only the closing -1 was not asked for: move on
            bytesOffset = -1;
            index++;
        }
        if (index >= fields.size()) {
            throw new MessageEOFException("end of the StreamMessage (" + fields.size() + " fields)");
        }
        return fields.get(index);
    }

    @Override
    public boolean readBoolean() throws JMSException {
        boolean v = TypeConversion.toBoolean(peek());
        index++;
        return v;
    }

    @Override
    public byte readByte() throws JMSException {
        byte v = TypeConversion.toByte(peek());
        index++;
        return v;
    }

    @Override
    public short readShort() throws JMSException {
        short v = TypeConversion.toShort(peek());
        index++;
        return v;
    }

    @Override
    public char readChar() throws JMSException {
        char v = TypeConversion.toChar(peek());
        index++;
        return v;
    }

    @Override
    public int readInt() throws JMSException {
        int v = TypeConversion.toInt(peek());
        index++;
        return v;
    }

    @Override
    public long readLong() throws JMSException {
        long v = TypeConversion.toLong(peek());
        index++;
        return v;
    }

    @Override
    public float readFloat() throws JMSException {
        float v = TypeConversion.toFloat(peek());
        index++;
        return v;
    }

    @Override
    public double readDouble() throws JMSException {
        double v = TypeConversion.toDouble(peek());
        index++;
        return v;
    }

    @Override
    public String readString() throws JMSException {
        String v = TypeConversion.toText(peek());
        index++;
        return v;
    }

    /**
     * Reads (the next piece of) a byte[] field; see the class comment. Returns -1 for a null field
     * and at the end of a field whose last piece filled the buffer, 0 for an empty field.
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        byte[] field;
        if (bytesOffset >= 0) {
            if (!bodyReadOnly) {
                throw new MessageNotReadableException("the StreamMessage is in write-only mode; call reset() to read it");
            }
            field = (byte[]) fields.get(index);
        } else {
            Object v = peek();
            if (v == null) {
                index++;
                return -1;
            }
            if (!(v instanceof byte[] b)) {
                throw new MessageFormatException("a " + TypeConversion.typeName(v) + " field cannot be read as byte[]");
            }
            if (b.length == 0) {
                index++;
                return 0;
            }
            field = b;
            bytesOffset = 0;
        }
        int left = field.length - bytesOffset;
        if (left == 0) {
            bytesOffset = -1;
            index++;
            return -1;
        }
        int n = Math.min(value.length, left);
        System.arraycopy(field, bytesOffset, value, 0, n);
        bytesOffset += n;
        if (n < value.length) {
            bytesOffset = -1;
            index++;
        }
        return n;
    }

    /** The next field as its own type ({@code byte[]} copied, null for a null field). */
    @Override
    public Object readObject() throws JMSException {
        Object v = peek();
        index++;
        return v instanceof byte[] b ? b.clone() : v;
    }

    // ------------------------------------------------------------------ writing

    private void add(Object v) throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException(
                    "the StreamMessage is in read-only mode; call clearBody() to write it");
        }
        fields.add(v);
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        add(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        add(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        add(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        add(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        add(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        add(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        add(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        add(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        add(value);
    }

    /** Writes a byte[] field (a copy; null writes a null field). */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        add(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length
                    + " outside an array of " + value.length);
        }
        add(Arrays.copyOfRange(value, offset, offset + length));
    }

    /**
     * Writes a {@code Boolean, Byte, Short, Character, Integer, Long, Float, Double, String},
     * {@code byte[]} or null field.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (!TypeConversion.isBodyValueType(value)) {
            throw new MessageFormatException("StreamMessage.writeObject: a " + value.getClass().getName()
                    + " cannot be written (allowed: boxed primitives, String, byte[], null)");
        }
        add(value instanceof byte[] b ? b.clone() : value);
    }

    // ------------------------------------------------------------------ body

    /** A StreamMessage body cannot be returned as one object. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("getBody is not supported for a StreamMessage");
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return false;
    }
}
