package io.jaqs.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A MapMessage: values follow the conversion table of Jakarta Messaging section 3.11.3; the body
 * travels in the format described in {@code BodyFormat} (insertion order kept).
 */
public class JaqsMapMessage extends JaqsMessage implements MapMessage {

    private LinkedHashMap<String, Object> map = new LinkedHashMap<>();

    public JaqsMapMessage() {
    }

    @Override
    String bodyKind() {
        return "map";
    }

    @Override
    JaqsMessage newEmpty() {
        return new JaqsMapMessage();
    }

    @Override
    byte[] encodeBody() {
        return BodyFormat.encodeMap(map);
    }

    @Override
    void decodeBody(byte[] body) throws JMSException {
        map = BodyFormat.decodeMap(body);
    }

    @Override
    void clearBodyContent() {
        map = new LinkedHashMap<>();
    }

    private Object get(String name) {
        return map.get(name);
    }

    private void put(String name, Object value) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a MapMessage name must not be null or empty");
        }
        checkBodyWritable();
        map.put(name, value);
    }

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return TypeConversion.toBoolean(get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return TypeConversion.toByte(get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return TypeConversion.toShort(get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return TypeConversion.toChar(get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return TypeConversion.toInt(get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return TypeConversion.toLong(get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return TypeConversion.toFloat(get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return TypeConversion.toDouble(get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return TypeConversion.toText(get(name));
    }

    /** A copy of the byte[] value, or null if the entry is missing or null. */
    @Override
    public byte[] getBytes(String name) throws JMSException {
        byte[] b = TypeConversion.toBytes(get(name));
        return b == null ? null : b.clone();
    }

    /** The value in its object form ({@code byte[]} values are copied). */
    @Override
    public Object getObject(String name) {
        Object v = get(name);
        return v instanceof byte[] b ? b.clone() : v;
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new ArrayList<>(map.keySet()));
    }

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        if (value == null) {
            put(name, null);
            return;
        }
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length
                    + " outside an array of " + value.length);
        }
        put(name, Arrays.copyOfRange(value, offset, offset + length));
    }

    /**
     * Sets a {@code Boolean, Byte, Short, Character, Integer, Long, Float, Double, String} or
     * {@code byte[]} value (or null).
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (!TypeConversion.isBodyValueType(value)) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a MapMessage name must not be null or empty");
            }
            throw new MessageFormatException("MapMessage entry " + name + ": a " + value.getClass().getName()
                    + " is not a valid value (allowed: Boolean, Byte, Short, Character, Integer, Long, Float,"
                    + " Double, String, byte[])");
        }
        put(name, value instanceof byte[] b ? b.clone() : value);
    }

    @Override
    public boolean itemExists(String name) {
        return map.containsKey(name);
    }

    /** Entries, for the codec (not copied). */
    Map<String, Object> entries() {
        return map;
    }

    /** An empty map has no body: null for any type. Otherwise a new {@code Map<String, Object>}. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (map.isEmpty()) {
            return null;
        }
        if (c != null && c.isAssignableFrom(Map.class)) {
            HashMap<String, Object> copy = new HashMap<>(map.size() * 4 / 3 + 1);
            for (Map.Entry<String, Object> e : map.entrySet()) {
                Object v = e.getValue();
                copy.put(e.getKey(), v instanceof byte[] b ? b.clone() : v);
            }
            return c.cast(copy);
        }
        throw bodyNotAssignable("java.util.Map", c);
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return map.isEmpty() || ((Class<?>) c).isAssignableFrom(Map.class);
    }
}
