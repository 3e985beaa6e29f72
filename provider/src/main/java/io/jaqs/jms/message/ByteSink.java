package io.jaqs.jms.message;

import jakarta.jms.MessageFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Unsynchronized growable big-endian byte buffer (DataOutput layout) used by the body encoders. */
final class ByteSink {
    static final byte[] EMPTY = new byte[0];

    byte[] buf;
    int len;

    ByteSink(int capacity) {
        buf = capacity == 0 ? EMPTY : new byte[capacity];
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need < 0) {
            throw new OutOfMemoryError("message body larger than 2 GiB");
        }
        if (need > buf.length) {
            int cap = Math.max(need, Math.max(64, buf.length << 1));
            if (cap < 0) {
                cap = Integer.MAX_VALUE - 8;
            }
            buf = Arrays.copyOf(buf, cap);
        }
    }

    void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void writeShort(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    void writeInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** Unsigned LEB128 (7 bits a byte, low group first). */
    void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    /** Varint byte length, then standard UTF-8. */
    void writeUtf8(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) { // ASCII: no intermediate array
            writeVarInt(n);
            ensure(n);
            for (int k = 0; k < n; k++) {
                buf[len++] = (byte) s.charAt(k);
            }
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(b.length);
        write(b, 0, b.length);
    }

    /** {@link java.io.DataOutput#writeUTF} layout: 2-byte length, then modified UTF-8. */
    void writeModifiedUtf(String s) throws MessageFormatException {
        int n = s.length();
        int utflen = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            utflen += (c >= 0x0001 && c <= 0x007F) ? 1 : (c > 0x07FF ? 3 : 2);
        }
        if (utflen > 65535) {
            throw new MessageFormatException("writeUTF: the string encodes to " + utflen
                    + " bytes of modified UTF-8, more than the 65535 that DataOutput.writeUTF allows");
        }
        ensure(2 + utflen);
        buf[len++] = (byte) (utflen >>> 8);
        buf[len++] = (byte) utflen;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                buf[len++] = (byte) c;
            } else if (c > 0x07FF) {
                buf[len++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buf[len++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** The written bytes; the internal array itself when it is exactly full. */
    byte[] toByteArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
}
