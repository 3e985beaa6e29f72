package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.XaTransactions;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the first release (schema version 1: the committed H2 file and PostgreSQL
 * script under {@code schema-v1}, made by {@link SchemaFixtureWriter}) opened by this code: as it is,
 * and upgraded through a real step (version 1 to 2, from {@code test-migrations-*.sql}), it still
 * holds every message, receipt, FIFO group, dedup entry, durable subscription and prepared XA branch.
 */
class SchemaUpgradeTest {
    private static final String FIXTURE = "/io/jaqs/broker/jdbc/schema-v1/";

    @TempDir
    Path dir;

    /** The version a store has after this code's steps and the test's own step. */
    private static final int NEXT = JdbcQueueStore.SCHEMA_VERSION + 1;

    /** The migrations of this code plus the test's own step (the {@code nextStep} block) to {@link #NEXT}. */
    private static Function<SqlFile, SchemaMigrations> withTestStep(Dialect dialect) {
        return withStep(dialect == Dialect.H2 ? "h2" : "postgresql");
    }

    private static Function<SqlFile, SchemaMigrations> withStep(String file) {
        SqlFile steps = SqlFile.load("/io/jaqs/broker/jdbc/test-migrations-" + file + ".sql");
        return sql -> SchemaMigrations.of(sql).withStep(NEXT, steps.script("nextStep"));
    }

    @Test
    void theFirstReleasesH2StoreOpensAsItIsWithEverythingIntact() throws Exception {
        String url = h2Fixture();
        checkEverythingIntact(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2));
        assertEquals(JdbcQueueStore.SCHEMA_VERSION, version(url));
    }

    @Test
    void aVersion1H2StoreIsUpgradedThroughEveryStep() throws Exception {
        String url = h2Fixture();
        assertEquals(1, version(url));
        checkVersion2(url);
        assertEquals("1000", query(url, "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_NAME = 'JAQS_MESSAGE' AND COLUMN_NAME = 'ID'"), "version 3: ids reserved 1,000 at a time");
        checkIdsAfterReopen(url);
    }

    @Test
    void aVersion1PostgresStoreIsUpgradedThroughEveryStep() throws Exception {
        String schema = PgTestDatabase.createSchema(); // skips without PostgreSQL
        try {
            String url = pgFixture(schema);
            assertEquals(1, version(url));
            checkVersion2(url);
            assertEquals("1", query(url, "SELECT seqcache FROM pg_sequence"
                    + " WHERE seqrelid = pg_get_serial_sequence('jaqs_message', 'id')::regclass"),
                    "version 3 leaves PostgreSQL's per-connection sequence cache at 1 (ids in send order)");
        } finally {
            PgTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aNewH2StoreReservesMessageIdsAThousandAtATime() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("new");
        JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2).close();
        assertEquals(JdbcQueueStore.SCHEMA_VERSION, version(url));
        assertEquals("1000", query(url, "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_NAME = 'JAQS_MESSAGE' AND COLUMN_NAME = 'ID'"));
        checkIdsAfterReopen(url);
    }

    /** Ids keep rising across a close and a reopen of the store (the unused reservation may leave a gap, never a reuse). */
    private static void checkIdsAfterReopen(String url) throws SQLException {
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SchemaFixtureWriter.NOW));
        long before;
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2), BrokerConfig.withClock(clock))) {
            broker.createQueue("ids", java.util.Map.of());
            for (int i = 0; i < 40; i++) { // more than H2's default reservation of 32
                broker.sendMessage("ids", SendMessageRequest.builder("m" + i).build());
            }
        }
        before = Long.parseLong(query(url, "SELECT MAX(id) FROM jaqs_message"));
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2), BrokerConfig.withClock(clock))) {
            broker.sendMessage("ids", SendMessageRequest.builder("after-reopen").build());
        }
        long after = Long.parseLong(query(url, "SELECT MAX(id) FROM jaqs_message"));
        assertTrue(after > before, "the id after the reopen (" + after + ") is above every earlier one (" + before + ")");
        assertEquals("41", query(url, "SELECT COUNT(*) FROM jaqs_message m JOIN jaqs_queue q ON q.id = m.queue_id WHERE q.name = 'ids'"));
    }

    /**
     * Opens a version 1 store with this code's migrations only: it becomes the current version, everything of
     * version 1 is intact, and version 2's table holds a FIFO receive attempt that a retry through a
     * second opening of the store (another node, or after a restart) replays.
     */
    private static void checkVersion2(String url) throws IOException, SQLException {
        checkEverythingIntact(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2));
        assertEquals(JdbcQueueStore.SCHEMA_VERSION, version(url));
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SchemaFixtureWriter.NOW));
        ReceiveMessageRequest attempt = ReceiveMessageRequest.of(10).withWaitTimeSeconds(0).withAttemptId("upgraded-retry");
        List<ReceivedMessage> first;
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2), BrokerConfig.withClock(clock))) {
            broker.sendMessage(SchemaFixtureWriter.FIFO, SendMessageRequest.builder("after-upgrade")
                    .messageGroupId("g9").messageDeduplicationId("d9").build());
            first = broker.receiveMessage(SchemaFixtureWriter.FIFO, attempt);
            assertEquals(List.of("after-upgrade"), first.stream().map(ReceivedMessage::bodyAsString).toList());
        }
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2), BrokerConfig.withClock(clock))) {
            assertEquals(first.get(0).receiptHandle(),
                    broker.receiveMessage(SchemaFixtureWriter.FIFO, attempt).get(0).receiptHandle());
        }
        assertEquals("1", query(url, "SELECT COUNT(*) FROM jaqs_receive_attempt"));
    }

    @Test
    void theFirstReleasesH2StoreIsUpgradedInPlaceWithEverythingIntact() throws Exception {
        String url = h2Fixture();
        checkEverythingIntact(JdbcQueueStore.open(url, Durability.PROCESS, withTestStep(Dialect.H2)));
        assertEquals(NEXT, version(url));
        assertEquals("upgraded", note(url), "the step ran");
        // and the upgraded store opens again without repeating the step
        JdbcQueueStore.open(url, Durability.PROCESS, withTestStep(Dialect.H2)).close();
        assertEquals(NEXT, version(url));
    }

    @Test
    void theFirstReleasesPostgresStoreIsUpgradedInPlaceWithEverythingIntact() throws Exception {
        String schema = PgTestDatabase.createSchema(); // skips without PostgreSQL
        try {
            String url = pgFixture(schema);
            checkEverythingIntact(JdbcQueueStore.open(url, Durability.PROCESS, withTestStep(Dialect.POSTGRESQL)));
            assertEquals(NEXT, version(url));
            assertEquals("upgraded", note(url));
        } finally {
            PgTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void nodesOpeningAnOldPostgresStoreTogetherUpgradeItOnce() throws Exception {
        String schema = PgTestDatabase.createSchema();
        try {
            String url = pgFixture(schema);
            // the step is not re-runnable on PostgreSQL: a second run would fail with "already exists"
            int nodes = 4;
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<JdbcQueueStore>> opens = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                opens.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return JdbcQueueStore.open(url, Durability.PROCESS, withTestStep(Dialect.POSTGRESQL));
                }));
            }
            start.countDown();
            for (CompletableFuture<JdbcQueueStore> open : opens) {
                open.get(60, TimeUnit.SECONDS).close();
            }
            assertEquals(NEXT, version(url));
        } finally {
            PgTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aFailingStepOnPostgresLeavesTheStoreAsItWas() throws Exception {
        String schema = PgTestDatabase.createSchema();
        try {
            String url = pgFixture(schema);
            StoreException e = assertThrows(StoreException.class,
                    () -> JdbcQueueStore.open(url, Durability.PROCESS, withStep("broken")));
            assertFalse(e.closed(), "a failure, not a closed store");
            assertEquals(1, version(url), "PostgreSQL's DDL is transactional: the whole upgrade rolled back");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                assertThrows(SQLException.class, () -> st.executeQuery("SELECT COUNT(*) FROM jaqs_receive_attempt"),
                        "the step to version 2 was rolled back with the failing step after it");
            }
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                assertThrows(SQLException.class, () -> st.executeQuery("SELECT note FROM jaqs_queue"),
                        "the step's first statement was rolled back too");
            }
            checkEverythingIntact(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2));
        } finally {
            PgTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aStepMissingFromTheDialectFileIsRefusedBeforeAnyChange() throws Exception {
        String url = h2Fixture();
        StoreException e = assertThrows(StoreException.class,
                () -> JdbcQueueStore.open(url, Durability.PROCESS, sql -> new SchemaMigrations(sql, NEXT)));
        assertTrue(e.getMessage().contains("migrateTo" + NEXT), e.getMessage());
        assertEquals(1, version(url));
        checkEverythingIntact(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2));
    }

    /** Everything the fixture writer left in the store is there and behaves: checked through the broker. */
    private static void checkEverythingIntact(JdbcQueueStore store) throws IOException {
        Properties x = expected();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(SchemaFixtureWriter.NOW));
        try (JaqsBroker broker = new JaqsBroker(store, BrokerConfig.withClock(clock))) {
            String orders = SchemaFixtureWriter.QUEUE;
            assertEquals(1, count(broker, orders, "ApproximateNumberOfMessages"), "one order visible");
            assertEquals(2, count(broker, orders, "ApproximateNumberOfMessagesNotVisible"), "two orders in flight");
            // the receipts of the in-flight orders still name their copies
            broker.deleteMessage(orders, x.getProperty("orders.held.1.handle"));
            broker.changeMessageVisibility(orders, x.getProperty("orders.held.2.handle"), 0);
            assertEquals(0, count(broker, orders, "ApproximateNumberOfMessagesNotVisible"));
            List<ReceivedMessage> left = broker.receiveMessage(orders, ReceiveMessageRequest.of(10));
            assertEquals(Set.of(x.getProperty("orders.held.2.body"), "order-3"),
                    left.stream().map(ReceivedMessage::bodyAsString).collect(Collectors.toSet()));

            // the FIFO group is held by its in-flight head; the dedup entry still answers
            String fifo = SchemaFixtureWriter.FIFO;
            assertEquals(List.of(), broker.receiveMessage(fifo, ReceiveMessageRequest.of(10)), "group g1 is held");
            assertEquals(x.getProperty("fifo.1.id"), broker.sendMessage(fifo, SendMessageRequest.builder("again")
                    .messageGroupId("g1").messageDeduplicationId("d1").build()).messageId(), "a duplicate of d1");
            broker.deleteMessage(fifo, x.getProperty("fifo.held.handle"));
            List<ReceivedMessage> next = broker.receiveMessage(fifo, ReceiveMessageRequest.of(10));
            assertEquals(List.of("event-2"), next.stream().map(ReceivedMessage::bodyAsString).toList());

            // the durable subscription and its message
            List<Subscription> subs = broker.listSubscriptions(SchemaFixtureWriter.TOPIC);
            assertEquals(1, subs.size());
            Subscription sub = subs.get(0);
            assertEquals(Subscription.Kind.DURABLE, sub.kind());
            assertEquals("client-1", sub.clientId());
            assertEquals("sub-1", sub.name());
            assertEquals(List.of("price-1"), broker.receiveMessage(sub.queueName(), ReceiveMessageRequest.of(10)).stream()
                    .map(ReceivedMessage::bodyAsString).toList());

            // the prepared XA branch is recovered and commits its send
            XaTransactions xa = broker.xaTransactions();
            List<byte[]> prepared = xa.recover();
            assertEquals(1, prepared.size());
            assertTrue(Arrays.equals(SchemaFixtureWriter.XID, prepared.get(0)));
            xa.commitPrepared(SchemaFixtureWriter.XID);
            List<ReceivedMessage> xaSent = broker.receiveMessage(orders, ReceiveMessageRequest.of(10));
            assertEquals(List.of("xa-order"), xaSent.stream().map(ReceivedMessage::bodyAsString).toList());
            assertEquals(x.getProperty("xa.id"), xaSent.get(0).messageId());
        }
    }

    private static long count(JaqsBroker broker, String queue, String attribute) {
        return Long.parseLong(broker.getQueueAttributes(queue, List.of(attribute)).get(attribute));
    }

    private static Properties expected() throws IOException {
        Properties p = new Properties();
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(FIXTURE + "expected.properties")) {
            p.load(in);
        }
        assertEquals("1", p.getProperty("schemaVersion"));
        return p;
    }

    /** A copy of the committed version 1 H2 file, in this test's directory. */
    private String h2Fixture() throws IOException {
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(FIXTURE + "store.mv.db")) {
            Files.copy(in, dir.resolve("store.mv.db"));
        }
        return "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
    }

    /** A fresh PostgreSQL schema holding the version 1 fixture, from its committed script. */
    private static String pgFixture(String schema) throws IOException, SQLException {
        String url = PgTestDatabase.url(schema);
        String script;
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(FIXTURE + "postgresql.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String statement : script.split(";\\s*\n")) {
                String s = statement.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n")).trim();
                if (!s.isEmpty()) {
                    st.execute(s);
                }
            }
        }
        return url;
    }

    private static int version(String url) throws SQLException {
        return Integer.parseInt(query(url, "SELECT version FROM jaqs_schema"));
    }

    private static String note(String url) throws SQLException {
        return query(url, "SELECT MIN(note) FROM jaqs_queue");
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.startsWith("jdbc:h2:") ? url + ";WRITE_DELAY=0" : url);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
