package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Broker;
import io.jaqs.broker.QueueAttributeName;
import io.jaqs.broker.RedrivePolicy;
import io.jaqs.jms.message.DestinationCodec;
import io.jaqs.jms.message.ObjectMessageAllowList;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection to the broker core of a store. It owns its sessions and temporary destinations,
 * gates delivery with start/stop, and reports store failures to its ExceptionListener.
 */
public class JaqsConnection implements Connection, QueueConnection, TopicConnection {
    private static final Set<String> CLIENT_IDS_IN_USE = ConcurrentHashMap.newKeySet();

    final JaqsConnectionFactory factory;
    /** The broker as the connection's user sees it: every call checked against the factory's permissions. */
    final Broker broker;
    final io.jaqs.broker.security.SecurityPolicy policy;
    /** The facade's state shared with the other connections on this broker. */
    final BrokerContext context;
    final ObjectMessageAllowList allowList;
    final DestinationCodec destinationCodec = new DestinationCodec() {
        @Override
        public String encode(Destination d) throws JMSException {
            if (d instanceof JaqsDestination j) {
                return j.toUri();
            }
            if (d instanceof Queue q) {
                return new JaqsQueue(q.getQueueName()).toUri();
            }
            if (d instanceof Topic t) {
                return new JaqsTopic(t.getTopicName()).toUri();
            }
            throw new InvalidDestinationException("Not a queue or topic: " + d);
        }

        @Override
        public Destination decode(String s) throws JMSException {
            JaqsDestination d = JaqsDestination.fromUri(s);
            JaqsDestination own = temporaries.get(d.getName());
            return own != null ? own : d;
        }
    };
    private final List<JaqsSession> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, JaqsDestination> temporaries = new ConcurrentHashMap<>();
    /** The queues of the destinations used so far, by destination name: each resolved (and created) once. */
    private final Map<String, QueueName> queues = new ConcurrentHashMap<>();
    private final ReentrantLock startLock = new ReentrantLock();
    private final Condition startedCondition = startLock.newCondition();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile String clientId;
    private boolean clientIdFixed;
    private boolean clientIdRegistered;
    private volatile ExceptionListener exceptionListener;
    /** The user whose password the factory checked (the JMSXUserID of what this connection sends), or null. */
    volatile String authenticatedUser;
    private final java.util.function.Consumer<Throwable> storeFailureListener = this::storeFailed;
    private static final AtomicInteger CONNECTION_IDS = new AtomicInteger();
    private final int id = CONNECTION_IDS.incrementAndGet();
    private final String uid = UUID.randomUUID().toString();
    private final Object dispatcherLock = new Object();
    private ExecutorService exceptionDispatcher;

    JaqsConnection(JaqsConnectionFactory factory, BrokerContext context, String clientId, String user) {
        this.factory = factory;
        this.context = context;
        this.authenticatedUser = user;
        this.policy = factory.securityPolicy();
        this.broker = policy.forUser(context.broker, user); // the broker as this user may use it
        this.clientId = clientId;
        this.clientIdFixed = clientId != null;
        this.allowList = factory.getTrustedPackages() == null ? null : ObjectMessageAllowList.parse(factory.getTrustedPackages());
        broker.addStoreFailureListener(storeFailureListener);
    }

    // ---- sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, JaqsSession.Domain.ANY);
    }

    private JaqsSession createSession(boolean transacted, int acknowledgeMode, JaqsSession.Domain domain) throws JMSException {
        checkOpen();
        fixClientId();
        int mode = transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
        if (!transacted && mode != Session.AUTO_ACKNOWLEDGE && mode != Session.CLIENT_ACKNOWLEDGE
                && mode != Session.DUPS_OK_ACKNOWLEDGE && mode != JmsDefaults.UNORDERED_ACKNOWLEDGE) {
            throw new JMSException("Unknown acknowledge mode " + acknowledgeMode + ": use AUTO_ACKNOWLEDGE (1), CLIENT_ACKNOWLEDGE (2), "
                    + "DUPS_OK_ACKNOWLEDGE (3), SESSION_TRANSACTED (0) or UNORDERED_ACKNOWLEDGE (100)");
        }
        JaqsSession s = new JaqsSession(this, mode, domain);
        sessions.add(s);
        return s;
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, JaqsSession.Domain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, JaqsSession.Domain.TOPIC);
    }

    /** Registers a session made by a subclass (XA sessions): the connection starts, stops and closes it. */
    <S extends JaqsSession> S adopt(S s) throws JMSException {
        checkOpen();
        fixClientId();
        sessions.add(s);
        return s;
    }

    void sessionClosed(JaqsSession s) {
        sessions.remove(s);
    }

    // ---- client id, metadata, listener

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return clientId;
    }

    @Override
    public synchronized void setClientID(String id) throws JMSException {
        checkOpen();
        if (clientIdFixed) {
            throw new IllegalStateException("The client id can be set only once, right after the connection is created"
                    + (clientId != null ? " (it is " + clientId + ")" : ""));
        }
        if (id == null || id.isEmpty()) {
            throw new InvalidClientIDException("A client id must not be empty");
        }
        if (!CLIENT_IDS_IN_USE.add(id)) {
            throw new InvalidClientIDException("Client id '" + id + "' is already in use by another connection");
        }
        clientIdRegistered = true;
        clientId = id;
        clientIdFixed = true;
    }

    /** The client id, or null when none is set (no open check). */
    String clientIdOrNull() {
        return clientId;
    }

    /** The noLocal identity of a non-durable subscription: messages published by this very connection. */
    String connectionPublisherId() {
        return "connection:" + uid;
    }

    /** The noLocal identity of a durable subscription: messages published by any connection with this client id (JMS). */
    String clientPublisherId() {
        return "client:" + clientId;
    }

    /** What a publish of this connection is identified by for noLocal: the connection, and its client id when set. */
    String publisherId() {
        String c = clientId;
        return c == null ? connectionPublisherId() : connectionPublisherId() + "\n" + clientPublisherId();
    }

    /** The client id is frozen by the first other action on the connection (JMS 6.1.2). */
    synchronized void fixClientId() {
        clientIdFixed = true;
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        return new JaqsConnectionMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        fixClientId();
        this.exceptionListener = listener;
    }

    /**
     * Reports a failure to the ExceptionListener on this connection's own thread: failures are
     * detected on the store's writer thread, and a listener that reacts as applications usually do
     * (close the connection, which releases messages through that writer) must not block it.
     */
    private void storeFailed(Throwable t) {
        ExceptionListener l = exceptionListener;
        if (l == null || closed) {
            return;
        }
        JMSException e = t instanceof JMSException j ? j
                : t instanceof RuntimeException r ? JmsExceptions.of(r) : new JMSException(String.valueOf(t));
        if (t instanceof Exception cause && e != t && e.getLinkedException() == null) {
            withCause(e, cause);
        }
        try {
            exceptionDispatcher().execute(() -> {
                if (!closed) {
                    l.onException(e);
                }
            });
        } catch (RejectedExecutionException closing) {
            // the connection closed meanwhile: nobody to tell
        }
    }

    private ExecutorService exceptionDispatcher() {
        synchronized (dispatcherLock) {
            if (exceptionDispatcher == null) {
                exceptionDispatcher = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "jaqs-connection-" + id + "-exceptions");
                    t.setDaemon(true);
                    return t;
                });
            }
            return exceptionDispatcher;
        }
    }

    String authenticatedUser() {
        return authenticatedUser;
    }

    /** Reports an asynchronous failure (e.g. of a NON_PERSISTENT send) to the ExceptionListener. */
    void asyncFailure(Throwable t) {
        storeFailed(t);
    }

    // ---- start / stop

    @Override
    public void start() throws JMSException {
        checkOpen();
        fixClientId();
        startLock.lock();
        try {
            started = true;
            startedCondition.signalAll();
        } finally {
            startLock.unlock();
        }
        for (JaqsSession s : sessions) {
            s.connectionStarted();
        }
    }

    @Override
    public void stop() throws JMSException {
        checkOpen();
        JaqsSession.checkNotInListener(this, "stop");
        fixClientId();
        started = false;
        for (JaqsSession s : sessions) {
            s.awaitListenersIdle();
        }
    }

    boolean isStarted() {
        return started;
    }

    /** Waits until the connection is started or the deadline (System.nanoTime) passes; false when it did not start. */
    boolean awaitStarted(long deadlineNanos) throws InterruptedException {
        startLock.lock();
        try {
            while (!started && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                startedCondition.awaitNanos(left);
            }
            return started;
        } finally {
            startLock.unlock();
        }
    }

    // ---- destinations

    /**
     * The broker core as this connection's user may use it (the admin API: purge, attributes, move
     * tasks, queue deletion), each call checked against the factory's permissions; a denied call
     * throws a BrokerException with {@code ErrorCode.ACCESS_DENIED}. The broker is shared: do not
     * close it (with no permissions configured this is the shared broker itself).
     */
    public Broker getBroker() {
        return broker;
    }

    /** JMSSecurityException naming user, action and destination unless this connection's user may do it. */
    void authorize(io.jaqs.broker.security.Action action, QueueName queue) throws JMSException {
        try {
            broker.authorize(action, queue);
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
    }

    /**
     * The name of the queue behind a destination, without asking the store. A name no queue can have
     * fails as {@link #queue} would: the queue does not exist, or (auto-create on) cannot be created.
     */
    QueueName queueName(JaqsDestination d) throws JMSException {
        QueueName known = queues.get(d.getName());
        if (known != null) {
            return known;
        }
        try {
            return QueueName.of(d.getName());
        } catch (BrokerException e) {
            if (!factory.isAutoCreateQueues() || d.isTemporary()) {
                throw doesNotExist(d);
            }
            throw withCause(new InvalidDestinationException("Cannot create queue " + d.getName() + ": " + e.getMessage()), e);
        }
    }

    /** The queue behind a destination, created on first use when auto-create is on. */
    QueueName queue(JaqsDestination d) throws JMSException {
        QueueName queue = queues.get(d.getName());
        if (queue != null) {
            return queue;
        }
        queue = queueName(d);
        try {
            broker.getQueueUrl(queue); // whether it exists
        } catch (BrokerException e) {
            if (e.code() != ErrorCode.QUEUE_DOES_NOT_EXIST) {
                throw JmsExceptions.of(e);
            }
            if (!factory.isAutoCreateQueues() || d.isTemporary()) {
                throw doesNotExist(d);
            }
            autoCreate(queue);
        }
        queues.put(d.getName(), queue);
        return queue;
    }

    private static InvalidDestinationException doesNotExist(JaqsDestination d) {
        return new InvalidDestinationException("Queue " + d.getName() + " does not exist"
                + (d.isTemporary() ? " (its temporary owner closed or deleted it)" : " and auto-create is off"));
    }

    private void autoCreate(QueueName queue) throws JMSException {
        String name = queue.name();
        Map<String, String> attributes = factory.queueAttributes().getOrDefault(name, Map.of());
        try {
            String redrive = attributes.get(QueueAttributeName.RedrivePolicy.name());
            if (redrive != null && !redrive.isEmpty()) {
                String dlq = RedrivePolicy.parse(redrive).deadLetterQueueName();
                createIfAbsent(QueueName.of(dlq), factory.queueAttributes().getOrDefault(dlq, Map.of()));
            }
            createIfAbsent(queue, attributes);
        } catch (BrokerException e) {
            JMSException j = JmsExceptions.of(e);
            throw j instanceof InvalidDestinationException || j instanceof jakarta.jms.JMSSecurityException ? j
                    : withCause(new InvalidDestinationException("Cannot create queue " + name + ": " + e.getMessage()), e);
        }
    }

    /**
     * The queue attributes of a named subscription from the factory's configuration. The dead-letter
     * queue a RedrivePolicy names must exist before the subscription is made: it is created first
     * (with its own configured attributes) when auto-create is on, as for queues.
     */
    Map<String, String> subscriptionAttributes(String subscriptionName) throws JMSException {
        Map<String, String> attributes = factory.subscriptionAttributes().getOrDefault(subscriptionName, Map.of());
        String redrive = attributes.get(QueueAttributeName.RedrivePolicy.name());
        if (redrive != null && !redrive.isEmpty() && factory.isAutoCreateQueues()) {
            try {
                String dlq = RedrivePolicy.parse(redrive).deadLetterQueueName();
                createIfAbsent(QueueName.of(dlq), factory.queueAttributes().getOrDefault(dlq, Map.of()));
            } catch (BrokerException e) {
                throw withCause(new JMSException("Cannot create the dead-letter queue of subscription " + subscriptionName + ": "
                        + e.getMessage(), e.code().sqsCode()), e);
            }
        }
        return attributes;
    }

    private void createIfAbsent(QueueName queue, Map<String, String> attributes) {
        try {
            broker.getQueueUrl(queue);
        } catch (BrokerException e) {
            if (e.code() != ErrorCode.QUEUE_DOES_NOT_EXIST) {
                throw e;
            }
            broker.createQueue(queue, attributes);
        }
    }

    static <T extends JMSException> T withCause(T j, Exception cause) {
        j.initCause(cause);
        j.setLinkedException(cause);
        return j;
    }

    private final Map<String, Boolean> contentBased = new ConcurrentHashMap<>();

    /** Whether a FIFO queue deduplicates by content (then a send needs no deduplication id). */
    boolean contentBasedDeduplication(JaqsDestination d) throws JMSException {
        Boolean b = contentBased.get(d.getName());
        if (b == null) {
            try {
                b = Boolean.parseBoolean(broker.getQueueAttributes(queue(d),
                        List.of(QueueAttributeName.ContentBasedDeduplication.name()))
                        .get(QueueAttributeName.ContentBasedDeduplication.name()));
            } catch (BrokerException e) {
                throw JmsExceptions.of(e);
            }
            contentBased.put(d.getName(), b);
        }
        return b;
    }

    void forgetQueue(String name) {
        queues.remove(name);
    }

    JaqsTemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        String name = "jaqs-tmp-" + UUID.randomUUID();
        try {
            broker.createQueue(QueueName.of(name), Map.of());
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
        JaqsTemporaryQueue q = new JaqsTemporaryQueue(name, this);
        temporaries.put(name, q);
        return q;
    }

    JaqsTemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        String name = "jaqs-tmp-topic-" + UUID.randomUUID();
        policy.claimTemporary(name, authenticatedUser); // usable by this connection's user only
        JaqsTemporaryTopic t = new JaqsTemporaryTopic(name, this);
        temporaries.put(name, t);
        return t;
    }

    boolean ownsTemporary(JaqsDestination d) {
        return temporaries.get(d.getName()) != null;
    }

    void deleteTemporary(JaqsDestination d) throws JMSException {
        checkOpen();
        for (JaqsSession s : sessions) {
            if (s.hasConsumerOn(d)) {
                throw new IllegalStateException("Temporary destination " + d.getName() + " still has consumers; close them first");
            }
        }
        temporaries.remove(d.getName());
        queues.remove(d.getName());
        if (d.isTopic()) {
            policy.releaseTemporary(d.getName());
        }
        if (!d.isTopic()) {
            try {
                broker.deleteQueue(QueueName.of(d.getName()));
            } catch (BrokerException e) {
                if (e.code() != ErrorCode.QUEUE_DOES_NOT_EXIST) {
                    throw JmsExceptions.of(e);
                }
            }
        }
    }

    // ---- close

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        JaqsSession.checkNotInListener(this, "close");
        for (JaqsSession s : sessions) {
            s.checkNotInCompletionListener("close()");
        }
        JMSException first = null;
        for (JaqsSession s : sessions) {
            try {
                s.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        closed = true;
        startLock.lock();
        try {
            started = false;
            startedCondition.signalAll();
        } finally {
            startLock.unlock();
        }
        for (JaqsDestination d : List.copyOf(temporaries.values())) {
            try {
                if (!d.isTopic()) {
                    broker.deleteQueue(QueueName.of(d.getName()));
                } else {
                    policy.releaseTemporary(d.getName());
                }
            } catch (BrokerException ignored) {
                // already gone
            }
        }
        temporaries.clear();
        if (clientIdRegistered) {
            CLIENT_IDS_IN_USE.remove(clientId);
        }
        broker.removeStoreFailureListener(storeFailureListener);
        synchronized (dispatcherLock) {
            if (exceptionDispatcher != null) {
                exceptionDispatcher.shutdown(); // not awaited: close may run on that very thread, from the listener
            }
        }
        if (first != null) {
            throw first;
        }
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() throws IllegalStateException {
        if (closed) {
            throw JmsExceptions.closed("connection");
        }
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw new JMSException("Connection consumers (application-server facility) are not offered; "
                + "use the Jaqs resource adapter for message-driven beans");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                             ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw new JMSException("Connection consumers are not offered; use the Jaqs resource adapter");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                              ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw new JMSException("Connection consumers are not offered; use the Jaqs resource adapter");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector, ServerSessionPool sessionPool,
                                                                    int maxMessages) throws JMSException {
        throw new JMSException("Connection consumers are not offered; use the Jaqs resource adapter");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector, ServerSessionPool sessionPool,
                                                       int maxMessages) throws JMSException {
        return createConnectionConsumer((Destination) queue, messageSelector, sessionPool, maxMessages);
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector, ServerSessionPool sessionPool,
                                                       int maxMessages) throws JMSException {
        return createConnectionConsumer((Destination) topic, messageSelector, sessionPool, maxMessages);
    }
}
