package io.jaqs.samples.common;

import java.util.Arrays;

/** A growing list of measurements (e.g. latencies in microseconds) with percentiles. Thread-safe. */
public final class Samples {
    private long[] values = new long[256];
    private int size;

    public synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public synchronized int count() {
        return size;
    }

    /** The p-th percentile (0–100, nearest rank), or 0 when empty. */
    public synchronized long percentile(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public synchronized long max() {
        long m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }
}
