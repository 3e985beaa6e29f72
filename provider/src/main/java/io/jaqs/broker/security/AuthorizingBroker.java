package io.jaqs.broker.security;

import io.jaqs.broker.BatchResult;
import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.BrokerHealth;
import io.jaqs.broker.BrokerObserver;
import io.jaqs.broker.BrokerTransaction;
import io.jaqs.broker.ChangeVisibilityBatchEntry;
import io.jaqs.broker.DeleteMessageBatchEntry;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.MessageFilter;
import io.jaqs.broker.MessageMoveTask;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.QueueNames;
import io.jaqs.broker.QueueSample;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageBatchEntry;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.SendMessageResult;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.SubscriptionRequest;
import io.jaqs.broker.XaTransactions;
import io.jaqs.broker.store.QueueCounts;
import io.jaqs.broker.store.StoreStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The broker as one user sees it: each call is checked for its {@link Action} on its destination
 * before it reaches the broker, so a denied call throws {@link ErrorCode#ACCESS_DENIED} (naming the
 * user, the action and the destination, and written to the {@link Audit} log) and changes nothing.
 * A queue behind a topic subscription is checked as its topic. Front ends create one per connection
 * ({@link SecurityPolicy#forUser}).
 *
 * <p>Actions: sends and publishes need {@code send}; receives, deletes, visibility changes and
 * returns need {@code consume}; browse needs {@code browse}; creating a queue {@code createQueue};
 * deleting one {@code deleteQueue}; a new durable subscription {@code createDurableSubscription}
 * (and {@code consume}), unsubscribing {@code deleteDurableSubscription}; purge, attribute and tag
 * changes, dead-letter source listing and move tasks {@code manage}. Reading a queue's URL,
 * attributes, counts or tags needs any action on it; listing queues shows those the user has any
 * action on.
 *
 * <p>When the configured permissions deny an action on a queue, the grants SQS's AddPermission
 * recorded in that queue's {@code Policy} ({@link QueueGrants}: account ids naming the user or one
 * of its roles) are consulted before the call is refused; topics, subscriptions and temporary
 * destinations have no Policy.
 */
public final class AuthorizingBroker implements Broker {
    private static final String POLICY_ATTRIBUTE = "Policy";
    private static final List<String> POLICY = List.of(POLICY_ATTRIBUTE);
    private static final EnumSet<Action> ANY = EnumSet.of(Action.SEND, Action.CONSUME, Action.BROWSE, Action.MANAGE,
            Action.CREATE_QUEUE, Action.DELETE_QUEUE);

    private final Broker broker;
    private final SecurityPolicy policy;
    private final String user;
    /** Topic of each subscription queue this view has seen. */
    private final Map<String, String> topicOfQueue = new ConcurrentHashMap<>();

    AuthorizingBroker(Broker broker, SecurityPolicy policy, String user) {
        this.broker = broker;
        this.policy = policy;
        this.user = user;
    }

    public String user() {
        return user;
    }

    /** The broker this view checks calls for. */
    public Broker delegate() {
        return broker;
    }

    // ---- checks

    @Override
    public void authorize(Action action, QueueName queue) {
        check(action, queue);
    }

    @Override
    public void authorizeTopic(Action action, String topic) {
        checkTopic(action, topic);
    }

    /** The destination a queue name stands for: its topic for a subscription's queue. */
    private String destination(String name) {
        if (name == null) {
            return null;
        }
        if (name.startsWith("jaqs-sub-")) {
            String topic = topicOfQueue.get(name);
            if (topic == null) {
                for (Subscription s : broker.listSubscriptions(null)) {
                    if (name.equals(s.queueName())) {
                        topic = s.topic();
                        topicOfQueue.put(name, topic);
                        break;
                    }
                }
            }
            if (topic != null) {
                return topic;
            }
        }
        return name;
    }

    private String check(Action action, QueueName queue) {
        return check(action, queue.name());
    }

    /** The check of a name: a queue's, or the destination a move task was started for. */
    private String check(Action action, String name) {
        String d = destination(name);
        if (!policy.allows(user, action, d) && !grants(name, d).allows(principals(), action)) {
            throw SecurityPolicy.denied(user, action, d);
        }
        return d;
    }

    /** A move task's source or destination: the queue its ARN names. */
    private String checkArn(Action action, String arn) {
        return check(action, arn == null ? null : QueueNames.ofArn(arn).name());
    }

    /** A topic's check: the configured permissions alone (a Policy is a queue's). */
    private void checkTopic(Action action, String topic) {
        policy.check(user, action, topic);
    }

    private void checkAny(QueueName queue) {
        if (!any(queue)) {
            throw SecurityPolicy.denied(user, Action.BROWSE, destination(queue.name()));
        }
    }

    private boolean any(QueueName queue) {
        String d = destination(queue.name());
        for (Action a : ANY) {
            if (policy.allows(user, a, d)) {
                return true;
            }
        }
        return grants(queue.name(), d).allowsReading(principals());
    }

    /**
     * The grants AddPermission recorded in the queue's Policy, read only once the configured
     * permissions have denied (the common path reads no Policy). None for a temporary destination
     * (its owner's alone), a subscription's queue (checked as its topic) or a queue that does not exist.
     */
    private QueueGrants grants(String name, String destination) {
        if (user == null || destination == null || destination.startsWith(SecurityPolicy.TEMPORARY_PREFIX)
                || !destination.equals(name) || !QueueNames.isValid(name)) {
            return QueueGrants.NONE;
        }
        try {
            return QueueGrants.parse(broker.getQueueAttributes(new QueueName(name), POLICY).get(POLICY_ATTRIBUTE));
        } catch (BrokerException e) {
            return QueueGrants.NONE; // no such queue: nothing granted, the denial stands
        }
    }

    /** Who a Policy statement may name for this caller: the user and its roles. */
    private Set<String> principals() {
        Set<String> p = new LinkedHashSet<>(policy.roles(user));
        p.add(user);
        return p;
    }

    // ---- queues

    @Override
    public String createQueue(QueueName queue, Map<String, String> attributes, Map<String, String> tags) {
        String name = queue.name();
        boolean temporary = name.startsWith(SecurityPolicy.TEMPORARY_PREFIX);
        if (temporary && !policy.claimTemporary(name, user)) {
            throw SecurityPolicy.denied(user, Action.CREATE_QUEUE, name);
        }
        if (!temporary) {
            check(Action.CREATE_QUEUE, queue);
        }
        try {
            return broker.createQueue(queue, attributes, tags);
        } catch (RuntimeException e) {
            if (temporary) {
                policy.releaseTemporary(name);
            }
            throw e;
        }
    }

    @Override
    public String getQueueUrl(QueueName queue) {
        return broker.getQueueUrl(queue);
    }

    @Override
    public Map<String, String> getQueueAttributes(QueueName queue, Collection<String> attributeNames) {
        checkAny(queue);
        return broker.getQueueAttributes(queue, attributeNames);
    }

    @Override
    public void setQueueAttributes(QueueName queue, Map<String, String> attributes) {
        check(Action.MANAGE, queue);
        broker.setQueueAttributes(queue, attributes);
    }

    @Override
    public QueueCounts approximateCounts(QueueName queue) {
        checkAny(queue);
        return broker.approximateCounts(queue);
    }

    @Override
    public List<String> listQueues(String prefix) {
        return broker.listQueues(prefix).stream().filter(url -> any(QueueName.fromUrl(url))).toList();
    }

    @Override
    public List<QueueName> listQueueNames(String prefix) {
        return broker.listQueueNames(prefix).stream().filter(this::any).toList();
    }

    @Override
    public void deleteQueue(QueueName queue) {
        String d = check(Action.DELETE_QUEUE, queue);
        broker.deleteQueue(queue);
        if (d.startsWith(SecurityPolicy.TEMPORARY_PREFIX)) {
            policy.releaseTemporary(d);
        } else {
            Audit.queueDeleted(user, d);
        }
    }

    @Override
    public void purgeQueue(QueueName queue) {
        String d = check(Action.MANAGE, queue);
        broker.purgeQueue(queue);
        Audit.purged(user, d);
    }

    @Override
    public void tagQueue(QueueName queue, Map<String, String> tags) {
        check(Action.MANAGE, queue);
        broker.tagQueue(queue, tags);
    }

    @Override
    public void untagQueue(QueueName queue, Collection<String> tagKeys) {
        check(Action.MANAGE, queue);
        broker.untagQueue(queue, tagKeys);
    }

    @Override
    public Map<String, String> listQueueTags(QueueName queue) {
        checkAny(queue);
        return broker.listQueueTags(queue);
    }

    @Override
    public List<String> listDeadLetterSourceQueues(QueueName queue) {
        check(Action.MANAGE, queue);
        return broker.listDeadLetterSourceQueues(queue);
    }

    @Override
    public List<QueueName> listDeadLetterSourceQueueNames(QueueName queue) {
        check(Action.MANAGE, queue);
        return broker.listDeadLetterSourceQueueNames(queue);
    }

    @Override
    public String queueArn(QueueName queue) {
        return broker.queueArn(queue);
    }

    // ---- messages

    @Override
    public SendMessageResult sendMessage(QueueName queue, SendMessageRequest request) {
        check(Action.SEND, queue);
        return broker.sendMessage(queue, request);
    }

    @Override
    public CompletableFuture<SendMessageResult> sendMessageAsync(QueueName queue, SendMessageRequest request) {
        check(Action.SEND, queue);
        return broker.sendMessageAsync(queue, request);
    }

    @Override
    public BatchResult<SendMessageResult> sendMessageBatch(QueueName queue, List<SendMessageBatchEntry> entries) {
        check(Action.SEND, queue);
        return broker.sendMessageBatch(queue, entries);
    }

    @Override
    public CompletableFuture<BatchResult<SendMessageResult>> sendMessageBatchAsync(QueueName queue, List<SendMessageBatchEntry> entries) {
        check(Action.SEND, queue);
        return broker.sendMessageBatchAsync(queue, entries);
    }

    @Override
    public List<ReceivedMessage> receiveMessage(QueueName queue, ReceiveMessageRequest request) {
        check(Action.CONSUME, queue);
        return broker.receiveMessage(queue, request);
    }

    @Override
    public CompletableFuture<List<ReceivedMessage>> receiveMessageAsync(QueueName queue, ReceiveMessageRequest request) {
        check(Action.CONSUME, queue);
        return broker.receiveMessageAsync(queue, request);
    }

    @Override
    public void deleteMessage(QueueName queue, String receiptHandle) {
        check(Action.CONSUME, queue);
        broker.deleteMessage(queue, receiptHandle);
    }

    @Override
    public CompletableFuture<Boolean> deleteMessageAsync(QueueName queue, String receiptHandle) {
        check(Action.CONSUME, queue);
        return broker.deleteMessageAsync(queue, receiptHandle);
    }

    @Override
    public CompletableFuture<Void> deleteIfCurrentAsync(Map<QueueName, List<String>> handlesByQueue) {
        handlesByQueue.keySet().forEach(q -> check(Action.CONSUME, q));
        return broker.deleteIfCurrentAsync(handlesByQueue);
    }

    @Override
    public BatchResult<Void> deleteMessageBatch(QueueName queue, List<DeleteMessageBatchEntry> entries) {
        check(Action.CONSUME, queue);
        return broker.deleteMessageBatch(queue, entries);
    }

    @Override
    public CompletableFuture<BatchResult<Void>> deleteMessageBatchAsync(QueueName queue, List<DeleteMessageBatchEntry> entries) {
        check(Action.CONSUME, queue);
        return broker.deleteMessageBatchAsync(queue, entries);
    }

    @Override
    public void changeMessageVisibility(QueueName queue, String receiptHandle, int visibilityTimeoutSeconds) {
        check(Action.CONSUME, queue);
        broker.changeMessageVisibility(queue, receiptHandle, visibilityTimeoutSeconds);
    }

    @Override
    public BatchResult<Void> changeMessageVisibilityBatch(QueueName queue, List<ChangeVisibilityBatchEntry> entries) {
        check(Action.CONSUME, queue);
        return broker.changeMessageVisibilityBatch(queue, entries);
    }

    @Override
    public Iterator<ReceivedMessage> browse(QueueName queue, MessageFilter filter) {
        check(Action.BROWSE, queue);
        return broker.browse(queue, filter);
    }

    // ---- dead-letter redrive

    @Override
    public String startMessageMoveTask(String sourceArn, String destinationArn, Integer maxVelocity) {
        String source = checkArn(Action.MANAGE, sourceArn);
        String destination = destinationArn == null ? null : checkArn(Action.MANAGE, destinationArn);
        String handle = broker.startMessageMoveTask(sourceArn, destinationArn, maxVelocity);
        policy.moveTaskSources.put(handle, source);
        Audit.moveTaskStarted(user, source, destination, handle);
        return handle;
    }

    @Override
    public long cancelMessageMoveTask(String taskHandle) {
        String source = taskHandle == null ? null : policy.moveTaskSources.get(taskHandle);
        if (source != null) {
            check(Action.MANAGE, source);
        } else if (!policy.allowsEverywhere(user, Action.MANAGE)) {
            throw SecurityPolicy.denied(user, Action.MANAGE, "move task " + taskHandle);
        }
        long moved = broker.cancelMessageMoveTask(taskHandle);
        Audit.moveTaskCancelled(user, taskHandle);
        return moved;
    }

    @Override
    public List<MessageMoveTask> listMessageMoveTasks(String sourceArn, int maxResults) {
        checkArn(Action.MANAGE, sourceArn);
        return broker.listMessageMoveTasks(sourceArn, maxResults);
    }

    // ---- topics

    @Override
    public Subscription subscribe(SubscriptionRequest request) {
        String topic = request.topic();
        checkTopic(Action.CONSUME, topic);
        if (request.kind().durable() && !exists(request)) {
            checkTopic(Action.CREATE_DURABLE_SUBSCRIPTION, topic);
        }
        Subscription s = broker.subscribe(request);
        if (s.queueName() != null) {
            topicOfQueue.put(s.queueName(), s.topic());
        }
        return s;
    }

    private boolean exists(SubscriptionRequest r) {
        for (Subscription s : broker.listSubscriptions(r.topic())) {
            if (s.kind() == r.kind() && java.util.Objects.equals(s.name(), r.name()) && r.topic().equals(s.topic())
                    && (r.kind().shared() || java.util.Objects.equals(s.clientId(), r.clientId()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void unsubscribe(String clientId, String subscriptionName) {
        for (Subscription s : broker.listSubscriptions(null)) {
            if (s.kind().durable() && java.util.Objects.equals(s.name(), subscriptionName)
                    && (s.kind().shared() || java.util.Objects.equals(s.clientId(), clientId))) {
                policy.check(user, Action.DELETE_DURABLE_SUBSCRIPTION, s.topic());
            }
        }
        broker.unsubscribe(clientId, subscriptionName);
    }

    @Override
    public void deleteSubscription(Subscription subscription) {
        if (subscription.kind().durable()) {
            policy.check(user, Action.DELETE_DURABLE_SUBSCRIPTION, subscription.topic());
        }
        broker.deleteSubscription(subscription);
    }

    @Override
    public List<Subscription> listSubscriptions(String topic) {
        return broker.listSubscriptions(topic);
    }

    @Override
    public SendMessageResult publish(String topic, SendMessageRequest request, String publisherId) {
        checkTopic(Action.SEND, topic);
        return broker.publish(topic, request, publisherId);
    }

    @Override
    public CompletableFuture<SendMessageResult> publishAsync(String topic, SendMessageRequest request, String publisherId) {
        checkTopic(Action.SEND, topic);
        return broker.publishAsync(topic, request, publisherId);
    }

    // ---- beyond SQS

    @Override
    public BrokerTransaction beginTransaction() {
        BrokerTransaction t = broker.beginTransaction();
        return new BrokerTransaction() {
            @Override
            public String sendMessage(QueueName queue, SendMessageRequest request) {
                check(Action.SEND, queue);
                return t.sendMessage(queue, request);
            }

            @Override
            public void deleteMessage(QueueName queue, String receiptHandle) {
                check(Action.CONSUME, queue);
                t.deleteMessage(queue, receiptHandle);
            }

            @Override
            public String publish(String topic, SendMessageRequest request, String publisherId) {
                checkTopic(Action.SEND, topic);
                return t.publish(topic, request, publisherId);
            }

            @Override
            public void deleteMessageIfCurrent(QueueName queue, String receiptHandle) {
                check(Action.CONSUME, queue);
                t.deleteMessageIfCurrent(queue, receiptHandle);
            }

            @Override
            public void changeMessageVisibility(QueueName queue, String receiptHandle, int visibilityTimeoutSeconds) {
                check(Action.CONSUME, queue);
                t.changeMessageVisibility(queue, receiptHandle, visibilityTimeoutSeconds);
            }

            @Override
            public int size() {
                return t.size();
            }

            @Override
            public void commit() {
                t.commit();
            }

            @Override
            public void rollback() {
                t.rollback();
            }
        };
    }

    /** The two-phase side, unchecked: front ends {@link #authorize} each operation before they add it to a branch. */
    @Override
    public XaTransactions xaTransactions() {
        return broker.xaTransactions();
    }

    @Override
    public void returnUndelivered(QueueName queue, Collection<String> receiptHandles) {
        check(Action.CONSUME, queue);
        broker.returnUndelivered(queue, receiptHandles);
    }

    @Override
    public Clock clock() {
        return broker.clock();
    }

    @Override
    public BrokerHealth checkHealth() {
        return broker.checkHealth();
    }

    @Override
    public void addStoreFailureListener(Consumer<Throwable> listener) {
        broker.addStoreFailureListener(listener);
    }

    @Override
    public void removeStoreFailureListener(Consumer<Throwable> listener) {
        broker.removeStoreFailureListener(listener);
    }

    @Override
    public boolean isStoreThread() {
        return broker.isStoreThread();
    }

    @Override
    public void addObserver(BrokerObserver observer) {
        broker.addObserver(observer);
    }

    @Override
    public void removeObserver(BrokerObserver observer) {
        broker.removeObserver(observer);
    }

    @Override
    public QueueSample queueSample(QueueName queue) {
        checkAny(queue);
        return broker.queueSample(queue);
    }

    @Override
    public QueueSample queueSample(QueueName queue, Duration maxAge) {
        checkAny(queue);
        return broker.queueSample(queue, maxAge);
    }

    @Override
    public QueueSample queueSampleNow(QueueName queue) {
        checkAny(queue);
        return broker.queueSampleNow(queue);
    }

    @Override
    public int longPollsWaiting() {
        return broker.longPollsWaiting();
    }

    @Override
    public StoreStats storeStats() {
        return broker.storeStats();
    }

    @Override
    public String storeName() {
        return broker.storeName();
    }

    /** Closes nothing: the broker is shared, its owner closes it. */
    @Override
    public void close() {
    }
}
