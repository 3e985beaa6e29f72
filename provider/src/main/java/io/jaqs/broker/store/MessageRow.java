package io.jaqs.broker.store;

/**
 * A message as stored. Times are epoch milliseconds of the broker's clock. {@code visibleAt} is
 * when the message may next be received (delay, visibility timeout, priority boost); {@code receipt}
 * is the token of the latest receive (0 before the first); {@code seq} is the FIFO sequence number
 * (0 on standard queues); {@code sourceQueueId} names the queue a dead-lettered message came from.
 */
public record MessageRow(long id, long queueId, String messageId, long visibleAt, long expiresAt, long sentAt,
                         int priority, int receiveCount, long firstReceivedAt, long receipt, String groupId,
                         String dedupId, long seq, long sourceQueueId, byte[] attributes, byte[] body) {

    public boolean inFlight(long now) {
        return receiveCount > 0 && visibleAt > now;
    }
}
