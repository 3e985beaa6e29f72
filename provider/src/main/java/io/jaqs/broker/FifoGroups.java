package io.jaqs.broker;

import io.jaqs.broker.store.GroupRow;
import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.StoreSession;
import java.sql.SQLException;
import java.util.List;

/**
 * Keeps a FIFO group's row true to its messages. A group may deliver when its oldest message is
 * visible and none of its messages is in flight. Messages are delivered from the head in order,
 * so the received messages of a group are always a prefix of it: the group's {@code availableAt}
 * is the later of the head's visible time and the visibility deadline of that received prefix.
 * A delayed message therefore delays its group only until its delay ends (it is not "in flight"),
 * and a new send never changes an existing group's row.
 */
final class FifoGroups {
    private static final int PAGE = 12; // a received prefix is at most a batch (10) long in practice

    private FifoGroups() {
    }

    /** Called when a message joins a group (send, dead-letter move, redrive). */
    static void added(StoreSession s, long queueId, String groupId, long seq, long visibleAt) throws SQLException {
        s.lockGroup(queueId, groupId); // shared store: serialize with other nodes' changes to the group
        GroupRow g = s.findGroup(queueId, groupId);
        if (g == null) {
            s.insertGroup(new GroupRow(queueId, groupId, seq, visibleAt));
        } else if (seq < g.headSeq()) {
            recompute(s, queueId, groupId); // only when an older sequence arrives, which sends never do
        }
    }

    /**
     * Records that an available group's messages were claimed from its head on, in order, all until
     * {@code inFlightUntil}: the head is unchanged and the received prefix is what was claimed, so
     * the row is written without reading the group back ({@link #recompute} would find the same).
     * The caller holds the group (its lock on a shared store) since it found the group available.
     */
    static void claimedFromHead(StoreSession s, long queueId, String groupId, long headSeq, long inFlightUntil)
            throws SQLException {
        s.updateGroup(new GroupRow(queueId, groupId, headSeq, inFlightUntil));
    }

    /** Recomputes a group's head and availability after its messages changed. */
    static void recompute(StoreSession s, long queueId, String groupId) throws SQLException {
        s.lockGroup(queueId, groupId); // shared store: waits for another node's change to the group to commit
        long from = Long.MIN_VALUE;
        MessageRow head = null;
        long availableAt = Long.MIN_VALUE;
        while (true) {
            List<MessageRow> rows = s.selectGroupMessagesMeta(queueId, groupId, from, PAGE); // no bodies needed here
            if (rows.isEmpty()) {
                break;
            }
            boolean prefixEnded = false;
            for (MessageRow r : rows) {
                if (head == null) {
                    head = r;
                    availableAt = r.visibleAt();
                }
                if (r.receiveCount() > 0) {
                    availableAt = Math.max(availableAt, r.visibleAt());
                } else if (r != head) {
                    prefixEnded = true;
                    break;
                }
            }
            if (prefixEnded || rows.size() < PAGE) {
                break;
            }
            from = rows.get(rows.size() - 1).seq() + 1;
        }
        GroupRow existing = s.findGroup(queueId, groupId);
        if (head == null) {
            if (existing != null) {
                s.deleteGroup(queueId, groupId);
            }
        } else if (existing == null) {
            s.insertGroup(new GroupRow(queueId, groupId, head.seq(), availableAt));
        } else if (existing.headSeq() != head.seq() || existing.availableAt() != availableAt) {
            s.updateGroup(new GroupRow(queueId, groupId, head.seq(), availableAt));
        }
    }
}
