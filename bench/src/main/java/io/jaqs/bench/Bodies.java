package io.jaqs.bench;

/** 1 KiB text bodies (1,024 ASCII characters); stamped and FIFO bodies carry their data in a prefix. */
final class Bodies {
    static final int SIZE = 1024;
    static final String PLAIN;

    static {
        StringBuilder b = new StringBuilder(SIZE);
        for (int i = 0; i < SIZE; i++) {
            b.append((char) ('a' + i % 26));
        }
        PLAIN = b.toString();
    }

    private Bodies() {
    }

    private static String pad(String prefix) {
        return prefix + PLAIN.substring(prefix.length());
    }

    /** A body carrying a send time (System.nanoTime) for end-to-end latency. */
    static String stamped(long nanos) {
        return pad("t=" + nanos + ";");
    }

    /** A FIFO body: its group (0-99) and its sequence number within the group. */
    static String fifo(int group, long seq) {
        return pad("g=" + group + ";n=" + seq + ";");
    }

    static String group(int group) {
        return "g" + group;
    }

    /** The stamp of a stamped body, or -1. */
    static long stamp(String body) {
        if (body == null || !body.startsWith("t=")) {
            return -1;
        }
        return Long.parseLong(body, 2, body.indexOf(';'), 10);
    }

    /** {group, seq} of a FIFO body, or null. */
    static long[] fifoKey(String body) {
        if (body == null || !body.startsWith("g=")) {
            return null;
        }
        int semi = body.indexOf(';');
        int semi2 = body.indexOf(';', semi + 1);
        return new long[] {Long.parseLong(body, 2, semi, 10), Long.parseLong(body, semi + 3, semi2, 10)};
    }
}
