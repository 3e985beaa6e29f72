package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Jaqs stores in two schemas of one PostgreSQL database share nothing, not even a lock: advisory
 * locks are per database, so their keys carry the schema. Each store has the same queue (same name,
 * same queue id) and the same FIFO group; a plain connection plays a node of one store caught in the
 * middle of a transaction that holds the group lock (or the schema lock) with the dialect's own statement.
 */
class PgSchemaIsolationTest {
    private static final SqlFile SQL = SqlFile.load(Dialect.POSTGRESQL.sqlResource());
    private final ManualClock clock = new ManualClock();
    private final List<String> schemas = new ArrayList<>();
    private final List<JaqsBroker> brokers = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Connection> holders = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (Connection c : holders) {
            c.close();
        }
        for (JaqsBroker b : brokers) {
            b.close();
        }
        for (String s : schemas) {
            PgTestDatabase.dropSchema(s);
        }
    }

    private String schema() {
        String s = PgTestDatabase.createSchema(); // skips the test when no PostgreSQL answers
        schemas.add(s);
        return s;
    }

    private JaqsBroker node(String schema) {
        JaqsBroker b = new JaqsBroker(JdbcQueueStore.open(PgTestDatabase.url(schema), null, null, Durability.DISK, 2),
                BrokerConfig.withClock(clock));
        brokers.add(b);
        return b;
    }

    /** A transaction on {@code schema}'s store, left open, that has run the named lock statement. */
    private Connection holding(String schema, String statement, Object... args) throws Exception {
        Connection c = DriverManager.getConnection(PgTestDatabase.url(schema));
        holders.add(c);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
            }
        }
        return c;
    }

    private static long queueId(String schema, String queue) throws Exception {
        try (Connection c = DriverManager.getConnection(PgTestDatabase.url(schema));
             PreparedStatement ps = c.prepareStatement("SELECT id FROM jaqs_queue WHERE name = ?")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), queue + " exists in " + schema);
                return rs.getLong(1);
            }
        }
    }

    private static <T> T within5s(Supplier<T> work) throws Exception {
        return CompletableFuture.supplyAsync(work).get(5, TimeUnit.SECONDS); // a wait on a lock would time out here
    }

    private static List<String> receive(JaqsBroker b) throws Exception {
        return within5s(() -> b.receiveMessage("q.fifo", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0))
                .stream().map(ReceivedMessage::bodyAsString).toList());
    }

    @Test
    void aGroupLockedInOneSchemaDoesNotHoldTheSameQueueAndGroupInAnother() throws Exception {
        String sa = schema();
        String sb = schema();
        JaqsBroker a = node(sa);
        JaqsBroker b = node(sb);
        for (JaqsBroker n : List.of(a, b)) {
            n.createQueue("q.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
            n.sendMessage("q.fifo", SendMessageRequest.builder(n == a ? "a1" : "b1").messageGroupId("g").build());
        }
        long id = queueId(sa, "q.fifo");
        assertEquals(id, queueId(sb, "q.fifo"), "both stores number their queue alike: only the schema tells the locks apart");

        Connection nodeOfA = holding(sa, "lockGroup", id, "g"); // a node of store A in the middle of changing group g
        assertEquals(List.of(), receive(a), "store A's receive skips the group its other node holds: the lock is real");
        assertEquals(List.of("b1"), receive(b), "store B's group g is another lock");

        nodeOfA.rollback();
        assertEquals(List.of("a1"), receive(a), "released, store A's group is received");
    }

    @Test
    void tryLockGroupSeesOnlyItsOwnSchema() throws Exception {
        String sa = schema();
        String sb = schema();
        holding(sa, "lockGroup", 1L, "g");
        try (Connection sameSchema = DriverManager.getConnection(PgTestDatabase.url(sa));
             Connection otherSchema = DriverManager.getConnection(PgTestDatabase.url(sb))) {
            assertFalse(tryLock(sameSchema, 1L, "g"), "the same (schema, queue, group) is held");
            assertTrue(tryLock(sameSchema, 2L, "g"), "another queue of the schema is free");
            assertTrue(tryLock(otherSchema, 1L, "g"), "the same queue id and group in another schema is free");
        }
    }

    private static boolean tryLock(Connection c, long queueId, String group) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("tryLockGroup"))) {
            ps.setLong(1, queueId);
            ps.setString(2, group);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1); // autocommit: released at once
            }
        }
    }

    @Test
    void theSchemaLockOfOneStoreDoesNotSerialiseOpeningAnother() throws Exception {
        String sa = schema();
        String sb = schema();
        Connection nodeOfA = holding(sa, "schemaLock"); // a node creating or upgrading store A

        JaqsBroker b = within5s(() -> node(sb)); // store B is created meanwhile
        b.createQueue("q.fifo", Map.of("FifoQueue", "true"));

        // store A's own nodes do wait for it: one opening now blocks on the lock until that node commits
        CompletableFuture<JaqsBroker> openingA = CompletableFuture.supplyAsync(() -> node(sa));
        try (Connection observer = DriverManager.getConnection(PgTestDatabase.BASE_URL)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!waitsOnALock(observer, sa) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(waitsOnALock(observer, sa), "a node opening store A waits for A's schema lock");
        }
        assertFalse(openingA.isDone());
        nodeOfA.rollback();
        openingA.get(5, TimeUnit.SECONDS).createQueue("q.fifo", Map.of("FifoQueue", "true"));
    }

    /** Whether a connection of the schema's stores is waiting for a lock (pg_stat_activity). */
    private static boolean waitsOnALock(Connection observer, String schema) throws Exception {
        try (PreparedStatement ps = observer.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
