package io.jaqs.broker.store;

import java.sql.SQLException;
import java.util.List;

/**
 * The store's primitive operations, one SQL statement each, inside the current transaction.
 * The core's algorithms (FIFO groups, deduplication, redrive) are built from these, so they are
 * the same on every dialect. Times are epoch milliseconds.
 */
public interface StoreSession {

    // ---- queues
    QueueRow insertQueue(String name, boolean fifo, String attributes, String tags, long now) throws SQLException;

    QueueRow findQueue(String name) throws SQLException;

    QueueRow findQueue(long id) throws SQLException;

    List<QueueRow> listQueues(String prefix) throws SQLException;

    void updateQueue(long id, String attributes, String tags, long modifiedAt) throws SQLException;

    void setPurgedAt(long id, long purgedAt) throws SQLException;

    /** Deletes the queue with its messages, groups and deduplication entries. */
    void deleteQueue(long id) throws SQLException;

    // ---- messages
    long insertMessage(MessageRow row) throws SQLException;

    /** Visible, unexpired messages of a standard queue in delivery order (visibleAt, id), after the cursor. */
    List<MessageRow> selectReady(long queueId, long now, long afterVisibleAt, long afterId, int limit) throws SQLException;

    /**
     * As {@link #selectReady} but for reading only (QueueBrowser): it locks nothing and skips nothing,
     * so a browse neither waits for nor misses the rows another node's receive or delete holds.
     */
    default List<MessageRow> browseReady(long queueId, long now, long afterVisibleAt, long afterId, int limit) throws SQLException {
        return selectReady(queueId, now, afterVisibleAt, afterId, limit);
    }

    /** The earliest visibleAt later than {@code now}, or {@code Long.MAX_VALUE}. */
    long nextVisibleAt(long queueId, long now) throws SQLException;

    /** Marks a message received; false when it is no longer visible (another receive took it). */
    boolean markReceived(long id, long now, long visibleAt, long receipt, long firstReceivedAt) throws SQLException;

    MessageRow findMessage(long id) throws SQLException;

    /** Like {@link #findMessage} without body and attributes (null in the row). */
    MessageRow findMessageMeta(long id) throws SQLException;

    boolean deleteMessage(long id) throws SQLException;

    /**
     * Deletes a message only while it is in the given queue under the given receipt (the copy a
     * current receipt handle names), in one statement.
     *
     * @return true when it was deleted
     */
    boolean deleteMessageIfCurrent(long id, long queueId, long receipt) throws SQLException;

    /**
     * Sets the visibility of the copy {@code receipt} names. False when a receive took the message
     * since (its receipt changed): check-then-write races with other nodes' (or writers') receives.
     */
    boolean updateVisibility(long id, long receipt, long visibleAt) throws SQLException;

    /**
     * Undoes a receive whose message never reached an application: visible at {@code visibleAt},
     * count - 1. Only while that receipt's copy is still in flight at {@code now}; false otherwise
     * (given back already, or received again meanwhile), and then nothing changes.
     */
    boolean returnUndelivered(long id, long receipt, long visibleAt, long now) throws SQLException;

    /** Moves a message to another queue (dead-letter and redrive) as a fresh, unreceived message. */
    void moveMessage(long id, long toQueueId, long visibleAt, long expiresAt, long seq, long sourceQueueId) throws SQLException;

    /** Deletes every message of the queue; returns how many. */
    int deleteAllMessages(long queueId) throws SQLException;

    /** Expired messages (any queue), oldest expiry first. */
    List<MessageRow> selectExpired(long now, int limit) throws SQLException;

    QueueCounts counts(long queueId, long now) throws SQLException;

    long countInFlight(long queueId, long now) throws SQLException;

    /** One pass over the queue for metrics and management; see {@link QueueSampleRow}. */
    QueueSampleRow sampleQueue(long queueId, long now, int receiveLimit) throws SQLException;

    long countMessages(long queueId) throws SQLException;

    /**
     * Claims up to {@code limit} visible messages of a standard queue in one statement (no filter,
     * no redrive check): each gets a new random receipt, count + 1, the first receive time if it had
     * none, and visible at {@code visibleAt}. The rows are returned with those new values, in
     * delivery order. Null when the store has no such statement (the caller then selects and
     * claims one by one).
     */
    default List<MessageRow> claimReady(long queueId, long now, long visibleAt, int limit) throws SQLException {
        return null;
    }

    /**
     * Tells other nodes sharing the store that a queue changed (something may be receivable, or its
     * settings changed), once the current transaction commits. No-op for an embedded store.
     */
    default void notifyChanged(long queueId) throws SQLException {
    }

    /**
     * Tells other nodes that a queue's row changed (attributes, deletion): they re-read their cached
     * settings. Kept apart from {@link #notifyChanged}, which every send makes: a node that re-read the
     * queue row on each of those paid a query per operation. No-op for an embedded store.
     */
    default void notifySettingsChanged(long queueId) throws SQLException {
    }

    // ---- FIFO

    /**
     * Locks a FIFO group until the end of the transaction, waiting for another node that holds it.
     * Every change to a group's messages or row runs under it on a shared store; a no-op where one
     * writer serializes everything (embedded H2).
     */
    default void lockGroup(long queueId, String groupId) throws SQLException {
    }

    /** Like {@link #lockGroup} without waiting: false when another node holds the group (receives skip it). */
    default boolean tryLockGroup(long queueId, String groupId) throws SQLException {
        return true;
    }

    /** True when several nodes may share this store (a group's row must then be re-read after locking it). */
    default boolean shared() {
        return false;
    }

    long nextSequence() throws SQLException;

    GroupRow findGroup(long queueId, String groupId) throws SQLException;

    void insertGroup(GroupRow group) throws SQLException;

    void updateGroup(GroupRow group) throws SQLException;

    void deleteGroup(long queueId, String groupId) throws SQLException;

    /** Groups able to deliver now, oldest head first, with head sequence after {@code afterHeadSeq}. */
    List<GroupRow> selectAvailableGroups(long queueId, long now, long afterHeadSeq, int limit) throws SQLException;

    /** The earliest availableAt later than {@code now}, or {@code Long.MAX_VALUE}. */
    long nextGroupAvailableAt(long queueId, long now) throws SQLException;

    /** Messages of one group in sequence order, from sequence {@code fromSeq} on. */
    List<MessageRow> selectGroupMessages(long queueId, String groupId, long fromSeq, int limit) throws SQLException;

    /**
     * Like {@link #selectGroupMessages} without body and attributes (null in the rows): for
     * bookkeeping that reads no content, such as recomputing a group's head and availability.
     */
    List<MessageRow> selectGroupMessagesMeta(long queueId, String groupId, long fromSeq, int limit) throws SQLException;

    /** FIFO messages of a queue in sequence order after {@code afterSeq} (browse). */
    List<MessageRow> selectBySequence(long queueId, long afterSeq, int limit) throws SQLException;

    void deleteAllGroups(long queueId) throws SQLException;

    // ---- FIFO deduplication
    DedupRow findDedup(long queueId, String dedupKey, long now) throws SQLException;

    /**
     * Records a deduplication entry, replacing an expired one. False when a live entry for the key
     * exists: another node's concurrent send of the same key won (stores shared by several nodes
     * detect that race here; an embedded store, with one writer, always returns true).
     */
    boolean putDedup(DedupRow row, long now) throws SQLException;

    int deleteExpiredDedup(long now, int limit) throws SQLException;

    // ---- FIFO receive attempts (ReceiveRequestAttemptId), shared by every node of the store

    /** The receipt handles (comma-separated) a receive with this attempt id issued, unless expired at {@code now}; else null. */
    String findReceiveAttempt(long queueId, String attemptId, long now) throws SQLException;

    /** Records (or replaces) what a receive with this attempt id issued, until {@code expiresAt}. */
    void putReceiveAttempt(long queueId, String attemptId, String handles, long expiresAt) throws SQLException;

    int deleteExpiredReceiveAttempts(long now, int limit) throws SQLException;

    // ---- topic subscriptions
    long insertSubscription(SubscriptionRow row) throws SQLException;

    /** Subscriptions of a topic (a publish fills each one's queue). */
    List<SubscriptionRow> selectSubscriptions(String topic) throws SQLException;

    /** A named subscription: {@code clientId} "" when none; durable and non-durable names are separate. */
    SubscriptionRow findSubscription(String clientId, boolean durable, String name) throws SQLException;

    SubscriptionRow findSubscriptionByQueue(long queueId) throws SQLException;

    List<SubscriptionRow> listSubscriptions() throws SQLException;

    void deleteSubscription(long id) throws SQLException;

    /** Extends the lease of every non-durable subscription this broker instance owns. */
    int renewSubscriptionLeases(String owner, long leaseUntil) throws SQLException;

    /** Non-durable subscriptions whose owner stopped renewing them. */
    List<SubscriptionRow> selectExpiredSubscriptions(long now, int limit) throws SQLException;

    // ---- XA: prepared transaction branches (durable between prepare and commit/rollback)

    /** Records a prepared branch: its id (an encoded XA xid) and its serialized operations. */
    default void insertPrepared(byte[] xid, byte[] ops, long preparedAt) throws SQLException {
        throw new SQLException("This store does not support XA transactions");
    }

    /** The serialized operations of a prepared branch, or null when there is none with that id. */
    default byte[] findPrepared(byte[] xid) throws SQLException {
        throw new SQLException("This store does not support XA transactions");
    }

    /** Removes a prepared branch; false when there was none. */
    default boolean deletePrepared(byte[] xid) throws SQLException {
        throw new SQLException("This store does not support XA transactions");
    }

    /** The ids of every prepared branch, oldest first. */
    default List<byte[]> listPrepared() throws SQLException {
        throw new SQLException("This store does not support XA transactions");
    }
}
