package io.jaqs.broker;

import java.time.Instant;

/**
 * A queue's state for operators, with CloudWatch's meanings (see {@link JaqsBroker#queueSample}).
 *
 * @param visible     ApproximateNumberOfMessagesVisible
 * @param notVisible  ApproximateNumberOfMessagesNotVisible (in flight)
 * @param delayed     ApproximateNumberOfMessagesDelayed
 * @param ageOfOldestMessageSeconds ApproximateAgeOfOldestMessage at {@code sampledAt}: the oldest message
 *        received fewer than {@link Limits#OLDEST_AGE_RECEIVE_LIMIT} times (a poison message received again
 *        and again does not hide the rest), or the oldest of all when every message was; 0 when the queue is
 *        empty. A message moved to a dead-letter queue keeps its original send time, so on a dead-letter
 *        queue this is the longest time a message has been in the system
 * @param groupsWithInflightMessages ApproximateNumberOfGroupsWithInflightMessages (FIFO; 0 on standard queues)
 * @param sampledAt   when (broker clock) the store was read
 */
public record QueueSample(String queue, boolean fifo, long visible, long notVisible, long delayed,
                          long ageOfOldestMessageSeconds, long groupsWithInflightMessages, Instant sampledAt) {
}
