package io.jaqs.jms.message;

import static io.jaqs.jms.message.TestDestinations.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

class ReadOnlyRulesTest {

    @Test
    void receivedPropertiesAreReadOnlyUntilClearProperties() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setStringProperty("s", "v");
        JaqsMessage d = roundTrip(m);
        assertThrows(MessageNotWriteableException.class, () -> d.setStringProperty("s", "w"));
        assertThrows(MessageNotWriteableException.class, () -> d.setBooleanProperty("b", true));
        assertThrows(MessageNotWriteableException.class, () -> d.setByteProperty("b", (byte) 1));
        assertThrows(MessageNotWriteableException.class, () -> d.setShortProperty("b", (short) 1));
        assertThrows(MessageNotWriteableException.class, () -> d.setIntProperty("b", 1));
        assertThrows(MessageNotWriteableException.class, () -> d.setLongProperty("b", 1));
        assertThrows(MessageNotWriteableException.class, () -> d.setFloatProperty("b", 1));
        assertThrows(MessageNotWriteableException.class, () -> d.setDoubleProperty("b", 1));
        assertThrows(MessageNotWriteableException.class, () -> d.setObjectProperty("b", 1));
        assertEquals("v", d.getStringProperty("s"));
        d.clearProperties();
        assertNull(d.getStringProperty("s"));
        d.setStringProperty("s", "w");
        assertEquals("w", d.getStringProperty("s"));
    }

    @Test
    void clearBodyDoesNotTouchPropertiesAndViceVersa() throws JMSException {
        JaqsTextMessage m = new JaqsTextMessage("body");
        m.setIntProperty("n", 1);
        JaqsTextMessage d = (JaqsTextMessage) roundTrip(m);
        d.clearBody();
        assertNull(d.getText());
        d.setText("new");
        assertEquals(1, d.getIntProperty("n"));
        assertThrows(MessageNotWriteableException.class, () -> d.setIntProperty("n", 2));

        JaqsTextMessage d2 = (JaqsTextMessage) roundTrip(m);
        d2.clearProperties();
        assertThrows(MessageNotWriteableException.class, () -> d2.setText("x"));
        assertEquals("body", d2.getText());
    }

    @Test
    void receivedBodiesAreReadOnly() throws JMSException {
        JaqsMapMessage map = (JaqsMapMessage) roundTrip(new JaqsMapMessage());
        assertThrows(MessageNotWriteableException.class, () -> map.setInt("i", 1));
        assertThrows(MessageNotWriteableException.class, () -> map.setObject("i", 1));
        assertThrows(MessageNotWriteableException.class, () -> map.setBytes("i", new byte[1]));
        map.clearBody();
        map.setInt("i", 1);
        assertEquals(1, map.getInt("i"));

        JaqsObjectMessage obj = (JaqsObjectMessage) roundTrip(new JaqsObjectMessage("x"));
        assertThrows(MessageNotWriteableException.class, () -> obj.setObject("y"));
        obj.clearBody();
        assertNull(obj.getObject());
        obj.setObject("y");
        assertEquals("y", obj.getObject());

        JaqsBytesMessage bytes = (JaqsBytesMessage) roundTrip(new JaqsBytesMessage());
        assertThrows(MessageNotWriteableException.class, () -> bytes.writeInt(1));
        JaqsStreamMessage stream = (JaqsStreamMessage) roundTrip(new JaqsStreamMessage());
        assertThrows(MessageNotWriteableException.class, () -> stream.writeInt(1));
    }

    @Test
    void bytesMessageIsWriteOnlyUntilReset() throws JMSException {
        JaqsBytesMessage m = new JaqsBytesMessage();
        m.writeInt(5);
        assertThrows(MessageNotReadableException.class, m::readInt);
        assertThrows(MessageNotReadableException.class, m::getBodyLength);
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1]));
        assertThrows(MessageNotReadableException.class, m::readUTF);
        m.reset();
        assertEquals(4, m.getBodyLength());
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(6));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject("s"));
        assertThrows(MessageNotWriteableException.class, () -> m.writeUTF("s"));
        assertEquals(5, m.readInt());
        m.reset();
        assertEquals(5, m.readInt()); // reset rewinds
        m.clearBody();
        assertThrows(MessageNotReadableException.class, m::readInt);
        m.writeShort((short) 2);
        m.reset();
        assertEquals(2, m.getBodyLength());
        assertEquals(2, m.readShort());
    }

    @Test
    void streamMessageIsWriteOnlyUntilReset() throws JMSException {
        JaqsStreamMessage m = new JaqsStreamMessage();
        m.writeString("a");
        assertThrows(MessageNotReadableException.class, m::readString);
        assertThrows(MessageNotReadableException.class, m::readObject);
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1]));
        m.reset();
        assertThrows(MessageNotWriteableException.class, () -> m.writeString("b"));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject(1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertEquals("a", m.readString());
        m.reset();
        assertEquals("a", m.readString());
        m.clearBody();
        assertThrows(MessageNotReadableException.class, m::readString);
        m.writeInt(1);
        m.reset();
        assertEquals(1, m.readInt());
    }

    @Test
    void newMessagesAreWritable() throws JMSException {
        JaqsTextMessage t = new JaqsTextMessage();
        t.setText("a");
        t.setStringProperty("p", "v");
        assertEquals("a", t.getText());
        JaqsMapMessage m = new JaqsMapMessage();
        m.setInt("x", 1);
        assertTrue(m.itemExists("x"));
        assertFalse(m.itemExists("y"));
    }
}
