package io.jaqs.ra;

import io.jaqs.jms.JaqsMessageConsumer;
import io.jaqs.jms.JaqsXAConnectionFactory;
import io.jaqs.jms.RedeliveryLog;
import io.jaqs.jms.tracing.MessagingTracing;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAResource;

/**
 * One endpoint activation: {@link JaqsActivationSpec#consumers()} consumers, each a Work with its
 * own connection, session and message endpoint, receiving one message at a time.
 * <p>
 * Transacted delivery ({@code isDeliveryTransacted(onMessage)}, e.g. a container-managed
 * REQUIRED MDB): the endpoint is created with the session's XAResource. The consumer first waits,
 * outside any transaction, until a message is held for it (claimed in the store, not delivered);
 * only then does it call {@code beforeDelivery}, receive that message, and call
 * {@code afterDelivery}, so the container's transaction covers the receive that consumes it and an
 * idle queue opens no transactions: a rollback makes the message visible again, redelivered with
 * JMSXDeliveryCount raised. Otherwise the session is CLIENT_ACKNOWLEDGE: the message is acknowledged after onMessage
 * returns, and recovered (redelivered) when it throws.
 */
final class JaqsActivation {
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final System.Logger LOG = System.getLogger(JaqsActivation.class.getName());
    private static final String BROKER_CLOSED = io.jaqs.broker.ErrorCode.BROKER_CLOSED.sqsCode();
    /** First wait before asking the container again for a message endpoint it said is unavailable. */
    static final long ENDPOINT_RETRY_FIRST_MILLIS = 50;
    /** The longest wait between two such requests. */
    static final long ENDPOINT_RETRY_MAX_MILLIS = 5_000;
    /** A WARNING is logged each time the container has refused endpoints this much longer. */
    static final long ENDPOINT_WARN_AFTER_MILLIS = 120_000;

    private final JaqsResourceAdapter ra;
    private final MessageEndpointFactory endpointFactory;
    private final JaqsActivationSpec spec;
    private final JaqsXAConnectionFactory factory;
    private final List<Consumer> consumers = new ArrayList<>();
    private volatile boolean stopping;

    JaqsActivation(JaqsResourceAdapter ra, MessageEndpointFactory endpointFactory, JaqsActivationSpec spec,
            JaqsXAConnectionFactory factory) {
        this.ra = ra;
        this.endpointFactory = endpointFactory;
        this.spec = spec;
        this.factory = factory;
    }

    void start(WorkManager workManager) throws ResourceException {
        boolean transacted;
        try {
            transacted = endpointFactory.isDeliveryTransacted(ON_MESSAGE);
        } catch (NoSuchMethodException e) {
            throw new jakarta.resource.NotSupportedException("The endpoint is not a jakarta.jms.MessageListener", e);
        }
        int n = spec.consumers();
        for (int i = 0; i < n; i++) {
            Consumer c = new Consumer(i, transacted);
            c.open(); // fails the activation at once on a bad destination, selector or credentials; the endpoint comes in run()
            synchronized (consumers) {
                consumers.add(c);
            }
            if (workManager != null) {
                try {
                    workManager.scheduleWork(c, WorkManager.INDEFINITE, null, null);
                } catch (WorkException e) {
                    c.closeQuietly();
                    throw e;
                }
            } else {
                Thread t = new Thread(c, "jaqs-ra " + spec.getDestination() + " #" + i);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    void requestStop() {
        stopping = true;
        synchronized (consumers) {
            consumers.forEach(Consumer::release);
        }
    }

    void awaitStopped(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<Consumer> all;
        synchronized (consumers) {
            all = new ArrayList<>(consumers);
        }
        for (Consumer c : all) {
            c.awaitStopped(deadline);
        }
    }

    /** One consumer: a connection, a session, a message endpoint and the loop that feeds it. */
    private final class Consumer implements Work {
        private final int index;
        private final boolean transacted;
        private final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch stopSignal = new CountDownLatch(1);
        private volatile boolean released;
        private XAConnection connection;
        private Session session;
        private MessageConsumer consumer;
        private MessageEndpoint endpoint;
        private XAResource xaResource;

        Consumer(int index, boolean transacted) {
            this.index = index;
            this.transacted = transacted;
        }

        void open() throws ResourceException {
            try {
                String user = spec.getUser() != null ? spec.getUser() : factory.getUser();
                String password = spec.getUser() != null ? spec.getPassword() : factory.getPassword();
                connection = factory.createXAConnection(user, password);
                if (spec.getClientId() != null && spec.durable() && !spec.isShared()) {
                    connection.setClientID(spec.getClientId());
                }
                XAResource xa = null;
                if (transacted) {
                    XASession xs = connection.createXASession();
                    session = xs;
                    xa = xs.getXAResource();
                } else {
                    session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
                }
                consumer = createConsumer();
                this.xaResource = xa;
            } catch (JMSException | RuntimeException e) {
                closeQuietly();
                throw new ResourceException("Cannot start receiving from " + spec.getDestination() + " for "
                        + endpointFactory.getActivationName() + ": " + e.getMessage(), e);
            }
        }

        /**
         * Creates the message endpoint, in this consumer's own Work and not on the thread that
         * activated it: Open Liberty refuses an endpoint to the activating thread and GlassFish
         * cannot make one until the application's deployment has finished, which waits for
         * endpointActivation. While the container answers UnavailableException this retries, waiting
         * {@link #ENDPOINT_RETRY_FIRST_MILLIS} then doubling up to {@link #ENDPOINT_RETRY_MAX_MILLIS};
         * it logs at INFO the first time and at WARNING once every {@link #ENDPOINT_WARN_AFTER_MILLIS}.
         *
         * @return false if stopped before the endpoint could be made
         */
        private boolean createEndpoint() throws ResourceException {
            long wait = ENDPOINT_RETRY_FIRST_MILLIS;
            long started = System.nanoTime();
            long nextWarning = ENDPOINT_WARN_AFTER_MILLIS;
            int attempts = 0;
            while (!stopping && !released) {
                try {
                    MessageEndpoint e = endpointFactory.createEndpoint(xaResource);
                    synchronized (this) {
                        endpoint = e;
                    }
                    if (attempts > 0) {
                        LOG.log(System.Logger.Level.INFO, "Jaqs consumer " + index + " of " + spec + " got its message endpoint after "
                                + attempts + " unavailable answers");
                    }
                    return true;
                } catch (jakarta.resource.spi.UnavailableException e) {
                    attempts++;
                    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    if (attempts == 1) {
                        LOG.log(System.Logger.Level.INFO, "The container cannot make a message endpoint for " + spec
                                + " yet (" + e.getMessage() + "); consumer " + index + " retries");
                    } else if (waited >= nextWarning) {
                        LOG.log(System.Logger.Level.WARNING, "The container still cannot make a message endpoint for " + spec
                                + " after " + waited / 1000 + " s (" + attempts + " attempts): " + e.getMessage());
                        nextWarning += ENDPOINT_WARN_AFTER_MILLIS;
                    }
                    pause(wait);
                    wait = Math.min(wait * 2, ENDPOINT_RETRY_MAX_MILLIS);
                }
            }
            return false;
        }

        private MessageConsumer createConsumer() throws JMSException {
            String selector = spec.getMessageSelector();
            if (JaqsActivationSpec.TOPIC.equals(spec.normalizedDestinationType())) {
                Topic topic = session.createTopic(spec.getDestination());
                String name = spec.getSubscriptionName();
                if (spec.durable()) {
                    return spec.isShared() ? session.createSharedDurableConsumer(topic, name, selector)
                            : session.createDurableConsumer(topic, name, selector, false);
                }
                return spec.isShared() ? session.createSharedConsumer(topic, name, selector)
                        : session.createConsumer(topic, selector);
            }
            Destination queue = session.createQueue(spec.getDestination());
            return session.createConsumer(queue, selector);
        }

        @Override
        public void run() {
            ra.runningCounter().incrementAndGet();
            try {
                try {
                    if (!createEndpoint()) {
                        return;
                    }
                    connection.start();
                } catch (ResourceException | JMSException | RuntimeException e) {
                    if (!stopping && !released) {
                        LOG.log(System.Logger.Level.ERROR, "Jaqs consumer " + index + " of " + spec
                                + " cannot start: the container gave no message endpoint", e);
                    }
                    return;
                }
                while (!stopping && !released) {
                    try {
                        if (transacted) {
                            deliverTransacted();
                        } else {
                            deliverAcknowledged();
                        }
                    } catch (JMSException | RuntimeException | Error e) {
                        if (stopping || released) {
                            break;
                        }
                        // an Error too: this consumer must not end while the activation lives
                        if (e instanceof JMSException j && BROKER_CLOSED.equals(j.getErrorCode())) {
                            // the JVM is exiting (the provider's shutdown hook closed the store before the
                            // server deactivated this endpoint): nothing to retry, nothing lost
                            LOG.log(System.Logger.Level.INFO, "Jaqs consumer " + index + " of " + spec + " ends: its store was closed");
                            break;
                        }
                        LOG.log(System.Logger.Level.WARNING, "Jaqs consumer " + index + " of " + spec + " failed; retrying", e);
                        backOff();
                    }
                }
            } finally {
                closeQuietly();
                ra.runningCounter().decrementAndGet();
                done.countDown();
            }
        }

        /**
         * Waits outside any transaction until a message is held for this consumer (fetched from the
         * store, invisible to others, not yet delivered), then opens the container's transaction and
         * receives it in there: the delete that consumes it is the transaction's. An idle queue thus
         * costs no transactions, only the consumer's long poll.
         */
        private void deliverTransacted() throws JMSException {
            if (!((JaqsMessageConsumer) consumer).awaitMessage(spec.getReceiveTimeout())) {
                ra.idleWait();
                return;
            }
            try {
                endpoint.beforeDelivery(ON_MESSAGE);
            } catch (NoSuchMethodException | ResourceException e) {
                throw new IllegalStateException("beforeDelivery failed: " + e.getMessage(), e);
            }
            try {
                Message m = consumer.receiveNoWait(); // the message held, unless it expired meanwhile
                if (m != null) {
                    MessagingTracing.Span span = MessagingTracing.get().startProcess(m);
                    try {
                        ((MessageListener) endpoint).onMessage(m);
                    } catch (Throwable t) {
                        // an Error too: the container marked its transaction for rollback, afterDelivery
                        // rolls it back, and this consumer goes on delivering
                        span.error(t);
                        failed(m, t);
                    } finally {
                        span.close();
                        span.end();
                    }
                }
            } finally {
                try {
                    endpoint.afterDelivery();
                } catch (ResourceException e) {
                    LOG.log(System.Logger.Level.WARNING, "afterDelivery failed: the message will be redelivered", e);
                }
            }
        }

        private void deliverAcknowledged() throws JMSException {
            Message m = consumer.receive(spec.getReceiveTimeout());
            if (m == null) {
                return;
            }
            MessagingTracing.Span span = MessagingTracing.get().startProcess(m);
            try {
                ((MessageListener) endpoint).onMessage(m);
            } catch (Throwable t) {
                // an Error too: the message is redelivered (after the redelivery backoff) and this consumer goes on
                span.error(t);
                failed(m, t);
                session.recover();
                return;
            } finally {
                span.close();
                span.end();
            }
            m.acknowledge();
        }

        /** One rate-limited line per failed delivery (a poison message must not flood the server log). */
        private void failed(Message m, Throwable t) {
            int count = 0;
            String id = null;
            try {
                id = m.getJMSMessageID();
                count = m.getIntProperty("JMSXDeliveryCount");
            } catch (JMSException | RuntimeException e) {
                // the line goes without them
            }
            RedeliveryLog.failed("onMessage of " + endpointFactory.getActivationName(), id, count, -1, t);
        }

        /** After a failure: wait a second, or less if stopped meanwhile. */
        private void backOff() {
            pause(1000);
        }

        /** Waits, returning early when the consumer is stopped. */
        private void pause(long millis) {
            try {
                stopSignal.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                released = true;
            }
        }

        /** Work.release and stop: makes a receive in progress return; the loop then ends. */
        @Override
        public void release() {
            released = true;
            stopSignal.countDown();
            MessageConsumer c = consumer;
            if (c != null) {
                try {
                    c.close(); // a receive waiting in another thread returns null; prefetched messages go back
                } catch (JMSException | RuntimeException e) {
                    // closing anyway
                }
            }
        }

        void awaitStopped(long deadlineNanos) {
            try {
                long left = deadlineNanos - System.nanoTime();
                if (!done.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "Jaqs consumer " + index + " of " + spec
                            + " did not finish its delivery in time; closing its connection (its message will be redelivered)");
                    closeQuietly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly();
            }
        }

        synchronized void closeQuietly() {
            if (endpoint != null) {
                try {
                    endpoint.release();
                } catch (RuntimeException e) {
                    // the container discards it anyway
                }
                endpoint = null;
            }
            if (connection != null) {
                try {
                    connection.close(); // un-acknowledged messages become visible again
                } catch (JMSException | RuntimeException e) {
                    // nothing more to release
                }
                connection = null;
            }
        }
    }
}
