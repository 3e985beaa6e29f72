package io.jaqs.jms.message;

import jakarta.jms.MessageFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary body format of {@link JaqsMapMessage} and {@link JaqsStreamMessage}.
 *
 * <pre>
 * body    := empty                                  (no entries)
 *          | version:u8(=1) count:varint entry*count
 * map     entry := name:string value
 * stream  entry := value
 * value   := tag:u8 payload
 *   tag 0 NULL    (no payload)
 *   tag 1 TRUE    (no payload)      tag 2 FALSE (no payload)
 *   tag 3 BYTE    1 byte
 *   tag 4 SHORT   2 bytes big-endian
 *   tag 5 CHAR    2 bytes big-endian (UTF-16 code unit)
 *   tag 6 INT     4 bytes big-endian
 *   tag 7 LONG    8 bytes big-endian
 *   tag 8 FLOAT   4 bytes big-endian, Float.floatToIntBits
 *   tag 9 DOUBLE  8 bytes big-endian, Double.doubleToLongBits
 *   tag 10 STRING string
 *   tag 11 BYTES  length:varint raw bytes
 * string  := length:varint UTF-8 bytes
 * varint  := unsigned LEB128 (7 bits per byte, least significant group first, high bit = more)
 * </pre>
 * Map entries keep their insertion order.
 */
final class BodyFormat {
    static final int VERSION = 1;

    static final int NULL = 0;
    static final int TRUE = 1;
    static final int FALSE = 2;
    static final int BYTE = 3;
    static final int SHORT = 4;
    static final int CHAR = 5;
    static final int INT = 6;
    static final int LONG = 7;
    static final int FLOAT = 8;
    static final int DOUBLE = 9;
    static final int STRING = 10;
    static final int BYTES = 11;

    private BodyFormat() {
    }

    static byte[] encodeMap(Map<String, Object> map) {
        if (map.isEmpty()) {
            return ByteSink.EMPTY;
        }
        ByteSink out = new ByteSink(16 + map.size() * 16);
        out.write(VERSION);
        out.writeVarInt(map.size());
        for (Map.Entry<String, Object> e : map.entrySet()) {
            out.writeUtf8(e.getKey());
            writeValue(out, e.getValue());
        }
        return out.toByteArray();
    }

    static byte[] encodeList(List<Object> list) {
        if (list.isEmpty()) {
            return ByteSink.EMPTY;
        }
        ByteSink out = new ByteSink(16 + list.size() * 8);
        out.write(VERSION);
        out.writeVarInt(list.size());
        for (Object v : list) {
            writeValue(out, v);
        }
        return out.toByteArray();
    }

    private static void writeValue(ByteSink out, Object v) {
        if (v == null) {
            out.write(NULL);
        } else if (v instanceof String s) {
            out.write(STRING);
            out.writeUtf8(s);
        } else if (v instanceof Integer i) {
            out.write(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.write(LONG);
            out.writeLong(l);
        } else if (v instanceof Boolean b) {
            out.write(b ? TRUE : FALSE);
        } else if (v instanceof Double d) {
            out.write(DOUBLE);
            out.writeLong(Double.doubleToLongBits(d));
        } else if (v instanceof Float f) {
            out.write(FLOAT);
            out.writeInt(Float.floatToIntBits(f));
        } else if (v instanceof Short s) {
            out.write(SHORT);
            out.writeShort(s);
        } else if (v instanceof Byte b) {
            out.write(BYTE);
            out.write(b);
        } else if (v instanceof Character c) {
            out.write(CHAR);
            out.writeShort(c);
        } else if (v instanceof byte[] b) {
            out.write(BYTES);
            out.writeVarInt(b.length);
            out.write(b, 0, b.length);
        } else {
            throw new IllegalArgumentException("not a Map/Stream message value: " + v.getClass().getName());
        }
    }

    static LinkedHashMap<String, Object> decodeMap(byte[] body) throws MessageFormatException {
        if (body == null || body.length == 0) {
            return new LinkedHashMap<>();
        }
        Reader in = new Reader(body, "MapMessage");
        int count = in.header();
        LinkedHashMap<String, Object> map = new LinkedHashMap<>(capacity(count));
        for (int i = 0; i < count; i++) {
            String name = in.string();
            map.put(name, in.value());
        }
        in.end();
        return map;
    }

    static ArrayList<Object> decodeList(byte[] body) throws MessageFormatException {
        if (body == null || body.length == 0) {
            return new ArrayList<>();
        }
        Reader in = new Reader(body, "StreamMessage");
        int count = in.header();
        ArrayList<Object> list = new ArrayList<>(Math.min(count, body.length));
        for (int i = 0; i < count; i++) {
            list.add(in.value());
        }
        in.end();
        return list;
    }

    private static int capacity(int count) {
        return (int) Math.min(1 << 30, (long) count * 4 / 3 + 1);
    }

    private static final class Reader {
        private final byte[] b;
        private final String what;
        private int pos;

        Reader(byte[] b, String what) {
            this.b = b;
            this.what = what;
        }

        int header() throws MessageFormatException {
            int version = u8();
            if (version != VERSION) {
                throw corrupt("unknown body format version " + version);
            }
            int count = varInt();
            if (count > b.length) {
                throw corrupt("entry count " + count + " exceeds the body size");
            }
            return count;
        }

        void end() throws MessageFormatException {
            if (pos != b.length) {
                throw corrupt((b.length - pos) + " trailing bytes");
            }
        }

        private void need(int n) throws MessageFormatException {
            if (n < 0 || b.length - pos < n) {
                throw corrupt("truncated at byte " + pos);
            }
        }

        int u8() throws MessageFormatException {
            need(1);
            return b[pos++] & 0xFF;
        }

        int varInt() throws MessageFormatException {
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int x = u8();
                v |= (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    if (v < 0) {
                        throw corrupt("negative length");
                    }
                    return v;
                }
            }
            throw corrupt("malformed varint at byte " + pos);
        }

        int i32() throws MessageFormatException {
            need(4);
            int v = ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8)
                    | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long i64() throws MessageFormatException {
            long hi = i32();
            return (hi << 32) | (i32() & 0xFFFFFFFFL);
        }

        int u16() throws MessageFormatException {
            need(2);
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        String string() throws MessageFormatException {
            int n = varInt();
            need(n);
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Object value() throws MessageFormatException {
            int tag = u8();
            switch (tag) {
                case NULL:
                    return null;
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case BYTE:
                    need(1);
                    return b[pos++];
                case SHORT:
                    return (short) u16();
                case CHAR:
                    return (char) u16();
                case INT:
                    return i32();
                case LONG:
                    return i64();
                case FLOAT:
                    return Float.intBitsToFloat(i32());
                case DOUBLE:
                    return Double.longBitsToDouble(i64());
                case STRING:
                    return string();
                case BYTES: {
                    int n = varInt();
                    need(n);
                    byte[] v = new byte[n];
                    System.arraycopy(b, pos, v, 0, n);
                    pos += n;
                    return v;
                }
                default:
                    throw corrupt("unknown value tag " + tag + " at byte " + (pos - 1));
            }
        }

        private MessageFormatException corrupt(String why) {
            return new MessageFormatException("corrupt " + what + " body: " + why);
        }
    }
}
