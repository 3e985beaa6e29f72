package io.jaqs.broker;

import io.jaqs.broker.store.DedupRow;
import io.jaqs.broker.store.GroupRow;
import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.StoreSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The message algorithms, written against the store's primitives so every dialect shares them.
 * Each method runs inside a store write transaction; queues to wake after the commit are added
 * to {@code touched}.
 */
final class MessageOps {
    private static final String SEQUENCE_ZEROS = "00000000000000000000";

    private final CoreContext core;

    MessageOps(CoreContext core) {
        this.core = core;
    }

    // ------------------------------------------------------------------ send

    SendMessageResult send(StoreSession s, PreparedSend p, long now) throws SQLException {
        QueueState q = p.queue();
        SendMessageRequest r = p.request();
        QueueSettings settings = q.settings;
        long visibleAt = visibleAt(q, r, now);
        long expiresAt = now + settings.retentionSeconds() * 1000L;
        if (r.expiration() != null) {
            expiresAt = Math.min(expiresAt, r.expiration().toEpochMilli());
        }
        int priority = storedPriority(r.priority());
        s.notifyChanged(q.id); // other nodes' long polls (at commit; a duplicate below notifies needlessly, harmlessly)
        if (!q.fifo) {
            s.insertMessage(new MessageRow(0, q.id, p.messageId(), visibleAt, expiresAt, now, priority, 0, 0, 0,
                    r.messageGroupId(), null, 0, 0, p.attributes(), r.body()));
            core.observers().fire(o -> o.messageSent(q.name, sentSize(p)));
            return new SendMessageResult(p.messageId(), p.md5OfBody(), p.md5OfAttributes(), null, false);
        }
        String dedupId = r.messageDeduplicationId() != null ? r.messageDeduplicationId() : AttributeCodec.sha256Hex(r.body());
        String dedupKey = settings.deduplicationPerGroup() ? r.messageGroupId() + "\u0000" + dedupId : dedupId;
        // On a shared store: the group lock first, so that the sequence taken below grows in commit order
        // within the group across nodes.
        s.lockGroup(q.id, r.messageGroupId());
        DedupRow seen = s.findDedup(q.id, dedupKey, now);
        if (seen != null) {
            return new SendMessageResult(seen.messageId(), p.md5OfBody(), p.md5OfAttributes(),
                    sequence(seen.seq()), true);
        }
        long seq = s.nextSequence();
        if (!s.putDedup(new DedupRow(q.id, dedupKey, p.messageId(), seq, now + Limits.DEDUPLICATION_INTERVAL.toMillis()), now)) {
            // another node's send of the same key committed between our look and our claim: a duplicate
            seen = s.findDedup(q.id, dedupKey, now);
            if (seen != null) {
                return new SendMessageResult(seen.messageId(), p.md5OfBody(), p.md5OfAttributes(), sequence(seen.seq()), true);
            }
            throw new BrokerException(ErrorCode.STORE_FAILURE, "The deduplication entry of message " + p.messageId()
                    + " could not be claimed; send it again");
        }
        s.insertMessage(new MessageRow(0, q.id, p.messageId(), visibleAt, expiresAt, now, priority, 0, 0, 0,
                r.messageGroupId(), dedupId, seq, 0, p.attributes(), r.body()));
        FifoGroups.added(s, q.id, r.messageGroupId(), seq, visibleAt);
        core.observers().fire(o -> o.messageSent(q.name, sentSize(p)));
        return new SendMessageResult(p.messageId(), p.md5OfBody(), p.md5OfAttributes(), sequence(seq), false);
    }

    /** CloudWatch's SentMessageSize: the body and the message attributes as stored. */
    private static int sentSize(PreparedSend p) {
        return p.request().body().length + (p.attributes() == null ? 0 : p.attributes().length);
    }

    /**
     * When a new message may first be received. Standard queues get JMS priority as a head start
     * (see {@link Limits#PRIORITY_STEP}) when the message is not delayed, and a message group (a
     * tenant of a fair queue) its place among the other groups ({@link FairSchedule}).
     */
    private static long visibleAt(QueueState q, SendMessageRequest r, long now) {
        long delayMillis;
        if (r.deliveryTime() != null) {
            delayMillis = Math.max(0, r.deliveryTime().toEpochMilli() - now);
        } else if (r.delaySeconds() != null && !q.fifo) { // FIFO: only 0 passes validation, and SQS ignores it
            delayMillis = r.delaySeconds() * 1000L;
        } else {
            delayMillis = q.settings.delaySeconds() * 1000L;
        }
        if (delayMillis == 0 && !q.fifo) {
            // fair queues: a message group's place in the receive order (FairSchedule), then the priority head start
            long key = r.messageGroupId() == null ? now : q.fairSchedule.keyFor(r.messageGroupId(), now);
            return withPriority(key, storedPriority(r.priority()));
        }
        return now + delayMillis;
    }

    /** SQS's sequence number form: 20 digits, zero-padded (cheaper than String.format on this hot path). */
    static String sequence(long seq) {
        String digits = Long.toString(seq);
        return SEQUENCE_ZEROS.substring(0, Math.max(0, 20 - digits.length())) + digits;
    }

    // ------------------------------------------------------------------ receive

    record ReceiveOutcome(List<ReceivedMessage> messages, long nextWakeAt) {
    }

    /** How long a receive keeps its messages in flight: the request's VisibilityTimeout, else the queue's. */
    static long visibilityMillis(QueueState q, ReceiveMessageRequest r) {
        return (r.visibilityTimeoutSeconds() != null ? r.visibilityTimeoutSeconds() : q.settings.visibilityTimeoutSeconds()) * 1000L;
    }

    ReceiveOutcome receive(StoreSession s, QueueState q, ReceiveMessageRequest r, long now, List<QueueState> touched)
            throws SQLException {
        long visibility = visibilityMillis(q, r);
        checkInFlightLimit(s, q, r.maxNumberOfMessages(), now);
        List<ReceivedMessage> out;
        if (!q.fifo) {
            out = receiveStandard(s, q, r, now, visibility, touched);
        } else if (r.afterReceiptHandle() != null) {
            out = continueGroup(s, q, r, ReceiptHandle.decode(r.afterReceiptHandle()), now, visibility, touched);
        } else {
            out = receiveFifo(s, q, r, now, visibility, touched);
        }
        q.inFlight += out.size();
        long next = Long.MAX_VALUE;
        if (out.isEmpty() && r.afterReceiptHandle() == null) { // a continuation never waits: no wake-up time needed
            next = q.fifo ? s.nextGroupAvailableAt(q.id, now) : s.nextVisibleAt(q.id, now);
        }
        return new ReceiveOutcome(out, next);
    }

    private void checkInFlightLimit(StoreSession s, QueueState q, int wanted, long now) throws SQLException {
        long limit = q.fifo ? Limits.MAX_IN_FLIGHT_FIFO : Limits.MAX_IN_FLIGHT_STANDARD;
        // written as a comparison, not "now - countedAt >= 1000": countedAt starts at Long.MIN_VALUE and the
        // subtraction would overflow, so the first recount (of messages already in flight at startup) never ran
        if (q.inFlightCountedAt <= now - 1000 || q.inFlight + wanted > limit) {
            q.inFlight = s.countInFlight(q.id, now);
            q.inFlightCountedAt = now;
        }
        if (q.inFlight + wanted > limit) {
            throw new BrokerException(ErrorCode.OVER_LIMIT, "Queue " + q.name + " has " + q.inFlight
                    + " messages in flight; the limit is " + limit + ". Delete or release messages before receiving more");
        }
    }

    private List<ReceivedMessage> receiveStandard(StoreSession s, QueueState q, ReceiveMessageRequest r, long now,
                                                  long vtMillis, List<QueueState> touched) throws SQLException {
        int max = r.maxNumberOfMessages();
        MessageFilter filter = r.filter();
        RedrivePolicy redrive = q.settings.redrivePolicy();
        List<ReceivedMessage> out = new ArrayList<>(max);
        if (filter == null && redrive == null) {
            // one round trip where the store can (PostgreSQL: FOR UPDATE SKIP LOCKED + UPDATE ... RETURNING)
            long visibleAt = inFlightUntil(now, vtMillis);
            List<MessageRow> claimed = s.claimReady(q.id, now, visibleAt, max);
            if (claimed != null) {
                for (MessageRow row : claimed) {
                    out.add(received(s, q, row, AttributeCodec.decode(row.attributes()), now, row.receipt(),
                            row.firstReceivedAt(), row.receiveCount()));
                }
                return out;
            }
        }
        long cursorVisibleAt = 0;
        long cursorId = -1;
        // Without a filter every candidate is taken unless dead-lettered, so one page of `max` usually does.
        int page = filter == null ? max : 100;
        while (out.size() < max) {
            List<MessageRow> rows = s.selectReady(q.id, now, cursorVisibleAt, cursorId, page);
            for (MessageRow row : rows) {
                cursorVisibleAt = row.visibleAt();
                cursorId = row.id();
                Map<String, MessageAttributeValue> attributes = AttributeCodec.decode(row.attributes());
                if (filter != null && !filter.accept(attributes, row.messageId(), row.receiveCount() + 1)) {
                    continue;
                }
                if (redrive != null && row.receiveCount() + 1 > redrive.maxReceiveCount() && deadLetter(s, q, row, redrive, now, touched)) {
                    continue;
                }
                ReceivedMessage m = claim(s, q, row, attributes, now, vtMillis);
                if (m != null) {
                    out.add(m);
                    if (out.size() == max) {
                        break;
                    }
                }
            }
            if (rows.size() < page) {
                break;
            }
        }
        return out;
    }

    private List<ReceivedMessage> receiveFifo(StoreSession s, QueueState q, ReceiveMessageRequest r, long now,
                                              long vtMillis, List<QueueState> touched) throws SQLException {
        int max = r.maxNumberOfMessages();
        List<ReceivedMessage> out = new ArrayList<>(max);
        long afterHead = Long.MIN_VALUE;
        int page = 16;
        while (out.size() < max) {
            List<GroupRow> groups = s.selectAvailableGroups(q.id, now, afterHead, page);
            for (GroupRow candidate : groups) {
                afterHead = candidate.headSeq();
                GroupRow g = candidate;
                if (s.shared()) {
                    // another node may hold the group (skip it, as SKIP LOCKED would) or have changed it
                    // since the select: look again under the lock
                    if (!s.tryLockGroup(q.id, g.groupId())) {
                        continue;
                    }
                    g = s.findGroup(q.id, g.groupId());
                    if (g == null || g.availableAt() > now) {
                        continue;
                    }
                }
                int before = out.size();
                takeFromGroup(s, q, r, g, Long.MIN_VALUE, out, now, vtMillis, touched);
                if (out.size() == max || (r.oneGroup() && out.size() > before)) {
                    return out;
                }
            }
            if (groups.size() < page) {
                break;
            }
        }
        return out;
    }

    /**
     * A receiver that holds the in-flight message {@code held} names (and every earlier message of its
     * group that is still there) takes the group's next visible messages, in order, although the
     * group is locked by exactly those messages: what it takes could go to no one else before it
     * delivers what it holds. Nothing when {@code held} is not in flight under that handle any more
     * (acknowledged, timed out, taken again) or an earlier message of the group is visible again
     * (its timeout ran out: it must be delivered first, to whoever takes the group next).
     */
    private List<ReceivedMessage> continueGroup(StoreSession s, QueueState q, ReceiveMessageRequest r, ReceiptHandle held,
                                                long now, long vtMillis, List<QueueState> touched) throws SQLException {
        List<ReceivedMessage> out = new ArrayList<>(r.maxNumberOfMessages());
        MessageRow row = s.findMessageMeta(held.messageRowId());
        if (!held.standing(row, q.id, now)) {
            return out;
        }
        s.lockGroup(q.id, row.groupId());
        GroupRow g = s.findGroup(q.id, row.groupId());
        if (g == null) {
            return out;
        }
        takeFromGroup(s, q, r, g, row.seq(), out, now, vtMillis, touched);
        return out;
    }

    /**
     * Claims a group's consecutive visible messages from its head in order into {@code out}, up to
     * the request's maximum, and keeps the group's row true. Messages up to {@code heldSeq} (a
     * continuation; {@code Long.MIN_VALUE} otherwise) must all be in flight, else nothing is taken.
     */
    private void takeFromGroup(StoreSession s, QueueState q, ReceiveMessageRequest r, GroupRow group, long heldSeq,
                               List<ReceivedMessage> out, long now, long vtMillis, List<QueueState> touched) throws SQLException {
        int max = r.maxNumberOfMessages();
        MessageFilter filter = r.filter();
        RedrivePolicy redrive = q.settings.redrivePolicy();
        String groupId = group.groupId();
        long fromSeq = group.headSeq();
        boolean changed = false;
        // Only claims, each right after the group's received prefix (from the head of an available group, or
        // after what a continuation holds), and nothing else changed: the group's row can be written from
        // what is known (FifoGroups.claimed) without reading the group back
        boolean onlyClaims = true;
        boolean claimedAny = false;
        long from = fromSeq;
        page:
        while (out.size() < max) {
            int want = max - out.size() + 1;
            // the head and the consecutive visible messages after it, in order
            List<MessageRow> rows = s.selectGroupMessages(q.id, groupId, from, want);
            for (MessageRow row : rows) {
                from = row.seq() + 1;
                if (row.seq() <= heldSeq) {
                    if (row.visibleAt() <= now && row.expiresAt() > now) {
                        break page; // an earlier message is visible again: the group is not the holder's any more
                    }
                    continue; // held (or delivered and not yet acknowledged) by the receiver continuing it
                }
                if (row.expiresAt() <= now) {
                    s.deleteMessage(row.id()); // expired: gone whatever its state, like the reaper would
                    changed = true;
                    onlyClaims = false;
                    continue;
                }
                if (row.visibleAt() > now) {
                    break page; // in flight or delayed: the rest of the group waits behind it
                }
                Map<String, MessageAttributeValue> attributes = AttributeCodec.decode(row.attributes());
                if (filter != null && !filter.accept(attributes, row.messageId(), row.receiveCount() + 1)) {
                    break page; // strict order: a consumer that cannot take the head takes nothing of the group
                }
                if (redrive != null && row.receiveCount() + 1 > redrive.maxReceiveCount()
                        && deadLetter(s, q, row, redrive, now, touched)) {
                    changed = true;
                    onlyClaims = false;
                    continue;
                }
                ReceivedMessage m = claim(s, q, row, attributes, now, vtMillis);
                if (m == null || (!claimedAny && heldSeq == Long.MIN_VALUE && row.seq() != fromSeq)) {
                    onlyClaims = false; // lost a race, or the row was not the group's recorded head
                }
                if (m != null) {
                    out.add(m);
                    claimedAny = true;
                    changed = true;
                    if (out.size() == max) {
                        break page;
                    }
                }
            }
            if (rows.size() < want) {
                break;
            }
        }
        if (changed && onlyClaims) {
            FifoGroups.claimed(s, group, inFlightUntil(now, vtMillis));
        } else if (changed) {
            FifoGroups.recompute(s, q.id, groupId);
        }
    }

    /** When a message received now becomes visible again: the visibility timeout, capped by the in-flight limit. */
    private static long inFlightUntil(long now, long vtMillis) {
        return now + Math.min(vtMillis, Limits.MAX_IN_FLIGHT_TIME.toMillis());
    }

    /**
     * Takes a visible message: new receipt, count + 1, invisible for the timeout. Each receive starts
     * a new in-flight period (SQS: the next receive "reverts to the original timeout"), so the 12 h
     * cap counts from this receive, not from the first one: capping from the first receive made a
     * message received again 12 h later visible at once, i.e. deliverable twice concurrently.
     */
    private ReceivedMessage claim(StoreSession s, QueueState q, MessageRow row, Map<String, MessageAttributeValue> attributes,
                                  long now, long vtMillis) throws SQLException {
        long firstReceivedAt = row.firstReceivedAt() == 0 ? now : row.firstReceivedAt();
        long visibleAt = inFlightUntil(now, vtMillis);
        long token = newToken();
        if (!s.markReceived(row.id(), now, visibleAt, token, firstReceivedAt)) {
            return null;
        }
        return received(s, q, row, attributes, now, token, firstReceivedAt, row.receiveCount() + 1);
    }

    /** A message still in flight under {@code h}, as the receive that issued {@code h} delivered it (attempt-id replay). */
    ReceivedMessage redelivered(StoreSession s, QueueState q, MessageRow row, ReceiptHandle h) throws SQLException {
        return received(s, q, row, AttributeCodec.decode(row.attributes()), h.receivedAt(), row.receipt(),
                row.firstReceivedAt(), row.receiveCount());
    }

    /** The message as delivered, from its row before the claim and the claim's values. */
    private ReceivedMessage received(StoreSession s, QueueState q, MessageRow row, Map<String, MessageAttributeValue> attributes,
                                     long now, long token, long firstReceivedAt, int receiveCount) throws SQLException {
        String handle = new ReceiptHandle(q.id, row.id(), token, now).encode();
        String dlqSource = row.sourceQueueId() == 0 ? null : core.catalog().arnOfId(s, row.sourceQueueId());
        return message(q, row, attributes, handle, receiveCount, firstReceivedAt, dlqSource);
    }

    /**
     * A message as its reader sees it, from its row: what a receive delivered (with its handle), or
     * what a browse shows (no handle). {@code firstReceivedAt} 0: never received.
     */
    static ReceivedMessage message(QueueState q, MessageRow row, Map<String, MessageAttributeValue> attributes, String handle,
                                   int receiveCount, long firstReceivedAt, String dlqSource) {
        return new ReceivedMessage(row.messageId(), handle, row.body(), AttributeCodec.md5Hex(row.body()), attributes,
                Instant.ofEpochMilli(row.sentAt()), receiveCount, firstReceivedAt == 0 ? null : Instant.ofEpochMilli(firstReceivedAt),
                row.groupId(), row.dedupId(), q.fifo ? sequence(row.seq()) : null, dlqSource,
                row.priority() < 0 ? null : row.priority(), Instant.ofEpochMilli(row.expiresAt()));
    }

    static long newToken() {
        long t;
        do {
            t = ThreadLocalRandom.current().nextLong();
        } while (t == 0);
        return t;
    }

    /**
     * Moves a message that exceeded maxReceiveCount to the dead-letter queue. Returns false (and
     * the message is delivered as usual) when the dead-letter queue no longer exists.
     */
    private boolean deadLetter(StoreSession s, QueueState q, MessageRow row, RedrivePolicy redrive, long now,
                               List<QueueState> touched) throws SQLException {
        QueueState dlq = core.catalog().byName(s, redrive.deadLetterQueueName());
        if (dlq == null || dlq.fifo != q.fifo) {
            core.log(System.Logger.Level.WARNING, "Queue " + q.name + " names dead-letter queue "
                    + redrive.deadLetterQueueName() + ", which does not exist or is of another type; message "
                    + row.messageId() + " is delivered again instead");
            return false;
        }
        moveTo(s, row, dlq, q.id, now);
        touched.add(dlq);
        core.observers().fire(o -> o.movedToDeadLetterQueue(q.name, dlq.name));
        return true;
    }

    /**
     * Moves a message into another queue as a fresh, unreceived message. A standard queue keeps the
     * message's original enqueue time for retention (as SQS does); a FIFO queue starts it anew.
     */
    void moveTo(StoreSession s, MessageRow row, QueueState target, long sourceQueueId, long now) throws SQLException {
        long retention = target.settings.retentionSeconds() * 1000L;
        long expiresAt = target.fifo ? now + retention : Math.min(row.expiresAt(), row.sentAt() + retention);
        expiresAt = Math.max(expiresAt, now + 1); // a moved message is never born expired
        if (target.fifo) {
            s.lockGroup(target.id, row.groupId()); // before taking the sequence (commit order across nodes)
        }
        long seq = target.fifo ? s.nextSequence() : 0;
        s.moveMessage(row.id(), target.id, now, expiresAt, seq, sourceQueueId);
        s.notifyChanged(target.id);
        if (target.fifo) {
            FifoGroups.added(s, target.id, row.groupId(), seq, now);
        }
    }

    // ------------------------------------------------------------------ receipt-handle operations

    /** A standard queue's message released back: the earliest place it had in the receive order. */
    private static long readyAt(MessageRow row) {
        long key = row.groupId() == null ? row.sentAt() : FairSchedule.releasedKey(row.sentAt());
        return withPriority(key, row.priority());
    }

    /**
     * The priority formula: a standard queue's receive order is one index range on
     * {@code visible_at}, so priority p sorts as if the message were visible p
     * {@link Limits#PRIORITY_STEP}s earlier. {@code priority} as stored: -1 for none.
     */
    static long withPriority(long orderKey, int priority) {
        return priority < 0 ? orderKey : orderKey - priority * Limits.PRIORITY_STEP.toMillis();
    }

    /** A request's priority as the row stores it: -1 for none. */
    static int storedPriority(Integer priority) {
        return priority == null ? -1 : priority;
    }

    /**
     * Deletes the message a handle names. A handle of an earlier receive (the message was received
     * again since) deletes nothing, as in SQS; so does a handle of a message already gone.
     *
     * @return true when a message was deleted
     */
    boolean delete(StoreSession s, QueueState q, ReceiptHandle h, boolean strict) throws SQLException {
        if (!q.fifo) {
            // one statement; a miss reads the row only to say why (a transaction must not commit without it)
            if (s.deleteMessageIfCurrent(h.messageRowId(), q.id, h.token())) {
                core.observers().fire(o -> o.messageDeleted(q.name));
                return true;
            }
            if (strict) {
                throw new BrokerException(ErrorCode.TRANSACTION_CONFLICT, h.whyNotCurrent(s.findMessageMeta(h.messageRowId()), q.id));
            }
            return false;
        }
        MessageRow row = s.findMessageMeta(h.messageRowId());
        if (!h.current(row, q.id)) {
            if (strict) {
                throw new BrokerException(ErrorCode.TRANSACTION_CONFLICT, h.whyNotCurrent(row, q.id));
            }
            return false;
        }
        s.lockGroup(q.id, row.groupId()); // group lock before the row lock, as receives take them
        s.deleteMessage(row.id());
        FifoGroups.removed(s, q.id, row);
        s.notifyChanged(q.id); // the group's next message may be receivable now, on any node
        core.observers().fire(o -> o.messageDeleted(q.name));
        return true;
    }

    /**
     * Gives back a message a receiver claimed but never handed to its application (prefetched
     * messages released by a rollback, a receive that gave up): visible again at once, at its
     * place in the queue, and the receive does not count (no JMSRedelivered, no step toward the
     * dead-letter queue). A handle that is no longer current changes nothing.
     */
    boolean returnUndelivered(StoreSession s, QueueState q, ReceiptHandle h, long now) throws SQLException {
        MessageRow row = s.findMessageMeta(h.messageRowId());
        if (!h.standing(row, q.id, now) || row.receiveCount() == 0) {
            return false; // not in flight under this handle any more: given back already, or taken again
        }
        long visibleAt = now;
        if (!q.fifo) {
            long readyAt = readyAt(row);
            visibleAt = Math.min(now, readyAt);
        }
        if (q.fifo) {
            s.lockGroup(q.id, row.groupId());
        }
        if (!s.returnUndelivered(row.id(), h.token(), visibleAt, now)) {
            return false; // a receive elsewhere took it between the read and this write
        }
        s.notifyChanged(q.id);
        if (q.fifo) {
            FifoGroups.recompute(s, q.id, row.groupId());
        }
        return true;
    }

    /**
     * Changes the visibility of the in-flight message a handle names.
     *
     * @return true when the message became visible earlier than before (long polls should wake)
     */
    boolean changeVisibility(StoreSession s, QueueState q, ReceiptHandle h, int seconds, long now) throws SQLException {
        MessageRow row = s.findMessageMeta(h.messageRowId());
        if (!ReceiptHandle.namesRow(row, q.id)) {
            throw new BrokerException(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                    "The message of this receipt handle does not exist any more (deleted or moved)");
        }
        if (!h.current(row, q.id)) {
            throw new BrokerException(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                    "The receipt handle is stale: message " + row.messageId() + " was received again since it was issued");
        }
        if (row.visibleAt() <= now) {
            throw new BrokerException(ErrorCode.MESSAGE_NOT_INFLIGHT, "Message " + row.messageId()
                    + " is not in flight: its visibility timeout has ended");
        }
        long visibleAt = now + seconds * 1000L;
        long cap = h.receivedAt() + Limits.MAX_IN_FLIGHT_TIME.toMillis(); // the handle is current: its receive time is this copy's
        if (visibleAt > cap) {
            throw BrokerException.invalidParameter("VisibilityTimeout " + seconds + " s would keep message " + row.messageId()
                    + " in flight past " + Limits.MAX_IN_FLIGHT_TIME.toHours() + " h from the receive that took it; at most "
                    + Math.max(0, (cap - now) / 1000) + " s remain");
        }
        if (seconds == 0 && !q.fifo) {
            // Released (JMS recover/rollback): back to the place it had in the queue, so it comes
            // before messages sent after it, as JMS redelivery expects.
            long readyAt = readyAt(row);
            visibleAt = Math.min(visibleAt, readyAt);
        }
        if (q.fifo) {
            s.lockGroup(q.id, row.groupId());
        }
        if (!s.updateVisibility(row.id(), h.token(), visibleAt)) {
            throw new BrokerException(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                    "The receipt handle is stale: message " + row.messageId() + " was received again since it was issued");
        }
        if (visibleAt < row.visibleAt()) {
            s.notifyChanged(q.id);
        }
        if (q.fifo) {
            FifoGroups.recompute(s, q.id, row.groupId());
        }
        return visibleAt < row.visibleAt();
    }
}
