package io.jaqs.broker;

/**
 * A unit of work: sends, deletes and visibility changes that are validated when added and
 * applied atomically in one database transaction on {@link #commit()}; nothing is visible to
 * other consumers before. {@link #rollback()} (or closing without commit) leaves no trace.
 * Not thread-safe: one transaction belongs to one session.
 */
public interface BrokerTransaction extends AutoCloseable {

    /** @return the message id the message will have once committed */
    String sendMessage(String queue, SendMessageRequest request);

    void deleteMessage(String queue, String receiptHandle);

    /** A publish to a topic, fanned out to its subscriptions on commit. @return the message id */
    String publish(String topic, SendMessageRequest request, String publisherId);

    /**
     * A delete that, unlike {@link #deleteMessage}, does not fail the commit when the handle is
     * no longer current (the message was received again since): that message is left alone, as an
     * SQS DeleteMessage with a stale handle would. Used for acknowledgements, which have no sends
     * to keep atomic with.
     */
    void deleteMessageIfCurrent(String queue, String receiptHandle);

    void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds);

    /** Number of operations added and not yet committed or rolled back. */
    int size();

    /**
     * Applies everything or nothing. A delete whose receipt handle is no longer current (the
     * message was received again since) fails the whole commit with
     * {@link ErrorCode#TRANSACTION_CONFLICT}, and nothing is applied.
     */
    void commit();

    void rollback();

    @Override
    default void close() {
        rollback();
    }
}
