package io.jaqs.broker;

import java.time.Duration;

/**
 * The outcome of {@link Broker#checkHealth()}: a real round trip to the store through a read
 * connection and one through the writer (the path every send, receive and delete takes).
 *
 * @param up           both round trips completed within the timeout
 * @param storeRead    how long the read took, or null when it failed or timed out
 * @param storeWrite   how long the write through the writer took (queueing included), or null
 * @param pendingWrites works queued for the writer when the check started (-1 when the store does not say)
 * @param problem      what failed, or null when up
 */
public record BrokerHealth(boolean up, Duration storeRead, Duration storeWrite, int pendingWrites, String problem) {
}
