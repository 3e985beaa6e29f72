package io.jaqs.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds; one per thread, merged at the end of a phase. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    /** The q-quantile (0..1) in milliseconds, or NaN without samples. */
    double percentileMillis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int i = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, i))] / 1e6;
    }
}
