package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GetBodyTest {

    @Test
    void messageWithoutBody() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        assertNull(m.getBody(String.class));
        assertNull(m.getBody(Integer.class));
        assertTrue(m.isBodyAssignableTo(Integer.class));
        assertNull(TestDestinations.roundTrip(m).getBody(byte[].class));
    }

    @Test
    void text() throws JMSException {
        JaqsTextMessage m = new JaqsTextMessage("hi");
        assertEquals("hi", m.getBody(String.class));
        assertEquals("hi", m.getBody(CharSequence.class));
        assertEquals("hi", m.getBody(Object.class));
        assertTrue(m.isBodyAssignableTo(String.class));
        assertTrue(m.isBodyAssignableTo(Comparable.class));
        assertFalse(m.isBodyAssignableTo(Integer.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(Integer.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(byte[].class));
        JaqsTextMessage empty = new JaqsTextMessage();
        assertNull(empty.getBody(Integer.class));
        assertTrue(empty.isBodyAssignableTo(Integer.class));
    }

    @Test
    void bytes() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        assertNull(m.getBody(byte[].class));
        assertTrue(m.isBodyAssignableTo(String.class)); // no body
        m.writeInt(1);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, m.getBody(byte[].class)); // write-only mode too
        m.reset();
        m.readByte();
        assertArrayEquals(new byte[] {0, 0, 0, 1}, m.getBody(byte[].class)); // whole body, position kept
        assertEquals(0, m.readByte());
        assertTrue(m.isBodyAssignableTo(byte[].class));
        assertTrue(m.isBodyAssignableTo(Object.class));
        assertFalse(m.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
        byte[] copy = m.getBody(byte[].class);
        copy[3] = 9;
        assertArrayEquals(new byte[] {0, 0, 0, 1}, m.getBody(byte[].class));
    }

    @Test
    void map() throws JMSException {
        JaqsMapMessage m = new JaqsMapMessage();
        assertNull(m.getBody(Map.class));
        assertTrue(m.isBodyAssignableTo(String.class));
        m.setInt("a", 1);
        m.setString("b", "x");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = m.getBody(Map.class);
        assertEquals(Map.of("a", 1, "b", "x"), body);
        body.put("c", 3);
        assertFalse(m.itemExists("c"));
        assertTrue(m.isBodyAssignableTo(Map.class));
        assertTrue(m.isBodyAssignableTo(Object.class));
        assertFalse(m.isBodyAssignableTo(HashMap.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(HashMap.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
    }

    @Test
    void stream() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        m.writeInt(1);
        assertThrows(MessageFormatException.class, () -> m.getBody(Object.class));
        assertFalse(m.isBodyAssignableTo(Object.class));
        assertFalse(new JaqsStreamMessage().isBodyAssignableTo(Object.class));
    }

    @Test
    void object() throws JMSException {
        JaqsObjectMessage m = new JaqsObjectMessage();
        assertNull(m.getBody(String.class));
        assertTrue(m.isBodyAssignableTo(String.class));
        m.setObject(new java.util.ArrayList<>(List.of(1)));
        assertEquals(List.of(1), m.getBody(List.class));
        assertEquals(List.of(1), m.getBody(Serializable.class));
        assertTrue(m.isBodyAssignableTo(java.util.ArrayList.class));
        assertFalse(m.isBodyAssignableTo(Map.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(Map.class));
    }
}
