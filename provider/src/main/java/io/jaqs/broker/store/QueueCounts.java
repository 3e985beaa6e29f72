package io.jaqs.broker.store;

/** SQS's approximate counts of one queue. */
public record QueueCounts(long visible, long notVisible, long delayed) {
}
