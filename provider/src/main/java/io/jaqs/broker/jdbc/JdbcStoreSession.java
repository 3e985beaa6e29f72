package io.jaqs.broker.jdbc;

import io.jaqs.broker.store.DedupRow;
import io.jaqs.broker.store.GroupRow;
import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.QueueCounts;
import io.jaqs.broker.store.QueueRow;
import io.jaqs.broker.store.QueueSampleRow;
import io.jaqs.broker.store.StoreSession;
import io.jaqs.broker.store.SubscriptionRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The store primitives on one JDBC connection, with its prepared statements kept for reuse. */
final class JdbcStoreSession implements StoreSession, AutoCloseable {
    private final Connection connection;
    private final SqlFile sql;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Whether a statement that may change data ran since {@link #takeChanged()}. */
    private boolean changed;
    /** What this database can do: which statements of the dialect file the primitives use. */
    private final Dialect dialect;
    /** Queues to announce to the other nodes when the transaction commits. */
    private final java.util.Set<String> toNotify = new java.util.LinkedHashSet<>();

    JdbcStoreSession(Connection connection, SqlFile sql, Dialect dialect) {
        this.connection = connection;
        this.sql = sql;
        this.dialect = dialect;
    }

    Connection connection() {
        return connection;
    }

    /** True when an insert, update or delete changed a row since the last call (the writer syncs only then). */
    boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    private PreparedStatement ps(String name) throws SQLException {
        PreparedStatement ps = statements.get(name);
        if (ps == null) {
            ps = name.equals("insertQueue") || name.equals("insertMessage") || name.equals("insertSubscription")
                    ? connection.prepareStatement(sql.get(name), Statement.RETURN_GENERATED_KEYS)
                    : connection.prepareStatement(sql.get(name));
            statements.put(name, ps);
        }
        return ps;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof String s) {
                ps.setString(i + 1, s);
            } else if (a instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (a instanceof byte[] bytes) {
                ps.setBytes(i + 1, bytes);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    /**
     * Runs an insert, update or delete; the session counts as changed only when it affected a row, so
     * a commit of statements that matched nothing (the reaper finding nothing to expire, an empty
     * receive) neither forces a sync nor counts as a write for the store's idle compaction.
     */
    private int update(String name, Object... args) throws SQLException {
        PreparedStatement ps = ps(name);
        bind(ps, args);
        int n = ps.executeUpdate();
        if (n > 0) {
            changed = true;
        }
        return n;
    }

    /** Runs a query for its effect (lock, notify), discarding the result. */
    private void execQuery(String name, Object... args) throws SQLException {
        PreparedStatement ps = ps(name);
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // nothing to read
            }
        }
    }

    private long scalar(String name, long ifNull, Object... args) throws SQLException {
        PreparedStatement ps = ps(name);
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return ifNull;
            }
            long v = rs.getLong(1);
            return rs.wasNull() ? ifNull : v;
        }
    }

    private List<MessageRow> messages(String name, Object... args) throws SQLException {
        PreparedStatement ps = ps(name);
        bind(ps, args);
        List<MessageRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(message(rs));
            }
        }
        return rows;
    }

    private static MessageRow message(ResultSet rs) throws SQLException {
        return new MessageRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getInt(7), rs.getInt(8), rs.getLong(9), rs.getLong(10), rs.getString(11),
                rs.getString(12), rs.getLong(13), rs.getLong(14), rs.getBytes(15), rs.getBytes(16));
    }

    private List<QueueRow> queues(String name, Object... args) throws SQLException {
        PreparedStatement ps = ps(name);
        bind(ps, args);
        List<QueueRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new QueueRow(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
            }
        }
        return rows;
    }

    private List<GroupRow> groups(String name, Object... args) throws SQLException {
        PreparedStatement ps = ps(name);
        bind(ps, args);
        List<GroupRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new GroupRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return rows;
    }

    // ---- queues

    @Override
    public QueueRow insertQueue(String name, boolean fifo, String attributes, String tags, long now) throws SQLException {
        PreparedStatement ps = ps("insertQueue");
        bind(ps, name, fifo, attributes, tags, now, now);
        changed = true;
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return new QueueRow(keys.getLong(1), name, fifo, attributes, tags, now, now, 0);
        }
    }

    @Override
    public QueueRow findQueue(String name) throws SQLException {
        List<QueueRow> rows = queues("findQueueByName", name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public QueueRow findQueue(long id) throws SQLException {
        List<QueueRow> rows = queues("findQueueById", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public List<QueueRow> listQueues(String prefix) throws SQLException {
        String p = prefix == null ? "" : prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return queues("listQueues", p + "%");
    }

    @Override
    public void updateQueue(long id, String attributes, String tags, long modifiedAt) throws SQLException {
        update("updateQueue", attributes, tags, modifiedAt, id);
    }

    @Override
    public void setPurgedAt(long id, long purgedAt) throws SQLException {
        update("setPurgedAt", purgedAt, id);
    }

    @Override
    public void deleteQueue(long id) throws SQLException {
        update("deleteQueueMessages", id);
        update("deleteQueueGroups", id);
        update("deleteQueueDedup", id);
        update("deleteQueueReceiveAttempts", id);
        update("deleteQueue", id);
    }

    // ---- messages

    @Override
    public long insertMessage(MessageRow r) throws SQLException {
        PreparedStatement ps = ps("insertMessage");
        bind(ps, r.queueId(), r.messageId(), r.visibleAt(), r.expiresAt(), r.sentAt(), r.priority(), r.receiveCount(),
                r.firstReceivedAt(), r.receipt(), r.groupId(), r.dedupId(), r.seq(), r.sourceQueueId(), r.attributes(), r.body());
        if (r.attributes() == null) {
            ps.setNull(14, Types.VARBINARY);
        }
        changed = true;
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    @Override
    public List<MessageRow> selectReady(long queueId, long now, long afterVisibleAt, long afterId, int limit) throws SQLException {
        if (afterId < 0) {
            return messages("selectReadyFirst", queueId, now, now, limit);
        }
        List<MessageRow> rows = messages("selectReadySameTime", queueId, afterVisibleAt, afterId, now, limit);
        if (rows.size() < limit) {
            rows.addAll(messages("selectReadyAfter", queueId, afterVisibleAt, now, now, limit - rows.size()));
        }
        return rows;
    }

    @Override
    public List<MessageRow> browseReady(long queueId, long now, long afterVisibleAt, long afterId, int limit) throws SQLException {
        if (!dialect.skipLocked()) {
            return selectReady(queueId, now, afterVisibleAt, afterId, limit); // its selects lock nothing
        }
        return afterId < 0
                ? messages("browseReady", queueId, Long.MIN_VALUE, Long.MIN_VALUE, now, now, limit)
                : messages("browseReady", queueId, afterVisibleAt, afterId, now, now, limit);
    }

    @Override
    public long nextVisibleAt(long queueId, long now) throws SQLException {
        return scalar("nextVisibleAt", Long.MAX_VALUE, queueId, now);
    }

    @Override
    public boolean markReceived(long id, long now, long visibleAt, long receipt, long firstReceivedAt) throws SQLException {
        return update("markReceived", visibleAt, receipt, firstReceivedAt, id, now) == 1;
    }

    @Override
    public MessageRow findMessage(long id) throws SQLException {
        List<MessageRow> rows = messages("findMessage", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public MessageRow findMessageMeta(long id) throws SQLException {
        List<MessageRow> rows = messages("findMessageMeta", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public boolean deleteMessage(long id) throws SQLException {
        return update("deleteMessage", id) == 1;
    }

    @Override
    public boolean deleteMessageIfCurrent(long id, long queueId, long receipt) throws SQLException {
        return update("deleteMessageIfCurrent", id, queueId, receipt) == 1;
    }

    @Override
    public boolean updateVisibility(long id, long receipt, long visibleAt) throws SQLException {
        return update("updateVisibility", visibleAt, id, receipt) == 1;
    }

    @Override
    public boolean returnUndelivered(long id, long receipt, long visibleAt, long now) throws SQLException {
        return update("returnUndelivered", visibleAt, id, receipt, now) == 1;
    }

    @Override
    public void moveMessage(long id, long toQueueId, long visibleAt, long expiresAt, long seq, long sourceQueueId) throws SQLException {
        update("moveMessage", toQueueId, visibleAt, expiresAt, seq, sourceQueueId, id);
    }

    @Override
    public int deleteAllMessages(long queueId) throws SQLException {
        return update("deleteQueueMessages", queueId);
    }

    @Override
    public List<MessageRow> selectExpired(long now, int limit) throws SQLException {
        return messages("selectExpired", now, limit);
    }

    @Override
    public QueueCounts counts(long queueId, long now) throws SQLException {
        return new QueueCounts(scalar("countVisible", 0, queueId, now, now),
                scalar("countInFlight", 0, queueId, now, now),
                scalar("countDelayed", 0, queueId, now, now));
    }

    @Override
    public QueueSampleRow sampleQueue(long queueId, long now, int receiveLimit) throws SQLException {
        PreparedStatement ps = ps("sampleQueue");
        bind(ps, now, now, now, receiveLimit, now, queueId, now);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new QueueSampleRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
        }
    }

    @Override
    public long countInFlight(long queueId, long now) throws SQLException {
        return scalar("countInFlight", 0, queueId, now, now);
    }

    @Override
    public long countMessages(long queueId) throws SQLException {
        return scalar("countMessages", 0, queueId);
    }

    // ---- FIFO

    @Override
    public long nextSequence() throws SQLException {
        return scalar("nextSequence", 0);
    }

    @Override
    public GroupRow findGroup(long queueId, String groupId) throws SQLException {
        List<GroupRow> rows = groups("findGroup", queueId, groupId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public void insertGroup(GroupRow g) throws SQLException {
        update("insertGroup", g.queueId(), g.groupId(), g.headSeq(), g.availableAt());
    }

    @Override
    public void updateGroup(GroupRow g) throws SQLException {
        update("updateGroup", g.headSeq(), g.availableAt(), g.queueId(), g.groupId());
    }

    @Override
    public void deleteGroup(long queueId, String groupId) throws SQLException {
        update("deleteGroup", queueId, groupId);
    }

    @Override
    public List<GroupRow> selectAvailableGroups(long queueId, long now, long afterHeadSeq, int limit) throws SQLException {
        return groups("selectAvailableGroups", queueId, afterHeadSeq, now, limit);
    }

    @Override
    public long nextGroupAvailableAt(long queueId, long now) throws SQLException {
        return scalar("nextGroupAvailableAt", Long.MAX_VALUE, queueId, now);
    }

    @Override
    public List<MessageRow> selectGroupMessages(long queueId, String groupId, long fromSeq, int limit) throws SQLException {
        return messages("selectGroupMessages", queueId, groupId, fromSeq, limit);
    }

    @Override
    public List<MessageRow> selectGroupMessagesMeta(long queueId, String groupId, long fromSeq, int limit) throws SQLException {
        return messages("selectGroupMessagesMeta", queueId, groupId, fromSeq, limit);
    }

    @Override
    public List<MessageRow> selectBySequence(long queueId, long afterSeq, int limit) throws SQLException {
        return messages("selectBySequence", queueId, afterSeq, limit);
    }

    @Override
    public void deleteAllGroups(long queueId) throws SQLException {
        update("deleteQueueGroups", queueId);
    }

    // ---- dedup

    /**
     * PostgreSQL text cannot hold NUL, which the core puts between group and deduplication id
     * (per-group scope); both are printable ASCII, so \u0001 keeps the key unambiguous.
     */
    private String dedupKey(String key) {
        return dialect.textHoldsNul() ? key : key.replace('\u0000', '\u0001');
    }

    @Override
    public DedupRow findDedup(long queueId, String dedupKey, long now) throws SQLException {
        PreparedStatement ps = ps("findDedup");
        bind(ps, queueId, dedupKey(dedupKey), now);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new DedupRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)) : null;
        }
    }

    @Override
    public boolean putDedup(DedupRow row, long now) throws SQLException {
        if (dialect.claimDedupOnConflict()) {
            return update("claimDedup", row.queueId(), dedupKey(row.dedupKey()), row.messageId(), row.seq(), row.expiresAt(), now) == 1;
        }
        update("mergeDedup", row.queueId(), row.dedupKey(), row.messageId(), row.seq(), row.expiresAt());
        return true;
    }

    @Override
    public boolean shared() {
        return dialect.sharedAcrossNodes();
    }

    @Override
    public void lockGroup(long queueId, String groupId) throws SQLException {
        if (dialect.lockGroupsAcrossNodes()) {
            execQuery("lockGroup", queueId, groupId);
        }
    }

    @Override
    public boolean tryLockGroup(long queueId, String groupId) throws SQLException {
        if (!dialect.lockGroupsAcrossNodes()) {
            return true;
        }
        PreparedStatement ps = ps("tryLockGroup");
        bind(ps, queueId, groupId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Override
    public List<MessageRow> claimReady(long queueId, long now, long visibleAt, int limit) throws SQLException {
        if (!dialect.skipLocked()) {
            return null;
        }
        PreparedStatement ps = ps("claimReady");
        bind(ps, queueId, now, now, limit, visibleAt, now);
        changed = true;
        List<long[]> order = new ArrayList<>();
        List<MessageRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                order.add(new long[] {rs.getLong(17), rs.getLong(1), rows.size()});
                rows.add(message(rs));
            }
        }
        // RETURNING has no order: deliver in (old visible_at, id) order, as a select would
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<MessageRow> sorted = new ArrayList<>(rows.size());
        for (long[] o : order) {
            sorted.add(rows.get((int) o[2]));
        }
        return sorted;
    }

    @Override
    public void notifyChanged(long queueId) {
        if (dialect.notifyOtherNodes()) {
            toNotify.add(Long.toString(queueId));
        }
    }

    /** In a notification's payload, {@code s<id>} says the queue's row changed, a bare {@code <id>} its messages. */
    @Override
    public void notifySettingsChanged(long queueId) {
        if (dialect.notifyOtherNodes()) {
            toNotify.add("s" + queueId);
        }
    }

    /**
     * The queues whose changes the transaction announces, taken (and forgotten) by the writer once its
     * commit returned, to be notified outside the transaction ({@link PgNotifier}).
     */
    java.util.List<String> takeNotifications() {
        if (toNotify.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<String> ids = new ArrayList<>(toNotify);
        toNotify.clear();
        return ids;
    }

    /** Forgets the pending notifications (the transaction rolled back). */
    void clearNotifications() {
        toNotify.clear();
    }

    @Override
    public int deleteExpiredDedup(long now, int limit) throws SQLException {
        PreparedStatement ps = ps("selectExpiredDedup");
        bind(ps, now, limit);
        List<Object[]> keys = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(new Object[] {rs.getLong(1), rs.getString(2)});
            }
        }
        for (Object[] k : keys) {
            update("deleteDedup", k[0], k[1]);
        }
        return keys.size();
    }

    // ---- FIFO receive attempts

    @Override
    public String findReceiveAttempt(long queueId, String attemptId, long now) throws SQLException {
        PreparedStatement ps = ps("findReceiveAttempt");
        bind(ps, queueId, attemptId, now);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void putReceiveAttempt(long queueId, String attemptId, String handles, long expiresAt) throws SQLException {
        update("putReceiveAttempt", queueId, attemptId, handles, expiresAt);
    }

    @Override
    public int deleteExpiredReceiveAttempts(long now, int limit) throws SQLException {
        return update("deleteExpiredReceiveAttempts", now, limit);
    }

    // ---- topic subscriptions

    @Override
    public long insertSubscription(SubscriptionRow r) throws SQLException {
        PreparedStatement ps = ps("insertSubscription");
        bind(ps, r.topic(), r.kind(), r.clientId(), r.name(), r.durable(), r.queueId(), r.selector(), r.noLocalPublisher(),
                r.owner(), r.leaseUntil(), r.createdAt());
        changed = true;
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private List<SubscriptionRow> subscriptions(String name, Object... args) throws SQLException {
        PreparedStatement ps = ps(name);
        bind(ps, args);
        List<SubscriptionRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new SubscriptionRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11),
                        rs.getLong(12)));
            }
        }
        return rows;
    }

    @Override
    public List<SubscriptionRow> selectSubscriptions(String topic) throws SQLException {
        return subscriptions("selectSubscriptions", topic);
    }

    @Override
    public SubscriptionRow findSubscription(String clientId, boolean durable, String name) throws SQLException {
        List<SubscriptionRow> rows = subscriptions("findSubscription", clientId, durable, name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public SubscriptionRow findSubscriptionByQueue(long queueId) throws SQLException {
        List<SubscriptionRow> rows = subscriptions("findSubscriptionByQueue", queueId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Override
    public List<SubscriptionRow> listSubscriptions() throws SQLException {
        return subscriptions("listSubscriptions");
    }

    @Override
    public void deleteSubscription(long id) throws SQLException {
        update("deleteSubscription", id);
    }

    @Override
    public int renewSubscriptionLeases(String owner, long leaseUntil) throws SQLException {
        return update("renewSubscriptionLeases", leaseUntil, owner);
    }

    @Override
    public List<SubscriptionRow> selectExpiredSubscriptions(long now, int limit) throws SQLException {
        return subscriptions("selectExpiredSubscriptions", now, limit);
    }

    // ---- XA prepared branches

    @Override
    public void insertPrepared(byte[] xid, byte[] ops, long preparedAt) throws SQLException {
        update("insertPrepared", xid, ops, preparedAt);
    }

    @Override
    public byte[] findPrepared(byte[] xid) throws SQLException {
        PreparedStatement ps = ps("findPrepared");
        bind(ps, (Object) xid);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    @Override
    public boolean deletePrepared(byte[] xid) throws SQLException {
        return update("deletePrepared", (Object) xid) == 1;
    }

    @Override
    public List<byte[]> listPrepared() throws SQLException {
        PreparedStatement ps = ps("listPrepared");
        List<byte[]> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getBytes(1));
            }
        }
        return out;
    }

    /**
     * Plan of a named statement, for the tests that check every hot statement uses its index. With
     * {@code analyze} the statement runs (H2 then reports the rows it scanned): queries only.
     */
    String explain(boolean analyze, String name, Object... args) throws SQLException {
        String statement = sql.get(name);
        if (analyze && !statement.regionMatches(true, 0, "SELECT", 0, 6)) {
            throw new IllegalArgumentException("EXPLAIN ANALYZE runs the statement; '" + name + "' is not a query");
        }
        try (PreparedStatement ps = connection.prepareStatement((analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + statement)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder b = new StringBuilder();
                while (rs.next()) {
                    b.append(rs.getString(1)).append('\n');
                }
                return b.toString();
            }
        }
    }

    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
    }
}
