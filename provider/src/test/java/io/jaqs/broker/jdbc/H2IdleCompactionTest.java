package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.Limits;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 file returns to a bounded size while the application runs (issue #15): H2 reuses
 * a dead chunk only after its 45 s retention, so a load leaves the file GBs larger than its live
 * data; once the store has had no write for {@link Limits#STORE_IDLE_CHECK} of the broker's clock
 * and the file exceeds its live data + {@link Limits#STORE_FILE_SLACK_BYTES}, the store compacts
 * it (SHUTDOWN COMPACT and reopen) without closing the broker. Messages stored survive, in order;
 * reads and writes that arrive meanwhile wait and then succeed.
 */
class H2IdleCompactionTest {
    private static final String BODY = "x".repeat(1024);

    @TempDir
    Path dir;

    @Test
    void anIdleStoreCompactsItsFileWhileRunningAndKeepsItsMessagesInOrder() throws Exception {
        Path file = dir.resolve("idle.mv.db");
        ManualClock clock = new ManualClock();
        JdbcQueueStore store = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("idle").toAbsolutePath());
        try (JaqsBroker broker = new JaqsBroker(store, BrokerConfig.withClock(clock))) {
            broker.createQueue("kept.fifo", Map.of("FifoQueue", "true"));
            for (int i = 0; i < 20; i++) {
                broker.sendMessage("kept.fifo", SendMessageRequest.builder("kept " + i).messageGroupId("g")
                        .messageDeduplicationId("d" + i).build());
            }
            churn(broker, 1_500);
            long loaded = Files.size(file);
            assertTrue(loaded > Limits.STORE_FILE_SLACK_BYTES + (8L << 20),
                    "the fill and drain left dead chunks beyond the bound: " + loaded + " bytes");

            clock.advance(Limits.STORE_IDLE_CHECK); // first look: commits changed rows since the store opened
            broker.sendMessage("q", SendMessageRequest.builder("one more").build()); // a write: not idle
            clock.advance(Limits.STORE_IDLE_CHECK);
            assertEquals(0, store.compactions(), "a store written since the last look is not idle");
            assertTrue(Files.size(file) >= loaded, "nothing compacted while busy");

            clock.advance(Limits.STORE_IDLE_CHECK); // a whole interval without a write (the reaper found nothing)
            // queued behind the compaction the look started: returns once the database is open again
            broker.sendMessage("q", SendMessageRequest.builder("after").build());
            assertEquals(1, store.compactions(), "an idle, oversized file is compacted");
            long compacted = Files.size(file);
            assertTrue(compacted < 4L << 20, "the file went back to about its live data: " + loaded + " bytes loaded, "
                    + compacted + " after the idle compaction");

            List<String> kept = new ArrayList<>();
            List<ReceivedMessage> got;
            while (!(got = broker.receiveMessage("kept.fifo", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))).isEmpty()) {
                for (ReceivedMessage m : got) {
                    kept.add(m.bodyAsString());
                    broker.deleteMessage("kept.fifo", m.receiptHandle());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("kept " + i);
            }
            assertEquals(expected, kept, "the messages stored survive the compaction, in order");
            assertEquals(2, broker.approximateCounts("q").visible());

            // Within the bound now: further idle looks leave the file alone.
            broker.sendMessage("q", SendMessageRequest.builder("last").build());
            clock.advance(Limits.STORE_IDLE_CHECK);
            clock.advance(Limits.STORE_IDLE_CHECK);
            clock.advance(Limits.STORE_IDLE_CHECK);
            assertEquals(3, broker.approximateCounts("q").visible());
            assertEquals(1, store.compactions(), "a file within its bound is not compacted again");
        }
    }

    @Test
    void readsAndWritesDuringACompactionWaitAndSucceed() throws Exception {
        ManualClock clock = new ManualClock();
        JdbcQueueStore store = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("busy").toAbsolutePath());
        try (JaqsBroker broker = new JaqsBroker(store, BrokerConfig.withClock(clock))) {
            broker.createQueue("q", Map.of());
            broker.sendMessage("q", SendMessageRequest.builder("before").build());
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            store.whileCompacting = () -> {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            CompletableFuture<Boolean> compaction = store.compactNow();
            assertTrue(inside.await(30, TimeUnit.SECONDS), "the compaction started");

            CompletableFuture<String> send = CompletableFuture.supplyAsync(
                    () -> broker.sendMessage("q", SendMessageRequest.builder("during").build()).messageId());
            CompletableFuture<Long> count = CompletableFuture.supplyAsync(() -> broker.approximateCounts("q").visible());
            awaitTrue(() -> store.pendingWrites() >= 1 && store.readsWaitingForCompaction() >= 1);
            assertFalse(send.isDone() || count.isDone(), "the database is shut down: both wait");

            release.countDown();
            assertTrue(compaction.get(30, TimeUnit.SECONDS));
            assertTrue(send.get(30, TimeUnit.SECONDS).length() > 0, "the send waited and succeeded");
            long counted = count.get(30, TimeUnit.SECONDS);
            assertTrue(counted == 1 || counted == 2, "the read waited and succeeded: " + counted);
            List<String> bodies = new ArrayList<>();
            for (ReceivedMessage m : broker.receiveMessage("q", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))) {
                bodies.add(m.bodyAsString());
            }
            assertEquals(java.util.Set.of("before", "during"), new java.util.HashSet<>(bodies), "both messages are stored");
            assertEquals(2, bodies.size());
        }
    }

    /** An encrypted file (storeEncryptionKey, CIPHER=AES) is compacted with its key and opens again only with it. */
    @Test
    void anEncryptedStoreCompactsWithItsKey() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("secret").toAbsolutePath();
        JdbcQueueStore store = JdbcQueueStore.open(url, null, null, "compaction-key", io.jaqs.broker.store.Durability.PROCESS, 2);
        ManualClock clock = new ManualClock();
        try (JaqsBroker broker = new JaqsBroker(store, BrokerConfig.withClock(clock))) {
            broker.createQueue("q", Map.of());
            broker.sendMessage("q", SendMessageRequest.builder("secret body").build());
            long before = Files.size(dir.resolve("secret.mv.db"));
            assertTrue(store.compactNow().get(30, TimeUnit.SECONDS));
            assertTrue(Files.size(dir.resolve("secret.mv.db")) <= before, "compacted");
            assertEquals(1, broker.approximateCounts("q").visible(), "the reopened store reads its message");
        }
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, "compaction-key",
                io.jaqs.broker.store.Durability.PROCESS, 2), BrokerConfig.withClock(clock))) {
            assertEquals("secret body", broker.receiveMessage("q", ReceiveMessageRequest.of(1).withWaitTimeSeconds(0))
                    .get(0).bodyAsString());
        }
        assertFalse(new String(Files.readAllBytes(dir.resolve("secret.mv.db")), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("secret body"), "the compacted file is still encrypted");
    }

    /** Each message sent, received and deleted in commits of their own: the dead chunks of a fill and drain. */
    private static void churn(JaqsBroker broker, int messages) {
        broker.createQueue("q", Map.of());
        for (int i = 0; i < messages; i++) {
            broker.sendMessage("q", SendMessageRequest.builder(BODY).build());
        }
        for (int i = 0; i < messages; i++) {
            List<ReceivedMessage> got = broker.receiveMessage("q", ReceiveMessageRequest.of(1).withWaitTimeSeconds(0));
            broker.deleteMessage("q", got.get(0).receiptHandle());
        }
        assertEquals(0, broker.approximateCounts("q").visible(), "drained");
    }

    /** Waits (spinning, not sleeping: no time must pass) for a condition other threads make true. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.onSpinWait();
        }
    }
}
