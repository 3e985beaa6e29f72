package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jaqs.broker.ManualClock;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A factory on a fresh store per test (an H2 file, or a PostgreSQL schema when the suite runs there:
 * {@link TestStores}), driven by a {@link ManualClock}: time passes only
 * when a test advances it. Connections made through {@link #connection()} are closed after the
 * test even when the test "kills" them by walking away.
 */
abstract class JmsTestSupport {
    /** Real-time bound for waits on events that must happen (a message that is there). */
    static final long WAIT_MS = 5_000;
    /** Real-time wait for something that must not happen (receive(timeout) expected to return null). */
    static final long NOTHING_MS = 150;

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock();
    String url;
    JaqsConnectionFactory factory;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void openFactory() {
        url = TestStores.newStore(dir, "jms");
        factory = newFactory();
    }

    /** Another factory on the same store (and so the same broker core and clock). */
    JaqsConnectionFactory newFactory() {
        JaqsConnectionFactory f = new JaqsConnectionFactory(url);
        f.setClock(clock);
        return f;
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            closeAll();
        } finally {
            TestStores.drop(url);
        }
    }

    /** Closes what the test opened and shuts the JVM's broker on the store down (the store stays). */
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a test may have closed it or broken it on purpose
            }
        }
        BrokerRegistry.shutdown(url);
    }

    /**
     * The database goes away underneath the broker: H2 shuts down; PostgreSQL ends every connection of
     * the store, as a database restart does (the store reconnects on its next use).
     */
    void breakStore() throws Exception {
        if (TestStores.onPostgres()) {
            int ended = io.jaqs.broker.jdbc.PgTestDatabase.terminateSessions(io.jaqs.broker.jdbc.PgTestDatabase.schemaOf(url));
            org.junit.jupiter.api.Assertions.assertTrue(ended > 0, "the store had connections to end");
            return;
        }
        try (java.sql.Connection jdbc = java.sql.DriverManager.getConnection(url); java.sql.Statement st = jdbc.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    /** Database sessions open on the store, counted from outside the store (a plain connection, not counted). */
    int storeSessions() throws Exception {
        if (TestStores.onPostgres()) {
            return io.jaqs.broker.jdbc.PgTestDatabase.sessions(io.jaqs.broker.jdbc.PgTestDatabase.schemaOf(url));
        }
        try (java.sql.Connection jdbc = java.sql.DriverManager.getConnection(url);
             java.sql.Statement st = jdbc.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            return rs.getInt(1) - 1;
        }
    }

    <T extends AutoCloseable> T track(T c) {
        opened.add(c);
        return c;
    }

    /** A started connection of {@link #factory}. */
    Connection connection() throws JMSException {
        return connection(factory);
    }

    Connection connection(JaqsConnectionFactory f) throws JMSException {
        Connection c = track(f.createConnection());
        c.start();
        return c;
    }

    void advance(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    /** Sends text messages "prefix1".."prefixN" (PERSISTENT, returned = stored). */
    void sendTexts(Queue q, String prefix, int n) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            for (int i = 1; i <= n; i++) {
                p.send(s.createTextMessage(prefix + i));
            }
        }
    }

    void sendTexts(Queue q, String... texts) throws JMSException {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    static String text(Message m) throws JMSException {
        assertNotNull(m, "expected a message");
        return ((TextMessage) m).getText();
    }

    static String receiveText(MessageConsumer c) throws JMSException {
        return text(c.receive(WAIT_MS));
    }

    /** Everything a consumer can take right now, as texts, in delivery order. */
    static List<String> drain(MessageConsumer c) throws JMSException {
        List<String> out = new ArrayList<>();
        for (Message m = c.receiveNoWait(); m != null; m = c.receiveNoWait()) {
            out.add(text(m));
        }
        return out;
    }

    /** Everything a fresh AUTO_ACKNOWLEDGE consumer on another connection can take now (it deletes them). */
    List<Message> takeAll(Queue q) throws JMSException {
        List<Message> out = new ArrayList<>();
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            for (Message m = consumer.receiveNoWait(); m != null; m = consumer.receiveNoWait()) {
                out.add(m);
            }
        }
        return out;
    }

    static List<String> texts(List<Message> messages) throws JMSException {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            out.add(text(m));
        }
        return out;
    }

    /** The broker's approximate counts of a queue: visible, in flight, delayed. */
    long[] counts(String queue) throws JMSException {
        Map<String, String> a = factory.getBroker().getQueueAttributes(queue, List.of("ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"));
        return new long[] {Long.parseLong(a.get("ApproximateNumberOfMessages")),
                Long.parseLong(a.get("ApproximateNumberOfMessagesNotVisible")),
                Long.parseLong(a.get("ApproximateNumberOfMessagesDelayed"))};
    }
}
