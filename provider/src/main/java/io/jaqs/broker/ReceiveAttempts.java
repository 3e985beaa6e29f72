package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.StoreSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * FIFO ReceiveRequestAttemptId: a receive retried with the same attempt id within
 * {@link Limits#RECEIVE_ATTEMPT_INTERVAL} gets the same messages and receipt handles back, as long as
 * none of them was deleted, received again or made visible since. The receipt handles an attempt
 * issued are kept in the store ({@code jaqs_receive_attempt}), written in the transaction that claimed
 * the messages, so a retry that a load balancer sends to another node sharing the store gets the same
 * answer. Expired attempts are removed by the broker's reaper.
 */
final class ReceiveAttempts {
    private ReceiveAttempts() {
    }

    /**
     * The messages the attempt received, re-read from the store with their original handles; null when
     * there is no live attempt, it received nothing, or any of its messages is no longer in flight under
     * its handle (the retry is then an ordinary receive, which records its own result).
     */
    static List<ReceivedMessage> replay(StoreSession s, MessageOps ops, QueueState q, String attemptId, long now)
            throws SQLException {
        String handles = s.findReceiveAttempt(q.id, attemptId, now);
        if (handles == null || handles.isEmpty()) {
            return null;
        }
        List<ReceivedMessage> out = new ArrayList<>();
        for (String handle : handles.split(",")) {
            ReceiptHandle h = ReceiptHandle.decode(handle);
            MessageRow row = s.findMessage(h.messageRowId());
            if (!h.standing(row, q.id, now)) {
                return null;
            }
            out.add(ops.redelivered(s, q, row, h));
        }
        return out;
    }

    /** Records what a receive with an attempt id issued, in the transaction that claimed the messages. */
    static void remember(StoreSession s, QueueState q, String attemptId, List<ReceivedMessage> messages, long now)
            throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        StringBuilder handles = new StringBuilder();
        for (ReceivedMessage m : messages) {
            if (!handles.isEmpty()) {
                handles.append(',');
            }
            handles.append(m.receiptHandle());
        }
        s.putReceiveAttempt(q.id, attemptId, handles.toString(), now + Limits.RECEIVE_ATTEMPT_INTERVAL.toMillis());
    }
}
