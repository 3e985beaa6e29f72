package io.jaqs.broker.jdbc;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.SubscriptionRequest;
import io.jaqs.broker.XaBranch;
import io.jaqs.broker.XaTransactions;
import io.jaqs.broker.store.Durability;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes the schema-upgrade fixture: a store as a given Jaqs leaves it, with something of every kind
 * in it (messages visible and in flight with receipts, a FIFO group held by a receive, a dedup entry,
 * a durable subscription with a message, a prepared XA branch). {@link SchemaUpgradeTest} opens it
 * with the current code. Run it once per schema version, with the code of that version, to freeze
 * that version's store (version 1 was written at the commit that introduced migrations):
 * <pre>
 * mvn -B -q -pl provider -am test-compile
 * mvn -B -q -pl provider dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat /tmp/cp.txt):provider/target/classes:provider/target/test-classes" \
 *     io.jaqs.broker.jdbc.SchemaFixtureWriter provider/src/test/resources/io/jaqs/broker/jdbc/schema-v1
 * </pre>
 * It writes {@code store.mv.db} (the H2 file itself), {@code postgresql.sql} (the PostgreSQL schema
 * block of this version and the same rows, as a script) and {@code expected.properties} (the ids and
 * receipt handles the test checks).
 */
public final class SchemaFixtureWriter {
    static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, the fixture's clock
    static final String QUEUE = "orders";
    static final String FIFO = "events.fifo";
    static final String TOPIC = "prices";
    static final byte[] XID = "fixture-xid-1".getBytes(StandardCharsets.UTF_8);
    private static final List<String> TABLES = List.of("jaqs_schema", "jaqs_queue", "jaqs_message", "jaqs_group",
            "jaqs_dedup", "jaqs_subscription", "jaqs_prepared");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("jaqs-fixture");
        String url = "jdbc:h2:file:" + work.resolve("store").toAbsolutePath();
        Properties expected = new Properties();
        ManualClock clock = new ManualClock(java.time.Instant.ofEpochMilli(NOW));
        try (JaqsBroker broker = new JaqsBroker(JdbcQueueStore.open(url, null, null, Durability.PROCESS, 2),
                BrokerConfig.withClock(clock))) {
            broker.createQueue(QUEUE, Map.of());
            for (int i = 1; i <= 3; i++) {
                expected.setProperty("orders." + i + ".id",
                        broker.sendMessage(QUEUE, SendMessageRequest.builder("order-" + i).build()).messageId());
            }
            List<ReceivedMessage> held = broker.receiveMessage(QUEUE, ReceiveMessageRequest.of(2).withVisibilityTimeoutSeconds(3600));
            for (int i = 0; i < held.size(); i++) {
                expected.setProperty("orders.held." + (i + 1) + ".body", held.get(i).bodyAsString());
                expected.setProperty("orders.held." + (i + 1) + ".handle", held.get(i).receiptHandle());
            }

            broker.createQueue(FIFO, Map.of("FifoQueue", "true"));
            for (int i = 1; i <= 2; i++) {
                expected.setProperty("fifo." + i + ".id", broker.sendMessage(FIFO, SendMessageRequest.builder("event-" + i)
                        .messageGroupId("g1").messageDeduplicationId("d" + i).build()).messageId());
            }
            ReceivedMessage first = broker.receiveMessage(FIFO, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(3600)).get(0);
            expected.setProperty("fifo.held.body", first.bodyAsString());
            expected.setProperty("fifo.held.handle", first.receiptHandle());

            Subscription sub = broker.subscribe(new SubscriptionRequest(TOPIC, Subscription.Kind.DURABLE, "client-1", "sub-1",
                    null, null, Map.of(), false));
            expected.setProperty("subscription.queue", sub.queueName());
            broker.publish(TOPIC, SendMessageRequest.builder("price-1").build(), "publisher-1");

            XaBranch branch = broker.xaTransactions().begin();
            // with an attribute: TransactionOps.writeRequest fails on a send without any (AttributeCodec.encode returns null)
            expected.setProperty("xa.id", branch.sendMessage(QUEUE, SendMessageRequest.builder("xa-order")
                    .attribute("kind", MessageAttributeValue.string("xa")).build()));
            branch.prepare(XID);
        }
        expected.setProperty("schemaVersion", String.valueOf(JdbcQueueStore.SCHEMA_VERSION));
        Files.copy(work.resolve("store.mv.db"), out.resolve("store.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        try (OutputStream o = Files.newOutputStream(out.resolve("expected.properties"))) {
            expected.store(o, "SchemaFixtureWriter: what the schema-version-" + JdbcQueueStore.SCHEMA_VERSION + " store holds");
        }
        Files.writeString(out.resolve("postgresql.sql"), postgresScript(url));
    }

    /** The PostgreSQL schema block of this version, then every row of the H2 store as INSERTs. */
    private static String postgresScript(String url) throws SQLException {
        StringBuilder b = new StringBuilder("-- Written by SchemaFixtureWriter: schema version " + JdbcQueueStore.SCHEMA_VERSION
                + " of postgresql.sql and the rows of store.mv.db\n");
        SqlFile pg = SqlFile.load(Dialect.POSTGRESQL.sqlResource());
        for (String statement : pg.script("schema")) {
            if (!statement.startsWith("INSERT INTO jaqs_schema")) {
                b.append(statement).append(";\n");
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder cols = new StringBuilder();
                        StringBuilder vals = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            cols.append(i > 1 ? ", " : "").append(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
                            vals.append(i > 1 ? ", " : "").append(literal(rs, i, md.getColumnType(i)));
                        }
                        b.append("INSERT INTO ").append(table).append(" (").append(cols).append(") VALUES (").append(vals).append(");\n");
                    }
                }
            }
            for (String table : List.of("jaqs_queue", "jaqs_message", "jaqs_subscription")) {
                b.append("SELECT setval(pg_get_serial_sequence('").append(table).append("', 'id'), (SELECT MAX(id) FROM ")
                        .append(table).append("));\n");
            }
            try (ResultSet rs = st.executeQuery("SELECT NEXT VALUE FOR jaqs_seq")) {
                rs.next();
                b.append("SELECT setval('jaqs_seq', ").append(rs.getLong(1)).append(");\n");
            }
        }
        return b.toString();
    }

    private static String literal(ResultSet rs, int i, int type) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return "NULL";
        }
        return switch (type) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    "decode('" + HexFormat.of().formatHex(rs.getBytes(i)) + "', 'hex')";
            case Types.BOOLEAN, Types.BIT -> rs.getBoolean(i) ? "TRUE" : "FALSE";
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> String.valueOf(rs.getLong(i));
            default -> "'" + rs.getString(i).replace("'", "''") + "'";
        };
    }

    private SchemaFixtureWriter() {
    }
}
