package io.jaqs.broker.store;

/**
 * One pass over a queue's unexpired messages (the store's {@code sampleQueue} statement): SQS's
 * three counts, the send times behind ApproximateAgeOfOldestMessage, and for FIFO queues the
 * groups with messages in flight. Times are epoch milliseconds, 0 when there is no such message.
 *
 * @param oldestSentAt    the earliest send time of a message received fewer than {@code receiveLimit} times
 * @param oldestAnySentAt the earliest send time of any message
 */
public record QueueSampleRow(long visible, long notVisible, long delayed, long oldestSentAt, long oldestAnySentAt,
                             long groupsWithInflightMessages) {
}
