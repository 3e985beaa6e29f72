package io.jaqs.jmx;

/**
 * One queue in JConsole/VisualVM ({@code io.jaqs:type=Queue,...}). Counts come from the broker's
 * shared sample (at most a minute old; {@link #refresh()} reads the store now).
 */
public interface QueueControlMBean {
    String getName();

    boolean isFifo();

    long getApproximateNumberOfMessagesVisible();

    long getApproximateNumberOfMessagesNotVisible();

    long getApproximateNumberOfMessagesDelayed();

    long getApproximateAgeOfOldestMessage();

    /** The queue's SQS attributes as {@code Name=value} lines (RedrivePolicy, VisibilityTimeout, ...). */
    String[] getQueueAttributes();

    /** Queues whose RedrivePolicy names this one as their dead-letter queue. */
    String[] getDeadLetterSourceQueues();

    /** Takes a new sample of the counts now. */
    void refresh();

    /** Deletes every message (SQS PurgeQueue: at most once per 60 s). */
    void purge();

    /** The first {@code max} visible messages, without receiving them: id, receive count, sent time, attributes, body. */
    String[] browse(int max);

    /** Sets one SQS attribute, validated as SetQueueAttributes validates it. */
    void setQueueAttribute(String name, String value);

    /**
     * Starts a dead-letter redrive from this queue: to the queues its messages came from when
     * {@code destination} is empty, else to that queue; {@code maxPerSecond} 0 for no limit.
     *
     * @return the task handle
     */
    String startMessageMoveTask(String destination, int maxPerSecond);

    /** @return messages moved before the cancel */
    long cancelMessageMoveTask(String taskHandle);

    /** This queue's move tasks, newest first: handle, status, moved / to move. */
    String[] getMessageMoveTasks();
}
