package io.jaqs.broker.store;

/**
 * One non-empty FIFO message group: the sequence number of its oldest message ({@code headSeq})
 * and when it may next deliver ({@code availableAt}: the later of its head's visible time and the
 * visibility deadline of every message of the group in flight).
 */
public record GroupRow(long queueId, String groupId, long headSeq, long availableAt) {
}
