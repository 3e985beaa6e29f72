package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObjectMessageTest {

    /** A class outside java.* (io.jaqs.jms.message.ObjectMessageTest$Payload). */
    static final class Payload implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;

        Payload(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Payload p && Objects.equals(p.name, name);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(name);
        }
    }

    static final class NotSerializableInside implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object inside = new Object();
    }

    @AfterEach
    void restoreDefaults() {
        System.clearProperty(ObjectMessageAllowList.SYSTEM_PROPERTY);
        ObjectMessageAllowList.setDefault(null);
    }

    private static JaqsObjectMessage received(Serializable body, ObjectMessageAllowList list) throws JMSException {
        return (JaqsObjectMessage) TestDestinations.roundTrip(new JaqsObjectMessage(body), list);
    }

    @Test
    void classOutsideTheAllowListIsRefusedWithAHint() throws JMSException {
        JaqsObjectMessage m = received(new Payload("p"), null);
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        String msg = e.getMessage();
        assertTrue(msg.contains("io.jaqs.jms.message.ObjectMessageTest$Payload"), msg);
        assertTrue(msg.contains("jaqs.objectmessage.trustedPackages"), msg);
        assertTrue(msg.contains("io.jaqs.jms.message."), msg);
        assertThrows(MessageFormatException.class, () -> m.getBody(Object.class));
        assertThrows(MessageFormatException.class, () -> m.isBodyAssignableTo(Object.class));
    }

    @Test
    void nestedAndArrayClassesAreCheckedToo() throws JMSException {
        ArrayList<Object> list = new ArrayList<>(List.of("ok", new Payload("hidden")));
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> received(list, null).getObject());
        assertTrue(e.getMessage().contains("ObjectMessageTest$Payload"), e.getMessage());

        Payload[] array = {new Payload("a")};
        e = assertThrows(MessageFormatException.class, () -> received(array, null).getObject());
        assertTrue(e.getMessage().contains("ObjectMessageTest$Payload"), e.getMessage());

        Payload[] back = (Payload[]) received(array, ObjectMessageAllowList.of("io.jaqs.")).getObject();
        assertEquals(new Payload("a"), back[0]);
    }

    @Test
    void javaClassesAreAlwaysAllowed() throws JMSException {
        TreeMap<String, Object> body = new TreeMap<>(Map.of(
                "list", new ArrayList<>(List.of(1, 2L, 3.0)),
                "decimal", new BigDecimal("1.50"),
                "instant", Instant.ofEpochSecond(1_700_000_000L),
                "ints", new int[] {1, 2}));
        @SuppressWarnings("unchecked")
        TreeMap<String, Object> back = (TreeMap<String, Object>) received(body, ObjectMessageAllowList.javaOnly()).getObject();
        assertEquals(body.get("list"), back.get("list"));
        assertEquals(body.get("decimal"), back.get("decimal"));
        assertEquals(body.get("instant"), back.get("instant"));
        assertArrayEquals((int[]) body.get("ints"), (int[]) back.get("ints"));
    }

    @Test
    void configuredPackageIsAllowed() throws JMSException {
        ObjectMessageAllowList list = ObjectMessageAllowList.parse("com.acme., io.jaqs.jms.message.");
        assertEquals(List.of("com.acme.", "io.jaqs.jms.message."), list.trustedPackages());
        assertEquals(new Payload("p"), received(new Payload("p"), list).getObject());
        assertEquals(new Payload("p"), received(new Payload("p"), list).getBody(Payload.class));
    }

    @Test
    void systemPropertyConfiguresTheDefault() throws JMSException {
        JaqsObjectMessage m = received(new Payload("p"), null);
        assertThrows(MessageFormatException.class, m::getObject);
        System.setProperty(ObjectMessageAllowList.SYSTEM_PROPERTY, "org.example.,io.jaqs.jms.message.");
        assertEquals(new Payload("p"), m.getObject());
        assertTrue(ObjectMessageAllowList.getDefault().isAllowed("org.example.Thing"));
        System.clearProperty(ObjectMessageAllowList.SYSTEM_PROPERTY);
        assertThrows(MessageFormatException.class, m::getObject);
    }

    @Test
    void setDefaultOverridesTheProperty() throws JMSException {
        ObjectMessageAllowList.setDefault(ObjectMessageAllowList.of("io.jaqs."));
        assertEquals(new Payload("x"), received(new Payload("x"), null).getObject());
        ObjectMessageAllowList.setDefault(null);
        assertSame(ObjectMessageAllowList.javaOnly(), ObjectMessageAllowList.getDefault());
    }

    @Test
    void instanceAllowListWinsOverTheDefault() throws JMSException {
        System.setProperty(ObjectMessageAllowList.SYSTEM_PROPERTY, "io.jaqs.");
        JaqsObjectMessage m = received(new Payload("p"), ObjectMessageAllowList.of("com.other."));
        assertThrows(MessageFormatException.class, m::getObject);
        m.setAllowList(ObjectMessageAllowList.trustAll());
        assertEquals(new Payload("p"), m.getObject());
    }

    @Test
    void prefixMatching() {
        ObjectMessageAllowList l = ObjectMessageAllowList.of("com.acme", "org.x.Only", "net.y.");
        assertTrue(l.isAllowed("com.acme.Order"));
        assertTrue(l.isAllowed("com.acme.sub.Line"));
        assertFalse(l.isAllowed("com.acmex.Order"));
        assertTrue(l.isAllowed("org.x.Only"));
        assertTrue(l.isAllowed("org.x.Only$Inner"));
        assertFalse(l.isAllowed("org.x.OnlyNot"));
        assertTrue(l.isAllowed("net.y.Z"));
        assertFalse(l.isAllowed("net.yy.Z"));
        assertTrue(l.isAllowed("java.util.ArrayList"));
        assertFalse(l.isAllowed("javax.naming.Reference"));
        assertFalse(l.isAllowed("sun.misc.Unsafe"));
        assertTrue(l.isAllowed(int[][].class));
        assertTrue(ObjectMessageAllowList.parse(" * ").isTrustAll());
        assertSame(ObjectMessageAllowList.javaOnly(), ObjectMessageAllowList.parse(" , "));
    }

    @Test
    void setObjectTakesASnapshot() throws JMSException {
        ArrayList<String> body = new ArrayList<>(List.of("a"));
        JaqsObjectMessage m = new JaqsObjectMessage();
        m.setObject(body);
        body.add("b");
        assertEquals(List.of("a"), m.getObject());
        assertTrue(m.getSerializedSize() > 0);
    }

    @Test
    void unserializableContentIsAFormatError() {
        JaqsObjectMessage m = new JaqsObjectMessage();
        MessageFormatException e = assertThrows(MessageFormatException.class,
                () -> m.setObject(new NotSerializableInside()));
        assertTrue(e.getMessage().contains("NotSerializableInside"), e.getMessage());
    }

    @Test
    void corruptBodyIsAFormatError() {
        JaqsObjectMessage d = (JaqsObjectMessage) assertDoesNotThrowDecode(new byte[] {1, 2, 3});
        assertThrows(MessageFormatException.class, d::getObject);
    }

    private static JaqsMessage assertDoesNotThrowDecode(byte[] body) {
        try {
            return MessageCodec.decode(body, Map.of(MessageCodec.ATTR_TYPE,
                    io.jaqs.broker.MessageAttributeValue.string("object")), null, null);
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nullObject() throws JMSException {
        JaqsObjectMessage m = new JaqsObjectMessage();
        assertNull(m.getObject());
        m.setObject("x");
        m.setObject(null);
        assertNull(m.getObject());
        assertNull(received(null, null).getObject());
    }
}
