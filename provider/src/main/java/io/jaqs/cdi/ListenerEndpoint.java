package io.jaqs.cdi;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.Scheduler;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.tracing.MessagingTracing;
import io.jaqs.jms.TopicSubscriptionInfo;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@link JaqsListener} method: a connection and a pool of consumers (one session each) calling
 * it, between {@code min} and {@code max} of them. {@link #scale()} is the pool's decision step; it
 * runs every {@code jaqs.listener.scaleIntervalMillis} on the broker's clock (so a test driving the
 * broker with a ManualClock decides when it runs).
 *
 * <p>Without {@code transacted} a consumer is an AUTO_ACKNOWLEDGE session with a MessageListener
 * (no thread is held while the queue is empty). With it, a consumer is an XA session and a thread
 * that, in a loop, begins a JTA transaction, enlists the session, receives (waiting up to
 * {@link #POLL_MILLIS}) and, when a message came, invokes the method, then commits (rolls back when
 * the method threw): the receive is undone with everything else the method did in the transaction.
 */
final class ListenerEndpoint {
    private static final Logger LOG = Logger.getLogger(ListenerEndpoint.class.getName());
    /** How long a transacted consumer waits for a message in one (otherwise empty) transaction. */
    static final long POLL_MILLIS = 1000;

    final Bean<?> bean;
    final Method method;
    final JaqsListener listener;
    final int min;
    final int max;
    private final List<Consumer> consumers = new CopyOnWriteArrayList<>();
    private JaqsExtension extension;
    private Connection connection;
    private CreationalContext<?> creational;
    private Object target;
    private Instance<RequestContextController> requests;
    private JaqsConnectionFactory factory;
    private TxContexts tx;
    private Scheduler scheduler;
    private Scheduler.Cancellable nextStep;
    private java.time.Clock clock;
    private Duration interval;
    private int idleIntervals;
    private volatile boolean running;
    private int created;

    ListenerEndpoint(Bean<?> bean, Method method, JaqsListener listener) {
        if (method.getParameterCount() != 1) {
            throw new IllegalArgumentException("@JaqsListener method " + method + " must take exactly one parameter");
        }
        this.bean = bean;
        this.method = method;
        this.listener = listener;
        int[] c = concurrency(listener.concurrency()); // validated at deployment
        this.min = c[0];
        this.max = c[1];
        method.setAccessible(true);
    }

    /** {@code "n"} or {@code "min-max"} → {min, max}. */
    static int[] concurrency(String spec) {
        String s = spec.trim();
        int dash = s.indexOf('-');
        int min;
        int max;
        try {
            min = Integer.parseInt((dash < 0 ? s : s.substring(0, dash)).trim());
            max = dash < 0 ? min : Integer.parseInt(s.substring(dash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("@JaqsListener concurrency '" + spec + "' is not \"n\" or \"min-max\"");
        }
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("@JaqsListener concurrency '" + spec + "': need 1 <= min <= max");
        }
        return new int[] {min, max};
    }

    /** The shared subscription of a topic listener: one per listener method. */
    String subscriptionName() {
        return "jaqs-listener-" + method.getDeclaringClass().getName() + "." + method.getName();
    }

    synchronized void start(JaqsExtension extension, BeanManager bm, TxContexts tx) throws JMSException {
        if (listener.transacted() && tx == null) {
            throw new IllegalStateException("@JaqsListener(transacted = true) on " + method
                    + " needs a JTA TransactionManager: provide a CDI bean of type jakarta.transaction.TransactionManager"
                    + " or set jaqs.jta.transactionManager");
        }
        this.extension = extension;
        this.tx = listener.transacted() ? tx : null;
        JaqsConfig config = extension.config();
        interval = Duration.ofMillis(config.intValue("jaqs.listener.scaleIntervalMillis", 1000, 1));
        idleIntervals = config.intValue("jaqs.listener.idleIntervals", 5, 1);
        creational = bm.createCreationalContext(bean);
        target = bm.getReference(bean, bean.getBeanClass(), creational);
        requests = bm.createInstance().select(RequestContextController.class);
        String cf = listener.connectionFactory();
        String user = config.user(cf);
        String password = config.password(cf);
        factory = listener.transacted() ? extension.xaFactory(cf) : extension.factory(cf);
        connection = listener.transacted() ? extension.xaFactory(cf).createXAConnection(user, password)
                : factory.createConnection(user, password);
        running = true;
        try {
            for (int i = 0; i < min; i++) {
                addConsumer();
            }
            connection.start();
            if (max > min) {
                clock = factory.getBroker().clock();
                scheduler = Scheduler.forClock(clock);
                scheduleStep();
            }
        } catch (JMSException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void scheduleStep() {
        nextStep = scheduler.schedule(clock.instant().plus(interval), () -> {
            try {
                scale();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "@JaqsListener " + method + ": resizing the consumer pool failed", e);
            } finally {
                synchronized (this) {
                    if (running) {
                        scheduleStep();
                    }
                }
            }
        });
    }

    /**
     * One decision of the pool size: one consumer more when messages wait in the queue and no
     * consumer was idle during the interval (all were at work and still could not keep up); one
     * fewer (never below min) when no message waits and a consumer delivered nothing for
     * {@code idleIntervals} intervals. Returns the number of consumers after it.
     */
    synchronized int scale() {
        if (!running) {
            return 0;
        }
        boolean someoneIdle = false;
        for (Consumer c : consumers) {
            long d = c.deliveries.get();
            boolean idle = d == c.seenDeliveries && c.busy == 0;
            c.seenDeliveries = d;
            c.idleIntervals = idle ? c.idleIntervals + 1 : 0;
            someoneIdle |= idle;
        }
        long waiting = waitingMessages();
        if (waiting > 0 && !someoneIdle && consumers.size() < max) {
            try {
                addConsumer();
            } catch (JMSException e) {
                LOG.log(Level.WARNING, "@JaqsListener " + method + ": cannot start one more consumer", e);
            }
        } else if (waiting == 0 && consumers.size() > min) {
            for (int i = consumers.size() - 1; i >= 0; i--) {
                Consumer c = consumers.get(i);
                if (c.idleIntervals >= idleIntervals) {
                    consumers.remove(i);
                    c.close();
                    break;
                }
            }
        }
        return consumers.size();
    }

    /** Messages ready for delivery in the queue (the shared subscription's queue for a topic). */
    private long waitingMessages() {
        try {
            if (listener.topic()) {
                for (TopicSubscriptionInfo s : factory.getSubscriptions(listener.destination())) {
                    if (s.name().equals(subscriptionName())) {
                        return s.approximateNumberOfMessages();
                    }
                }
                return 0;
            }
            return factory.getBroker().approximateCounts(QueueName.fromUrl(listener.destination())).visible();
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.FINE, "@JaqsListener " + method + ": cannot read the queue's counts", e);
            return 0;
        }
    }

    /** Number of consumers now. */
    int consumerCount() {
        return consumers.size();
    }

    /** Number of consumers inside an invocation of the method now. */
    int busyCount() {
        int n = 0;
        for (Consumer c : consumers) {
            n += c.busy;
        }
        return n;
    }

    private void addConsumer() throws JMSException {
        Consumer c = listener.transacted() ? new TransactedConsumer(++created) : new AsyncConsumer();
        consumers.add(c);
        try {
            c.open();
        } catch (JMSException | RuntimeException e) {
            consumers.remove(c);
            c.close();
            throw e;
        }
    }

    private MessageConsumer createConsumer(Session session) throws JMSException {
        String selector = listener.selector().isEmpty() ? null : listener.selector();
        if (listener.topic()) {
            Topic t = session.createTopic(listener.destination());
            return session.createSharedConsumer(t, subscriptionName(), selector);
        }
        Destination q = session.createQueue(listener.destination());
        return session.createConsumer(q, selector);
    }

    /** Calls the method for one message, inside a new request context. */
    private void invoke(Message m) throws Exception {
        Class<?> param = method.getParameterTypes()[0];
        Object arg = param.isInstance(m) ? m : m.getBody(param);
        RequestContextController request = requests.get();
        boolean activated = request.activate();
        MessagingTracing.Span span = MessagingTracing.get().startProcess(m);
        try {
            method.invoke(target, arg);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            span.error(cause);
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } finally {
            span.close();
            span.end();
            if (activated) {
                request.deactivate();
            }
            requests.destroy(request);
        }
    }

    /** Closes the consumers (waiting for running deliveries) and the connection. */
    void stop() {
        List<Consumer> toClose;
        synchronized (this) {
            running = false;
            if (nextStep != null) {
                nextStep.cancel();
                nextStep = null;
            }
            if (scheduler != null) {
                scheduler.close();
                scheduler = null;
            }
            toClose = new ArrayList<>(consumers);
            consumers.clear();
        }
        toClose.forEach(Consumer::close);
        synchronized (this) {
            if (connection != null) {
                JaqsExtension.closeQuietly(connection);
                connection = null;
            }
            if (creational != null) {
                creational.release();
                creational = null;
            }
        }
    }

    /** One consumer of the pool and what the decision step needs to know of it. */
    private abstract static class Consumer {
        final AtomicLong deliveries = new AtomicLong();
        /** 1 while the method runs for one of its messages. */
        volatile int busy;
        long seenDeliveries;
        int idleIntervals;

        abstract void open() throws JMSException;

        abstract void close();
    }

    /** AUTO_ACKNOWLEDGE session with a MessageListener: a method that throws gets the message redelivered. */
    private final class AsyncConsumer extends Consumer {
        private Session session;

        @Override
        void open() throws JMSException {
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            createConsumer(session).setMessageListener(m -> {
                deliveries.incrementAndGet();
                busy = 1;
                try {
                    invoke(m);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                } finally {
                    busy = 0;
                }
            });
        }

        @Override
        void close() {
            if (session != null) {
                JaqsExtension.closeQuietly(session); // waits for a running onMessage
            }
        }
    }

    /** XA session and a thread: begin, enlist, receive, invoke, commit (rollback when the method threw). */
    private final class TransactedConsumer extends Consumer {
        private final int number;
        private XASession session;
        private MessageConsumer consumer;
        private Thread thread;
        private volatile boolean open;

        TransactedConsumer(int number) {
            this.number = number;
        }

        @Override
        void open() throws JMSException {
            session = ((XAConnection) connection).createXASession();
            consumer = createConsumer(session);
            open = true;
            thread = new Thread(this::run, "jaqs-listener-" + method.getName() + "-" + number);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (open) {
                try {
                    tx.inTransaction(session.getXAResource(), () -> {
                        Message m = consumer.receive(POLL_MILLIS);
                        if (m == null) {
                            return null;
                        }
                        deliveries.incrementAndGet();
                        busy = 1;
                        try {
                            invoke(m);
                        } finally {
                            busy = 0;
                        }
                        return null;
                    });
                } catch (Exception e) {
                    if (open) {
                        LOG.log(Level.WARNING, "@JaqsListener " + method + " failed; its transaction was rolled back"
                                + " and the message will be redelivered", e);
                    }
                } catch (Error e) {
                    LOG.log(Level.SEVERE, "@JaqsListener " + method + " failed; its transaction was rolled back", e);
                }
            }
        }

        @Override
        void close() {
            open = false;
            if (consumer != null) {
                JaqsExtension.closeQuietly(consumer); // ends a waiting receive
            }
            if (thread != null && thread != Thread.currentThread()) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (session != null) {
                JaqsExtension.closeQuietly(session);
            }
        }
    }
}
