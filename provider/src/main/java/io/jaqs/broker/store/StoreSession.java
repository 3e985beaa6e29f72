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

    /** The earliest visibleAt later than {@code now}, or {@code Long.MAX_VALUE}. */
    long nextVisibleAt(long queueId, long now) throws SQLException;

    /** Marks a message received; false when it is no longer visible (another receive took it). */
    boolean markReceived(long id, long now, long visibleAt, long receipt, long firstReceivedAt) throws SQLException;

    MessageRow findMessage(long id) throws SQLException;

    /** Like {@link #findMessage} without body and attributes (null in the row). */
    MessageRow findMessageMeta(long id) throws SQLException;

    boolean deleteMessage(long id) throws SQLException;

    void updateVisibility(long id, long visibleAt) throws SQLException;

    /** Undoes a receive whose message never reached an application: visible at {@code visibleAt}, count - 1. */
    void returnMessage(long id, long visibleAt) throws SQLException;

    /** Moves a message to another queue (dead-letter and redrive) as a fresh, unreceived message. */
    void moveMessage(long id, long toQueueId, long visibleAt, long expiresAt, long seq, long sourceQueueId) throws SQLException;

    /** Deletes every message of the queue; returns how many. */
    int deleteAllMessages(long queueId) throws SQLException;

    /** Expired messages (any queue), oldest expiry first. */
    List<MessageRow> selectExpired(long now, int limit) throws SQLException;

    QueueCounts counts(long queueId, long now) throws SQLException;

    long countInFlight(long queueId, long now) throws SQLException;

    long countMessages(long queueId) throws SQLException;

    /** The first messages of a queue in (visibleAt, id) order, whatever their state (dead-letter redrive). */
    List<MessageRow> selectHead(long queueId, int limit) throws SQLException;

    // ---- FIFO
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

    void putDedup(DedupRow row) throws SQLException;

    int deleteExpiredDedup(long now, int limit) throws SQLException;

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
}
