package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.BrokerTransaction;
import io.jaqs.broker.ChangeVisibilityBatchEntry;
import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.Subscription;
import io.jaqs.jms.message.DeliveryContext;
import io.jaqs.jms.message.JaqsBytesMessage;
import io.jaqs.jms.message.JaqsMapMessage;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.jms.message.JaqsObjectMessage;
import io.jaqs.jms.message.JaqsStreamMessage;
import io.jaqs.jms.message.JaqsTextMessage;
import io.jaqs.jms.message.MessageCodec;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session: a single-threaded context for producing and consuming. Acknowledgement maps onto
 * SQS: an ack deletes, no ack lets the visibility timeout run out (redelivery), recover and
 * rollback make un-acked messages visible again at once (or after the redelivery delay).
 * A transacted session's sends and acknowledgements commit in one database transaction.
 */
public class JaqsSession implements Session, QueueSession, TopicSession, DeliveryContext {
    /** Acknowledge mode of the Amazon SQS JMS library: {@code acknowledge()} deletes that one message. */
    public static final int UNORDERED_ACKNOWLEDGE = JmsDefaults.UNORDERED_ACKNOWLEDGE;
    private static final AtomicInteger SESSION_IDS = new AtomicInteger();
    /** The session whose listener is running on this thread (JMS forbids some calls from there). */
    private static final ThreadLocal<JaqsSession> IN_LISTENER = new ThreadLocal<>();

    /** Which JMS 1.1 interfaces the session was made for: a QueueSession refuses topic methods and vice versa. */
    enum Domain { ANY, QUEUE, TOPIC }

    final JaqsConnection connection;
    /** How this session settles what it delivers: one strategy per acknowledge mode, chosen here once. */
    private final AcknowledgeMode ack;
    private final Acknowledgements acknowledgements;
    private final Domain domain;
    final SessionSubscriptions subscriptions = new SessionSubscriptions(this);
    private final int id = SESSION_IDS.incrementAndGet();
    private final List<JaqsMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<JaqsMessageProducer> producers = new CopyOnWriteArrayList<>();
    private final List<JaqsQueueBrowser> browsers = new CopyOnWriteArrayList<>();
    private volatile ExecutorService dispatcher;
    private volatile ExecutorService completions;
    private final Object dispatchLock = new Object();
    private volatile boolean closed;
    private MessageListener sessionListener;
    private volatile Thread completionThread;
    /** Asynchronous sends whose CompletionListener has not returned yet. */
    private final java.util.Set<CompletableFuture<?>> incompleteSends = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The message whose onMessage is running on the dispatch thread, and whether that listener recovered. */
    private Delivered inListener;
    private boolean inListenerRecovered;

    record Delivered(QueueName queue, String receiptHandle, JaqsMessage message) {
    }

    JaqsSession(JaqsConnection connection, int mode) {
        this(connection, mode, Domain.ANY);
    }

    JaqsSession(JaqsConnection connection, int mode, Domain domain) {
        this(connection, s -> AcknowledgeMode.of(s, mode), domain);
    }

    JaqsSession(JaqsConnection connection, java.util.function.Function<JaqsSession, AcknowledgeMode> mode, Domain domain) {
        this.connection = connection;
        this.domain = domain;
        this.acknowledgements = new Acknowledgements(connection.broker, connection.factory.isAsyncAcknowledge(),
                connection::asyncFailure);
        this.ack = mode.apply(this);
    }

    // ---------------------------------------------------------------- messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkOpen();
        return new JaqsBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkOpen();
        return new JaqsMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkOpen();
        return new JaqsMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkOpen();
        JaqsObjectMessage m = new JaqsObjectMessage();
        m.setAllowList(connection.allowList);
        return m;
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkOpen();
        JaqsObjectMessage m = new JaqsObjectMessage();
        m.setAllowList(connection.allowList);
        m.setObject(object);
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkOpen();
        return new JaqsStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkOpen();
        return new JaqsTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkOpen();
        JaqsTextMessage m = new JaqsTextMessage();
        m.setText(text);
        return m;
    }

    // ---------------------------------------------------------------- modes and transactions

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return ack.transacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return ack.jmsMode();
    }

    /** The transaction this session's sends go into, or null when they are sent at once. */
    BrokerTransaction transaction() {
        return ack.transaction();
    }

    /** Whether the session acknowledges a message by itself once delivered (AUTO, DUPS_OK). */
    boolean acknowledgesAfterDelivery() {
        return ack.acknowledgesAfterDelivery();
    }

    Acknowledgements acknowledgements() {
        return acknowledgements;
    }

    @Override
    public synchronized void commit() throws JMSException {
        checkOpen();
        checkNotInCompletionListener("commit()");
        ack.commit();
    }

    @Override
    public synchronized void rollback() throws JMSException {
        checkOpen();
        checkNotInCompletionListener("rollback()");
        ack.rollback();
    }

    @Override
    public synchronized void recover() throws JMSException {
        checkOpen();
        if (ack.transacted()) {
            throw new IllegalStateException("recover() is not allowed in a transacted session; use rollback()");
        }
        if (ack.acknowledgesAfterDelivery() && inListener != null && inListenerOf(this)) {
            // the message whose onMessage is running is delivered and not yet acknowledged: it comes back too
            inListenerRecovered = true;
            redeliverUnsettled(List.of(inListener));
        } else {
            redeliverUnsettled();
        }
    }

    /**
     * Makes every un-acknowledged message visible again (after the redelivery delay) and gives the
     * consumers' prefetched messages back uncounted; both return to their place in the queue, so
     * redelivery starts with the oldest.
     */
    void redeliverUnsettled() {
        redeliverUnsettled(List.of());
    }

    private synchronized void redeliverUnsettled(List<Delivered> alsoDelivered) {
        List<Delivered> delivered = new ArrayList<>(ack.takeUnsettled());
        delivered.addAll(alsoDelivered);
        returnPrefetched();
        redeliver(delivered);
        subscriptions.settle(false);
    }

    /** Gives back every consumer's prefetched, undelivered messages (recover, rollback, an XA branch rolled back). */
    void returnPrefetched() {
        for (JaqsMessageConsumer c : consumers) {
            returnUndelivered(c.drainPrefetched());
        }
    }

    /**
     * Whether the session holds messages of a queue it has not settled: delivered and not yet
     * acknowledged or committed, waiting for a lazy DUPS_OK delete, or in a running onMessage.
     */
    synchronized boolean holdsDeliveriesFrom(QueueName queue) {
        return ack.holdsDeliveryFrom(queue) || inListener != null && inListener.queue().equals(queue);
    }

    /**
     * Returns messages a consumer took from the store but never delivered: visible again at once,
     * at their place, with the receive undone, so they are neither "redelivered" nor counted toward
     * maxReceiveCount (a poison message must not drag its prefetched neighbours to the dead-letter
     * queue). The one verb for it, down to the store ({@code Broker.returnUndelivered}).
     */
    void returnUndelivered(List<Delivered> prefetched) {
        Map<QueueName, List<String>> byQueue = new LinkedHashMap<>();
        for (Delivered d : prefetched) {
            byQueue.computeIfAbsent(d.queue(), k -> new ArrayList<>()).add(d.receiptHandle());
        }
        byQueue.forEach((queue, handles) -> {
            try {
                connection.broker.returnUndelivered(queue, handles);
            } catch (BrokerException e) {
                // the queue is gone or the store failed: the visibility timeout will release them anyway
                connection.asyncFailure(e);
            }
        });
    }

    /**
     * Recover, rollback, a listener that failed: what the application got is delivered again after
     * the redelivery backoff (it counts as a redelivery); what it never got is returned undelivered.
     */
    void redeliver(List<Delivered> messages) {
        List<Delivered> undelivered = new ArrayList<>();
        List<Delivered> delivered = new ArrayList<>();
        for (Delivered d : messages) {
            (d.message() == null ? undelivered : delivered).add(d);
        }
        returnUndelivered(undelivered);
        messages = delivered;
        if (messages.isEmpty()) {
            return;
        }
        RedeliveryBackoff backoff = connection.factory.redeliveryBackoff();
        Map<QueueName, List<ChangeVisibilityBatchEntry>> byQueue = new LinkedHashMap<>();
        for (Delivered d : messages) {
            List<ChangeVisibilityBatchEntry> batch = byQueue.computeIfAbsent(d.queue(), k -> new ArrayList<>());
            // each message waits by its own delivery count: a poison message backs off, its neighbours do not
            int delay = backoff.delaySeconds(d.message().getReceiveCount());
            batch.add(new ChangeVisibilityBatchEntry("m" + batch.size(), d.receiptHandle(), delay));
            if (batch.size() == 10) {
                flushVisibility(d.queue(), batch);
            }
        }
        byQueue.forEach(this::flushVisibility);
    }

    private void flushVisibility(QueueName queue, List<ChangeVisibilityBatchEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            connection.broker.changeMessageVisibilityBatch(queue, List.copyOf(batch));
        } catch (BrokerException e) {
            // the queue is gone or the store failed: the visibility timeout will release them anyway
            connection.asyncFailure(e);
        }
        batch.clear();
    }

    // ---------------------------------------------------------------- delivery (called by consumers)

    /** Turns a received broker message into the JMS message handed to the application. */
    JaqsMessage toJms(ReceivedMessage rm, QueueName queue, JaqsDestination from) throws JMSException {
        JaqsMessage m = MessageCodec.decode(rm.body(), rm.attributes(), connection.destinationCodec, connection.allowList);
        m.setJMSMessageID(messageId(rm));
        m.setReceiveCount(rm.approximateReceiveCount());
        m.setReceiptHandle(rm.receiptHandle());
        m.setSequenceNumber(rm.sequenceNumber());
        m.setSqsIds(rm.messageGroupId(), rm.messageDeduplicationId());
        if (m.getJMSDestination() == null) {
            m.setJMSDestination(from);
        }
        m.setDeliveryContext(this);
        return m;
    }

    /** The JMSMessageID of a received message. */
    static String messageId(ReceivedMessage rm) {
        return messageId(rm.attributes(), rm.messageId());
    }

    /**
     * The JMSMessageID of a stored message: null when its producer disabled message ids, the id the
     * producer gave it when it did not wait for the store's (NON_PERSISTENT), else the store's.
     */
    static String messageId(Map<String, MessageAttributeValue> attributes, String storeMessageId) {
        if (attributes.containsKey(JaqsMessageProducer.NO_MESSAGE_ID_ATTRIBUTE)) {
            return null;
        }
        MessageAttributeValue own = attributes.get(JaqsMessageProducer.MESSAGE_ID_ATTRIBUTE);
        return own != null && !own.isBinary() ? own.stringValue() : "ID:" + storeMessageId;
    }

    /** Called when a message is handed to the application, before receive() returns or onMessage runs. */
    void delivered(QueueName queue, JaqsMessage m) throws JMSException {
        ack.delivered(new Delivered(queue, m.getReceiptHandle(), m));
    }

    /** Called once receive() has returned a message or its onMessage completed normally. */
    void afterDelivery(QueueName queue, JaqsMessage m) throws JMSException {
        ack.afterDelivery(new Delivered(queue, m.getReceiptHandle(), m));
    }

    /**
     * A consumer of this session has delivered everything it held and is about to wait for more:
     * DUPS_OK sends the deletes it batched, so a quiet queue does not see them redelivered when
     * their visibility timeout ends. (Batches thus span at most one prefetch.)
     */
    void consumerIdle() {
        ack.flush();
    }

    /**
     * A listener threw: AUTO/DUPS_OK redeliver the message (JMS 8.7), after the redelivery backoff
     * so that a message that always fails cannot spin. One rate-limited log line tells of it; an
     * Error (not an Exception: a failed assertion, a linkage problem) also goes to the
     * ExceptionListener, as the application would otherwise never hear of it.
     */
    void listenerFailed(QueueName queue, JaqsMessage m, Throwable t) {
        boolean released = ack.acknowledgesAfterDelivery();
        int count = m.getReceiveCount();
        RedeliveryLog.failed("MessageListener", m.getJMSMessageID(), count,
                released ? connection.factory.redeliveryBackoff().delaySeconds(count) : -1, t);
        if (t instanceof Error) {
            JMSException e = new JMSException("MessageListener threw " + t + " for message " + m.getJMSMessageID()
                    + "; the message will be redelivered");
            e.initCause(t);
            connection.asyncFailure(e);
        }
        if (released) {
            redeliver(List.of(new Delivered(queue, m.getReceiptHandle(), m)));
        }
    }

    /** Message.acknowledge() and JMSContext.acknowledge() (null): what it does is the mode's. */
    @Override
    public void acknowledge(JaqsMessage message) throws JMSException {
        if (closed) {
            throw new IllegalStateException("The session that delivered this message is closed; it cannot be acknowledged");
        }
        ack.acknowledge(message);
        subscriptions.settle(false);
    }

    /** Waits (bounded) until the asynchronous acknowledgements made so far have committed. */
    void awaitPendingAcks() {
        acknowledgements.awaitPending();
    }

    @Override
    public void changeVisibility(JaqsMessage message, Duration timeout) throws JMSException {
        checkOpen();
        QueueName queue = ack.queueOf(message);
        if (queue == null && message.getJMSDestination() instanceof JaqsDestination dest && !dest.isTopic()) {
            queue = connection.queue(dest);
        }
        if (queue == null) {
            throw new IllegalStateException("The queue of this message is not known to the session; was it acknowledged?");
        }
        long seconds = timeout.toSeconds();
        if (seconds < 0 || seconds > io.jaqs.broker.Limits.MAX_VISIBILITY_TIMEOUT.toSeconds()) {
            throw new JMSException("A visibility timeout must be from 0 s to 12 h, got " + timeout);
        }
        try {
            connection.broker.changeMessageVisibility(queue, message.getReceiptHandle(), (int) seconds);
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
    }

    // ---------------------------------------------------------------- listeners and dispatch

    /** The single thread on which this session runs its consumers' listeners, in order. */
    ExecutorService dispatcher() {
        ExecutorService d = dispatcher;
        if (d == null) {
            synchronized (dispatchLock) {
                d = dispatcher;
                if (d == null) {
                    d = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "jaqs-session-" + id + "-dispatch");
                        t.setDaemon(true);
                        return t;
                    });
                    dispatcher = d;
                }
            }
        }
        return d;
    }

    /** Serializes CompletionListener callbacks of this session's async sends. */
    ExecutorService completions() {
        ExecutorService c = completions;
        if (c == null) {
            synchronized (dispatchLock) {
                c = completions;
                if (c == null) {
                    c = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "jaqs-session-" + id + "-completion");
                        t.setDaemon(true);
                        completionThread = t;
                        return t;
                    });
                    completions = c;
                }
            }
        }
        return c;
    }

    /** Whether the caller is this session's CompletionListener thread (JMS 7.3.8 forbids some calls from it). */
    boolean inCompletionListener() {
        return Thread.currentThread() == completionThread;
    }

    /** JMS 7.3.8: a CompletionListener must not close, commit or roll back its own session, nor close its producer or connection. */
    void checkNotInCompletionListener(String what) throws IllegalStateException {
        if (inCompletionListener()) {
            throw new IllegalStateException("A CompletionListener must not call " + what + " on its own session, producer or connection");
        }
    }

    /** Remembers an asynchronous send until its CompletionListener has returned (close waits for it, JMS 7.3.8). */
    void sendStarted(CompletableFuture<?> callbackDone) {
        incompleteSends.add(callbackDone);
        callbackDone.whenComplete((r, e) -> incompleteSends.remove(callbackDone));
    }

    /** Waits (bounded) until the given sends are complete and their CompletionListeners returned. */
    static void awaitSends(java.util.Collection<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a failed send was reported to its listener; a stuck one must not hold close forever
        }
    }

    /**
     * Runs a listener call with the markers that forbid closing one's own session/connection from
     * it, and that let recover() find the message being delivered.
     *
     * @return true when the listener called recover() (then the message was released, not to be acknowledged)
     */
    boolean runListener(Delivered delivering, Runnable r) {
        IN_LISTENER.set(this);
        synchronized (this) {
            inListener = delivering;
            inListenerRecovered = false;
        }
        try {
            r.run();
        } finally {
            IN_LISTENER.remove();
        }
        synchronized (this) {
            inListener = null;
            return inListenerRecovered;
        }
    }

    static boolean inListenerOf(JaqsSession s) {
        return IN_LISTENER.get() == s;
    }

    static void checkNotInListener(JaqsConnection c, String what) throws IllegalStateException {
        JaqsSession s = IN_LISTENER.get();
        if (s != null && s.connection == c) {
            throw new IllegalStateException("A MessageListener must not call " + what + "() on its own connection");
        }
    }

    void connectionStarted() {
        for (JaqsMessageConsumer c : consumers) {
            c.connectionStarted();
        }
    }

    /** Waits until no listener of this session is running (Connection.stop). */
    void awaitListenersIdle() {
        ExecutorService d = dispatcher;
        if (d != null && !inListenerOf(this)) {
            try {
                d.submit(() -> { }).get(60, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    // ---------------------------------------------------------------- producers and consumers

    JaqsDestination destination(Destination d) throws JMSException {
        if (d == null) {
            throw new InvalidDestinationException("The destination is null");
        }
        if (d instanceof JaqsDestination j) {
            return j;
        }
        if (d instanceof Queue q) {
            return new JaqsQueue(q.getQueueName());
        }
        if (d instanceof Topic t) {
            return new JaqsTopic(t.getTopicName());
        }
        throw new InvalidDestinationException("Not a queue or a topic: " + d);
    }

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkOpen();
        JaqsMessageProducer p = new JaqsMessageProducer(this, destination == null ? null : destination(destination));
        producers.add(p);
        return p;
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) throws JMSException {
        checkOpen();
        JaqsDestination d = destination(destination);
        if (d.isTopic()) {
            return subscribe(d, Subscription.Kind.NON_DURABLE, null, messageSelector, noLocal);
        }
        if (d.isTemporary() && !connection.ownsTemporary(d)) {
            throw new InvalidDestinationException("Temporary queue " + d.getName()
                    + " belongs to another connection, or was deleted; only the connection that created it can consume from it");
        }
        connection.authorize(io.jaqs.broker.security.Action.CONSUME, connection.queueName(d)); // before a first use creates the queue
        JaqsMessageConsumer c = new JaqsMessageConsumer(this, d, connection.queue(d), messageSelector);
        consumers.add(c);
        return c;
    }

    /** A consumer on a topic subscription (created or joined here). */
    private JaqsMessageConsumer subscribe(JaqsDestination topic, Subscription.Kind kind, String name, String selector,
                                          boolean noLocal) throws JMSException {
        JaqsMessageConsumer c = subscriptions.open(topic, kind, name, selector, noLocal);
        consumers.add(c);
        return c;
    }

    void consumerClosed(JaqsMessageConsumer c) {
        consumers.remove(c);
        if (c.subscription() != null) {
            ack.flush(); // DUPS_OK: the subscription may go once its deletes are sent
            subscriptions.consumerClosed(c);
        }
    }

    /** A JMS 1.1 domain rule: a QueueSession refuses topic methods, a TopicSession queue methods. */
    private void checkDomain(Domain needed, String method) throws IllegalStateException {
        if (domain != Domain.ANY && domain != needed) {
            throw new IllegalStateException("A " + (domain == Domain.QUEUE ? "QueueSession" : "TopicSession")
                    + " does not offer " + method + " (a " + (needed == Domain.QUEUE ? "queue" : "topic")
                    + " method); create the session with Connection.createSession to use both");
        }
    }

    void producerClosed(JaqsMessageProducer p) {
        producers.remove(p);
    }

    void browserClosed(JaqsQueueBrowser b) {
        browsers.remove(b);
    }

    boolean hasConsumerOn(JaqsDestination d) {
        return consumers.stream().anyMatch(c -> c.destination().equals(d));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkOpen();
        checkDomain(Domain.QUEUE, "createBrowser");
        JaqsDestination d = destination(queue);
        connection.authorize(io.jaqs.broker.security.Action.BROWSE, connection.queueName(d));
        JaqsQueueBrowser b = new JaqsQueueBrowser(this, (Queue) d, connection.queue(d), messageSelector);
        browsers.add(b);
        return b;
    }

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkOpen();
        checkDomain(Domain.QUEUE, "createQueue");
        if (queueName == null || queueName.isEmpty()) {
            throw new InvalidDestinationException("A queue name must not be empty");
        }
        try {
            io.jaqs.broker.QueueNames.validate(queueName);
        } catch (BrokerException e) {
            throw new InvalidDestinationException(e.getMessage());
        }
        return new JaqsQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createTopic");
        if (topicName == null || topicName.isEmpty()) {
            throw new InvalidDestinationException("A topic name must not be empty");
        }
        return new JaqsTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        checkDomain(Domain.QUEUE, "createTemporaryQueue");
        return connection.createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createTemporaryTopic");
        return connection.createTemporaryTopic();
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return (QueueReceiver) createConsumer(queue, messageSelector);
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createSharedConsumer");
        return subscribe(destination(topic), Subscription.Kind.SHARED, sharedSubscriptionName, messageSelector, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createDurableSubscriber");
        return subscribe(destination(topic), Subscription.Kind.DURABLE, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createDurableConsumer");
        return subscribe(destination(topic), Subscription.Kind.DURABLE, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "createSharedDurableConsumer");
        return subscribe(destination(topic), Subscription.Kind.SHARED_DURABLE, name, messageSelector, false);
    }

    /**
     * Deletes a durable subscription (shared or not) of this connection's client id, with the
     * messages it holds. JMS: an unknown name is an InvalidDestinationException; a subscription
     * with an active consumer, or whose messages this session has not yet acknowledged or committed,
     * cannot be deleted (IllegalStateException, a JMSException).
     */
    @Override
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        checkDomain(Domain.TOPIC, "unsubscribe");
        subscriptions.unsubscribe(name);
    }

    // ---------------------------------------------------------------- session listener (optional JMS facility)

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return sessionListener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        throw new JMSException("Session-level message listeners (an application-server facility) are not offered;"
                + " set a MessageListener on a consumer");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run() is an application-server facility Jaqs does not offer");
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (inListenerOf(this)) {
            throw new IllegalStateException("A MessageListener must not close its own session");
        }
        checkNotInCompletionListener("close()");
        for (JaqsMessageConsumer c : consumers) {
            c.close();
        }
        for (JaqsMessageProducer p : producers) {
            p.close();
        }
        awaitSends(List.copyOf(incompleteSends)); // also those of JMSProducers, which have no producer to close
        awaitPendingAcks(); // an acknowledged message must not come back because the session closed
        for (JaqsQueueBrowser b : browsers) {
            b.close();
        }
        synchronized (this) {
            ack.close();
            closed = true;
        }
        subscriptions.settle(true);
        shutdown(dispatcher);
        shutdown(completions);
        connection.sessionClosed(this);
    }

    private void shutdown(ExecutorService e) {
        if (e == null) {
            return;
        }
        e.shutdown();
        try {
            if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isClosed() {
        return closed || connection.isClosed();
    }

    void checkOpen() throws IllegalStateException {
        if (isClosed()) {
            throw JmsExceptions.closed("session");
        }
    }
}
