package io.jaqs.broker;

/**
 * A receive: 1–10 messages, an optional visibility timeout override (0 s – 12 h), an optional
 * long-poll wait (0–20 s; null means the queue's ReceiveMessageWaitTimeSeconds), an optional FIFO
 * receive request attempt id, and an optional filter (JMS selectors) evaluated by the core on
 * candidate messages; messages the filter rejects stay in the queue for other consumers.
 */
public record ReceiveMessageRequest(int maxNumberOfMessages, Integer visibilityTimeoutSeconds,
                                    Integer waitTimeSeconds, String receiveRequestAttemptId, MessageFilter filter) {

    public static ReceiveMessageRequest of(int maxNumberOfMessages) {
        return new ReceiveMessageRequest(maxNumberOfMessages, null, null, null, null);
    }

    public ReceiveMessageRequest withWaitTimeSeconds(Integer seconds) {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, seconds, receiveRequestAttemptId, filter);
    }

    public ReceiveMessageRequest withVisibilityTimeoutSeconds(Integer seconds) {
        return new ReceiveMessageRequest(maxNumberOfMessages, seconds, waitTimeSeconds, receiveRequestAttemptId, filter);
    }

    public ReceiveMessageRequest withAttemptId(String attemptId) {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, waitTimeSeconds, attemptId, filter);
    }

    public ReceiveMessageRequest withFilter(MessageFilter f) {
        return new ReceiveMessageRequest(maxNumberOfMessages, visibilityTimeoutSeconds, waitTimeSeconds, receiveRequestAttemptId, f);
    }
}
