package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.StoreException;
import io.jaqs.broker.store.QueueRow;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: concurrent writes share one database commit, each caller is released only after
 * the commit that holds its work, a failing work is undone alone, and at {@link Durability#DISK}
 * every commit is forced to the disk.
 *
 * <p>To make sharing certain rather than likely, a test holds the writer inside a "gate" work
 * while other writes queue behind it (it waits for them to be queued: an event, not a delay).
 */
class GroupCommitTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private JdbcQueueStore open(String name, Durability durability) {
        JdbcQueueStore store = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath(), null, null, durability, 2);
        toClose.add(0, store);
        return store;
    }

    private JaqsBroker broker(JdbcQueueStore store) {
        JaqsBroker broker = new JaqsBroker(store, BrokerConfig.withClock(new ManualClock()));
        toClose.add(0, broker);
        return broker;
    }

    /** Holds the writer inside a work until {@link #release()}. */
    private static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final CompletableFuture<Object> done;

        Gate(JdbcQueueStore store) throws InterruptedException {
            done = store.write(s -> {
                entered.countDown();
                try {
                    if (!released.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the writer did not take the gate work");
        }

        void release() {
            released.countDown();
        }
    }

    /** Waits until {@code n} writes are queued behind the gate (bounded; each check is immediate). */
    private static void awaitPending(JdbcQueueStore store, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.pendingWrites() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + store.pendingWrites() + " of " + n + " writes queued in 10 s");
            Thread.onSpinWait();
        }
    }

    @Test
    void sendsFrom8ThreadsAllReturnAreAllStoredAndShareCommits() throws Exception {
        JdbcQueueStore store = open("group", Durability.PROCESS);
        JaqsBroker broker = broker(store);
        broker.createQueue("q", Map.of());
        int threads = 8;
        int each = 50;
        Set<String> sentIds = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = new ArrayList<>();

        Gate gate = new Gate(store);
        WriterStats before = store.writerStats();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        sentIds.add(broker.sendMessage("q", SendMessageRequest.builder("m" + thread + "-" + i).build()).messageId());
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            th.start();
            senders.add(th);
        }
        awaitPending(store, threads); // every sender waits in sendMessage for the same next commit
        assertEquals(0, sentIds.size(), "no send may return before its commit");
        gate.release();
        for (Thread th : senders) {
            th.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(th.isAlive(), "a sender did not return");
        }
        assertTrue(errors.isEmpty(), () -> "a send failed: " + errors);

        WriterStats d = store.writerStats().minus(before);
        assertEquals(threads * each + 1, d.works(), "every send is one work (and the gate one more)");
        assertTrue(d.commits() <= d.works() - (threads - 1),
                "the 8 sends queued behind the gate share one commit: " + d);
        assertEquals(threads * each, sentIds.size(), "every send returned its own message id");

        assertEquals(threads * each, (long) store.read(s -> s.countMessages(s.findQueue("q").id())));
        Set<String> receivedIds = new HashSet<>();
        List<ReceivedMessage> got;
        while (!(got = broker.receiveMessage("q", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))).isEmpty()) {
            got.forEach(m -> receivedIds.add(m.messageId()));
        }
        assertEquals(sentIds, receivedIds);
    }

    @Test
    void aFailingWorkIsRolledBackAloneWhileTheOthersOfItsCommitCommit() throws Exception {
        JdbcQueueStore store = open("rollback", Durability.PROCESS);
        Gate gate = new Gate(store);
        WriterStats before = store.writerStats();
        IllegalStateException thrown = new IllegalStateException("the work fails after writing");
        CompletableFuture<QueueRow> a = store.write(s -> s.insertQueue("a", false, "", "", 1));
        CompletableFuture<QueueRow> b = store.write(s -> {
            s.insertQueue("b", false, "", "", 1);
            throw thrown;
        });
        CompletableFuture<QueueRow> c = store.write(s -> s.insertQueue("c", false, "", "", 1));
        CompletableFuture<QueueRow> d = store.write(s -> {
            s.insertQueue("d", false, "", "", 1);
            throw new SQLException("the work fails in SQL");
        });
        CompletableFuture<QueueRow> duplicate = store.write(s -> s.insertQueue("a", false, "", "", 1)); // unique name
        CompletableFuture<QueueRow> e = store.write(s -> s.insertQueue("e", false, "", "", 1));
        awaitPending(store, 6);
        gate.release();

        assertEquals("a", get(a).name());
        assertEquals("c", get(c).name());
        assertEquals("e", get(e).name());
        assertSame(thrown, failure(b), "a work's own exception reaches its caller as is");
        StoreException sql = assertInstanceOf(StoreException.class, failure(d));
        assertFalse(sql.closed());
        assertInstanceOf(SQLException.class, sql.getCause());
        StoreException unique = assertInstanceOf(StoreException.class, failure(duplicate));
        assertFalse(unique.closed());

        WriterStats stats = store.writerStats().minus(before);
        assertEquals(7, stats.works());
        assertEquals(2, stats.commits(), "the gate commits alone, the six works behind it together: " + stats);
        for (String committed : List.of("a", "c", "e")) {
            assertNotNull(store.read(s -> s.findQueue(committed)), committed + " was committed");
        }
        for (String undone : List.of("b", "d")) {
            assertNull(store.read(s -> s.findQueue(undone)), undone + " was rolled back");
        }
        assertEquals(1, store.read(s -> s.listQueues("a")).size(), "the duplicate was rolled back, the first kept");
    }

    @Test
    void theWorksOfACommitWithAFailingOneRunAgainAndTheirOutcomesAreMadeAnew() throws Exception {
        JdbcQueueStore store = open("rerun", Durability.PROCESS);
        JaqsBroker broker = broker(store);
        broker.createQueue("q", Map.of());
        broker.sendMessage("q", SendMessageRequest.builder("m").build());
        ReceivedMessage m = broker.receiveMessage("q", ReceiveMessageRequest.of(1)).get(0);
        Gate gate = new Gate(store);
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<QueueRow> counted = store.write(s -> {
            runs.incrementAndGet();
            return s.insertQueue("counted", false, "", "", 1);
        });
        CompletableFuture<io.jaqs.broker.BatchResult<Void>> visibility = CompletableFuture.supplyAsync(() ->
                broker.changeMessageVisibilityBatch("q", List.of(new io.jaqs.broker.ChangeVisibilityBatchEntry("e1", m.receiptHandle(), 60))));
        awaitPending(store, 2);
        CompletableFuture<Object> failing = store.write(s -> {
            throw new IllegalStateException("this work fails");
        });
        awaitPending(store, 3);
        gate.release();

        assertInstanceOf(IllegalStateException.class, failure(failing));
        assertEquals("counted", get(counted).name());
        assertEquals(2, runs.get(), "run back to back first, then again each behind a savepoint once one had failed");
        assertEquals(1, store.read(s -> s.listQueues("counted")).size(), "the first run's row was rolled back");
        io.jaqs.broker.BatchResult<Void> result = visibility.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("e1"), result.successful().stream().map(io.jaqs.broker.BatchResult.Success::id).toList(),
                "each entry once, though the work ran twice");
        assertEquals(List.of(), result.failed());
    }

    @Test
    void aFailingWorkAloneInItsCommitIsRolledBackAndTheWriterGoesOn() throws Exception {
        JdbcQueueStore store = open("alone", Durability.PROCESS);
        CompletableFuture<QueueRow> failing = store.write(s -> {
            s.insertQueue("gone", false, "", "", 1);
            throw new IllegalArgumentException("no");
        });
        assertInstanceOf(IllegalArgumentException.class, failure(failing));
        assertNull(store.read(s -> s.findQueue("gone")));
        assertEquals("next", get(store.write(s -> s.insertQueue("next", false, "", "", 1))).name());
        assertNotNull(store.read(s -> s.findQueue("next")));
    }

    @Test
    void diskDurabilityForcesEveryCommitToTheDiskAndTheDataSurvivesAReopen() throws Exception {
        JdbcQueueStore disk = open("disk", Durability.DISK);
        assertEquals(Durability.DISK, disk.durability());
        JaqsBroker broker = broker(disk);
        broker.createQueue("q", Map.of());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    ids.add(broker.sendMessage("q", SendMessageRequest.builder("disk " + i).build()).messageId());
                }
            });
            th.start();
            senders.add(th);
        }
        for (Thread th : senders) {
            th.join(TimeUnit.SECONDS.toMillis(30));
        }
        WriterStats stats = disk.writerStats();
        assertTrue(stats.commits() > 0);
        assertEquals(stats.commits(), stats.syncs(), "each commit at DISK is followed by CHECKPOINT SYNC: " + stats);
        assertEquals(40, ids.size());
        broker.createQueue("empty", Map.of());
        WriterStats beforeEmptyReceive = disk.writerStats();
        assertTrue(broker.receiveMessage("empty", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)).isEmpty());
        WriterStats emptyReceive = disk.writerStats().minus(beforeEmptyReceive);
        assertEquals(1, emptyReceive.commits());
        assertEquals(0, emptyReceive.syncs(), "a commit that changed nothing has nothing to force to the disk");
        closeAll();
        toClose.clear();

        JdbcQueueStore reopened = open("disk", Durability.PROCESS);
        JaqsBroker again = broker(reopened);
        Set<String> received = new HashSet<>();
        List<ReceivedMessage> got;
        while (!(got = again.receiveMessage("q", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))).isEmpty()) {
            got.forEach(m -> received.add(m.messageId()));
        }
        assertEquals(ids, received);
        assertEquals(0, reopened.writerStats().syncs(), "PROCESS never forces to the disk");
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the work should have failed");
    }
}
