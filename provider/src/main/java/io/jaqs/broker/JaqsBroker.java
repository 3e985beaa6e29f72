package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.QueueCounts;
import io.jaqs.broker.store.QueueRow;
import io.jaqs.broker.store.QueueStore;
import io.jaqs.broker.store.StoreSession;
import io.jaqs.broker.store.StoreWork;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The broker core: SQS semantics over a {@link QueueStore}. Thread-safe; one instance per store.
 */
public final class JaqsBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(JaqsBroker.class.getName());
    /** The {@link BrokerExtension}s on the class path, loaded once. */
    private static final List<BrokerExtension> EXTENSIONS = java.util.ServiceLoader.load(BrokerExtension.class,
            JaqsBroker.class.getClassLoader()).stream().map(java.util.ServiceLoader.Provider::get).toList();

    private final QueueStore store;
    private final BrokerConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final MessageOps ops;
    private final MoveTasks moveTasks;
    private final Topics topics;
    private final Map<String, QueueState> queuesByName = new ConcurrentHashMap<>();
    private final Map<Long, QueueState> queuesById = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Scheduler.Cancellable reaper;
    private volatile Scheduler.Cancellable compactor;
    private final BrokerObservers observers = new BrokerObservers();
    /** One store listener fans out to these: the store keeps what it is given for its whole life. */
    private final java.util.Set<java.util.function.Consumer<Throwable>> failureListeners = ConcurrentHashMap.newKeySet();
    private final QueueSampler sampler = new QueueSampler(this);

    public JaqsBroker(QueueStore store, BrokerConfig config) {
        this.store = StoreBoundary.of(store); // the store's failures as BrokerExceptions
        this.config = config;
        this.clock = config.clock();
        this.scheduler = Scheduler.forClock(clock);
        this.ops = new MessageOps(this);
        this.moveTasks = new MoveTasks(this);
        this.topics = new Topics(this);
        scheduleReaper();
        scheduleCompaction();
        topics.start();
        store.onQueueChanged(this::changedElsewhere);
        store.onFailure(t -> failureListeners.forEach(l -> l.accept(t)));
        for (BrokerExtension e : EXTENSIONS) { // JMX and the like, which the core does not name
            try {
                e.opened(this);
            } catch (RuntimeException | LinkageError ex) {
                LOG.log(System.Logger.Level.WARNING, "Broker extension " + e.getClass().getName() + " failed; ignored", ex);
            }
        }
    }

    /** How long cached queue settings are trusted on a store shared with other nodes. */
    static final long SHARED_CACHE_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    /** Another node changed a queue: something may be receivable, and with {@code settings} its settings are stale. */
    private void changedElsewhere(long queueId, boolean settings) {
        QueueState q = queuesById.get(queueId);
        if (q != null) {
            if (settings) {
                q.loadedAtNanos = System.nanoTime() - SHARED_CACHE_TTL_NANOS - 1; // re-read on next use
            }
            q.changed();
        }
    }

    /**
     * On a shared store, a cached queue older than the TTL is re-read: its settings follow another
     * node's changes within about a second, and a queue another node deleted is forgotten (its long
     * polls end). Returns the current state, or null when the queue is gone.
     */
    private QueueState fresh(QueueState q, StoreSession s) throws SQLException {
        if (!store.shared() || System.nanoTime() - q.loadedAtNanos <= SHARED_CACHE_TTL_NANOS) {
            return q;
        }
        QueueRow row = s == null ? store.read(r -> r.findQueue(q.name)) : s.findQueue(q.name);
        if (row == null || row.id() != q.id) {
            forgetQueue(q);
            return row == null ? null : cache(row);
        }
        q.refresh(row);
        return q;
    }

    public QueueStore store() {
        return store;
    }

    @Override
    public void addStoreFailureListener(java.util.function.Consumer<Throwable> listener) {
        failureListeners.add(listener);
    }

    @Override
    public void removeStoreFailureListener(java.util.function.Consumer<Throwable> listener) {
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
        return clock;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    BrokerObservers observers() {
        return observers;
    }

    @Override
    public void addObserver(BrokerObserver observer) {
        observers.add(observer);
    }

    @Override
    public void removeObserver(BrokerObserver observer) {
        observers.remove(observer);
    }

    @Override
    public QueueSample queueSample(String queue) {
        return sampler.sample(queue(queue));
    }

    @Override
    public QueueSample queueSample(String queue, java.time.Duration maxAge) {
        return sampler.sample(queue(queue), maxAge.toMillis());
    }

    @Override
    public QueueSample queueSampleNow(String queue) {
        return sampler.sampleNow(queue(queue));
    }

    @Override
    public int longPollsWaiting() {
        int n = 0;
        for (QueueState q : queuesByName.values()) {
            n += q.waiters.size();
        }
        return n;
    }

    void log(System.Logger.Level level, String message) {
        LOG.log(level, message);
    }

    // ================================================================== queue lookup

    /** The queue a URL or name designates; {@link ErrorCode#QUEUE_DOES_NOT_EXIST} otherwise. */
    QueueState queue(String queueUrlOrName) {
        checkOpen();
        if (queueUrlOrName == null || queueUrlOrName.isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A queue URL or name is required");
        }
        String name = queueUrlOrName.substring(queueUrlOrName.lastIndexOf('/') + 1);
        QueueState q = queuesByName.get(name);
        if (q != null && !q.deleted) {
            try {
                q = fresh(q, null);
            } catch (SQLException e) {
                throw new BrokerException(ErrorCode.STORE_FAILURE, "The store failed: " + e.getMessage(), e);
            }
            if (q == null) {
                throw BrokerException.noQueue(name);
            }
            return q;
        }
        q = store.read(s -> queueByName(s, name));
        if (q == null) {
            throw BrokerException.noQueue(name);
        }
        return q;
    }

    /** Inside a store work: the queue by name (cached, else read), or null. */
    QueueState queueByName(StoreSession s, String name) throws SQLException {
        QueueState q = queuesByName.get(name);
        if (q != null && !q.deleted) {
            return fresh(q, s);
        }
        QueueRow row = s.findQueue(name);
        return row == null ? null : cache(row);
    }

    private QueueState queueById(StoreSession s, long id) throws SQLException {
        QueueState q = queuesById.get(id);
        if (q != null) {
            return q;
        }
        QueueRow row = s.findQueue(id);
        return row == null ? null : cache(row);
    }

    String arnOfQueueId(StoreSession s, long id) throws SQLException {
        QueueState q = queueById(s, id);
        return q == null ? null : config.queueArn(q.name);
    }

    QueueState cacheQueue(QueueRow row) {
        return cache(row);
    }

    void forgetQueue(QueueState q) {
        q.deleted = true;
        queuesByName.remove(q.name, q);
        queuesById.remove(q.id);
        q.changed();
    }

    boolean isClosed() {
        return closed;
    }

    private QueueState cache(QueueRow row) {
        QueueState fresh = new QueueState(row);
        QueueState existing = queuesByName.putIfAbsent(row.name(), fresh);
        if (existing != null && existing.id == row.id() && !existing.deleted) {
            return existing;
        }
        if (existing != null) {
            queuesByName.put(row.name(), fresh);
        }
        queuesById.put(row.id(), fresh);
        return fresh;
    }

    // ================================================================== queues

    @Override
    public String createQueue(String name, Map<String, String> attributes) {
        return createQueue(name, attributes, Map.of());
    }

    @Override
    public String createQueue(String name, Map<String, String> requested, Map<String, String> tags) {
        checkOpen();
        QueueNames.validate(name);
        Map<String, String> attributes = withoutStoreEncryption(requested);
        QueueSettings settings = QueueSettings.forCreate(name, attributes);
        Map<String, String> tagMap = validateTags(tags == null ? Map.of() : tags, Map.of());
        QueueState q = write(s -> {
            QueueRow existing = s.findQueue(name);
            if (existing != null) {
                QueueSettings current = QueueSettings.fromStored(existing.fifo(), KeyValues.decode(existing.attributes()));
                String difference = current.firstDifference(settings, attributes == null ? Set.of() : attributes.keySet());
                if (difference != null) {
                    throw new BrokerException(ErrorCode.QUEUE_NAME_EXISTS, "Queue " + name
                            + " already exists with a different value of " + difference + " (existing: "
                            + current.asMap().get(difference) + ", requested: " + settings.asMap().get(difference) + ")");
                }
                return cache(existing);
            }
            checkRedrive(s, name, settings);
            return cache(s.insertQueue(name, settings.fifo(), KeyValues.encode(settings.asMap()),
                    KeyValues.encode(tagMap), clock.millis()));
        });
        observers.fire(o -> o.queueCreated(q.name));
        return config.queueUrl(q.name);
    }

    /** The dead-letter queue of a redrive policy must exist, be of the same type and allow this source. */
    void checkRedriveFor(StoreSession s, String sourceName, QueueSettings settings) throws SQLException {
        checkRedrive(s, sourceName, settings);
    }

    private void checkRedrive(StoreSession s, String sourceName, QueueSettings settings) throws SQLException {
        RedrivePolicy redrive = settings.redrivePolicy();
        if (redrive == null) {
            return;
        }
        if (redrive.deadLetterQueueName().equals(sourceName)) {
            throw BrokerException.invalidAttribute("Queue " + sourceName + " cannot be its own dead-letter queue");
        }
        QueueState dlq = queueByName(s, redrive.deadLetterQueueName());
        if (dlq == null) {
            throw BrokerException.invalidAttribute("RedrivePolicy names dead-letter queue " + redrive.deadLetterQueueName()
                    + ", which does not exist; create it first");
        }
        if (dlq.fifo != settings.fifo()) {
            throw BrokerException.invalidAttribute("The dead-letter queue of a " + (settings.fifo() ? "FIFO" : "standard")
                    + " queue must be " + (settings.fifo() ? "a FIFO" : "a standard") + " queue; " + dlq.name + " is not");
        }
        if (!dlq.settings.redriveAllowPolicy().allows(sourceName)) {
            throw BrokerException.invalidAttribute("The RedriveAllowPolicy of " + dlq.name + " does not allow " + sourceName
                    + " as a source queue");
        }
    }

    @Override
    public String getQueueUrl(String name) {
        return config.queueUrl(queue(name).name);
    }

    @Override
    public String queueArn(String queue) {
        return config.queueArn(queue(queue).name);
    }

    @Override
    public Map<String, String> getQueueAttributes(String queue, Collection<String> attributeNames) {
        QueueState q = queue(queue);
        Set<String> wanted = new java.util.HashSet<>(attributeNames == null ? List.of() : attributeNames);
        for (String n : wanted) {
            if (QueueAttributeName.find(n).isEmpty()) {
                throw new BrokerException(ErrorCode.INVALID_ATTRIBUTE_NAME, "Unknown queue attribute: " + n);
            }
        }
        boolean all = wanted.contains(QueueAttributeName.All.name());
        Map<String, String> out = new TreeMap<>();
        q.settings.asMap().forEach((k, v) -> {
            if (all || wanted.contains(k)) {
                out.put(k, v);
            }
        });
        if (all || wanted.contains("ApproximateNumberOfMessages") || wanted.contains("ApproximateNumberOfMessagesNotVisible")
                || wanted.contains("ApproximateNumberOfMessagesDelayed")) {
            long now = clock.millis();
            QueueCounts c = store.read(s -> s.counts(q.id, now));
            putIf(out, all, wanted, QueueAttributeName.ApproximateNumberOfMessages, Long.toString(c.visible()));
            putIf(out, all, wanted, QueueAttributeName.ApproximateNumberOfMessagesNotVisible, Long.toString(c.notVisible()));
            putIf(out, all, wanted, QueueAttributeName.ApproximateNumberOfMessagesDelayed, Long.toString(c.delayed()));
        }
        putIf(out, all, wanted, QueueAttributeName.CreatedTimestamp, Long.toString(q.createdAt / 1000));
        putIf(out, all, wanted, QueueAttributeName.LastModifiedTimestamp, Long.toString(q.modifiedAt / 1000));
        putIf(out, all, wanted, QueueAttributeName.QueueArn, config.queueArn(q.name));
        // the store's encryption, whatever an older version stored for the queue
        putIf(out, all, wanted, QueueAttributeName.SqsManagedSseEnabled, Boolean.toString(store.encryptedAtRest()));
        return out;
    }

    /**
     * Encryption at rest is the store's, not a queue's: SqsManagedSseEnabled reports
     * {@link QueueStore#encryptedAtRest()} (an H2 file store opened with a storeEncryptionKey).
     * Given in CreateQueue or SetQueueAttributes it must say what the store does (true on an
     * encrypted store, false on a plain one) and is then not stored; KmsMasterKeyId is refused with
     * a value, as Jaqs has no KMS (an empty value, SQS's "remove", is accepted). Both refusals are
     * InvalidAttributeValue naming the rule, before anything is written.
     *
     * @return the attributes without those two (never null)
     */
    Map<String, String> withoutStoreEncryption(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        String sse = attributes.get(QueueAttributeName.SqsManagedSseEnabled.name());
        String kms = attributes.get(QueueAttributeName.KmsMasterKeyId.name());
        if (sse == null && kms == null) {
            return attributes;
        }
        if (kms != null && !kms.isBlank()) {
            throw BrokerException.invalidAttribute("KmsMasterKeyId is not supported: Jaqs has no KMS; it encrypts a whole H2"
                    + " file store at rest with the broker's storeEncryptionKey (SqsManagedSseEnabled reports it)");
        }
        if (sse != null) {
            String v = sse.trim();
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw BrokerException.invalidAttribute("SqsManagedSseEnabled must be true or false, got '" + sse + "'");
            }
            boolean encrypted = store.encryptedAtRest();
            if (Boolean.parseBoolean(v) != encrypted) {
                throw BrokerException.invalidAttribute("SqsManagedSseEnabled=" + v + " cannot be set per queue: encryption at"
                        + " rest belongs to the store, and this store is " + (encrypted ? "encrypted (storeEncryptionKey)"
                        : "not encrypted (only an H2 file store opened with a storeEncryptionKey is)"));
            }
        }
        Map<String, String> rest = new java.util.LinkedHashMap<>(attributes);
        rest.remove(QueueAttributeName.SqsManagedSseEnabled.name());
        rest.remove(QueueAttributeName.KmsMasterKeyId.name());
        return rest;
    }

    private static void putIf(Map<String, String> out, boolean all, Set<String> wanted, QueueAttributeName n, String v) {
        if (all || wanted.contains(n.name())) {
            out.put(n.name(), v);
        }
    }

    @Override
    public QueueCounts approximateCounts(String queue) {
        QueueState q = queue(queue);
        long now = clock.millis();
        return store.read(s -> s.counts(q.id, now));
    }

    @Override
    public void setQueueAttributes(String queue, Map<String, String> requested) {
        QueueState q = queue(queue);
        Map<String, String> attributes = withoutStoreEncryption(requested);
        QueueSettings updated = q.settings.with(attributes, false);
        // memory follows the store only once the commit succeeded
        long modifiedAt = write(s -> {
            if (attributes != null && attributes.containsKey(QueueAttributeName.RedrivePolicy.name())) {
                checkRedrive(s, q.name, updated); // a policy set earlier keeps working even if its DLQ went away
            }
            long now = clock.millis();
            s.updateQueue(q.id, KeyValues.encode(updated.asMap()), KeyValues.encode(q.tags), now);
            s.notifySettingsChanged(q.id); // other nodes re-read the settings
            return now;
        });
        q.settings = updated;
        q.modifiedAt = modifiedAt;
        q.changed(); // a shorter wait or delay may change what a long poll should do
    }

    @Override
    public List<String> listQueues(String prefix) {
        checkOpen();
        return store.read(s -> s.listQueues(prefix)).stream().map(r -> config.queueUrl(r.name())).toList();
    }

    @Override
    public void deleteQueue(String queue) {
        QueueState q = queue(queue);
        write(s -> {
            s.deleteQueue(q.id);
            s.notifySettingsChanged(q.id); // other nodes forget it and end their long polls on it
            return null;
        });
        q.deleted = true;
        queuesByName.remove(q.name, q);
        queuesById.remove(q.id);
        q.changed(); // long polls on it end empty
        sampler.forget(q.id);
        observers.fire(o -> o.queueDeleted(q.name));
    }

    @Override
    public void purgeQueue(String queue) {
        QueueState q = queue(queue);
        q.purgedAt = write(s -> {
            long now = clock.millis();
            QueueRow row = s.findQueue(q.id);
            long last = row == null ? 0 : row.purgedAt();
            if (last != 0 && now - last < Limits.PURGE_INTERVAL.toMillis()) {
                throw new BrokerException(ErrorCode.PURGE_QUEUE_IN_PROGRESS, "Queue " + q.name + " was purged "
                        + (now - last) / 1000 + " s ago; a queue can be purged once every " + Limits.PURGE_INTERVAL.toSeconds() + " s");
            }
            s.deleteAllMessages(q.id);
            if (q.fifo) {
                s.deleteAllGroups(q.id);
            }
            s.setPurgedAt(q.id, now);
            return now;
        });
    }

    @Override
    public void tagQueue(String queue, Map<String, String> tags) {
        QueueState q = queue(queue);
        Map<String, String> merged = validateTags(tags, q.tags);
        write(s -> {
            s.updateQueue(q.id, KeyValues.encode(q.settings.asMap()), KeyValues.encode(merged), q.modifiedAt);
            return null;
        });
        q.tags = merged;
    }

    @Override
    public void untagQueue(String queue, Collection<String> tagKeys) {
        QueueState q = queue(queue);
        Map<String, String> left = new TreeMap<>(q.tags);
        tagKeys.forEach(left::remove);
        write(s -> {
            s.updateQueue(q.id, KeyValues.encode(q.settings.asMap()), KeyValues.encode(left), q.modifiedAt);
            return null;
        });
        q.tags = left;
    }

    @Override
    public Map<String, String> listQueueTags(String queue) {
        return Map.copyOf(queue(queue).tags);
    }

    private static Map<String, String> validateTags(Map<String, String> add, Map<String, String> existing) {
        Map<String, String> merged = new TreeMap<>(existing);
        for (Map.Entry<String, String> e : add.entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue();
            if (k == null || k.isEmpty() || k.length() > Limits.MAX_TAG_KEY_LENGTH || v.length() > Limits.MAX_TAG_VALUE_LENGTH
                    || k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw BrokerException.invalidParameter("Tag '" + k + "' is invalid: keys are 1 to " + Limits.MAX_TAG_KEY_LENGTH
                        + " characters not starting with aws:, values at most " + Limits.MAX_TAG_VALUE_LENGTH + " characters");
            }
            merged.put(k, v);
        }
        if (merged.size() > Limits.MAX_TAGS) {
            throw BrokerException.invalidParameter("A queue has at most " + Limits.MAX_TAGS + " tags; this would make " + merged.size());
        }
        return merged;
    }

    @Override
    public List<String> listDeadLetterSourceQueues(String queue) {
        QueueState dlq = queue(queue);
        List<String> sources = new ArrayList<>();
        for (QueueRow row : store.read(s -> s.listQueues(""))) {
            RedrivePolicy p = QueueSettings.fromStored(row.fifo(), KeyValues.decode(row.attributes())).redrivePolicy();
            if (p != null && p.deadLetterQueueName().equals(dlq.name)) {
                sources.add(config.queueUrl(row.name()));
            }
        }
        return sources;
    }

    // ================================================================== send

    PreparedSend prepare(QueueState q, SendMessageRequest request) {
        SendValidator.validate(q, request);
        byte[] attributes = AttributeCodec.encode(request.storedAttributes());
        return new PreparedSend(q, request, newMessageId(), attributes, AttributeCodec.md5Hex(request.body()),
                AttributeCodec.md5OfAttributes(request.attributes()));
    }

    static String newMessageId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    @Override
    public SendMessageResult sendMessage(String queue, SendMessageRequest request) {
        return BrokerFutures.await(sendMessageAsync(queue, request));
    }

    @Override
    public CompletableFuture<SendMessageResult> sendMessageAsync(String queue, SendMessageRequest request) {
        QueueState q = queue(queue);
        PreparedSend p = prepare(q, request);
        return store.write(s -> ops.send(s, p, clock.millis())).thenApply(r -> {
            q.changed();
            return r;
        });
    }

    @Override
    public BatchResult<SendMessageResult> sendMessageBatch(String queue, List<SendMessageBatchEntry> entries) {
        checkNotWriterThread();
        return BrokerFutures.await(sendMessageBatchAsync(queue, entries));
    }

    @Override
    public CompletableFuture<BatchResult<SendMessageResult>> sendMessageBatchAsync(String queue, List<SendMessageBatchEntry> entries) {
        QueueState q = queue(queue);
        SendValidator.checkBatch(entries.stream().map(SendMessageBatchEntry::id).toList());
        long total = 0;
        for (SendMessageBatchEntry e : entries) {
            total += e.request().body().length;
            for (Map.Entry<String, MessageAttributeValue> a : e.request().attributes().entrySet()) {
                total += a.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + a.getValue().sizeInBytes();
            }
        }
        if (total > Limits.MAX_MESSAGE_SIZE) {
            throw new BrokerException(ErrorCode.BATCH_REQUEST_TOO_LONG, "The batch is " + total
                    + " bytes in all; a batch may hold at most " + Limits.MAX_MESSAGE_SIZE + " bytes");
        }
        List<BatchResult.Failure> failed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<PreparedSend> prepared = new ArrayList<>();
        for (SendMessageBatchEntry e : entries) {
            try {
                prepared.add(prepare(q, e.request()));
                ids.add(e.id());
            } catch (BrokerException ex) {
                failed.add(new BatchResult.Failure(e.id(), ex.code(), ex.getMessage(), ex.code().senderFault()));
            }
        }
        if (prepared.isEmpty()) {
            return CompletableFuture.completedFuture(new BatchResult<>(List.of(), failed));
        }
        return store.write(s -> {
            long now = clock.millis();
            List<SendMessageResult> r = new ArrayList<>();
            for (PreparedSend p : prepared) {
                r.add(ops.send(s, p, now));
            }
            return r;
        }).thenApply(results -> {
            q.changed();
            List<BatchResult.Success<SendMessageResult>> ok = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                ok.add(new BatchResult.Success<>(ids.get(i), results.get(i)));
            }
            return new BatchResult<>(ok, failed);
        });
    }

    // ================================================================== receive

    @Override
    public List<ReceivedMessage> receiveMessage(String queue, ReceiveMessageRequest request) {
        return BrokerFutures.await(receiveMessageAsync(queue, request));
    }

    @Override
    public CompletableFuture<List<ReceivedMessage>> receiveMessageAsync(String queue, ReceiveMessageRequest request) {
        QueueState q = queue(queue);
        if (request.maxNumberOfMessages() < 1 || request.maxNumberOfMessages() > Limits.MAX_RECEIVE_MESSAGES) {
            throw BrokerException.invalidParameter("MaxNumberOfMessages must be from 1 to " + Limits.MAX_RECEIVE_MESSAGES
                    + ", got " + request.maxNumberOfMessages());
        }
        Integer vt = request.visibilityTimeoutSeconds();
        if (vt != null) {
            Limits.checkVisibilityTimeout(vt);
        }
        Integer wait = request.waitTimeSeconds();
        if (wait != null && (wait < 0 || wait > Limits.MAX_WAIT_TIME.toSeconds())) {
            throw BrokerException.invalidParameter("WaitTimeSeconds must be from 0 to " + Limits.MAX_WAIT_TIME.toSeconds()
                    + ", got " + wait);
        }
        String attemptId = request.receiveRequestAttemptId();
        if (attemptId != null && !attemptId.matches("[\\x21-\\x7E]{1,128}")) {
            throw BrokerException.invalidParameter("ReceiveRequestAttemptId must be 1 to 128 printable ASCII characters");
        }
        if (q.fifo && request.afterReceiptHandle() != null) {
            ReceiptHandle.forQueue(request.afterReceiptHandle(), q); // a handle of another queue, or no handle at all, is refused here
        }
        long waitMillis = (wait != null ? wait : q.settings.receiveWaitTimeSeconds()) * 1000L;
        if (q.fifo && attemptId != null) {
            long now = clock.millis();
            List<ReceivedMessage> replay = store.read(s -> ReceiveAttempts.replay(s, ops, q, attemptId, now));
            if (replay != null) {
                return CompletableFuture.completedFuture(replay);
            }
        }
        LongPoll poll = new LongPoll(this, q, request, clock.millis() + waitMillis);
        poll.attempt();
        poll.result.thenAccept(messages -> observers.fire(o -> o.messagesReceived(q.name, messages.size())));
        return poll.result;
    }

    /** One receive attempt in the store, without waiting. */
    CompletableFuture<MessageOps.ReceiveOutcome> receiveOnce(QueueState q, ReceiveMessageRequest request) {
        List<QueueState> touched = new ArrayList<>();
        return store.write(s -> {
            touched.clear();
            if (fresh(q, s) != q) { // shared store: deleted (or replaced) by another node
                q.deleted = true;
                return new MessageOps.ReceiveOutcome(List.of(), Long.MAX_VALUE);
            }
            long now = clock.millis();
            MessageOps.ReceiveOutcome outcome = ops.receive(s, q, request, now, touched);
            if (q.fifo && request.receiveRequestAttemptId() != null) {
                // in the claim's transaction: a retry on any node sharing the store sees it once the claim is visible
                ReceiveAttempts.remember(s, q, request.receiveRequestAttemptId(), outcome.messages(), now);
            }
            return outcome;
        }).thenApply(outcome -> {
            touched.forEach(QueueState::changed);
            return outcome;
        });
    }

    @Override
    public void returnUndelivered(String queue, Collection<String> receiptHandles) {
        QueueState q = queue(queue);
        List<ReceiptHandle> handles = new ArrayList<>();
        for (String h : receiptHandles) {
            handles.add(ReceiptHandle.forQueue(h, q));
        }
        boolean any = write(s -> {
            long now = clock.millis();
            boolean returned = false;
            for (ReceiptHandle h : handles) {
                returned |= ops.returnUndelivered(s, q, h, now);
            }
            return returned;
        });
        if (any) {
            q.changed();
        }
    }

    /** {@link #returnUndelivered(String, Collection)} for messages claimed for a receive whose caller went away. */
    void returnUndelivered(QueueState q, List<ReceivedMessage> messages) {
        store.write(s -> {
            long now = clock.millis();
            for (ReceivedMessage m : messages) {
                ops.returnUndelivered(s, q, ReceiptHandle.decode(m.receiptHandle()), now);
            }
            return null;
        }).thenRun(q::changed);
    }

    // ================================================================== delete and visibility

    @Override
    public void deleteMessage(String queue, String receiptHandle) {
        QueueState q = queue(queue);
        ReceiptHandle h = ReceiptHandle.forQueue(receiptHandle, q);
        write(s -> ops.delete(s, q, h, false));
        if (q.fifo) {
            q.changed(); // the next message of the group may be receivable now
        }
    }

    @Override
    public CompletableFuture<Boolean> deleteMessageAsync(String queue, String receiptHandle) {
        QueueState q = queue(queue);
        ReceiptHandle h = ReceiptHandle.forQueue(receiptHandle, q);
        return store.write(s -> ops.delete(s, q, h, false)).thenApply(deleted -> {
            if (q.fifo) {
                q.changed();
            }
            return deleted;
        });
    }

    @Override
    public CompletableFuture<Void> deleteIfCurrentAsync(Map<String, List<String>> handlesByQueue) {
        List<Map.Entry<QueueState, ReceiptHandle>> targets = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : handlesByQueue.entrySet()) {
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
                    t.getKey().changed(); // the next message of the group may be receivable now
                }
            }
        });
    }

    @Override
    public BatchResult<Void> deleteMessageBatch(String queue, List<DeleteMessageBatchEntry> entries) {
        checkNotWriterThread();
        return BrokerFutures.await(deleteMessageBatchAsync(queue, entries));
    }

    @Override
    public CompletableFuture<BatchResult<Void>> deleteMessageBatchAsync(String queue, List<DeleteMessageBatchEntry> entries) {
        QueueState q = queue(queue);
        SendValidator.checkBatch(entries.stream().map(DeleteMessageBatchEntry::id).toList());
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
                q.changed();
            }
            return new BatchResult<>(ok, failed);
        });
    }

    @Override
    public void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds) {
        QueueState q = queue(queue);
        ReceiptHandle h = ReceiptHandle.forQueue(receiptHandle, q);
        Limits.checkVisibilityTimeout(visibilityTimeoutSeconds);
        boolean earlier = write(s -> ops.changeVisibility(s, q, h, visibilityTimeoutSeconds, clock.millis()));
        if (earlier) {
            q.changed();
        }
    }

    @Override
    public BatchResult<Void> changeMessageVisibilityBatch(String queue, List<ChangeVisibilityBatchEntry> entries) {
        QueueState q = queue(queue);
        SendValidator.checkBatch(entries.stream().map(ChangeVisibilityBatchEntry::id).toList());
        List<BatchResult.Failure> failed = new ArrayList<>();
        List<BatchResult.Success<Void>> ok = new ArrayList<>();
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
        boolean earlier = write(s -> {
            boolean any = false;
            long now = clock.millis();
            for (ChangeVisibilityBatchEntry e : valid) {
                try {
                    any |= ops.changeVisibility(s, q, ReceiptHandle.decode(e.receiptHandle()), e.visibilityTimeoutSeconds(), now);
                    ok.add(new BatchResult.Success<>(e.id(), null));
                } catch (BrokerException ex) {
                    failed.add(new BatchResult.Failure(e.id(), ex.code(), ex.getMessage(), true));
                }
            }
            return any;
        });
        if (earlier) {
            q.changed();
        }
        return new BatchResult<>(ok, failed);
    }

    // ================================================================== browse

    @Override
    public Iterator<ReceivedMessage> browse(String queue, MessageFilter filter) {
        QueueState q = queue(queue);
        return new Iterator<>() {
            private final List<ReceivedMessage> buffer = new ArrayList<>();
            private long cursorVisibleAt = 0;
            private long cursorId = -1;
            private long cursorSeq = Long.MIN_VALUE;
            private boolean exhausted;
            private final long now = clock.millis();

            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && !exhausted) {
                    List<MessageRow> rows = store.read(s -> q.fifo
                            ? s.selectBySequence(q.id, cursorSeq, 100)
                            : s.browseReady(q.id, now, cursorVisibleAt, cursorId, 100));
                    exhausted = rows.size() < 100;
                    for (MessageRow row : rows) {
                        cursorVisibleAt = row.visibleAt();
                        cursorId = row.id();
                        cursorSeq = row.seq();
                        if (row.visibleAt() > now || row.expiresAt() <= now) {
                            continue; // FIFO page holds in-flight and delayed messages too
                        }
                        Map<String, MessageAttributeValue> attributes = AttributeCodec.decode(row.attributes());
                        if (filter == null || filter.accept(attributes, row.messageId(), row.receiveCount() + 1)) {
                            buffer.add(new ReceivedMessage(row.messageId(), null, row.body(), AttributeCodec.md5Hex(row.body()),
                                    attributes, Instant.ofEpochMilli(row.sentAt()), row.receiveCount(),
                                    row.firstReceivedAt() == 0 ? null : Instant.ofEpochMilli(row.firstReceivedAt()),
                                    row.groupId(), row.dedupId(), q.fifo ? MessageOps.sequence(row.seq()) : null, null,
                                    row.priority() < 0 ? null : row.priority(), Instant.ofEpochMilli(row.expiresAt())));
                        }
                    }
                }
                return !buffer.isEmpty();
            }

            @Override
            public ReceivedMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.remove(0);
            }
        };
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

    MessageOps ops() {
        return ops;
    }

    QueueState queueByIdOrNull(StoreSession s, long id) throws SQLException {
        return queueById(s, id);
    }

    String queueArnOf(QueueState q) {
        return config.queueArn(q.name);
    }

    // ================================================================== topics

    @Override
    public Subscription subscribe(SubscriptionRequest request) {
        checkOpen();
        return topics.subscribe(request);
    }

    @Override
    public void unsubscribe(String clientId, String subscriptionName) {
        checkOpen();
        topics.unsubscribe(clientId, subscriptionName);
    }

    @Override
    public void deleteSubscription(Subscription subscription) {
        checkOpen();
        topics.delete(subscription);
    }

    @Override
    public List<Subscription> listSubscriptions(String topic) {
        checkOpen();
        return topics.list(topic);
    }

    @Override
    public SendMessageResult publish(String topic, SendMessageRequest request, String publisherId) {
        return BrokerFutures.await(publishAsync(topic, request, publisherId));
    }

    @Override
    public CompletableFuture<SendMessageResult> publishAsync(String topic, SendMessageRequest request, String publisherId) {
        checkOpen();
        PreparedSend template = prepareTopicMessage(topic, request);
        List<QueueState> touched = new ArrayList<>();
        return store.write(s -> {
            touched.clear();
            return topics.publish(s, topic, request, publisherId, template, clock.millis(), touched);
        }).thenApply(r -> {
            touched.forEach(QueueState::changed);
            return r;
        });
    }

    /** Checks what can be checked of a publish before the subscriptions are known; each copy is checked against its queue. */
    PreparedSend prepareTopicMessage(String topic, SendMessageRequest request) {
        if (topic == null || topic.isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "A topic name is required");
        }
        byte[] attributes = AttributeCodec.encode(request.storedAttributes());
        return new PreparedSend(null, request, newMessageId(), attributes, AttributeCodec.md5Hex(request.body()),
                AttributeCodec.md5OfAttributes(request.attributes()));
    }

    Topics topics() {
        return topics;
    }

    /** Sets how subscription selectors are compiled (the JMS facade installs its selector language). */
    public void setSubscriptionFilterCompiler(java.util.function.Function<String, MessageFilter> compiler) {
        topics.setFilterCompiler(compiler);
    }

    // ================================================================== transactions

    @Override
    public BrokerTransaction beginTransaction() {
        checkOpen();
        return new StoreTransaction(this);
    }

    @Override
    public XaTransactions xaTransactions() {
        return XaTransactions.of(this);
    }

    // ================================================================== reaper

    private void scheduleReaper() {
        if (closed) {
            return;
        }
        reaper = scheduler.schedule(clock.instant().plus(Limits.REAPER_INTERVAL), () -> {
            if (closed) {
                return;
            }
            reapExpired().whenComplete((n, e) -> scheduleReaper());
        });
    }

    /** Every {@link Limits#STORE_IDLE_CHECK}: the store gives disk space back if it has been idle (embedded H2). */
    private void scheduleCompaction() {
        if (closed) {
            return;
        }
        compactor = scheduler.schedule(clock.instant().plus(Limits.STORE_IDLE_CHECK), () -> {
            if (closed) {
                return;
            }
            store.compactIfIdle(Limits.STORE_FILE_SLACK_BYTES, Limits.STORE_COMPACTION_READ_WAIT).whenComplete((compacted, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.WARNING, "The store's idle compaction failed: " + e);
                }
                scheduleCompaction();
            });
        });
    }

    /** Removes expired messages (retention or per-message expiration), expired dedup entries and FIFO receive attempts. */
    public CompletableFuture<Integer> reapExpired() {
        return store.write(s -> {
            long now = clock.millis();
            int removed = 0;
            List<MessageRow> expired = s.selectExpired(now, 1000);
            Set<Map.Entry<Long, String>> groups = new java.util.HashSet<>();
            for (MessageRow row : expired) {
                s.deleteMessage(row.id());
                removed++;
                if (row.seq() != 0 && row.groupId() != null) {
                    groups.add(Map.entry(row.queueId(), row.groupId()));
                }
            }
            for (Map.Entry<Long, String> g : groups) {
                FifoGroups.recompute(s, g.getKey(), g.getValue());
            }
            s.deleteExpiredDedup(now, 1000);
            s.deleteExpiredReceiveAttempts(now, 1000);
            topics.reapExpired(s, now);
            return removed;
        });
    }

    // ================================================================== plumbing

    /** A blocking call made on the store's writer thread would wait for itself forever. */
    private void checkNotWriterThread() {
        if (store.isWriterThread()) {
            throw new IllegalStateException("A blocking broker call was made on the store's writer thread; "
                    + "attach callbacks to broker futures with an *Async stage or hand them to another executor");
        }
    }

    <T> T write(StoreWork<T> work) {
        if (store.isWriterThread()) {
            // a blocking call from a stage attached to a store future would wait for itself forever
            throw new IllegalStateException("A blocking broker call was made on the store's writer thread; "
                    + "attach callbacks to broker futures with an *Async stage or hand them to another executor");
        }
        return BrokerFutures.await(store.write(work));
    }

    private void checkOpen() {
        if (closed) {
            throw new BrokerException(ErrorCode.BROKER_CLOSED, "The broker is closed");
        }
    }

    @Override
    public BrokerHealth checkHealth() {
        return closed ? new BrokerHealth(false, null, null, -1, "The broker is closed")
                : StoreProbe.check(store, Limits.HEALTH_CHECK_TIMEOUT);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Scheduler.Cancellable r = reaper;
        if (r != null) {
            r.cancel();
        }
        Scheduler.Cancellable c = compactor;
        if (c != null) {
            c.cancel();
        }
        moveTasks.close();
        topics.close();
        for (QueueState q : queuesByName.values()) {
            for (LongPoll w : q.waiters) {
                w.result.complete(List.of());
            }
        }
        scheduler.close();
        store.close();
        observers.fire(BrokerObserver::brokerClosed);
    }
}
