package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.store.Durability;
import io.jaqs.broker.store.GroupRow;
import io.jaqs.broker.store.MessageRow;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hot statement of h2.sql uses the index meant for it, and the ones with ORDER BY … LIMIT
 * read the index in order so H2 stops after LIMIT rows. H2's {@code SELECT … FOR UPDATE … LIMIT}
 * would lock every matching row (docs/architecture.md, store facts); the store never uses it, and this test keeps the
 * unlocked, index-sorted reads that replace it honest. A receive on a queue 100,000 messages deep
 * must read as many rows as on a queue 100 deep: checked with H2's {@code scanCount}, not timed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlanTest {
    private static final int STANDARD_DEPTH = 20_000;
    private static final Pattern INDEX_COMMENT = Pattern.compile("/\\* PUBLIC\\.(\\w+)(?:: (.*?))?\\s*\\*/", Pattern.DOTALL);
    private static final Pattern SCAN_COUNT = Pattern.compile("/\\* scanCount: (\\d+) \\*/");

    private ManualClock clock;
    private JdbcQueueStore store;
    private JaqsBroker broker;
    private long standardId;
    private long fifoId;
    private long now;

    @BeforeAll
    void fill(@TempDir Path dir) {
        clock = new ManualClock();
        store = JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("plans").toAbsolutePath(), null, null, Durability.PROCESS, 2);
        broker = new JaqsBroker(store, BrokerConfig.withClock(clock));
        broker.createQueue("plans", Map.of());
        broker.createQueue("other", Map.of());
        broker.createQueue("plans.fifo", Map.of("FifoQueue", "true"));
        standardId = queueId("plans");
        fifoId = queueId("plans.fifo");
        now = clock.millis();
        insert(store, standardId, STANDARD_DEPTH, now);
        insert(store, queueId("other"), 1_000, now);
        for (int i = 0; i < 300; i++) {
            broker.sendMessage("plans.fifo", SendMessageRequest.builder("f" + i).messageGroupId("g" + (i % 30))
                    .messageDeduplicationId("d" + i).build());
        }
        // some in flight on both queues, as in a running system
        for (int i = 0; i < 5; i++) {
            assertEquals(10, broker.receiveMessage("plans", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)).size());
            assertEquals(10, broker.receiveMessage("plans.fifo", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)).size());
        }
        clock.advanceSeconds(1);
        now = clock.millis();
    }

    @AfterAll
    void close() {
        broker.close();
    }

    private long queueId(String name) {
        return store.read(s -> s.findQueue(name).id());
    }

    /**
     * Inserts visible standard messages, 10,000 per transaction, with one INSERT … SELECT each on the
     * writer's own connection: the fastest fill H2 offers, as this test is about reads.
     */
    static void insert(JdbcQueueStore store, long queueId, int count, long visibleAt) {
        for (int done = 0; done < count; done += 10_000) {
            int n = Math.min(10_000, count - done);
            store.write(s -> {
                try (PreparedStatement ps = ((JdbcStoreSession) s).connection().prepareStatement(
                        "INSERT INTO jaqs_message (queue_id, message_id, visible_at, expires_at, sent_at, priority, receive_count,"
                        + " first_received_at, receipt, group_id, dedup_id, seq, source_queue_id, attributes, body)"
                        + " SELECT ?, CAST(RANDOM_UUID() AS VARCHAR), ?, ?, ?, -1, 0, 0, 0, NULL, NULL, 0, 0, NULL, X'78'"
                        + " FROM SYSTEM_RANGE(1, ?)")) {
                    ps.setLong(1, queueId);
                    ps.setLong(2, visibleAt);
                    ps.setLong(3, visibleAt + 4 * 86_400_000L);
                    ps.setLong(4, visibleAt);
                    ps.setLong(5, n);
                    return ps.executeUpdate();
                }
            }).join();
        }
    }

    // ------------------------------------------------------------------ plans

    @Test
    void standardReceiveReadsTheReadyIndexInOrder() {
        List<MessageRow> head = store.read(s -> s.selectReady(standardId, now, 0, -1, 10));
        assertEquals(10, head.size());
        MessageRow last = head.get(9);
        assertIndexSorted("selectReadyFirst", "JAQS_MESSAGE_READY", List.of("QUEUE_ID = ?1", "VISIBLE_AT <= ?2"),
                standardId, now, now, 10);
        assertIndexSorted("selectReadySameTime", "JAQS_MESSAGE_READY", List.of("QUEUE_ID = ?1", "VISIBLE_AT = ?2", "ID > ?3"),
                standardId, last.visibleAt(), last.id(), now, 10);
        assertIndexSorted("selectReadyAfter", "JAQS_MESSAGE_READY", List.of("QUEUE_ID = ?1", "VISIBLE_AT > ?2", "VISIBLE_AT <= ?3"),
                standardId, last.visibleAt(), now, now, 10);
    }

    @Test
    void nextVisibleTimeIsOneIndexRead() {
        assertIndexSorted("nextVisibleAt", "JAQS_MESSAGE_READY", List.of("QUEUE_ID = ?1", "VISIBLE_AT > ?2"), standardId, now);
        assertIndexSorted("nextGroupAvailableAt", "JAQS_GROUP_AVAILABLE", List.of("QUEUE_ID = ?1", "AVAILABLE_AT > ?2"), fifoId, now);
    }

    @Test
    void claimDeleteAndLookupGoByPrimaryKey() {
        MessageRow row = store.read(s -> s.selectReady(standardId, now, 0, -1, 1)).get(0);
        assertPrimaryKey("markReceived", List.of("ID = ?4"), now + 30_000, 42L, now, row.id(), now);
        assertPrimaryKey("findMessageMeta", List.of("ID = ?1"), row.id());
        assertPrimaryKey("deleteMessage", List.of("ID = ?1"), row.id());
        assertPrimaryKey("deleteMessageIfCurrent", List.of("ID = ?1"), row.id(), standardId, 42L);
        assertPrimaryKey("findGroup", List.of("QUEUE_ID = ?1", "GROUP_ID = ?2"), fifoId, "g1");
        assertPrimaryKey("findDedup", List.of("QUEUE_ID = ?1", "DEDUP_KEY = ?2"), fifoId, "d1", now);
    }

    @Test
    void fifoReceiveReadsGroupsAndTheirMessagesInOrder() {
        List<GroupRow> groups = store.read(s -> s.selectAvailableGroups(fifoId, now, Long.MIN_VALUE, 16));
        assertFalse(groups.isEmpty(), "the FIFO queue has groups ready");
        assertIndexSorted("selectAvailableGroups", "JAQS_GROUP_HEAD", List.of("QUEUE_ID = ?1", "HEAD_SEQ > ?2"),
                fifoId, Long.MIN_VALUE, now, 16);
        assertIndexSorted("selectGroupMessages", "JAQS_MESSAGE_GROUP", List.of("QUEUE_ID = ?1", "GROUP_ID = ?2", "SEQ >= ?3"),
                fifoId, groups.get(0).groupId(), groups.get(0).headSeq(), 11);
        assertIndexSorted("selectGroupMessagesMeta", "JAQS_MESSAGE_GROUP", List.of("QUEUE_ID = ?1", "GROUP_ID = ?2", "SEQ >= ?3"),
                fifoId, groups.get(0).groupId(), groups.get(0).headSeq(), 32);
        List<MessageRow> meta = store.read(s -> s.selectGroupMessagesMeta(fifoId, groups.get(0).groupId(), Long.MIN_VALUE, 32));
        List<MessageRow> full = store.read(s -> s.selectGroupMessages(fifoId, groups.get(0).groupId(), Long.MIN_VALUE, 32));
        assertEquals(full.stream().map(MessageRow::messageId).toList(), meta.stream().map(MessageRow::messageId).toList());
        assertTrue(meta.stream().allMatch(r -> r.body() == null && r.attributes() == null), "meta rows carry no content");
    }

    @Test
    void reaperReadsTheExpiryIndexInOrder() {
        assertIndexSorted("selectExpired", "JAQS_MESSAGE_EXPIRY", List.of("EXPIRES_AT <= ?1"), now, 1000);
    }

    @Test
    void inFlightCountReadsOnlyTheNotVisibleRange() {
        String plan = store.explain("countInFlight", standardId, now, now);
        assertUsesIndex(plan, "countInFlight", "JAQS_MESSAGE_READY", List.of("QUEUE_ID = ?1", "VISIBLE_AT > ?2"));
        // the 50 in-flight messages of the queue, not its 20,000 visible ones
        String analyzed = store.explainAnalyze("countInFlight", standardId, now, now);
        assertTrue(scanCount(analyzed) <= 51, analyzed);
        assertEquals(50L, (long) store.read(s -> s.countInFlight(standardId, now)));
    }

    // ------------------------------------------------------------------ depth

    @Test
    void receiveReadsAsManyRowsOnA100000DeepQueueAsOnA100DeepOne() {
        broker.createQueue("shallow", Map.of());
        broker.createQueue("deep", Map.of());
        long shallow = queueId("shallow");
        long deep = queueId("deep");
        long t = clock.millis();
        insert(store, shallow, 100, t);
        insert(store, deep, 100_000, t);
        assertEquals(100_000L, (long) store.read(s -> s.countMessages(deep)));

        String shallowPlan = store.explainAnalyze("selectReadyFirst", shallow, t, t, 10);
        String deepPlan = store.explainAnalyze("selectReadyFirst", deep, t, t, 10);
        assertTrue(deepPlan.contains("/* index sorted */"), deepPlan);
        assertEquals(scanCount(shallowPlan), scanCount(deepPlan), "rows read at depth 100 vs 100,000:\n" + shallowPlan + deepPlan);
        assertTrue(scanCount(deepPlan) <= 11, "a receive of 10 reads about 10 rows, not the queue:\n" + deepPlan);

        // the wake-up time of an empty-looking queue: one row, even when every message is later than "now"
        String shallowNext = store.explainAnalyze("nextVisibleAt", shallow, t - 60_000);
        String deepNext = store.explainAnalyze("nextVisibleAt", deep, t - 60_000);
        assertEquals(scanCount(shallowNext), scanCount(deepNext), shallowNext + deepNext);
        assertTrue(scanCount(deepNext) <= 1, deepNext);

        // and the receive itself, through the broker, takes the head of the deep queue in order
        List<MessageRow> head = store.read(s -> s.selectReady(deep, t, 0, -1, 10));
        List<ReceivedMessage> got = broker.receiveMessage("deep", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0));
        assertEquals(head.stream().map(MessageRow::messageId).toList(), got.stream().map(ReceivedMessage::messageId).toList());
        // the next receive continues after the in-flight ones and still reads ~10 rows
        List<ReceivedMessage> next = broker.receiveMessage("deep", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0));
        assertEquals(10, next.size());
        assertTrue(next.stream().noneMatch(m -> got.stream().anyMatch(g -> g.messageId().equals(m.messageId()))));
        String afterClaims = store.explainAnalyze("selectReadyFirst", deep, t, t, 10);
        assertEquals(scanCount(shallowPlan), scanCount(afterClaims), afterClaims);
    }

    // ------------------------------------------------------------------ helpers

    private void assertIndexSorted(String statement, String index, List<String> conditions, Object... args) {
        String plan = store.explain(statement, args);
        assertUsesIndex(plan, statement, index, conditions);
        assertTrue(plan.contains("/* index sorted */"),
                statement + " must read " + index + " in ORDER BY order so H2 stops after LIMIT rows:\n" + plan);
    }

    private void assertPrimaryKey(String statement, List<String> conditions, Object... args) {
        String plan = store.explain(statement, args);
        Matcher m = INDEX_COMMENT.matcher(plan);
        assertTrue(m.find(), statement + " has no index in its plan:\n" + plan);
        assertTrue(m.group(1).startsWith("PRIMARY_KEY_"), statement + " must look up the primary key:\n" + plan);
        assertConditions(plan, statement, m.group(2), conditions);
    }

    private static void assertUsesIndex(String plan, String statement, String index, List<String> conditions) {
        assertFalse(plan.contains("tableScan"), statement + " scans the table:\n" + plan);
        Matcher m = INDEX_COMMENT.matcher(plan);
        assertTrue(m.find(), statement + " has no index in its plan:\n" + plan);
        assertEquals(index, m.group(1), statement + " uses another index than " + index + ":\n" + plan);
        assertConditions(plan, statement, m.group(2), conditions);
    }

    /** The index is searched with these conditions (a range), not read whole. */
    private static void assertConditions(String plan, String statement, String indexConditions, List<String> expected) {
        assertNotNull(indexConditions, statement + " reads its whole index:\n" + plan);
        String normalized = indexConditions.replaceAll("\\s+", " ");
        for (String c : expected) {
            assertTrue(normalized.contains(c), statement + " does not search its index by " + c + ":\n" + plan);
        }
    }

    private static long scanCount(String analyzedPlan) {
        Matcher m = SCAN_COUNT.matcher(analyzedPlan);
        assertTrue(m.find(), "no scanCount in\n" + analyzedPlan);
        return Long.parseLong(m.group(1));
    }
}
