package io.jaqs.broker.store;

/**
 * A store's counters for metrics, read without a lock (a snapshot may straddle a commit). -1 where
 * the store does not say.
 *
 * @param commits       transactions the writer committed
 * @param works         store writes those commits held (group commit: works / commits per commit)
 * @param commitNanos   time spent committing (and forcing to the disk), summed
 * @param pendingWrites writes queued for the writer now
 * @param poolActive    pooled connections in use now
 * @param poolMax       most pooled connections
 * @param poolWaiting   threads waiting for a pooled connection now
 */
public record StoreStats(long commits, long works, long commitNanos, int pendingWrites, int poolActive, int poolMax,
                         int poolWaiting) {
}
