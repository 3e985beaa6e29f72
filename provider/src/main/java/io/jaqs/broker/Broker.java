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
 * <p>Queues are named by a {@link QueueName}: a front end resolves what it is given (a destination,
 * a configured name, a request's QueueUrl) once and passes the value on; the core parses no URL.
 * Each queue-taking method has a {@code String} form too, a convenience for SQS-shaped callers and
 * tests that hold a queue URL (as {@link #getQueueUrl} returns) or a bare name: it reads the queue
 * with {@link #queueNamed} (a queue to create: with {@link QueueName#of}, the name rule) and calls
 * the {@code QueueName} form, which is the one implementations implement. Every failure is a {@link BrokerException} whose {@link ErrorCode} is SQS's and whose
 * message names the rule; a call that fails changes nothing.
 *
 * <p>Beyond SQS: {@link #beginTransaction()} (sends, deletes and visibility changes that commit
 * atomically in one database transaction) and {@link #browse} (non-destructive reads).
 */
public interface Broker extends AutoCloseable {

    /**
     * The queue a {@code String} parameter designates: a queue URL or a bare name, read by
     * {@link QueueName#fromUrl} (empty: {@link ErrorCode#MISSING_PARAMETER}; a name no queue can
     * have: {@link ErrorCode#QUEUE_DOES_NOT_EXIST}). The one parse behind the {@code String} forms.
     */
    static QueueName queueNamed(String queueUrlOrName) {
        return QueueName.fromUrl(queueUrlOrName);
    }

    // ---- queues

    /** Creates a queue, or returns the URL of an existing one with equal attributes. */
    String createQueue(QueueName name, Map<String, String> attributes, Map<String, String> tags);

    default String createQueue(QueueName name, Map<String, String> attributes) {
        return createQueue(name, attributes, Map.of());
    }

    String getQueueUrl(QueueName queue);

    /** Attributes by name, or {@code All}; includes the read-only approximate counts. */
    Map<String, String> getQueueAttributes(QueueName queue, Collection<String> attributeNames);

    void setQueueAttributes(QueueName queue, Map<String, String> attributes);

    /** The approximate counts as numbers (visible, not visible, delayed), read now from the store. */
    QueueCounts approximateCounts(QueueName queue);

    /** URLs of the queues whose name starts with the prefix (all when null or empty), sorted by name. */
    List<String> listQueues(String prefix);

    /** {@link #listQueues} as names: for front ends that show names or make URLs of their own. */
    List<QueueName> listQueueNames(String prefix);

    void deleteQueue(QueueName queue);

    /** Deletes every message in the queue; at most once per queue per 60 s. */
    void purgeQueue(QueueName queue);

    void tagQueue(QueueName queue, Map<String, String> tags);

    void untagQueue(QueueName queue, Collection<String> tagKeys);

    Map<String, String> listQueueTags(QueueName queue);

    /** URLs of the queues whose RedrivePolicy names this queue as their dead-letter queue. */
    List<String> listDeadLetterSourceQueues(QueueName queue);

    /** {@link #listDeadLetterSourceQueues} as names. */
    List<QueueName> listDeadLetterSourceQueueNames(QueueName queue);

    String queueArn(QueueName queue);

    // ---- messages

    SendMessageResult sendMessage(QueueName queue, SendMessageRequest request);

    /** Completes once the message is durable at the store's durability level. */
    CompletableFuture<SendMessageResult> sendMessageAsync(QueueName queue, SendMessageRequest request);

    BatchResult<SendMessageResult> sendMessageBatch(QueueName queue, List<SendMessageBatchEntry> entries);

    /**
     * {@link #sendMessageBatch} without holding the calling thread while the store writes (front ends
     * serving many clients on few threads). Bad requests (batch rules) throw at once; a bad entry fails alone.
     */
    CompletableFuture<BatchResult<SendMessageResult>> sendMessageBatchAsync(QueueName queue, List<SendMessageBatchEntry> entries);

    List<ReceivedMessage> receiveMessage(QueueName queue, ReceiveMessageRequest request);

    /** A receive whose long poll does not hold a thread; cancelling the future ends the wait. */
    CompletableFuture<List<ReceivedMessage>> receiveMessageAsync(QueueName queue, ReceiveMessageRequest request);

    void deleteMessage(QueueName queue, String receiptHandle);

    /** Deletes without waiting; the future tells whether the handle was current (this call deleted the message). */
    CompletableFuture<Boolean> deleteMessageAsync(QueueName queue, String receiptHandle);

    /**
     * Deletes messages of one or more queues in one store write (one database transaction, sharing
     * its commit with other writers), each only while its handle is current, as
     * {@link BrokerTransaction#deleteMessageIfCurrent} does. The future completes once the commit
     * has returned (at durability DISK: reached the disk). A JMS CLIENT_ACKNOWLEDGE is this call.
     *
     * @param handlesByQueue receipt handles per queue
     */
    CompletableFuture<Void> deleteIfCurrentAsync(Map<QueueName, List<String>> handlesByQueue);

    BatchResult<Void> deleteMessageBatch(QueueName queue, List<DeleteMessageBatchEntry> entries);

    /** {@link #deleteMessageBatch} without holding the calling thread while the store writes. */
    CompletableFuture<BatchResult<Void>> deleteMessageBatchAsync(QueueName queue, List<DeleteMessageBatchEntry> entries);

    void changeMessageVisibility(QueueName queue, String receiptHandle, int visibilityTimeoutSeconds);

    BatchResult<Void> changeMessageVisibilityBatch(QueueName queue, List<ChangeVisibilityBatchEntry> entries);

    /** Visible messages in delivery order, read without receiving them (no receive count change). */
    Iterator<ReceivedMessage> browse(QueueName queue, MessageFilter filter);

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
    void returnUndelivered(QueueName queue, Collection<String> receiptHandles);

    Clock clock();

    // ---- security (issue #20)

    /**
     * Throws {@link ErrorCode#ACCESS_DENIED} naming the user, the action and the destination unless
     * this broker's caller may do the action on it: a front end asks before work the broker sees
     * later (a consumer's first receive, an XA branch's sends). A broker with no caller, or with no
     * permissions configured, allows everything.
     */
    default void authorize(io.jaqs.broker.security.Action action, QueueName queue) {
    }

    /**
     * {@link #authorize} for a topic: a queue of the same name (topics and queues have separate
     * names) lends it none of the grants its Policy records.
     */
    default void authorizeTopic(io.jaqs.broker.security.Action action, String topic) {
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
    QueueSample queueSample(QueueName queue);

    /**
     * Like {@link #queueSample} with another bound on the sample's age: the web console asks for
     * fresher counts than a scrape, and pays a store scan per queue per {@code maxAge} while it is open.
     */
    QueueSample queueSample(QueueName queue, java.time.Duration maxAge);

    /** Like {@link #queueSample} but read from the store now (an operator's explicit refresh). */
    QueueSample queueSampleNow(QueueName queue);

    /** Receives waiting in a long poll on this broker now, over all queues. */
    int longPollsWaiting();

    /** The store's counters now (commits, writes, pool use), or null when the store keeps none. */
    io.jaqs.broker.store.StoreStats storeStats();

    /** The store as an operator knows it (its URL without credentials). */
    String storeName();

    // ---- conveniences: a queue URL or bare name, read by queueNamed, for the QueueName forms above

    /** {@link #createQueue(QueueName, Map, Map)} of a name checked by {@link QueueName#of} (the name rule). */
    default String createQueue(String name, Map<String, String> attributes) {
        return createQueue(QueueName.of(name), attributes, Map.of());
    }

    /** {@link #createQueue(QueueName, Map, Map)} of a name checked by {@link QueueName#of} (the name rule). */
    default String createQueue(String name, Map<String, String> attributes, Map<String, String> tags) {
        return createQueue(QueueName.of(name), attributes, tags);
    }

    default String getQueueUrl(String queue) {
        return getQueueUrl(queueNamed(queue));
    }

    default Map<String, String> getQueueAttributes(String queue, Collection<String> attributeNames) {
        return getQueueAttributes(queueNamed(queue), attributeNames);
    }

    default void setQueueAttributes(String queue, Map<String, String> attributes) {
        setQueueAttributes(queueNamed(queue), attributes);
    }

    default QueueCounts approximateCounts(String queue) {
        return approximateCounts(queueNamed(queue));
    }

    default void deleteQueue(String queue) {
        deleteQueue(queueNamed(queue));
    }

    default void purgeQueue(String queue) {
        purgeQueue(queueNamed(queue));
    }

    default void tagQueue(String queue, Map<String, String> tags) {
        tagQueue(queueNamed(queue), tags);
    }

    default void untagQueue(String queue, Collection<String> tagKeys) {
        untagQueue(queueNamed(queue), tagKeys);
    }

    default Map<String, String> listQueueTags(String queue) {
        return listQueueTags(queueNamed(queue));
    }

    default List<String> listDeadLetterSourceQueues(String queue) {
        return listDeadLetterSourceQueues(queueNamed(queue));
    }

    default String queueArn(String queue) {
        return queueArn(queueNamed(queue));
    }

    default SendMessageResult sendMessage(String queue, SendMessageRequest request) {
        return sendMessage(queueNamed(queue), request);
    }

    default CompletableFuture<SendMessageResult> sendMessageAsync(String queue, SendMessageRequest request) {
        return sendMessageAsync(queueNamed(queue), request);
    }

    default BatchResult<SendMessageResult> sendMessageBatch(String queue, List<SendMessageBatchEntry> entries) {
        return sendMessageBatch(queueNamed(queue), entries);
    }

    default CompletableFuture<BatchResult<SendMessageResult>> sendMessageBatchAsync(String queue, List<SendMessageBatchEntry> entries) {
        return sendMessageBatchAsync(queueNamed(queue), entries);
    }

    default List<ReceivedMessage> receiveMessage(String queue, ReceiveMessageRequest request) {
        return receiveMessage(queueNamed(queue), request);
    }

    default CompletableFuture<List<ReceivedMessage>> receiveMessageAsync(String queue, ReceiveMessageRequest request) {
        return receiveMessageAsync(queueNamed(queue), request);
    }

    default void deleteMessage(String queue, String receiptHandle) {
        deleteMessage(queueNamed(queue), receiptHandle);
    }

    default CompletableFuture<Boolean> deleteMessageAsync(String queue, String receiptHandle) {
        return deleteMessageAsync(queueNamed(queue), receiptHandle);
    }

    default BatchResult<Void> deleteMessageBatch(String queue, List<DeleteMessageBatchEntry> entries) {
        return deleteMessageBatch(queueNamed(queue), entries);
    }

    default CompletableFuture<BatchResult<Void>> deleteMessageBatchAsync(String queue, List<DeleteMessageBatchEntry> entries) {
        return deleteMessageBatchAsync(queueNamed(queue), entries);
    }

    default void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds) {
        changeMessageVisibility(queueNamed(queue), receiptHandle, visibilityTimeoutSeconds);
    }

    default BatchResult<Void> changeMessageVisibilityBatch(String queue, List<ChangeVisibilityBatchEntry> entries) {
        return changeMessageVisibilityBatch(queueNamed(queue), entries);
    }

    default Iterator<ReceivedMessage> browse(String queue, MessageFilter filter) {
        return browse(queueNamed(queue), filter);
    }

    default void returnUndelivered(String queue, Collection<String> receiptHandles) {
        returnUndelivered(queueNamed(queue), receiptHandles);
    }

    default void authorize(io.jaqs.broker.security.Action action, String queue) {
        authorize(action, queueNamed(queue));
    }

    default QueueSample queueSample(String queue) {
        return queueSample(queueNamed(queue));
    }

    default QueueSample queueSample(String queue, java.time.Duration maxAge) {
        return queueSample(queueNamed(queue), maxAge);
    }

    default QueueSample queueSampleNow(String queue) {
        return queueSampleNow(queueNamed(queue));
    }

    @Override
    void close();
}
