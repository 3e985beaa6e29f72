package io.jaqs.broker;

/**
 * A unit of work: sends, deletes and visibility changes that are validated when added and
 * applied atomically in one database transaction on {@link #commit()}; nothing is visible to
 * other consumers before. {@link #rollback()} (or closing without commit) leaves no trace.
 * Not thread-safe: one transaction belongs to one session. Queues are named as in {@link Broker}:
 * by a {@link QueueName}, with {@code String} forms (a queue URL or a bare name) as conveniences.
 */
public interface BrokerTransaction extends AutoCloseable {

    /** @return the message id the message will have once committed */
    String sendMessage(QueueName queue, SendMessageRequest request);

    void deleteMessage(QueueName queue, String receiptHandle);

    /** A publish to a topic, fanned out to its subscriptions on commit. @return the message id */
    String publish(String topic, SendMessageRequest request, String publisherId);

    /**
     * A delete that, unlike {@link #deleteMessage}, does not fail the commit when the handle is
     * no longer current (the message was received again since): that message is left alone, as an
     * SQS DeleteMessage with a stale handle would. Used for acknowledgements, which have no sends
     * to keep atomic with.
     */
    void deleteMessageIfCurrent(QueueName queue, String receiptHandle);

    void changeMessageVisibility(QueueName queue, String receiptHandle, int visibilityTimeoutSeconds);

    /** Number of operations added and not yet committed or rolled back. */
    int size();

    /**
     * Applies everything or nothing. A delete whose receipt handle is no longer current (the
     * message was received again since) fails the whole commit with
     * {@link ErrorCode#TRANSACTION_CONFLICT}, and nothing is applied.
     */
    void commit();

    void rollback();

    // ---- conveniences: a queue URL or bare name, read by Broker.queueNamed

    default String sendMessage(String queue, SendMessageRequest request) {
        return sendMessage(Broker.queueNamed(queue), request);
    }

    default void deleteMessage(String queue, String receiptHandle) {
        deleteMessage(Broker.queueNamed(queue), receiptHandle);
    }

    default void deleteMessageIfCurrent(String queue, String receiptHandle) {
        deleteMessageIfCurrent(Broker.queueNamed(queue), receiptHandle);
    }

    default void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds) {
        changeMessageVisibility(Broker.queueNamed(queue), receiptHandle, visibilityTimeoutSeconds);
    }

    @Override
    default void close() {
        rollback();
    }
}
