package io.jaqs.bench;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A system behind plain jakarta.jms: every producer and consumer has its own connection and
 * session (one per thread), sends are PERSISTENT, consumers use CLIENT_ACKNOWLEDGE and acknowledge
 * each message, or a transacted session. Subclasses start and stop the system and say what it lacks.
 */
abstract class JmsDriver implements Driver {
    static final int PREFILL_BATCH = 500;
    static final int PREFILL_THREADS = 4;

    private final String system;
    private final String durability;
    protected ConnectionFactory factory;
    private final List<Connection> open = new ArrayList<>();

    JmsDriver(String system, String durability) {
        this.system = system;
        this.durability = durability;
    }

    @Override
    public String system() {
        return system;
    }

    @Override
    public String durability() {
        return durability;
    }

    /** Whether FIFO sends carry JMS_SQS_DeduplicationId (SQS-shaped systems). */
    boolean fifoDedupProperty() {
        return false;
    }

    @Override
    public String unsupported(String workload) {
        return null;
    }

    @Override
    public String queue(String base, boolean fifo) throws Exception {
        return fifo ? base + ".fifo" : base;
    }

    Connection connect(String clientId) throws Exception {
        Connection c = factory.createConnection();
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        synchronized (open) {
            open.add(c);
        }
        return c;
    }

    /** Closes a connection a producer or consumer owned. */
    void release(Connection c) throws Exception {
        synchronized (open) {
            open.remove(c);
        }
        c.close();
    }

    @Override
    public Producer producer(String queue, boolean transacted) throws Exception {
        Connection c = connect(null);
        Session s = c.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue(queue));
        return new JmsProducer(c, s, p, true);
    }

    @Override
    public Consumer consumer(String queue, boolean transacted) throws Exception {
        Connection c = connect(null);
        Session s = c.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.CLIENT_ACKNOWLEDGE);
        return new JmsConsumer(c, s, s.createConsumer(s.createQueue(queue)), true);
    }

    /** Prefill: transacted sessions, 500 messages per commit, 4 threads (FIFO: each thread owns 25 groups). */
    @Override
    public long prefill(String queue, boolean fifo, long n, long deadlineNanos) throws Exception {
        AtomicLong left = new AtomicLong(n);
        AtomicLong sent = new AtomicLong();
        Parallel.run(PREFILL_THREADS, t -> {
            try (Producer p = producer(queue, true)) {
                long[] seq = new long[100];
                int g = t;
                while (System.nanoTime() < deadlineNanos) {
                    long take = Math.min(PREFILL_BATCH, left.getAndAdd(-PREFILL_BATCH));
                    if (take <= 0) {
                        break;
                    }
                    for (int i = 0; i < take; i++) {
                        if (fifo) {
                            p.send(Bodies.fifo(g, seq[g]), Bodies.group(g), queue + "-" + g + "-" + seq[g]);
                            seq[g]++;
                            g += PREFILL_THREADS;
                            if (g >= 100) {
                                g = t;
                            }
                        } else {
                            p.send(Bodies.PLAIN, null, null);
                        }
                    }
                    p.commit();
                    sent.addAndGet(take);
                }
            }
        });
        return sent.get();
    }

    @Override
    public FanOut fanout(String topicName, int subscribers) throws Exception {
        Connection subs = connect("bench-" + topicName);
        List<Consumer> consumers = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Session s = subs.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Topic topic = s.createTopic(topicName);
            consumers.add(new JmsConsumer(subs, s, s.createDurableConsumer(topic, "sub" + i), false));
        }
        Connection pc = connect(null);
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Producer publisher = new JmsProducer(pc, ps, ps.createProducer(ps.createTopic(topicName)), true);
        return new FanOut() {
            @Override
            public Producer publisher() {
                return publisher;
            }

            @Override
            public List<Consumer> subscribers() {
                return consumers;
            }

            @Override
            public void close() throws Exception {
                publisher.close();
                release(subs);
            }
        };
    }

    /**
     * Closes a consumer, then its session and connection when it owned them (in that order: an
     * Artemis connection closed right after an asynchronous acknowledge otherwise logs AMQ224016).
     */
    void closeConsumer(MessageConsumer consumer, Session session, Connection connection) throws Exception {
        consumer.close();
        if (session != null) {
            session.close();
            release(connection);
        }
    }

    /** Closes connections the workloads left open. */
    void closeConnections() {
        List<Connection> left;
        synchronized (open) {
            left = new ArrayList<>(open);
            open.clear();
        }
        for (Connection c : left) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    final class JmsProducer implements Producer {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;
        private final boolean ownsConnection;

        JmsProducer(Connection connection, Session session, MessageProducer producer, boolean ownsConnection) throws Exception {
            this.connection = connection;
            this.session = session;
            this.producer = producer;
            this.ownsConnection = ownsConnection;
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        }

        @Override
        public void send(String body, String group, String dedup) throws Exception {
            TextMessage m = session.createTextMessage(body);
            if (group != null) {
                m.setStringProperty("JMSXGroupID", group);
                if (fifoDedupProperty()) {
                    m.setStringProperty("JMS_SQS_DeduplicationId", dedup);
                }
            }
            producer.send(m);
        }

        @Override
        public void commit() throws Exception {
            session.commit();
        }

        @Override
        public void close() throws Exception {
            if (ownsConnection) {
                release(connection);
            } else {
                session.close();
            }
        }
    }

    final class JmsConsumer implements Consumer {
        private final Connection connection;
        private final Session session;
        private final MessageConsumer consumer;
        private final boolean ownsConnection;
        private Message last;

        JmsConsumer(Connection connection, Session session, MessageConsumer consumer, boolean ownsConnection) {
            this.connection = connection;
            this.session = session;
            this.consumer = consumer;
            this.ownsConnection = ownsConnection;
        }

        @Override
        public String receive(long timeoutMillis) throws Exception {
            Message m = consumer.receive(timeoutMillis);
            if (m == null) {
                return null;
            }
            last = m;
            return ((TextMessage) m).getText();
        }

        @Override
        public void ack() throws Exception {
            if (last != null) {
                last.acknowledge();
            }
        }

        @Override
        public void commit() throws Exception {
            session.commit();
        }

        @Override
        public void close() throws Exception {
            closeConsumer(consumer, ownsConnection ? session : null, ownsConnection ? connection : null);
        }
    }
}
