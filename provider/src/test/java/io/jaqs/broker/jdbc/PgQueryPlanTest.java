package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.store.Durability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every hot statement of postgresql.sql uses the index meant for it on queues 100,000 messages deep
 * (two standard queues, one FIFO queue in 1,000 groups, filled with generate_series and ANALYZEd): no
 * Seq Scan on jaqs_message or jaqs_group. Each plan is checked twice: as a custom plan (the values
 * known, what the driver's first executions get) and as the generic plan PostgreSQL may switch a
 * server-prepared statement to after five executions ({@code plan_cache_mode=force_generic_plan}),
 * which is what a long-running node mostly runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgQueryPlanTest {
    private static final int DEPTH = 100_000;
    private static final SqlFile SQL = SqlFile.load(Dialect.POSTGRESQL.sqlResource());

    private String schema;
    private Connection db;
    private long standardId;
    private long fifoId;
    private long now;

    @BeforeAll
    void fill() throws Exception {
        schema = PgTestDatabase.createSchema();
        ManualClock clock = new ManualClock();
        now = clock.millis();
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(PgTestDatabase.url(schema), null, null, Durability.PROCESS, 1),
                BrokerConfig.withClock(clock))) {
            broker.createQueue("plans", Map.of());
            broker.createQueue("other", Map.of());
            broker.createQueue("plans.fifo", Map.of("FifoQueue", "true"));
        }
        db = DriverManager.getConnection(PgTestDatabase.url(schema));
        standardId = scalar("SELECT id FROM jaqs_queue WHERE name = 'plans'");
        fifoId = scalar("SELECT id FROM jaqs_queue WHERE name = 'plans.fifo'");
        long otherId = scalar("SELECT id FROM jaqs_queue WHERE name = 'other'");
        try (Statement st = db.createStatement()) {
            for (long q : new long[] {standardId, otherId}) {
                // 90 % visible (oldest first), 10 % in flight for 30 s
                st.execute("INSERT INTO jaqs_message (queue_id, message_id, visible_at, expires_at, sent_at, priority, receive_count,"
                        + " first_received_at, receipt, group_id, dedup_id, seq, source_queue_id, attributes, body)"
                        + " SELECT " + q + ", md5(i::text), CASE WHEN i % 10 = 0 THEN " + (now + 30_000) + " ELSE " + (now - DEPTH) + " + i END,"
                        + (now + 345_600_000L) + ", " + (now - DEPTH) + " + i, -1, CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, 0, i, NULL, NULL,"
                        + " 0, 0, NULL, convert_to(repeat('x', 100), 'UTF8') FROM generate_series(1, " + DEPTH + ") i");
            }
            // FIFO: 1,000 groups of 100 messages in sequence order; every tenth group's head in flight
            st.execute("INSERT INTO jaqs_message (queue_id, message_id, visible_at, expires_at, sent_at, priority, receive_count,"
                    + " first_received_at, receipt, group_id, dedup_id, seq, source_queue_id, attributes, body)"
                    + " SELECT " + fifoId + ", md5('f' || i), CASE WHEN i <= 1000 AND i % 10 = 0 THEN " + (now + 30_000) + " ELSE "
                    + (now - 1) + " END, " + (now + 345_600_000L) + ", " + (now - 1) + ", -1, CASE WHEN i <= 1000 AND i % 10 = 0 THEN 1"
                    + " ELSE 0 END, 0, i, 'g' || (i % 1000), md5('d' || i), i, 0, NULL, convert_to('x', 'UTF8')"
                    + " FROM generate_series(1, " + DEPTH + ") i");
            st.execute("INSERT INTO jaqs_group (queue_id, group_id, head_seq, available_at) SELECT " + fifoId + ", 'g' || (g % 1000), g,"
                    + " CASE WHEN g % 10 = 0 THEN " + (now + 30_000) + " ELSE " + (now - 1) + " END FROM generate_series(1, 1000) g");
            st.execute("ANALYZE jaqs_message");
            st.execute("ANALYZE jaqs_group");
        }
    }

    @AfterAll
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            PgTestDatabase.dropSchema(schema);
        }
    }

    private long scalar(String sql) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    /** EXPLAIN of a named statement with these values, as a custom or as a generic plan. */
    private String plan(String name, boolean generic, Object... args) throws Exception {
        String sql = SQL.get(name);
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(c);
            }
        }
        assertEquals(n, args.length, name + " takes " + n + " parameters");
        StringBuilder values = new StringBuilder();
        for (Object a : args) {
            values.append(values.length() == 0 ? "" : ", ").append(a instanceof String s ? "'" + s + "'" : a.toString());
        }
        try (Statement st = db.createStatement()) {
            st.execute("DEALLOCATE ALL");
            st.execute("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
            st.execute("PREPARE jaqs_plan AS " + numbered);
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE jaqs_plan(" + values + ")")) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            st.execute("DEALLOCATE jaqs_plan");
            return out.toString();
        }
    }

    /** Both plans of a statement use every index named and scan no table sequentially. */
    private void assertPlans(String name, String[] indexes, Object... args) throws Exception {
        for (boolean generic : new boolean[] {false, true}) {
            String plan = plan(name, generic, args);
            String what = name + (generic ? " (generic plan)" : " (custom plan)") + ":\n" + plan;
            assertFalse(plan.contains("Seq Scan"), what);
            for (String index : indexes) {
                assertTrue(plan.contains(" " + index + " ") || plan.contains(" " + index + "\n"), "uses " + index + ": " + what);
            }
        }
    }

    private static String[] uses(String... indexes) {
        return indexes;
    }

    private long someMessageRow() throws Exception {
        return scalar("SELECT id FROM jaqs_message WHERE queue_id = " + standardId + " ORDER BY id OFFSET 5000 LIMIT 1");
    }

    /**
     * The store's connections plan every execution with its parameters: with the server's default
     * (auto), a generic plan cached while a queue was small and not yet analyzed sorted every visible
     * row on each receive once the queue held 100,000 (bench depth-100k on PostgreSQL: 9 msg/s, p50
     * 115 ms; 1,896 msg/s, p50 0.38 ms with custom plans).
     */
    @Test
    void storeConnectionsUseCustomPlans() throws Exception {
        try (JdbcQueueStore store = JdbcQueueStore.open(PgTestDatabase.url(schema), null, null, Durability.PROCESS, 1);
             Connection c = store.dataSource().getConnection();
             Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SHOW plan_cache_mode")) {
            assertTrue(rs.next());
            assertEquals("force_custom_plan", rs.getString(1));
        }
    }

    @Test
    void receiveCandidatesComeFromTheReadyIndexLockedRowByRow() throws Exception {
        assertPlans("claimReady", uses("jaqs_message_ready", "jaqs_message_pkey"), standardId, now, now, 10, now + 30_000, now);
        assertTrue(plan("claimReady", true, standardId, now, now, 10, now + 30_000, now).contains("LockRows"), "SKIP LOCKED lock step");
        assertPlans("selectReadyFirst", uses("jaqs_message_ready"), standardId, now, now, 10);
        assertPlans("selectReadySameTime", uses("jaqs_message_ready"), standardId, now - 500, 7L, now, 10);
        assertPlans("selectReadyAfter", uses("jaqs_message_ready"), standardId, now - 500, now, now, 10);
        assertPlans("browseReady", uses("jaqs_message_ready"), standardId, now - 500, 7L, now, now, 100);
        assertPlans("nextVisibleAt", uses("jaqs_message_ready"), standardId, now);
    }

    @Test
    void deleteVisibilityChangeAndClaimGoByPrimaryKey() throws Exception {
        long id = someMessageRow();
        assertPlans("findMessageMeta", uses("jaqs_message_pkey"), id);
        assertPlans("deleteMessage", uses("jaqs_message_pkey"), id);
        assertPlans("updateVisibility", uses("jaqs_message_pkey"), now + 60_000, id, 1L);
        assertPlans("returnUndelivered", uses("jaqs_message_pkey"), now, id, 1L, now);
        assertPlans("markReceived", uses("jaqs_message_pkey"), now + 30_000, 42L, now, id, now);
    }

    @Test
    void fifoGroupHeadsAndTheirMessagesComeFromTheirIndexes() throws Exception {
        assertPlans("selectAvailableGroups", uses("jaqs_group_head"), fifoId, Long.MIN_VALUE, now, 16);
        assertPlans("nextGroupAvailableAt", uses("jaqs_group_available"), fifoId, now);
        assertPlans("findGroup", uses("jaqs_group_pkey"), fifoId, "g5");
        assertPlans("selectGroupMessages", uses("jaqs_message_group"), fifoId, "g5", 5L, 11);
        assertPlans("selectGroupMessagesMeta", uses("jaqs_message_group"), fifoId, "g5", Long.MIN_VALUE, 12);
    }

    @Test
    void countsAndReaperUseTheirIndexes() throws Exception {
        assertPlans("countInFlight", uses("jaqs_message_ready"), standardId, now, now);
        // countVisible is left out: it counts the visible rows (90,000 of 300,000 here), for which a scan of
        // the table is the planner's right choice; it runs on demand (queue attributes), not per receive
        assertPlans("countDelayed", uses("jaqs_message_ready"), standardId, now, now);
        assertPlans("selectExpired", uses("jaqs_message_expiry"), now, 100);
    }
}
