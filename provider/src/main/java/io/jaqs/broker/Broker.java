package io.jaqs.broker;

import io.jaqs.broker.store.QueueCounts;
import java.time.Clock;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The broker core's SPI, shaped after the Amazon SQS actions so that one core serves the JMS
 * facade, the resource adapter and an SQS-compatible endpoint. It knows no JMS type.
 *
 * <p>Every parameter named {@code queue} takes a queue URL (as {@link #getQueueUrl} returns) or a
 * bare queue name. Every failure is a {@link BrokerException} whose {@link ErrorCode} is SQS's and
 * whose message names the rule; a call that fails changes nothing.
 *
 * <p>Beyond SQS: {@link #beginTransaction()} (sends, deletes and visibility changes that commit
 * atomically in one database transaction) and {@link #browse} (non-destructive reads).
 */
public interface Broker extends AutoCloseable {

    // ---- queues

    /** Creates a queue, or returns the URL of an existing one with equal attributes. */
    String createQueue(String name, Map<String, String> attributes);

    String createQueue(String name, Map<String, String> attributes, Map<String, String> tags);

    String getQueueUrl(String name);

    /** Attributes by name, or {@code All}; includes the read-only approximate counts. */
    Map<String, String> getQueueAttributes(String queue, Collection<String> attributeNames);

    void setQueueAttributes(String queue, Map<String, String> attributes);

    /** The approximate counts as numbers (visible, not visible, delayed), read now from the store. */
    QueueCounts approximateCounts(String queue);

    /** URLs of the queues whose name starts with the prefix (all when null or empty), sorted by name. */
    List<String> listQueues(String prefix);

    void deleteQueue(String queue);

    /** Deletes every message in the queue; at most once per queue per 60 s. */
    void purgeQueue(String queue);

    void tagQueue(String queue, Map<String, String> tags);

    void untagQueue(String queue, Collection<String> tagKeys);

    Map<String, String> listQueueTags(String queue);

    /** URLs of the queues whose RedrivePolicy names this queue as their dead-letter queue. */
    List<String> listDeadLetterSourceQueues(String queue);

    String queueArn(String queue);

    // ---- messages

    SendMessageResult sendMessage(String queue, SendMessageRequest request);

    /** Completes once the message is durable at the store's durability level. */
    CompletableFuture<SendMessageResult> sendMessageAsync(String queue, SendMessageRequest request);

    BatchResult<SendMessageResult> sendMessageBatch(String queue, List<SendMessageBatchEntry> entries);

    /**
     * {@link #sendMessageBatch} without holding the calling thread while the store writes (front ends
     * serving many clients on few threads). Bad requests (batch rules) throw at once; a bad entry fails alone.
     */
    CompletableFuture<BatchResult<SendMessageResult>> sendMessageBatchAsync(String queue, List<SendMessageBatchEntry> entries);

    List<ReceivedMessage> receiveMessage(String queue, ReceiveMessageRequest request);

    /** A receive whose long poll does not hold a thread; cancelling the future ends the wait. */
    CompletableFuture<List<ReceivedMessage>> receiveMessageAsync(String queue, ReceiveMessageRequest request);

    void deleteMessage(String queue, String receiptHandle);

    /** Deletes without waiting; the future tells whether the handle was current (this call deleted the message). */
    CompletableFuture<Boolean> deleteMessageAsync(String queue, String receiptHandle);

    /**
     * Deletes messages of one or more queues in one store write (one database transaction, sharing
     * its commit with other writers), each only while its handle is current, as
     * {@link BrokerTransaction#deleteMessageIfCurrent} does. The future completes once the commit
     * has returned (at durability DISK: reached the disk). A JMS CLIENT_ACKNOWLEDGE is this call.
     *
     * @param handlesByQueue receipt handles per queue (name or URL)
     */
    CompletableFuture<Void> deleteIfCurrentAsync(Map<String, List<String>> handlesByQueue);

    BatchResult<Void> deleteMessageBatch(String queue, List<DeleteMessageBatchEntry> entries);

    /** {@link #deleteMessageBatch} without holding the calling thread while the store writes. */
    CompletableFuture<BatchResult<Void>> deleteMessageBatchAsync(String queue, List<DeleteMessageBatchEntry> entries);

    void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds);

    BatchResult<Void> changeMessageVisibilityBatch(String queue, List<ChangeVisibilityBatchEntry> entries);

    /** Visible messages in delivery order, read without receiving them (no receive count change). */
    Iterator<ReceivedMessage> browse(String queue, MessageFilter filter);

    // ---- dead-letter redrive

    /**
     * Moves the messages of a dead-letter queue back to the queues they came from, or to
     * {@code destinationArn} when given, at most {@code maxVelocity} messages per second when given.
     *
     * @return the task handle
     */
    String startMessageMoveTask(String sourceArn, String destinationArn, Integer maxVelocity);

    /** @return the number of messages moved before the cancel */
    long cancelMessageMoveTask(String taskHandle);

    List<MessageMoveTask> listMessageMoveTasks(String sourceArn, int maxResults);

    // ---- topics (SNS-style fan-out: every subscription is a queue)

    /** Creates a subscription, or returns the matching existing one (named kinds). */
    Subscription subscribe(SubscriptionRequest request);

    /** Deletes a durable subscription and its messages. */
    void unsubscribe(String clientId, String subscriptionName);

    /** Deletes a subscription and its queue (non-durable ones when their last consumer closes). */
    void deleteSubscription(Subscription subscription);

    /** Subscriptions of a topic, or of every topic when {@code topic} is null. */
    List<Subscription> listSubscriptions(String topic);

    /**
     * Publishes: one copy per subscription whose selector accepts the message, in one transaction.
     * Subscriptions whose {@code noLocalPublisher} equals {@code publisherId} (or one of its lines: a
     * publisher id may name several identities of one publisher, one per line) get no copy.
     */
    SendMessageResult publish(String topic, SendMessageRequest request, String publisherId);

    CompletableFuture<SendMessageResult> publishAsync(String topic, SendMessageRequest request, String publisherId);

    // ---- beyond SQS

    BrokerTransaction beginTransaction();

    /**
     * The two-phase side: branches that prepare durably and are decided later, by this process or,
     * after a crash, by another one on the same store (XA recovery).
     */
    XaTransactions xaTransactions();

    /**
     * Gives back messages a receiver took but never delivered to its application (a consumer's
     * prefetched messages on rollback, recover or close): visible again at once, at their place in
     * the queue, with the receive undone so they do not count as redelivered nor toward
     * maxReceiveCount. Stale handles are ignored.
     */
    void returnUndelivered(String queue, Collection<String> receiptHandles);

    Clock clock();

    // ---- security (issue #20)

    /**
     * Throws {@link ErrorCode#ACCESS_DENIED} naming the user, the action and the destination unless
     * this broker's caller may do the action on it: a front end asks before work the broker sees
     * later (a consumer's first receive, an XA branch's sends). A broker with no caller, or with no
     * permissions configured, allows everything.
     */
    default void authorize(io.jaqs.broker.security.Action action, String destination) {
    }

    /**
     * {@link #authorize} for a topic: a queue of the same name (topics and queues have separate
     * names) lends it none of the grants its Policy records.
     */
    default void authorizeTopic(io.jaqs.broker.security.Action action, String topic) {
        authorize(action, topic);
    }

    /**
     * Probes the store: a read through a pooled connection and a write through the writer, each
     * waited for at most {@link Limits#HEALTH_CHECK_TIMEOUT}. Never throws; a closed broker is down.
     */
    BrokerHealth checkHealth();

    /**
     * Tells {@code listener} of each store failure (the database unreachable, the writer failing)
     * until it is removed: how a front end learns of trouble no call of its own has met yet (a JMS
     * ExceptionListener, a health endpoint).
     */
    void addStoreFailureListener(Consumer<Throwable> listener);

    void removeStoreFailureListener(Consumer<Throwable> listener);

    /**
     * Whether the caller runs on the store's writer thread, where a blocking broker call would wait
     * for itself: a callback attached to a broker future checks this before it blocks.
     */
    boolean isStoreThread();

    // ---- operations: what metrics, management and the console read

    /** Tells the observer what this broker does from now on (metrics, management); see {@link BrokerObserver}. */
    void addObserver(BrokerObserver observer);

    void removeObserver(BrokerObserver observer);

    /**
     * The queue's counts and age of oldest message, sampled from the store at most once per
     * {@link Limits#QUEUE_SAMPLE_MAX_AGE} of the broker's clock however often it is asked (scrapes,
     * JMX, the console share one sample).
     */
    QueueSample queueSample(String queue);

    /**
     * Like {@link #queueSample} with another bound on the sample's age: the web console asks for
     * fresher counts than a scrape, and pays a store scan per queue per {@code maxAge} while it is open.
     */
    QueueSample queueSample(String queue, java.time.Duration maxAge);

    /** Like {@link #queueSample} but read from the store now (an operator's explicit refresh). */
    QueueSample queueSampleNow(String queue);

    /** Receives waiting in a long poll on this broker now, over all queues. */
    int longPollsWaiting();

    /** The store's counters now (commits, writes, pool use), or null when the store keeps none. */
    io.jaqs.broker.store.StoreStats storeStats();

    /** The store as an operator knows it (its URL without credentials). */
    String storeName();

    @Override
    void close();
}
