package io.jaqs.broker.store;

/** A FIFO deduplication entry, live until {@code expiresAt}. */
public record DedupRow(long queueId, String dedupKey, String messageId, long seq, long expiresAt) {
}
