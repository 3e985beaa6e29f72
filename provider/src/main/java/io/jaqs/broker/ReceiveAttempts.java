package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.StoreSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * FIFO ReceiveRequestAttemptId: a receive retried with the same attempt id within
 * {@link Limits#RECEIVE_ATTEMPT_INTERVAL} gets the same messages and receipt handles back, as long as
 * none of them was deleted, received again or made visible since, and their visibility timeouts start
 * again (as in SQS: "if a retry occurs within the deduplication interval, it resets the visibility
 * timeout"). The receipt handles an attempt
 * issued are kept in the store ({@code jaqs_receive_attempt}), written in the transaction that claimed
 * the messages, so a retry that a load balancer sends to another node sharing the store gets the same
 * answer. Expired attempts are removed by the broker's reaper.
 */
final class ReceiveAttempts {
    private ReceiveAttempts() {
    }

    /**
     * Whether the attempt can be replayed: it is live, received something, and each of its messages is
     * still in flight under the handle it issued (else the retry is an ordinary receive, which records
     * its own result). Reads only.
     */
    static boolean replayable(StoreSession s, QueueState q, String attemptId, long now) throws SQLException {
        return standing(s, q, attemptId, now) != null;
    }

    /**
     * The messages a {@link #replayable} attempt received, re-read with their original handles (null if
     * it stopped being replayable); as SQS does for a retry within the interval, each message's visibility timeout
     * starts again from now ({@code visibilityMillis}, the request's or the queue's), never shorter than
     * it is and never past {@link Limits#MAX_IN_FLIGHT_TIME} from the receive; the FIFO groups' rows
     * follow. In a store write.
     */
    static List<ReceivedMessage> replay(StoreSession s, MessageOps ops, QueueState q, String attemptId, long now,
                                        long visibilityMillis) throws SQLException {
        List<Issued> issued = standing(s, q, attemptId, now);
        if (issued == null) {
            return null;
        }
        Set<String> groups = new LinkedHashSet<>();
        for (Issued i : issued) {
            long cap = i.handle.receivedAt() + Limits.MAX_IN_FLIGHT_TIME.toMillis();
            long until = Math.max(i.row.visibleAt(), Math.min(now + visibilityMillis, cap));
            if (until != i.row.visibleAt()) { // attempts are FIFO only: every message has a group
                s.lockGroup(q.id, i.row.groupId());
                if (!s.updateVisibility(i.row.id(), i.handle.token(), until)) {
                    return null; // another node received it again since the read above: an ordinary receive
                }
                groups.add(i.row.groupId());
            }
        }
        for (String group : groups) {
            FifoGroups.recompute(s, q.id, group);
        }
        List<ReceivedMessage> out = new ArrayList<>(issued.size());
        for (Issued i : issued) {
            out.add(ops.redelivered(s, q, i.row, i.handle));
        }
        return out;
    }

    /** A message the attempt issued, with the handle it issued. */
    private record Issued(ReceiptHandle handle, MessageRow row) {
    }

    private static List<Issued> standing(StoreSession s, QueueState q, String attemptId, long now) throws SQLException {
        String handles = s.findReceiveAttempt(q.id, attemptId, now);
        if (handles == null || handles.isEmpty()) {
            return null;
        }
        List<Issued> out = new ArrayList<>();
        for (String handle : handles.split(",")) {
            ReceiptHandle h = ReceiptHandle.decode(handle);
            MessageRow row = s.findMessage(h.messageRowId());
            if (!h.standing(row, q.id, now)) {
                return null;
            }
            out.add(new Issued(h, row));
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
