package io.jaqs.ra;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.transaction.xa.XAResource;

/**
 * The Jaqs resource adapter: its settings ({@link JaqsConfig}: store URL, durability, users...)
 * are the defaults of its managed connection factories and the settings of its inbound consumers.
 * Each endpoint activation ({@link JaqsActivationSpec}) runs its consumers as Work of the
 * container's WorkManager (own threads when there is none); {@link #stop()} and deactivation stop
 * them cleanly: a delivery in progress completes, messages received and not delivered go back to
 * the queue, a transaction not completed is rolled back by the store.
 */
public class JaqsResourceAdapter extends JaqsConfig implements ResourceAdapter {
    private static final long serialVersionUID = 1L;

    private transient volatile WorkManager workManager;
    private transient volatile JaqsXAConnectionFactory factory;
    private transient Map<Key, JaqsActivation> activations = new ConcurrentHashMap<>();
    private transient List<XAConnection> recoveryConnections = new CopyOnWriteArrayList<>();
    private transient XAResource recoveryResource;
    private transient java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    /** Waits of transacted consumers that found no message within receiveTimeout (and began no transaction). */
    private transient java.util.concurrent.atomic.AtomicLong idleWaits = new java.util.concurrent.atomic.AtomicLong();
    private Integer shutdownTimeoutSeconds = 30;

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

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        try {
            factory = toFactory(null);
            // inbound connections take their activation spec's clientId (an unshared durable subscription's);
            // the adapter's clientId is the default of its connection definitions (outbound) only: on the
            // consumer connections it would make a durable MDB's setClientID fail (a client id is set once)
            factory.setClientID(null);
            if (getPrefetch() == null) {
                factory.setPrefetch(1); // an MDB consumer holds no more than the message it delivers, unless configured
            }
            factory.getBroker(); // opens the store now: a wrong URL fails the deployment, not the first message
        } catch (IllegalArgumentException | JMSException e) {
            throw new ResourceAdapterInternalException("Cannot start the Jaqs resource adapter: " + e.getMessage(), e);
        }
        workManager = ctx == null ? null : ctx.getWorkManager();
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

    private long timeoutMillis() {
        Integer s = shutdownTimeoutSeconds;
        return (s == null || s < 0 ? 30 : s) * 1000L;
    }

    private Object readResolve() {
        activations = new ConcurrentHashMap<>();
        recoveryConnections = new CopyOnWriteArrayList<>();
        running = new java.util.concurrent.atomic.AtomicInteger();
        idleWaits = new java.util.concurrent.atomic.AtomicLong();
        return this;
    }
}
