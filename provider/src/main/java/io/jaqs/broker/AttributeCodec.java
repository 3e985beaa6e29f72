package io.jaqs.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Message attributes to and from their stored bytes, and the MD5 digests SQS reports (public: the SQS server reports them too). */
public final class AttributeCodec {
    private static final byte STRING = 1;
    private static final byte BINARY = 2;

    private AttributeCodec() {
    }

    /**
     * The stored bytes of {@code attributes}; null for no attributes (the store's column is then
     * NULL). {@link #decode} reads null and empty bytes as no attributes: the one rule for "none".
     */
    static byte[] encode(Map<String, MessageAttributeValue> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * attributes.size());
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(attributes.size());
            for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
                MessageAttributeValue v = e.getValue();
                writeString(out, e.getKey());
                writeString(out, v.dataType());
                if (v.isBinary()) {
                    out.writeByte(BINARY);
                    byte[] b = v.binaryValue();
                    out.writeInt(b.length);
                    out.write(b);
                } else {
                    out.writeByte(STRING);
                    writeString(out, v.stringValue());
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, MessageAttributeValue> decode(byte[] data) {
        if (data == null || data.length == 0) {
            return Map.of();
        }
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            int n = in.readInt();
            Map<String, MessageAttributeValue> map = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                String name = readString(in);
                String type = readString(in);
                byte kind = in.readByte();
                if (kind == BINARY) {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    map.put(name, MessageAttributeValue.of(type, null, b));
                } else {
                    map.put(name, MessageAttributeValue.of(type, readString(in), null));
                }
            }
            return Collections.unmodifiableMap(map);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt message attributes in the store", e);
        }
    }

    /** Writes {@code attributes} into a larger record, length first; no attributes are length 0. */
    static void write(DataOutputStream out, Map<String, MessageAttributeValue> attributes) throws IOException {
        byte[] b = encode(attributes);
        if (b == null) {
            out.writeInt(0);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** Reads what {@link #write} wrote. */
    static Map<String, MessageAttributeValue> read(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return decode(b);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(md5().digest(data));
    }

    /** SQS's MD5OfMessageAttributes: names sorted, each as length-prefixed name, type, transport byte, value. */
    public static String md5OfAttributes(Map<String, MessageAttributeValue> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        MessageDigest md = md5();
        for (Map.Entry<String, MessageAttributeValue> e : new TreeMap<>(attributes).entrySet()) {
            MessageAttributeValue v = e.getValue();
            updateLengthPrefixed(md, e.getKey().getBytes(StandardCharsets.UTF_8));
            updateLengthPrefixed(md, v.dataType().getBytes(StandardCharsets.UTF_8));
            if (v.isBinary()) {
                md.update(BINARY);
                updateLengthPrefixed(md, v.binaryValue());
            } else {
                md.update(STRING);
                updateLengthPrefixed(md, v.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void updateLengthPrefixed(MessageDigest md, byte[] b) {
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
