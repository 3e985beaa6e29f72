package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.ManualClock;
import io.jaqs.jms.JaqsConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.JMSContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer pool of {@code concurrency = "min-max"} grows while messages wait and every
 * consumer is at work, and shrinks back to min when idle. The broker runs on a {@link ManualClock},
 * so each decision step runs exactly when the test advances the clock by one interval.
 */
class ListenerScalingTest extends CdiTestSupport {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger DONE = new AtomicInteger();
    static final Set<String> BODIES = ConcurrentHashMap.newKeySet();
    static volatile CountDownLatch gate;
    static final Duration INTERVAL = Duration.ofMillis(1000);
    final ManualClock clock = new ManualClock();

    @BeforeEach
    void brokerOnAManualClock() throws Exception {
        INSIDE.set(0);
        DONE.set(0);
        BODIES.clear();
        gate = new CountDownLatch(0);
        setProperty("jaqs.listener.scaleIntervalMillis", "1000");
        setProperty("jaqs.listener.idleIntervals", "2");
        // the first factory of a store URL makes its broker: the extension's factories share it, and its clock
        JaqsConnectionFactory f = new JaqsConnectionFactory(url);
        f.setClock(clock);
        f.getBroker();
    }

    @AfterEach
    void openTheGate() {
        gate.countDown();
    }

    @ApplicationScoped
    static class Work {
        @JaqsListener(destination = "work", concurrency = "1-3")
        void on(String body) throws InterruptedException {
            INSIDE.incrementAndGet();
            try {
                assertTrue(gate.await(30, TimeUnit.SECONDS));
                BODIES.add(body);
            } finally {
                INSIDE.decrementAndGet();
                DONE.incrementAndGet();
            }
        }
    }

    private void send(String queue, int n, String prefix) {
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            for (int i = 0; i < n; i++) {
                c.createProducer().send(c.createQueue(queue), prefix + i);
            }
        }
    }

    /** Bounded wait for the listener's threads (real time); fails with the message when it does not happen. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(10);
        }
    }

    private ListenerEndpoint endpoint() {
        return container.select(JaqsExtension.class).get().endpoints().get(0);
    }

    /** One decision step: the clock moves one interval and the step runs in this thread before advance returns. */
    private int step() {
        clock.advance(INTERVAL);
        return endpoint().consumerCount();
    }

    @Test
    void growsUnderBacklogUpToMaxAndShrinksBackToMinWhenIdle() throws Exception {
        gate = new CountDownLatch(1); // every invocation blocks until the gate opens
        send("work", 40, "m");
        start(Work.class);
        ListenerEndpoint e = endpoint();
        assertEquals(1, e.consumerCount(), "min consumers at start");
        await(() -> INSIDE.get() == 1, "the first consumer at work");

        assertEquals(2, step(), "messages wait and the only consumer is busy: one more");
        await(() -> INSIDE.get() == 2, "the second consumer at work");
        assertEquals(3, step());
        await(() -> INSIDE.get() == 3, "the third consumer at work");
        assertEquals(3, step(), "never above max");

        gate.countDown();
        await(() -> DONE.get() == 40 && e.busyCount() == 0, "all 40 processed");
        assertEquals(40, BODIES.size());

        assertEquals(3, step(), "they delivered during this interval: not idle yet");
        assertEquals(3, step(), "idle for one interval");
        assertEquals(2, step(), "idle for two intervals (jaqs.listener.idleIntervals): one closed");
        assertEquals(1, step());
        assertEquals(1, step(), "never below min");

        // the one left still consumes; with no backlog the pool does not grow
        send("work", 3, "late");
        await(() -> DONE.get() == 43, "the late messages processed");
        await(() -> e.busyCount() == 0, "idle");
        assertEquals(1, step());
        assertEquals(43, BODIES.size());
    }

    @Test
    void noBacklogNoGrowthEvenWhenEveryConsumerIsBusy() throws Exception {
        gate = new CountDownLatch(1);
        send("work", 5, "m"); // fewer than one prefetch: the first consumer holds them all
        start(Work.class);
        ListenerEndpoint e = endpoint();
        await(() -> INSIDE.get() == 1, "the first consumer at work");
        assertEquals(1, step(), "busy, but nothing waits in the queue");
        assertEquals(1, step());
        gate.countDown();
        await(() -> DONE.get() == 5, "all processed");
    }

    @ApplicationScoped
    static class Selective {
        @JaqsListener(destination = "mixed", concurrency = "1-3", selector = "kind = 'a'")
        void on(String body) {
            BODIES.add(body);
            DONE.incrementAndGet();
        }
    }

    @Test
    void aBacklogAnIdleConsumerCannotTakeDoesNotGrowThePool() throws Exception {
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            for (int i = 0; i < 5; i++) {
                c.createProducer().setProperty("kind", "b").send(c.createQueue("mixed"), "b" + i);
            }
        }
        start(Selective.class);
        ListenerEndpoint e = endpoint();
        assertEquals(1, step(), "5 messages wait, but the consumer is idle: more consumers would not help");
        assertEquals(1, step());
        try (JMSContext c = new JaqsConnectionFactory(url).createContext()) {
            c.createProducer().setProperty("kind", "a").send(c.createQueue("mixed"), "a0");
        }
        await(() -> DONE.get() == 1, "the matching message processed");
        assertEquals(java.util.Set.of("a0"), BODIES);
        assertEquals(1, e.consumerCount());
    }
}
