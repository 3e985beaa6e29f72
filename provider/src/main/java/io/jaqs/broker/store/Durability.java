package io.jaqs.broker.store;

/**
 * What a returned write survives.
 */
public enum Durability {
    /**
     * Committed data has been handed to the operating system before the call returns: it survives
     * {@code kill -9} of the JVM, not a power cut or kernel crash (the last commits may still sit
     * in the OS page cache). The default.
     */
    PROCESS,
    /**
     * Committed data has been forced to the disk (fsync) before the call returns: it survives a
     * power cut too. Costs one fsync per group commit.
     */
    DISK;

    public static Durability parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("durability must be 'process' or 'disk', got '" + s + "'");
        }
    }
}
