package io.jaqs.bench;

import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Jaqs behind its JMS factory, default settings except the durability level under test. */
final class JaqsDriver extends JmsDriver {
    /**
     * Not the default: acknowledge() returns before its delete commits (asyncAcknowledge=true), the
     * promise Artemis's default client makes (bench/run --jaqs-async-ack).
     */
    static boolean asyncAcknowledge;
    private final String url;
    private final Runnable cleanup;

    private JaqsDriver(String system, String durability, String url, JaqsConnectionFactory cf, Runnable cleanup) {
        super(system, durability);
        this.url = url;
        this.factory = cf;
        this.cleanup = cleanup;
    }

    /** Jaqs on an H2 file under {@code dir}, at durability process or disk. */
    static JaqsDriver h2(Path dir, String durability) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("jaqs").toAbsolutePath();
        JaqsConnectionFactory cf = new JaqsConnectionFactory(url);
        cf.setDurability(durability);
        cf.setAsyncAcknowledge(asyncAcknowledge);
        JaqsDriver d = new JaqsDriver("jaqs-h2", durability, url, cf, () -> { });
        d.connect(null).close(); // opens the store now, so a failure shows here
        return d;
    }

    /**
     * Jaqs on an H2 file encrypted at rest (storeEncryptionKey: H2's CIPHER=AES), otherwise as
     * {@link #h2}: what the encryption costs.
     */
    static JaqsDriver h2Aes(Path dir, String durability) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("jaqs-aes").toAbsolutePath();
        JaqsConnectionFactory cf = new JaqsConnectionFactory(url);
        cf.setDurability(durability);
        cf.setAsyncAcknowledge(asyncAcknowledge);
        cf.setStoreEncryptionKey("plain:bench-store-key");
        JaqsDriver d = new JaqsDriver("jaqs-h2-aes", durability, url, cf, () -> { });
        d.connect(null).close();
        return d;
    }

    static final String PG_HOST = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String PG_SCHEMA = "jaqs_bench";

    /**
     * Jaqs on the local PostgreSQL (database test, user postgres), in a schema of its own that is
     * dropped afterwards. PostgreSQL commits with synchronous_commit=on (Jaqs refuses off), so a
     * returned send has been fsynced by the server: durability disk.
     */
    static JaqsDriver postgres() throws Exception {
        try (Connection c = DriverManager.getConnection(PG_HOST, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + PG_SCHEMA);
        }
        String url = PG_HOST + "?currentSchema=" + PG_SCHEMA;
        JaqsConnectionFactory cf = new JaqsConnectionFactory(url);
        cf.setStoreUser("postgres");
        cf.setStorePassword("");
        cf.setDurability("disk");
        cf.setAsyncAcknowledge(asyncAcknowledge);
        JaqsDriver d = new JaqsDriver("jaqs-postgres", "disk", url, cf, JaqsDriver::dropPgSchema);
        try {
            d.connect(null).close();
            // one round trip through the store, so a store that opens but cannot work is skipped here
            try (Producer p = d.producer("probe", false)) {
                p.send(Bodies.PLAIN, null, null);
            }
            try (Consumer c = d.consumer("probe", false)) {
                if (c.receive(5000) == null) {
                    throw new IllegalStateException("a message sent to the PostgreSQL store did not come back");
                }
                c.ack();
            }
        } catch (Exception | Error e) {
            try {
                d.close();
            } catch (Exception ignored) {
                // reporting the first failure
            }
            throw e;
        }
        return d;
    }

    /** The local PostgreSQL's processes (its backends, WAL writer, checkpointer): their CPU per message. */
    @Override
    public long databaseCpuNanos() {
        return system().equals("jaqs-postgres") ? Cpu.processesNanos("postgres") : -1;
    }

    static boolean postgresAnswers() {
        try (Connection c = DriverManager.getConnection(PG_HOST + "?connectTimeout=3", "postgres", "")) {
            return c.isValid(3);
        } catch (Exception e) {
            return false;
        }
    }

    static String postgresVersion() {
        try (Connection c = DriverManager.getConnection(PG_HOST, "postgres", "");
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT current_setting('server_version') || ', synchronous_commit=' || current_setting('synchronous_commit')"
                     + " || ', fsync=' || current_setting('fsync')")) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void dropPgSchema() {
        try (Connection c = DriverManager.getConnection(PG_HOST, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
        } catch (Exception e) {
            System.out.println("  (could not drop schema " + PG_SCHEMA + ": " + e.getMessage() + ")");
        }
    }

    @Override
    boolean fifoDedupProperty() {
        return true;
    }

    @Override
    public void close() {
        closeConnections();
        BrokerRegistry.shutdown(url);
        cleanup.run();
    }
}
