package io.jaqs.broker;

/**
 * A receive: 1–10 messages, an optional visibility timeout override (0 s – 12 h), an optional
 * long-poll wait (0–20 s; null means the queue's ReceiveMessageWaitTimeSeconds), an optional FIFO
 * receive request attempt id, and an optional filter (JMS selectors) evaluated by the core on
 * candidate messages; messages the filter rejects stay in the queue for other consumers.
 *
 * <p>Two FIFO options beyond SQS, for receivers that hold messages before delivering them (a JMS
 * consumer's prefetch), so that one receiver does not lock groups other receivers could deliver:
 * {@code oneGroup} takes the messages of one message group only; {@code afterReceiptHandle} takes
 * only the messages that follow, in its group, the in-flight message that handle names (the
 * receiver continues the group it holds; nothing when that message is not in flight under the
 * handle any more, or an earlier message of the group is visible again). Both are ignored on
 * standard queues.
 */
public record ReceiveMessageRequest(int maxNumberOfMessages, Integer visibilityTimeoutSeconds,
                                    Integer waitTimeSeconds, String receiveRequestAttemptId, MessageFilter filter,
                                    boolean oneGroup, String afterReceiptHandle) {

    public ReceiveMessageRequest(int maxNumberOfMessages, Integer visibilityTimeoutSeconds, Integer waitTimeSeconds,
                                 String receiveRequestAttemptId, MessageFilter filter) {
        this(maxNumberOfMessages, visibilityTimeoutSeconds, waitTimeSeconds, receiveRequestAttemptId, filter, false, null);
    }

    public static ReceiveMessageRequest of(int maxNumberOfMessages) {
        return new ReceiveMessageRequest(maxNumberOfMessages, null, null, null, null);
    }

    public ReceiveMessageRequest withWaitTimeSeconds(Integer seconds) {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, seconds, receiveRequestAttemptId, filter,
                oneGroup, afterReceiptHandle);
    }

    public ReceiveMessageRequest withVisibilityTimeoutSeconds(Integer seconds) {
        return new ReceiveMessageRequest(maxNumberOfMessages, seconds, waitTimeSeconds, receiveRequestAttemptId, filter,
                oneGroup, afterReceiptHandle);
    }

    public ReceiveMessageRequest withAttemptId(String attemptId) {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, waitTimeSeconds, attemptId, filter,
                oneGroup, afterReceiptHandle);
    }

    public ReceiveMessageRequest withFilter(MessageFilter f) {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, waitTimeSeconds, receiveRequestAttemptId, f,
                oneGroup, afterReceiptHandle);
    }

    /** FIFO: messages of one message group only. */
    public ReceiveMessageRequest withOneGroup() {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, waitTimeSeconds, receiveRequestAttemptId, filter,
                true, afterReceiptHandle);
    }

    /** FIFO: only the messages after the held, in-flight message this handle names, in its group. */
    public ReceiveMessageRequest continuingAfter(String receiptHandle) {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, waitTimeSeconds, receiveRequestAttemptId, filter,
                true, receiptHandle);
    }
}
