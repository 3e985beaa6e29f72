package io.jaqs.broker;

import io.jaqs.broker.jdbc.JdbcQueueStore;
import io.jaqs.broker.jdbc.PgTestDatabase;
import io.jaqs.broker.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on a real H2 file in a fresh temporary directory, with a {@link ManualClock}.
 * Subclasses for other stores override {@link #storeUrl()}.
 */
public abstract class BrokerTestSupport {
    @TempDir
    protected Path dir;
    protected ManualClock clock;
    protected JaqsBroker broker;

    /** The PostgreSQL schema of this test when the suite runs on PostgreSQL ({@code -Djaqs.test.store=postgres}). */
    private String pgSchema;

    @BeforeEach
    void openBroker() {
        clock = new ManualClock();
        if (PgTestDatabase.selected()) {
            pgSchema = PgTestDatabase.createSchema(); // skips the test when no PostgreSQL answers
        }
        broker = open();
    }

    @AfterEach
    void closeBroker() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (pgSchema != null) {
                PgTestDatabase.dropSchema(pgSchema);
            }
        }
    }

    /** True when this run uses the PostgreSQL store (tests of H2-only behaviour skip themselves). */
    protected boolean onPostgres() {
        return pgSchema != null;
    }

    protected String storeUrl() {
        if (pgSchema != null) {
            return PgTestDatabase.url(pgSchema);
        }
        return "jdbc:h2:file:" + dir.resolve("jaqs").toAbsolutePath();
    }

    protected JaqsBroker open() {
        return new JaqsBroker(JdbcQueueStore.open(storeUrl(), null, null, Durability.PROCESS, 4), BrokerConfig.withClock(clock));
    }

    /** Closes and reopens the broker on the same store, as after a restart. */
    protected void restart() {
        broker.close();
        broker = open();
    }

    protected String queue(String name, String... attributes) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            map.put(attributes[i], attributes[i + 1]);
        }
        return broker.createQueue(name, map);
    }

    protected SendMessageResult send(String queue, String body) {
        return broker.sendMessage(queue, SendMessageRequest.builder(body).build());
    }

    protected SendMessageResult sendFifo(String queue, String group, String body) {
        return broker.sendMessage(queue, SendMessageRequest.builder(body).messageGroupId(group)
                .messageDeduplicationId(java.util.UUID.randomUUID().toString()).build());
    }

    protected List<ReceivedMessage> receive(String queue, int max) {
        return broker.receiveMessage(queue, ReceiveMessageRequest.of(max).withWaitTimeSeconds(0));
    }

    protected ReceivedMessage receiveOne(String queue) {
        List<ReceivedMessage> m = receive(queue, 1);
        return m.isEmpty() ? null : m.get(0);
    }

    protected List<String> bodies(List<ReceivedMessage> messages) {
        return messages.stream().map(ReceivedMessage::bodyAsString).toList();
    }

    protected long count(String queue, String attribute) {
        return Long.parseLong(broker.getQueueAttributes(queue, List.of(attribute)).get(attribute));
    }

    protected void advance(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    /** Waits (bounded, in real time) for an asynchronous result; not a sleep: it returns as soon as the result is there. */
    protected static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no result within 10 s", e);
        }
    }

    /** A map from alternating keys and values, in order. */
    protected static Map<String, String> attrs(String... keyValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** Every attribute of a queue (All). */
    protected Map<String, String> attributes(String queue) {
        return broker.getQueueAttributes(queue, List.of("All"));
    }

    /** The core's in-memory state of a queue (its long-poll waiters, for leak checks). */
    protected QueueState state(String queue) {
        return broker.queue(Broker.queueNamed(queue));
    }

    /**
     * Waits (bounded, in real time) until work running on another thread (the store writer, a
     * move task) has made the condition true. Not a sleep: the broker's clock does not move.
     */
    protected static void eventually(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
        }
    }

    /** MD5 of bytes as lower-case hex, computed here independently of the broker. */
    protected static String md5(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    protected static BrokerException brokerError(ErrorCode code, Runnable r) {
        try {
            r.run();
        } catch (BrokerException e) {
            if (e.code() != code) {
                throw new AssertionError("expected " + code + " but got " + e.code() + ": " + e.getMessage(), e);
            }
            return e;
        }
        throw new AssertionError("expected BrokerException " + code + ", nothing was thrown");
    }
}
