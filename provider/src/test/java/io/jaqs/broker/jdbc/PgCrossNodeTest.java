package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.MessageMoveTask;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two brokers with their own stores, writers and pools) on one PostgreSQL schema, and a
 * plain connection that plays a third node caught in the middle of a transaction: it holds a row
 * lock, as a receive, delete or move of another node does until its commit. Browses must neither
 * wait for such a lock nor skip the row; move tasks must skip it and never take a message another
 * node holds in flight. Both brokers share one {@link ManualClock}, as synchronized node clocks.
 */
class PgCrossNodeTest {
    private final ManualClock clock = new ManualClock();
    private String schema;
    private JaqsBroker a;
    private JaqsBroker b;

    @BeforeEach
    void nodes() {
        schema = PgTestDatabase.createSchema();
        a = node();
        b = node();
    }

    private JaqsBroker node() {
        return new JaqsBroker(JdbcQueueStore.open(PgTestDatabase.url(schema), null, null, Durability.DISK, 2),
                BrokerConfig.withClock(clock));
    }

    @AfterEach
    void close() {
        for (JaqsBroker n : new JaqsBroker[] {a, b}) {
            if (n != null) {
                n.close();
            }
        }
        if (schema != null) {
            PgTestDatabase.dropSchema(schema);
        }
    }

    /** A transaction of "another node" that holds the row of one message locked until it ends. */
    private Connection lockRow(String messageId) throws Exception {
        Connection c = DriverManager.getConnection(PgTestDatabase.url(schema));
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jaqs_message WHERE message_id = ? FOR UPDATE")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "message " + messageId + " is stored");
            }
        }
        return c;
    }

    private static <T> T within5s(java.util.function.Supplier<T> work) throws Exception {
        return CompletableFuture.supplyAsync(work).get(5, TimeUnit.SECONDS); // a wait on a lock would time out here
    }

    @Test
    void aBrowseSeesAndWaitsForNoRowAnotherNodeHoldsLocked() throws Exception {
        a.createQueue("q", Map.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(a.sendMessage("q", SendMessageRequest.builder("m" + i).build()).messageId());
        }
        try (Connection other = lockRow(ids.get(1))) {
            List<String> browsed = within5s(() -> {
                List<String> out = new ArrayList<>();
                for (Iterator<ReceivedMessage> it = b.browse("q", null); it.hasNext(); ) {
                    out.add(it.next().bodyAsString());
                }
                return out;
            });
            assertEquals(List.of("m0", "m1", "m2"), browsed, "the locked message is visible and browsed");
            // the lock is real: a receive (SKIP LOCKED) passes over it
            List<ReceivedMessage> got = within5s(() -> b.receiveMessage("q", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)));
            assertEquals(List.of("m0", "m2"), got.stream().map(ReceivedMessage::bodyAsString).toList());
            other.rollback();
        }
        // the browse took no lock: a node can receive what was browsed
        assertEquals(List.of("m1"), a.receiveMessage("q", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))
                .stream().map(ReceivedMessage::bodyAsString).toList());
    }

    @Test
    void aMoveTaskSkipsARowAnotherNodeIsTakingAndLeavesMessagesInFlightOnAnotherNode() throws Exception {
        a.createQueue("dlq", Map.of());
        a.createQueue("src", Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"dlq\",\"maxReceiveCount\":1}"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(a.sendMessage("dlq", SendMessageRequest.builder("d" + i).build()).messageId());
        }
        ReceivedMessage held = b.receiveMessage("dlq", ReceiveMessageRequest.of(1).withWaitTimeSeconds(0)).get(0); // in flight on b
        assertEquals("d0", held.bodyAsString());
        try (Connection other = lockRow(ids.get(1))) { // d1: another node is in the middle of taking it
            String handle = a.startMessageMoveTask("dlq", "src", null);
            MessageMoveTask done = within5s(() -> {
                while (true) {
                    MessageMoveTask t = a.listMessageMoveTasks("dlq", 10).get(0);
                    if (t.status() != MessageMoveTask.Status.RUNNING) {
                        return t;
                    }
                    Thread.onSpinWait(); // the task runs on other threads; bounded by within5s
                }
            });
            assertEquals(handle, done.taskHandle());
            assertEquals(MessageMoveTask.Status.COMPLETED, done.status(), String.valueOf(done.failureReason()));
            assertEquals(1, done.approximateNumberOfMessagesMoved(), "only d2: d0 is in flight on b, d1 is locked");
            other.rollback();
        }
        assertEquals(List.of("d2"), a.receiveMessage("src", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))
                .stream().map(ReceivedMessage::bodyAsString).toList());
        b.deleteMessage("dlq", held.receiptHandle()); // b's receipt is still current: the message was not moved under it
        assertEquals(List.of("d1"), a.receiveMessage("dlq", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))
                .stream().map(ReceivedMessage::bodyAsString).toList(), "d0 deleted by b, d1 left where it was");
    }

    @Test
    void moreThanOneWriterConnectionIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcQueueStore.open(PgTestDatabase.url(schema) + "&jaqsWriters=4", null, null, Durability.DISK, 2));
        assertTrue(e.getMessage().contains("jaqsWriters=4") && e.getMessage().contains("exactly one writer"), e.getMessage());
        try (JdbcQueueStore store = JdbcQueueStore.open(PgTestDatabase.url(schema) + "&jaqsWriters=1", null, null, Durability.DISK, 2);
             JaqsBroker c = new JaqsBroker(store, BrokerConfig.withClock(clock))) {
            c.createQueue("one-writer", Map.of());
            c.sendMessage("one-writer", SendMessageRequest.builder("x").build());
            assertEquals(List.of("x"), c.receiveMessage("one-writer", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))
                    .stream().map(ReceivedMessage::bodyAsString).toList(), "jaqsWriters=1 is accepted and the store works");
        }
    }

    @Test
    void aSendOnOneNodeWakesALongPollOnAnotherThroughItsNotification() throws Exception {
        a.createQueue("wake", Map.of());
        b.receiveMessage("wake", ReceiveMessageRequest.of(1).withWaitTimeSeconds(0)); // b knows the queue
        CompletableFuture<List<ReceivedMessage>> poll = b.receiveMessageAsync("wake", ReceiveMessageRequest.of(1).withWaitTimeSeconds(20));
        assertFalse(poll.isDone(), "nothing to receive yet: the poll waits");
        a.sendMessage("wake", SendMessageRequest.builder("hello").build());
        // The clock does not move, so b's bounded fallback poll (scheduled on it) never fires: only the
        // notification a's store sends after its commit can wake b's poll.
        List<ReceivedMessage> got = poll.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("hello"), got.stream().map(ReceivedMessage::bodyAsString).toList());
    }

    @Test
    void aFifoReceiveRetriedOnAnotherNodeWithTheSameAttemptIdGetsTheSameMessagesAndHandles() throws Exception {
        a.createQueue("q.fifo", Map.of("FifoQueue", "true", "VisibilityTimeout", "600"));
        for (String body : List.of("A1", "A2")) {
            a.sendMessage("q.fifo", SendMessageRequest.builder(body).messageGroupId("A").messageDeduplicationId(body).build());
        }
        a.sendMessage("q.fifo", SendMessageRequest.builder("B1").messageGroupId("B").messageDeduplicationId("B1").build());
        ReceiveMessageRequest attempt = ReceiveMessageRequest.of(2).withWaitTimeSeconds(0).withAttemptId("lb-retry");
        List<ReceivedMessage> first = a.receiveMessage("q.fifo", attempt);
        assertEquals(List.of("A1", "A2"), first.stream().map(ReceivedMessage::bodyAsString).toList());
        clock.advance(java.time.Duration.ofSeconds(30));
        // the response was lost; the load balancer sends the retry to node b
        List<ReceivedMessage> retry = b.receiveMessage("q.fifo", attempt);
        assertEquals(first.stream().map(ReceivedMessage::receiptHandle).toList(),
                retry.stream().map(ReceivedMessage::receiptHandle).toList());
        assertEquals(first.stream().map(ReceivedMessage::messageId).toList(),
                retry.stream().map(ReceivedMessage::messageId).toList());
        assertEquals(List.of(1, 1), retry.stream().map(ReceivedMessage::approximateReceiveCount).toList(),
                "a replay is not another receive");
        // the handles b returned work on either node; once one is deleted the attempt id receives anew
        b.deleteMessage("q.fifo", retry.get(0).receiptHandle());
        a.deleteMessage("q.fifo", retry.get(1).receiptHandle());
        List<ReceivedMessage> fresh = b.receiveMessage("q.fifo", attempt);
        assertEquals(List.of("B1"), fresh.stream().map(ReceivedMessage::bodyAsString).toList());
        assertEquals(fresh.get(0).receiptHandle(), a.receiveMessage("q.fifo", attempt).get(0).receiptHandle(),
                "and node a replays what b received");
        assertEquals(1, attemptRows());
        // expired after 5 minutes; either node's reaper removes the row
        clock.advance(io.jaqs.broker.Limits.RECEIVE_ATTEMPT_INTERVAL);
        b.reapExpired().get(10, TimeUnit.SECONDS);
        assertEquals(0, attemptRows());
    }

    private long attemptRows() throws Exception {
        try (Connection c = DriverManager.getConnection(PgTestDatabase.url(schema));
             java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM jaqs_receive_attempt")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
