package io.jaqs.broker.store;

/**
 * What a returned write survives. Every write goes through the store's group commit: it returns
 * only after the database commit that holds it (shared with the writes queued beside it), and, at
 * {@link #DISK}, after that commit was forced to the disk.
 *
 * <p>How the H2 file store (the default) keeps each level, checked on H2 2.5.252's source and with
 * {@code strace}: the store opens H2 with {@code WRITE_DELAY=0} (and checks the setting on the open
 * database), so every commit writes its MVStore chunk to the file with {@code pwrite} in the
 * committing thread before the commit returns; at {@code DISK} the writer then runs
 * {@code CHECKPOINT SYNC}, which in H2 is {@code Database.sync()} → {@code Store.sync()} → flush of
 * unsaved pages (none, after a commit) and {@code FileChannel.force(true)}: one {@code fsync(2)} of
 * the database file. 200 DISK commits made 200 fsync calls; 200 PROCESS commits none.
 *
 * <p>Whatever the level, a write that fails in the commit is reported as failed
 * ({@code STORE_FAILURE}) and nothing of it is kept. One case reports failure for a write that
 * was kept: at {@code DISK} the commit succeeded and the fsync after it failed; the data is then
 * in the file but its durability is unknown, so the caller is told it failed, and a retried send
 * may then deliver twice (at least once, never lost silently). An in-memory store
 * ({@code jdbc:h2:mem:}) keeps nothing past its JVM at either level.
 */
public enum Durability {
    /**
     * Committed data has been handed to the operating system before the call returns. It survives
     * {@code kill -9}, a JVM crash or an {@code OutOfMemoryError}: the OS owns the written pages.
     * It does not survive a power cut, a kernel crash or a VM that is reset: the commits of the last
     * seconds (until the OS writes its dirty pages back, typically up to 30 s on Linux) may be lost,
     * and H2 then opens at its last complete chunk, i.e. an earlier, consistent state. A delete may be
     * lost the same way (the message comes back: at least once). The default: about the cost of a
     * {@code write(2)} per group commit.
     */
    PROCESS,
    /**
     * Committed data has been forced to the disk ({@code fsync}) before the call returns: it also
     * survives a power cut or a kernel crash, provided the disk honours flushes (a volatile write
     * cache that acknowledges early voids this, as for every database). As ActiveMQ Artemis's journal
     * and PostgreSQL with {@code synchronous_commit=on} promise. Costs one fsync per group commit
     * (0.13 ms to several ms depending on the disk), shared by the writes that commit together, so
     * it costs most to a single sending thread. On H2 the store's user must be an admin (it is
     * anyway: setting WRITE_DELAY needs it).
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
