package io.jaqs.broker;

import io.jaqs.broker.store.QueueCounts;
import io.jaqs.broker.store.QueueStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The broker core: SQS semantics over a {@link QueueStore}. Thread-safe; one instance per store.
 * This class is the {@link Broker} SPI and little more: it resolves queues in the
 * {@link QueueCatalog}, checks what is cheap to check, and hands the work to the class that owns it
 * ({@link Receiver}, {@link BrowseCursor}, {@link MessageOps} on the store's writer, {@link Topics},
 * {@link MoveTasks}, {@link StoreTransaction}, {@link Housekeeping}); they share a {@link CoreContext},
 * never this class.
 */
public final class JaqsBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(JaqsBroker.class.getName());
    /** The {@link BrokerExtension}s on the class path, loaded once. */
    private static final List<BrokerExtension> EXTENSIONS = ServiceLoader.load(BrokerExtension.class,
            JaqsBroker.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private final CoreContext core;
    private final QueueStore store;
    private final QueueCatalog catalog;
    private final MessageOps ops;
    private final Receiver receiver;
    private final MoveTasks moveTasks;
    private final Housekeeping housekeeping;
    private final QueueSampler sampler;
    /** One store listener fans out to these: the store keeps what it is given for its whole life. */
    private final Set<Consumer<Throwable>> failureListeners = ConcurrentHashMap.newKeySet();

    public JaqsBroker(QueueStore store, BrokerConfig config) {
        this.core = new CoreContext(StoreBoundary.of(store), config); // the store's failures as BrokerExceptions
        this.store = core.store();
        this.catalog = core.catalog();
        this.ops = core.ops();
        this.receiver = new Receiver(core);
        this.moveTasks = new MoveTasks(core);
        this.housekeeping = new Housekeeping(core);
        this.sampler = new QueueSampler(core);
        housekeeping.start();
        core.topics().start();
        store.onQueueChanged(catalog::changedElsewhere);
        store.onFailure(t -> failureListeners.forEach(l -> l.accept(t)));
        for (BrokerExtension e : EXTENSIONS) { // JMX and the like, which the core does not name
            try {
                e.opened(this);
            } catch (RuntimeException | LinkageError ex) {
                LOG.log(System.Logger.Level.WARNING, "Broker extension " + e.getClass().getName() + " failed; ignored", ex);
            }
        }
    }

    public QueueStore store() {
        return store;
    }

    /** The queue of this name; {@link ErrorCode#QUEUE_DOES_NOT_EXIST} when there is none. */
    QueueState queue(QueueName queue) {
        return catalog.get(queue);
    }

    // ================================================================== store, clock, operations reads

    @Override
    public void addStoreFailureListener(Consumer<Throwable> listener) {
        failureListeners.add(listener);
    }

    @Override
    public void removeStoreFailureListener(Consumer<Throwable> listener) {
        failureListeners.remove(listener);
    }

    @Override
    public io.jaqs.broker.store.StoreStats storeStats() {
        return store.stats();
    }

    @Override
    public String storeName() {
        return store.displayName();
    }

    @Override
    public boolean isStoreThread() {
        return store.isWriterThread();
    }

    @Override
    public Clock clock() {
        return core.clock();
    }

    @Override
    public void addObserver(BrokerObserver observer) {
        core.observers().add(observer);
    }

    @Override
    public void removeObserver(BrokerObserver observer) {
        core.observers().remove(observer);
    }

    @Override
    public QueueSample queueSample(QueueName queue) {
        return sampler.sample(queue(queue));
    }

    @Override
    public QueueSample queueSample(QueueName queue, Duration maxAge) {
        return sampler.sample(queue(queue), maxAge.toMillis());
    }

    @Override
    public QueueSample queueSampleNow(QueueName queue) {
        return sampler.sampleNow(queue(queue));
    }

    @Override
    public int longPollsWaiting() {
        return catalog.longPollsWaiting();
    }

    // ================================================================== queues

    @Override
    public String createQueue(QueueName name, Map<String, String> requested, Map<String, String> tags) {
        QueueState q = catalog.create(name, requested, tags);
        core.observers().fire(o -> o.queueCreated(q.name));
        return catalog.url(q);
    }

    @Override
    public String getQueueUrl(QueueName queue) {
        return catalog.url(queue(queue));
    }

    @Override
    public String queueArn(QueueName queue) {
        return catalog.arn(queue(queue));
    }

    @Override
    public Map<String, String> getQueueAttributes(QueueName queue, Collection<String> attributeNames) {
        return catalog.attributes(queue(queue), attributeNames);
    }

    @Override
    public QueueCounts approximateCounts(QueueName queue) {
        return catalog.counts(queue(queue));
    }

    @Override
    public void setQueueAttributes(QueueName queue, Map<String, String> requested) {
        catalog.setAttributes(queue(queue), requested);
    }

    @Override
    public List<String> listQueues(String prefix) {
        return listQueueNames(prefix).stream().map(catalog::url).toList();
    }

    @Override
    public List<QueueName> listQueueNames(String prefix) {
        return catalog.list(prefix);
    }

    @Override
    public void deleteQueue(QueueName queue) {
        QueueState q = queue(queue);
        catalog.delete(q);
        sampler.forget(q.id);
        core.observers().fire(o -> o.queueDeleted(q.name));
    }

    @Override
    public void purgeQueue(QueueName queue) {
        catalog.purge(queue(queue));
    }

    @Override
    public void tagQueue(QueueName queue, Map<String, String> tags) {
        catalog.tag(queue(queue), tags);
    }

    @Override
    public void untagQueue(QueueName queue, Collection<String> tagKeys) {
        catalog.untag(queue(queue), tagKeys);
    }

    @Override
    public Map<String, String> listQueueTags(QueueName queue) {
        return Map.copyOf(queue(queue).tags);
    }

    @Override
    public List<String> listDeadLetterSourceQueues(QueueName queue) {
        return listDeadLetterSourceQueueNames(queue).stream().map(catalog::url).toList();
    }

    @Override
    public List<QueueName> listDeadLetterSourceQueueNames(QueueName queue) {
        return catalog.deadLetterSources(queue(queue));
    }

    // ================================================================== send

    @Override
    public SendMessageResult sendMessage(QueueName queue, SendMessageRequest request) {
        return BrokerFutures.await(sendMessageAsync(queue, request));
    }

    @Override
    public CompletableFuture<SendMessageResult> sendMessageAsync(QueueName queue, SendMessageRequest request) {
        QueueState q = queue(queue);
        PreparedSend p = PreparedSend.of(q, request);
        return store.write(s -> ops.send(s, p, core.clock().millis())).thenApply(r -> {
            q.wakeFor(1);
            return r;
        });
    }

    @Override
    public BatchResult<SendMessageResult> sendMessageBatch(QueueName queue, List<SendMessageBatchEntry> entries) {
        core.checkNotWriterThread();
        return BrokerFutures.await(sendMessageBatchAsync(queue, entries));
    }

    @Override
    public CompletableFuture<BatchResult<SendMessageResult>> sendMessageBatchAsync(QueueName queue, List<SendMessageBatchEntry> entries) {
        QueueState q = queue(queue);
        RequestValidator.checkBatch(entries.stream().map(SendMessageBatchEntry::id).toList());
        RequestValidator.checkBatchSize(entries);
        List<BatchResult.Failure> failed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<PreparedSend> prepared = new ArrayList<>();
        for (SendMessageBatchEntry e : entries) {
            try {
                prepared.add(PreparedSend.of(q, e.request()));
                ids.add(e.id());
            } catch (BrokerException ex) {
                failed.add(new BatchResult.Failure(e.id(), ex.code(), ex.getMessage(), ex.code().senderFault()));
            }
        }
        if (prepared.isEmpty()) {
            return CompletableFuture.completedFuture(new BatchResult<>(List.of(), failed));
        }
        return store.write(s -> {
            long now = core.clock().millis();
            List<SendMessageResult> r = new ArrayList<>();
            for (PreparedSend p : prepared) {
                r.add(ops.send(s, p, now));
            }
            return r;
        }).thenApply(results -> {
            q.wakeFor(results.size());
            List<BatchResult.Success<SendMessageResult>> ok = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                ok.add(new BatchResult.Success<>(ids.get(i), results.get(i)));
            }
            return new BatchResult<>(ok, failed);
        });
    }

    // ================================================================== receive

    @Override
    public List<ReceivedMessage> receiveMessage(QueueName queue, ReceiveMessageRequest request) {
        return BrokerFutures.await(receiveMessageAsync(queue, request));
    }

    @Override
    public CompletableFuture<List<ReceivedMessage>> receiveMessageAsync(QueueName queue, ReceiveMessageRequest request) {
        return receiver.receive(queue(queue), request);
    }

    @Override
    public void returnUndelivered(QueueName queue, Collection<String> receiptHandles) {
        receiver.returnUndelivered(queue(queue), receiptHandles);
    }

    // ================================================================== delete and visibility

    @Override
    public void deleteMessage(QueueName queue, String receiptHandle) {
        QueueState q = queue(queue);
        ReceiptHandle h = ReceiptHandle.forQueue(receiptHandle, q);
        core.write(s -> ops.delete(s, q, h, false));
        if (q.fifo) {
            q.wakeFor(1); // the next message of the group may be receivable now
        }
    }

    @Override
    public CompletableFuture<Boolean> deleteMessageAsync(QueueName queue, String receiptHandle) {
        QueueState q = queue(queue);
        ReceiptHandle h = ReceiptHandle.forQueue(receiptHandle, q);
        return store.write(s -> ops.delete(s, q, h, false)).thenApply(deleted -> {
            if (q.fifo) {
                q.wakeFor(1); // the next message of the group may be receivable now
            }
            return deleted;
        });
    }

    @Override
    public CompletableFuture<Void> deleteIfCurrentAsync(Map<QueueName, List<String>> handlesByQueue) {
        List<Map.Entry<QueueState, ReceiptHandle>> targets = new ArrayList<>();
        for (Map.Entry<QueueName, List<String>> e : handlesByQueue.entrySet()) {
            QueueState q = queue(e.getKey());
            for (String h : e.getValue()) {
                targets.add(Map.entry(q, ReceiptHandle.forQueue(h, q)));
            }
        }
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return store.write(s -> {
            for (Map.Entry<QueueState, ReceiptHandle> t : targets) {
                ops.delete(s, t.getKey(), t.getValue(), false);
            }
            return null;
        }).thenRun(() -> {
            for (Map.Entry<QueueState, ReceiptHandle> t : targets) {
                if (t.getKey().fifo) {
                    t.getKey().wakeFor(1); // the next message of the group may be receivable now
                }
            }
        });
    }

    @Override
    public BatchResult<Void> deleteMessageBatch(QueueName queue, List<DeleteMessageBatchEntry> entries) {
        core.checkNotWriterThread();
        return BrokerFutures.await(deleteMessageBatchAsync(queue, entries));
    }

    @Override
    public CompletableFuture<BatchResult<Void>> deleteMessageBatchAsync(QueueName queue, List<DeleteMessageBatchEntry> entries) {
        QueueState q = queue(queue);
        RequestValidator.checkBatch(entries.stream().map(DeleteMessageBatchEntry::id).toList());
        List<BatchResult.Failure> failed = new ArrayList<>();
        Map<String, ReceiptHandle> handles = new LinkedHashMap<>();
        for (DeleteMessageBatchEntry e : entries) {
            try {
                handles.put(e.id(), ReceiptHandle.forQueue(e.receiptHandle(), q));
            } catch (BrokerException ex) {
                failed.add(new BatchResult.Failure(e.id(), ex.code(), ex.getMessage(), true));
            }
        }
        List<BatchResult.Success<Void>> ok = handles.keySet().stream().map(id -> new BatchResult.Success<Void>(id, null)).toList();
        if (handles.isEmpty()) {
            return CompletableFuture.completedFuture(new BatchResult<>(ok, failed));
        }
        return store.write(s -> {
            for (ReceiptHandle h : handles.values()) {
                ops.delete(s, q, h, false);
            }
            return null;
        }).thenApply(x -> {
            if (q.fifo) {
                q.wakeFor(handles.size()); // each delete may free its group's next message
            }
            return new BatchResult<>(ok, failed);
        });
    }

    @Override
    public void changeMessageVisibility(QueueName queue, String receiptHandle, int visibilityTimeoutSeconds) {
        QueueState q = queue(queue);
        ReceiptHandle h = ReceiptHandle.forQueue(receiptHandle, q);
        Limits.checkVisibilityTimeout(visibilityTimeoutSeconds);
        boolean earlier = core.write(s -> ops.changeVisibility(s, q, h, visibilityTimeoutSeconds, core.clock().millis()));
        if (earlier) {
            q.changed();
        }
    }

    @Override
    public BatchResult<Void> changeMessageVisibilityBatch(QueueName queue, List<ChangeVisibilityBatchEntry> entries) {
        QueueState q = queue(queue);
        RequestValidator.checkBatch(entries.stream().map(ChangeVisibilityBatchEntry::id).toList());
        List<BatchResult.Failure> failed = new ArrayList<>();
        List<ChangeVisibilityBatchEntry> valid = new ArrayList<>();
        for (ChangeVisibilityBatchEntry e : entries) {
            try {
                ReceiptHandle.forQueue(e.receiptHandle(), q);
                Limits.checkVisibilityTimeout(e.visibilityTimeoutSeconds());
                valid.add(e);
            } catch (BrokerException ex) {
                failed.add(new BatchResult.Failure(e.id(), ex.code(), ex.getMessage(), true));
            }
        }
        // the outcomes are made anew on each run of the work: the writer may run it more than once
        BatchResult<Boolean> changed = core.write(s -> {
            List<BatchResult.Success<Boolean>> done = new ArrayList<>();
            List<BatchResult.Failure> refused = new ArrayList<>();
            long now = core.clock().millis();
            for (ChangeVisibilityBatchEntry e : valid) {
                try {
                    boolean earlier = ops.changeVisibility(s, q, ReceiptHandle.decode(e.receiptHandle()), e.visibilityTimeoutSeconds(), now);
                    done.add(new BatchResult.Success<>(e.id(), earlier));
                } catch (BrokerException ex) {
                    refused.add(new BatchResult.Failure(e.id(), ex.code(), ex.getMessage(), true));
                }
            }
            return new BatchResult<>(done, refused);
        });
        failed.addAll(changed.failed());
        List<BatchResult.Success<Void>> ok = new ArrayList<>();
        boolean earlier = false;
        for (BatchResult.Success<Boolean> done : changed.successful()) {
            ok.add(new BatchResult.Success<>(done.id(), null));
            earlier |= done.value();
        }
        if (earlier) {
            q.changed();
        }
        return new BatchResult<>(ok, failed);
    }

    // ================================================================== browse

    @Override
    public Iterator<ReceivedMessage> browse(QueueName queue, MessageFilter filter) {
        return new BrowseCursor(store, queue(queue), filter, core.clock().millis());
    }

    // ================================================================== move tasks

    @Override
    public String startMessageMoveTask(String sourceArn, String destinationArn, Integer maxVelocity) {
        return moveTasks.start(sourceArn, destinationArn, maxVelocity);
    }

    @Override
    public long cancelMessageMoveTask(String taskHandle) {
        return moveTasks.cancel(taskHandle);
    }

    @Override
    public List<MessageMoveTask> listMessageMoveTasks(String sourceArn, int maxResults) {
        return moveTasks.list(sourceArn, maxResults);
    }

    // ================================================================== topics

    @Override
    public Subscription subscribe(SubscriptionRequest request) {
        core.checkOpen();
        return core.topics().subscribe(request);
    }

    @Override
    public void unsubscribe(String clientId, String subscriptionName) {
        core.checkOpen();
        core.topics().unsubscribe(clientId, subscriptionName);
    }

    @Override
    public void deleteSubscription(Subscription subscription) {
        core.checkOpen();
        core.topics().delete(subscription);
    }

    @Override
    public List<Subscription> listSubscriptions(String topic) {
        core.checkOpen();
        return core.topics().list(topic);
    }

    @Override
    public SendMessageResult publish(String topic, SendMessageRequest request, String publisherId) {
        return BrokerFutures.await(publishAsync(topic, request, publisherId));
    }

    @Override
    public CompletableFuture<SendMessageResult> publishAsync(String topic, SendMessageRequest request, String publisherId) {
        core.checkOpen();
        PreparedSend template = PreparedSend.forTopic(topic, request);
        List<QueueState> touched = new ArrayList<>();
        return store.write(s -> {
            touched.clear();
            return core.topics().publish(s, topic, request, publisherId, template, core.clock().millis(), touched);
        }).thenApply(r -> {
            touched.forEach(QueueState::changed);
            return r;
        });
    }

    /** Sets how subscription selectors are compiled (the JMS facade installs its selector language). */
    public void setSubscriptionFilterCompiler(Function<String, MessageFilter> compiler) {
        core.topics().setFilterCompiler(compiler);
    }

    // ================================================================== transactions

    @Override
    public BrokerTransaction beginTransaction() {
        core.checkOpen();
        return new StoreTransaction(core);
    }

    @Override
    public XaTransactions xaTransactions() {
        return XaTransactions.of(core);
    }

    // ================================================================== housekeeping and life cycle

    /** Removes expired messages (retention or per-message expiration), expired dedup entries and FIFO receive attempts. */
    public CompletableFuture<Integer> reapExpired() {
        return housekeeping.reapExpired();
    }

    @Override
    public BrokerHealth checkHealth() {
        return core.isClosed() ? new BrokerHealth(false, null, null, -1, "The broker is closed")
                : StoreProbe.check(store, Limits.HEALTH_CHECK_TIMEOUT);
    }

    @Override
    public void close() {
        if (core.isClosed()) {
            return;
        }
        core.markClosed();
        housekeeping.close();
        moveTasks.close();
        core.topics().close();
        catalog.endLongPolls();
        core.scheduler().close();
        store.close();
        core.observers().fire(BrokerObserver::brokerClosed);
    }
}
