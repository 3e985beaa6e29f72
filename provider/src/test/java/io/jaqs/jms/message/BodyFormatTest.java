package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented Map/Stream body format. */
class BodyFormatTest {

    @Test
    void layoutIsAsDocumented() throws JMSException {
        List<Object> fields = new ArrayList<>(Arrays.asList(true, false, null, (byte) 1, (short) 2, 'A', 3, 4L,
                "\u00e9", new byte[] {9}));
        byte[] body = BodyFormat.encodeList(fields);
        byte[] expected = {
            1, 10, // version, count
            1, 2, 0, // true, false, null
            3, 1, // byte
            4, 0, 2, // short
            5, 0, 65, // char
            6, 0, 0, 0, 3, // int
            7, 0, 0, 0, 0, 0, 0, 0, 4, // long
            10, 2, (byte) 0xC3, (byte) 0xA9, // string (varint length, UTF-8)
            11, 1, 9 // bytes
        };
        assertArrayEquals(expected, body);
        ArrayList<Object> back = BodyFormat.decodeList(body);
        assertEquals(fields.subList(0, 9), back.subList(0, 9));
        assertArrayEquals(new byte[] {9}, (byte[]) back.get(9));
    }

    @Test
    void mapLayoutAndLongLengths() throws JMSException {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("k", 1.0f);
        String longName = "n".repeat(200);
        map.put(longName, 2.0);
        byte[] body = BodyFormat.encodeMap(map);
        assertEquals(1, body[0]);
        assertEquals(2, body[1]);
        assertEquals(1, body[2]); // name length
        assertEquals('k', body[3]);
        assertEquals(8, body[4]); // FLOAT tag
        assertEquals((byte) 0xC8, body[9]); // 200 as varint: 0xC8 0x01
        assertEquals(1, body[10]);
        assertEquals(map, BodyFormat.decodeMap(body));
    }

    @Test
    void corruptBodiesAreFormatErrors() {
        assertThrows(MessageFormatException.class, () -> BodyFormat.decodeList(new byte[] {2, 0})); // version
        assertThrows(MessageFormatException.class, () -> BodyFormat.decodeList(new byte[] {1, 1, 6, 0})); // short int
        assertThrows(MessageFormatException.class, () -> BodyFormat.decodeList(new byte[] {1, 1, 42})); // tag
        assertThrows(MessageFormatException.class, () -> BodyFormat.decodeList(new byte[] {1, 0, 0})); // trailing
        assertThrows(MessageFormatException.class, () -> BodyFormat.decodeMap(new byte[] {1, 1, 5, 'a'})); // name
        assertThrows(MessageFormatException.class, () -> BodyFormat.decodeList(new byte[] {1, 127}));
        assertThrows(MessageFormatException.class, () -> BodyFormat.decodeList(
                new byte[] {1, 1, 11, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F})); // huge length
    }

    @Test
    void corruptMapMessageFailsAtDecode() {
        assertThrows(MessageFormatException.class, () -> MessageCodec.decode(new byte[] {1, 3},
                java.util.Map.of(MessageCodec.ATTR_TYPE, io.jaqs.broker.MessageAttributeValue.string("map")),
                null, null));
    }
}
