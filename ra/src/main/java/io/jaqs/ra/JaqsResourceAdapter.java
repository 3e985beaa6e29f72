package io.jaqs.ra;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.QueueAttributeName;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.RedrivePolicy;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsXAConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.transaction.xa.XAResource;

/**
 * The Jaqs resource adapter: its settings ({@link JaqsConfig}: store URL, durability, users...)
 * are the defaults of its managed connection factories and the settings of its inbound consumers.
 * Each endpoint activation ({@link JaqsActivationSpec}) runs its consumers as Work of the
 * container's WorkManager (own threads when there is none); {@link #stop()} and deactivation stop
 * them cleanly: a delivery in progress completes, messages received and not delivered go back to
 * the queue, a transaction not completed is rolled back by the store. It then closes the broker
 * cores it opened (its own and its connection definitions' store URLs, not those another user of the
 * same classes had open before), so that no thread, file lock or JVM shutdown hook outlives an undeploy.
 * <p>
 * Queue attributes from the server's configuration (admin objects, activation specs, over this
 * adapter's {@code queueAttributes} defaults) are kept here and given to every provider factory
 * the adapter makes, and applied to the store at once: see {@link #configureQueue}.
 */
public class JaqsResourceAdapter extends JaqsConfig implements ResourceAdapter {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(JaqsResourceAdapter.class.getName());

    private transient volatile WorkManager workManager;
    private transient volatile JaqsXAConnectionFactory factory;
    private transient Map<Key, JaqsActivation> activations = new ConcurrentHashMap<>();
    private transient List<XAConnection> recoveryConnections = new CopyOnWriteArrayList<>();
    private transient XAResource recoveryResource;
    private transient java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    /** Waits of transacted consumers that found no message within receiveTimeout (and began no transaction). */
    private transient java.util.concurrent.atomic.AtomicLong idleWaits = new java.util.concurrent.atomic.AtomicLong();
    /** Store URLs whose broker core this adapter opened: {@link #stop()} closes these, and only these. */
    private transient Set<String> openedUrls = ConcurrentHashMap.newKeySet();
    /** The provider factories this adapter made (inbound, and its connection definitions'): they get the configured queues. */
    private transient Set<JaqsXAConnectionFactory> factories = ConcurrentHashMap.newKeySet();
    /** Queue attributes from the server's configuration, by queue name. */
    private transient Map<String, Map<String, String>> configuredQueues = new ConcurrentHashMap<>();
    private Integer shutdownTimeoutSeconds = 30;
    private String queueAttributes;

    /** An activation is identified by its endpoint factory and spec (by identity, as the container passes them). */
    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.factory == factory && k.spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    /** Seconds {@link #stop()} and deactivation wait for deliveries in progress (default 30). */
    public Integer getShutdownTimeoutSeconds() {
        return shutdownTimeoutSeconds;
    }

    public void setShutdownTimeoutSeconds(Integer seconds) {
        this.shutdownTimeoutSeconds = seconds;
    }

    /**
     * Attributes ({@code Name=value;Name2=value2}) of every queue this adapter configures: the
     * destination queues of its message-driven beans and its queue admin objects, whose own
     * attributes override these.
     */
    public String getQueueAttributes() {
        return queueAttributes;
    }

    public void setQueueAttributes(String attributes) {
        this.queueAttributes = attributes == null || attributes.isBlank() ? null : attributes.trim();
    }

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        try {
            QueueAttributeProperties.parse(queueAttributes, "Invalid Jaqs resource adapter property queueAttributes");
            JaqsXAConnectionFactory factory = toFactory(null);
            // inbound connections take their activation spec's clientId (an unshared durable subscription's);
            // the adapter's clientId is the default of its connection definitions (outbound) only: on the
            // consumer connections it would make a durable MDB's setClientID fail (a client id is set once)
            factory.setClientID(null);
            if (getPrefetch() == null) {
                factory.setPrefetch(1); // an MDB consumer holds no more than the message it delivers, unless configured
            }
            register(factory); // opens the store now: a wrong URL fails the deployment, not the first message
            for (Map.Entry<String, Map<String, String>> q : configuredQueues.entrySet()) {
                apply(factory, q.getKey(), q.getValue()); // admin objects the server configured before the start
            }
            this.factory = factory;
        } catch (IllegalArgumentException | JMSException | ResourceException e) {
            closeBrokers(); // a failed start leaves nothing running
            throw new ResourceAdapterInternalException("Cannot start the Jaqs resource adapter: " + e.getMessage(), e);
        }
        workManager = ctx == null ? null : ctx.getWorkManager();
    }

    /**
     * Takes a provider factory made from this adapter's configuration: it gets the configured
     * queues' attributes, and its store's broker core is opened now (recorded as this adapter's
     * when nobody had it open).
     */
    void register(JaqsXAConnectionFactory f) throws JMSException {
        synchronized (openedUrls) {
            boolean wasOpen = BrokerRegistry.isOpen(f.getUrl());
            f.getBroker();
            if (!wasOpen) {
                openedUrls.add(f.getUrl());
            }
        }
        factories.add(f);
        configuredQueues.forEach(f::setQueueAttributes);
    }

    /**
     * Queue attributes from the server's configuration (an admin object, an activation spec), over
     * this adapter's {@code queueAttributes}: every factory of the adapter creates the queue with
     * them, and they are applied to the store now: the queue, and the dead-letter queue its
     * RedrivePolicy names, are created, or an existing queue is updated (a configuration change).
     */
    void configureQueue(String name, Map<String, String> own) throws ResourceException {
        Map<String, String> merged;
        try {
            merged = new LinkedHashMap<>(QueueAttributeProperties.parse(queueAttributes,
                    "Invalid Jaqs resource adapter property queueAttributes"));
        } catch (IllegalArgumentException e) {
            throw new jakarta.resource.spi.InvalidPropertyException(e.getMessage(), e);
        }
        merged.putAll(own);
        if (merged.isEmpty()) {
            return;
        }
        configuredQueues.put(name, Map.copyOf(merged));
        for (JaqsXAConnectionFactory f : factories) {
            f.setQueueAttributes(name, merged);
        }
        JaqsXAConnectionFactory f = factory;
        if (f != null) {
            apply(f, name, merged);
        }
    }

    private void apply(JaqsXAConnectionFactory f, String name, Map<String, String> attributes) throws ResourceException {
        try {
            Broker broker = f.getBroker();
            String redrive = attributes.get(QueueAttributeName.RedrivePolicy.name());
            if (redrive != null && !redrive.isEmpty()) {
                String dlq = RedrivePolicy.parse(redrive).deadLetterQueueName();
                createOrUpdate(broker, QueueName.of(dlq), configuredQueues.getOrDefault(dlq, Map.of()));
            }
            createOrUpdate(broker, QueueName.of(name), attributes);
        } catch (BrokerException | JMSException e) {
            throw new jakarta.resource.spi.InvalidPropertyException("Cannot apply the configured attributes " + attributes
                    + " to Jaqs queue " + name + ": " + e.getMessage(), e);
        }
    }

    private static void createOrUpdate(Broker broker, QueueName queue, Map<String, String> attributes) {
        try {
            broker.getQueueUrl(queue); // whether it exists
        } catch (BrokerException e) {
            if (e.code() != ErrorCode.QUEUE_DOES_NOT_EXIST) {
                throw e;
            }
            broker.createQueue(queue, attributes);
            return;
        }
        Map<String, String> settable = new LinkedHashMap<>(attributes);
        settable.remove(QueueAttributeName.FifoQueue.name()); // fixed at creation (and implied by the name)
        if (!settable.isEmpty()) {
            broker.setQueueAttributes(queue, settable);
        }
    }

    @Override
    public void stop() {
        List<JaqsActivation> all = new ArrayList<>(activations.values());
        activations.clear();
        for (JaqsActivation a : all) {
            a.requestStop();
        }
        for (JaqsActivation a : all) {
            a.awaitStopped(timeoutMillis());
        }
        synchronized (recoveryConnections) {
            for (XAConnection c : recoveryConnections) {
                try {
                    c.close();
                } catch (JMSException e) {
                    // the store closes with the JVM anyway
                }
            }
            recoveryConnections.clear();
            recoveryResource = null;
        }
        factory = null;
        factories.clear();
        closeBrokers();
    }

    /**
     * Closes the broker cores this adapter opened (their threads end, the H2 file is unlocked and,
     * with the last, the provider's shutdown hook is removed). A JDBC driver that this adapter's own
     * class loader registered (the .rar's H2) is deregistered, so that the class loader can go.
     */
    private void closeBrokers() {
        synchronized (openedUrls) {
            for (String url : openedUrls) {
                BrokerRegistry.shutdown(url);
            }
            openedUrls.clear();
        }
        ClassLoader own = JaqsResourceAdapter.class.getClassLoader();
        if (own == null || own == ClassLoader.getSystemClassLoader() || BrokerRegistry.anyOpen()) {
            return; // classes shared with the application or the JVM: their drivers are not the adapter's to remove
        }
        for (java.sql.Driver d : java.util.Collections.list(java.sql.DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == own) {
                try {
                    java.sql.DriverManager.deregisterDriver(d);
                } catch (java.sql.SQLException | SecurityException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Cannot deregister " + d, e);
                }
            }
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof JaqsActivationSpec s)) {
            throw new NotSupportedException("The Jaqs resource adapter takes a JaqsActivationSpec, not " + spec);
        }
        s.validate();
        JaqsXAConnectionFactory f = factory;
        if (f == null) {
            throw new jakarta.resource.spi.IllegalStateException("The Jaqs resource adapter is not started");
        }
        Map<String, String> own = s.queueAttributes();
        if (JaqsActivationSpec.QUEUE.equals(s.normalizedDestinationType())) {
            configureQueue(s.getDestination(), own);
        } else if (!own.isEmpty()) {
            f.setSubscriptionAttributes(s.getSubscriptionName(), own); // the subscription's queue is created with them
        }
        JaqsActivation a = new JaqsActivation(this, endpointFactory, s, f);
        if (activations.putIfAbsent(new Key(endpointFactory, spec), a) != null) {
            throw new jakarta.resource.spi.IllegalStateException("This endpoint is already activated with this spec");
        }
        try {
            a.start(workManager);
        } catch (ResourceException | RuntimeException e) {
            activations.remove(new Key(endpointFactory, spec));
            a.requestStop();
            a.awaitStopped(timeoutMillis());
            throw e;
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        JaqsActivation a = activations.remove(new Key(endpointFactory, spec));
        if (a != null) {
            a.requestStop();
            a.awaitStopped(timeoutMillis());
        }
    }

    /**
     * For the transaction manager's recovery: an XAResource on this adapter's store (every spec
     * receives from it, so one resource serves them all). Its {@code recover} lists the branches
     * prepared in the store, whichever connection or JVM prepared them, and {@code commit} /
     * {@code rollback} decide them. The same resource is returned on every call, until {@link #stop()}.
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) throws ResourceException {
        JaqsXAConnectionFactory f = factory;
        if (f == null || specs == null || specs.length == 0) {
            return new XAResource[0];
        }
        synchronized (recoveryConnections) {
            try {
                if (recoveryResource == null) {
                    XAConnection c = f.createXAConnection();
                    recoveryConnections.add(c);
                    recoveryResource = c.createXASession().getXAResource();
                    // once per adapter start: an operator (and the servers' tests) can see that recovery reached Jaqs
                    LOG.log(System.Logger.Level.INFO, "XA recovery: the transaction manager asked the Jaqs resource adapter for"
                            + " its XAResource (activation specs: " + java.util.Arrays.toString(specs) + ")");
                }
                return new XAResource[] {recoveryResource};
            } catch (JMSException e) {
                throw new ResourceAdapterInternalException("Cannot open a Jaqs connection for recovery: " + e.getMessage(), e);
            }
        }
    }

    java.util.concurrent.atomic.AtomicInteger runningCounter() {
        return running;
    }

    void idleWait() {
        idleWaits.incrementAndGet();
    }

    /** Receive timeouts that transacted consumers spent waiting on an empty queue, outside any transaction (monitoring, tests). */
    public long getIdleWaits() {
        return idleWaits.get();
    }

    /** Consumers of all activations now running (for monitoring and tests). */
    public int getRunningConsumers() {
        return running.get();
    }

    /** Equal when configured alike (JCA 2.1 §19.4.2: a ResourceAdapter JavaBean implements equals and hashCode). */
    @Override
    public boolean equals(Object o) {
        return o instanceof JaqsResourceAdapter r && r.getClass() == getClass() && sameSettings(r)
                && Objects.equals(shutdownTimeoutSeconds, r.shutdownTimeoutSeconds) && Objects.equals(queueAttributes, r.queueAttributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settingsHash(), shutdownTimeoutSeconds, queueAttributes);
    }

    private long timeoutMillis() {
        Integer s = shutdownTimeoutSeconds;
        return (s == null || s < 0 ? 30 : s) * 1000L;
    }

    private Object readResolve() {
        activations = new ConcurrentHashMap<>();
        recoveryConnections = new CopyOnWriteArrayList<>();
        running = new java.util.concurrent.atomic.AtomicInteger();
        idleWaits = new java.util.concurrent.atomic.AtomicLong();
        openedUrls = ConcurrentHashMap.newKeySet();
        factories = ConcurrentHashMap.newKeySet();
        configuredQueues = new ConcurrentHashMap<>();
        return this;
    }
}
