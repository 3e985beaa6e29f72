package io.jaqs.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FIFO ReceiveRequestAttemptId: a receive retried with the same attempt id within 5 minutes gets
 * the same messages and receipt handles back, as long as none of them was deleted or changed its
 * visibility since. Kept in the JVM that served the first attempt (a retry normally comes back
 * to the same node); elsewhere the retry is an ordinary receive.
 */
final class ReceiveAttempts {
    private record Attempt(List<ReceivedMessage> messages, long expiresAt) {
    }

    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

    CompletableFuture<List<ReceivedMessage>> replay(JaqsBroker broker, QueueState q, String attemptId) {
        long now = broker.clock().millis();
        attempts.values().removeIf(a -> a.expiresAt <= now);
        Attempt a = attempts.get(key(q, attemptId));
        if (a == null) {
            return null;
        }
        if (a.messages.isEmpty() || !broker.stillInFlight(q, a.messages)) {
            attempts.remove(key(q, attemptId));
            return null;
        }
        return CompletableFuture.completedFuture(a.messages);
    }

    void remember(QueueState q, String attemptId, List<ReceivedMessage> messages, long now) {
        attempts.put(key(q, attemptId), new Attempt(List.copyOf(messages), now + Limits.RECEIVE_ATTEMPT_INTERVAL.toMillis()));
    }

    private static String key(QueueState q, String attemptId) {
        return q.id + "\u0000" + attemptId;
    }
}
