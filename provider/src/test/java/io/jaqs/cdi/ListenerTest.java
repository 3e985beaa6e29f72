package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JaqsListener} methods consume real messages while the container runs, and stop with it. */
class ListenerTest extends CdiTestSupport {
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final Set<String> LISTENER_THREADS = ConcurrentHashMap.newKeySet();
    static volatile CountDownLatch orders;
    static final List<Integer> FLAKY_COUNTS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch flaky;

    @BeforeEach
    void reset() {
        RECEIVED.clear();
        LISTENER_THREADS.clear();
        FLAKY_COUNTS.clear();
    }

    @ApplicationScoped
    static class Orders {
        @Inject
        JMSContext context;

        @JaqsListener(destination = "orders", concurrency = "2-4")
        void onOrder(String body) {
            RECEIVED.add(body);
            LISTENER_THREADS.add(Thread.currentThread().getName());
            context.createProducer().send(context.createQueue("shipped"), "shipped " + body);
            orders.countDown();
        }
    }

    @ApplicationScoped
    static class Flaky {
        @JaqsListener(destination = "flaky")
        void on(Message m) throws JMSException {
            FLAKY_COUNTS.add(m.getIntProperty("JMSXDeliveryCount"));
            flaky.countDown();
            if (!m.getJMSRedelivered()) {
                throw new IllegalStateException("first delivery fails");
            }
        }
    }

    static final List<String> ERRORS_SEEN = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch errors;

    /** Throws an Error (a failed assertion) on the first delivery of each message. */
    @ApplicationScoped
    static class ThrowsErrors {
        @JaqsListener(destination = "errors")
        void on(Message m) throws JMSException {
            ERRORS_SEEN.add(m.getBody(String.class) + "#" + m.getIntProperty("JMSXDeliveryCount"));
            errors.countDown();
            if (!m.getJMSRedelivered()) {
                throw new AssertionError("a failed check");
            }
        }
    }

    @ApplicationScoped
    static class BadConcurrency {
        @JaqsListener(destination = "bad", concurrency = "4-1")
        void on(Message m) {
        }
    }

    private void send(String queue, String... bodies) {
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            for (String b : bodies) {
                c.createProducer().send(c.createQueue(queue), b);
            }
        }
    }

    private List<String> drain(String queue) {
        List<String> out = new ArrayList<>();
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            var consumer = c.createConsumer(c.createQueue(queue));
            for (String s; (s = consumer.receiveBody(String.class, 500)) != null; ) {
                out.add(s);
            }
        }
        return out;
    }

    private static Set<String> jaqsConsumerThreads() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("jaqs-session-") || t.getName().startsWith("jaqs-connection-"))) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void listenerConsumesRealMessages() throws Exception {
        orders = new CountDownLatch(10);
        send("orders", "o0", "o1", "o2"); // sent before the container starts: consumed when it starts
        start(Orders.class);
        send("orders", "o3", "o4", "o5", "o6", "o7", "o8", "o9");
        assertTrue(orders.await(20, TimeUnit.SECONDS), "received only " + RECEIVED);
        List<String> sorted = new ArrayList<>(RECEIVED);
        sorted.sort(null);
        assertEquals(List.of("o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9"), sorted);
        assertFalse(LISTENER_THREADS.stream().anyMatch(n -> n.equals(Thread.currentThread().getName())));
        // the listener's injected JMSContext worked in the consumer threads
        List<String> shipped = drain("shipped");
        assertEquals(10, shipped.size(), shipped.toString());
    }

    @Test
    void aThrowingListenerGetsTheMessageRedelivered() throws Exception {
        flaky = new CountDownLatch(2);
        start(Flaky.class);
        send("flaky", "f");
        assertTrue(flaky.await(20, TimeUnit.SECONDS), "deliveries " + FLAKY_COUNTS);
        assertEquals(List.of(1, 2), FLAKY_COUNTS.subList(0, 2));
        container.shutdown();
        assertEquals(List.of(), drain("flaky"), "acknowledged after the successful redelivery");
    }

    @Test
    void anErrorInTheMethodIsAFailedDeliveryAndTheListenerGoesOn() throws Exception {
        ERRORS_SEEN.clear();
        errors = new CountDownLatch(2);
        start(ThrowsErrors.class);
        send("errors", "e1");
        assertTrue(errors.await(20, TimeUnit.SECONDS), "deliveries " + ERRORS_SEEN);
        errors = new CountDownLatch(2);
        send("errors", "e2"); // the same, single consumer: it survived the Error
        assertTrue(errors.await(20, TimeUnit.SECONDS), "deliveries " + ERRORS_SEEN);
        assertEquals(List.of("e1#1", "e1#2", "e2#1", "e2#2"), ERRORS_SEEN);
        container.shutdown();
        assertEquals(List.of(), drain("errors"), "acknowledged after the successful redeliveries");
    }

    @Test
    void consumersStopWithTheContainer() throws Exception {
        Set<String> before = jaqsConsumerThreads();
        orders = new CountDownLatch(1);
        start(Orders.class);
        send("orders", "first");
        assertTrue(orders.await(20, TimeUnit.SECONDS));
        Set<String> running = jaqsConsumerThreads();
        running.removeAll(before);
        assertEquals(2, running.stream().filter(n -> n.endsWith("-dispatch")).count(),
                "concurrency 2-4 starts 2 consuming sessions: " + running);

        container.shutdown();
        Set<String> left = jaqsConsumerThreads();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!before.containsAll(left) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = jaqsConsumerThreads();
        }
        left.removeAll(before);
        assertEquals(Set.of(), left, "no Jaqs consumer/session threads after shutdown");

        send("orders", "late");
        // no consumer thread is left (checked above), so nothing can take it: it is still in the queue
        assertEquals(List.of("first"), RECEIVED, "no consumption after shutdown");
        assertEquals(List.of("late"), drain("orders"), "the message sent after shutdown stays in the queue");
    }

    @ApplicationScoped
    static class News {
        @JaqsListener(destination = "news", topic = true, concurrency = "3")
        void on(String body) {
            RECEIVED.add(body);
            LISTENER_THREADS.add(Thread.currentThread().getName());
            orders.countDown();
        }
    }

    @Test
    void topicListenerConsumersShareOneSubscription() throws Exception {
        orders = new CountDownLatch(12);
        start(News.class);
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            for (int i = 0; i < 12; i++) {
                c.createProducer().send(c.createTopic("news"), "n" + i);
            }
        }
        assertTrue(orders.await(20, TimeUnit.SECONDS), "received only " + RECEIVED);
        container.shutdown();
        List<String> sorted = new ArrayList<>(RECEIVED);
        sorted.sort(null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add("n" + i);
        }
        expected.sort(null);
        assertEquals(expected, sorted, "each message once, not once per consumer");
    }

    @Test
    void invalidConcurrencyFailsDeployment() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> start(BadConcurrency.class));
        String all = TransactedListenerTest.messages(e);
        assertTrue(all.contains("concurrency '4-1'") && all.contains("need 1 <= min <= max"), all);
    }
}
