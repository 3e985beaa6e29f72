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
     * Records that messages of the group were claimed right after its received prefix (from the head
     * of an available group, whose prefix is empty, or after what a continuation holds), all until
     * {@code inFlightUntil}: the head is unchanged and the prefix now ends with the claimed
     * messages, so the group's deadline is the later of its deadline and theirs, written without
     * reading the group back ({@link #recompute} would find the same). The caller holds the group
     * (its lock on a shared store) since it read {@code group}.
     */
    static void claimed(StoreSession s, GroupRow group, long inFlightUntil) throws SQLException {
        s.updateGroup(new GroupRow(group.queueId(), group.groupId(), group.headSeq(),
                Math.max(group.availableAt(), inFlightUntil)));
    }

    /**
     * Keeps the row true after a received message of the group was deleted (acknowledged), reading
     * at most the one message after it where that decides the row, instead of the group's
     * received prefix ({@link #recompute} would find the same):
     * <ul>
     * <li>a later message of the received prefix whose deadline is not the group's: head and
     *     deadline are unchanged, nothing to write;</li>
     * <li>the head: the next message is the new head; if it was never received, the prefix has
     *     ended and the group is available when it is visible; if it is received and the group's
     *     deadline is still held by a remaining message (the deleted one did not hold it alone),
     *     the deadline stands.</li>
     * </ul>
     * Anything else, and a shared store (another node may have changed the group since the
     * message was read), recomputes. The caller holds the group.
     */
    static void removed(StoreSession s, long queueId, MessageRow deleted) throws SQLException {
        String groupId = deleted.groupId();
        GroupRow g = s.shared() ? null : s.findGroup(queueId, groupId);
        if (g != null && deleted.receiveCount() > 0 && deleted.visibleAt() <= g.availableAt()) {
            boolean heldTheDeadline = deleted.visibleAt() == g.availableAt();
            if (deleted.seq() > g.headSeq() && !heldTheDeadline) {
                return;
            }
            if (deleted.seq() == g.headSeq()) {
                List<MessageRow> next = s.selectGroupMessagesMeta(queueId, groupId, deleted.seq() + 1, 1);
                if (next.isEmpty()) {
                    s.deleteGroup(queueId, groupId);
                    return;
                }
                MessageRow n = next.get(0);
                if (n.receiveCount() == 0) {
                    s.updateGroup(new GroupRow(queueId, groupId, n.seq(), n.visibleAt()));
                    return;
                }
                if (!heldTheDeadline || n.visibleAt() == g.availableAt()) {
                    s.updateGroup(new GroupRow(queueId, groupId, n.seq(), g.availableAt()));
                    return;
                }
            }
        }
        recompute(s, queueId, groupId);
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
