package io.jaqs.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Fan-out throughput (not a test; run by hand): persistent 1 KiB publishes to a topic with 10
 * durable subscriptions on an H2 file, against plain persistent sends to a queue on the same store,
 * with 1 and 8 producer threads. The core stores one copy per subscription (SNS into SQS queues);
 * this says what that costs. Running it again with a tiny body shows how much of the cost is the
 * copied body (what storing the body once would save) rather than the per-subscription rows every
 * design needs (each subscription has its own visibility and receive count).
 *
 * <pre>
 * java -cp provider/target/classes:provider/target/test-classes:$(deps) io.jaqs.jms.TopicFanoutBench \
 *     [messages=5000] [subscriptions=10] [body bytes=1024]
 * </pre>
 */
public final class TopicFanoutBench {
    private TopicFanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int subscriptions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int bodySize = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        byte[] body = new byte[bodySize];
        new java.util.Random(1).nextBytes(body);
        Path dir = Files.createTempDirectory("jaqs-fanout");
        String url = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        try {
            JaqsConnectionFactory factory = new JaqsConnectionFactory(url);
            factory.setClientID("fanout-bench");
            Topic topic = new JaqsTopic("bench-topic");
            Queue queue = new JaqsQueue("bench-queue");
            try (Connection c = factory.createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                for (int i = 0; i < subscriptions; i++) {
                    s.createDurableConsumer(topic, "sub-" + i).close();
                }
                s.createConsumer(queue).close(); // creates the queue
            }
            System.out.printf("H2 file store, %d persistent %d-byte messages, %d durable subscriptions%n", messages, bodySize,
                    subscriptions);
            run(factory, queue, body, Math.min(500, messages), 1); // warm-up
            run(factory, topic, body, Math.min(500, messages), 1);
            for (int threads : new int[] {1, 8}) {
                double sends = run(factory, queue, body, messages, threads);
                double publishes = run(factory, topic, body, messages, threads);
                System.out.printf("%d producer thread(s): queue sends %,.0f/s | topic publishes %,.0f/s = %,.0f copies/s"
                        + " (copies/s is %.1fx the queue's sends/s)%n", threads, sends, publishes, publishes * subscriptions,
                        publishes * subscriptions / sends);
            }
            long stored = factory.getSubscriptions("bench-topic").stream()
                    .mapToLong(TopicSubscriptionInfo::approximateNumberOfMessages).sum();
            System.out.printf("copies stored: %,d%n", stored);
        } finally {
            BrokerRegistry.shutdown(url);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Sends {@code messages} in all from {@code threads} producers (own connection each); returns messages per second. */
    private static double run(JaqsConnectionFactory factory, jakarta.jms.Destination to, byte[] body, int messages, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Connection> connections = new ArrayList<>();
        List<MessageProducer> producers = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Connection c = factory.createConnection();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(to);
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            connections.add(c);
            sessions.add(s);
            producers.add(p);
        }
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            int share = messages / threads + (t < messages % threads ? 1 : 0);
            done.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    BytesMessage m = sessions.get(me).createBytesMessage();
                    m.writeBytes(body);
                    producers.get(me).send(m); // returns once stored (in every subscription, for the topic)
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException ignored) {
                // measuring only
            }
        }
        return messages / seconds;
    }
}
