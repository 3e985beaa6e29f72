package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.arjuna.recovery.RecoveryModule;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery with Narayana: a child JVM runs a transaction spanning a Jaqs send and an H2
 * application table insert, and is killed with SIGKILL ({@link Process#destroyForcibly()}) while
 * both resources are prepared. A second, fresh JVM runs Narayana's recovery on the same object
 * store and stores; afterwards the outcome is all or nothing, exactly once.
 *
 * <p>The kill point is placed by a third resource in the transaction: enlisted first, its commit
 * announces "IN_DOUBT" and blocks, so the JVM dies after Narayana logged the commit decision and
 * before Jaqs or H2 committed (recovery must commit); enlisted last, its prepare does the same, so
 * the JVM dies after Jaqs and H2 prepared and before any decision was logged (presumed abort).
 */
class XaCrashRecoveryTest {
    @TempDir
    Path dir;
    /** The Jaqs store (H2 file, or a PostgreSQL schema when the suite runs there); the application table stays in H2. */
    private String jaqsUrl;

    @org.junit.jupiter.api.BeforeEach
    void store() {
        jaqsUrl = TestStores.newStore(dir, "jaqs");
    }

    @org.junit.jupiter.api.AfterEach
    void releaseStore() {
        TestStores.release(jaqsUrl);
    }

    @Test
    void killedAfterTheCommitDecisionIsCommittedByRecoveryExactlyOnce() throws Exception {
        run("commit");
        assertEquals(1, appRows());
        assertEquals(List.of("order-1"), jaqsMessages());
    }

    @Test
    void killedBeforeTheDecisionIsRolledBackByRecovery() throws Exception {
        run("prepare");
        assertEquals(0, appRows());
        assertEquals(List.of(), jaqsMessages());
    }

    private void run(String haltIn) throws Exception {
        Path objectStore = Files.createDirectories(dir.resolve("narayana"));
        try (java.sql.Connection c = appDataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id VARCHAR(50) PRIMARY KEY)");
        }
        Process child = start(Crashing.class, objectStore.toString(), jaqsUrl(), appUrl(), haltIn);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.equals("IN_DOUBT")) {
                seen.add(line);
            }
            assertEquals("IN_DOUBT", line, "the child reached the kill point; it printed " + seen);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no commit
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        Process recovery = start(Recovering.class, objectStore.toString(), jaqsUrl(), appUrl());
        String output = new String(recovery.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(recovery.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, recovery.exitValue(), output);
        assertTrue(output.contains("in doubt before: jaqs 1, h2 1"), "both resources were prepared when killed: " + output);
        assertTrue(output.contains("RECOVERED"), output);
    }

    private Process start(Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private String jaqsUrl() {
        return jaqsUrl;
    }

    private String appUrl() {
        return "jdbc:h2:file:" + dir.resolve("app").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    private JdbcDataSource appDataSource() {
        return dataSource(appUrl());
    }

    static JdbcDataSource dataSource(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return ds;
    }

    private int appRows() throws Exception {
        try (java.sql.Connection c = appDataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> jaqsMessages() throws Exception {
        JaqsConnectionFactory f = new JaqsConnectionFactory(jaqsUrl());
        List<String> texts = new ArrayList<>();
        try (Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("orders"));
            for (Message m = consumer.receive(200); m != null; m = consumer.receive(200)) {
                texts.add(((TextMessage) m).getText());
            }
            assertEquals("0", f.getBroker().getQueueAttributes("orders", List.of("ApproximateNumberOfMessagesNotVisible"))
                    .get("ApproximateNumberOfMessagesNotVisible"), "nothing left in flight");
        } finally {
            BrokerRegistry.shutdown(jaqsUrl());
        }
        return texts;
    }

    // ---------------------------------------------------------------- child JVMs

    /** A resource that stops the JVM's progress at one point of two-phase commit until it is killed. */
    public static final class KillPoint implements XAResource, Serializable {
        private static final long serialVersionUID = 1L;
        /** Set in the crashing JVM only: after recovery deserializes this resource from the log, it just commits. */
        static volatile boolean armed;
        private final String haltIn;

        KillPoint(String haltIn) {
            this.haltIn = haltIn;
        }

        private void maybeHalt(String point) {
            if (armed && haltIn.equals(point)) {
                System.out.println("IN_DOUBT");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Runtime.getRuntime().halt(3);
                }
            }
        }

        @Override
        public int prepare(Xid xid) {
            maybeHalt("prepare");
            return XA_OK;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) {
            maybeHalt("commit");
        }

        @Override
        public void rollback(Xid xid) {
        }

        @Override
        public void start(Xid xid, int flags) {
        }

        @Override
        public void end(Xid xid, int flags) {
        }

        @Override
        public void forget(Xid xid) {
        }

        @Override
        public Xid[] recover(int flag) {
            return new Xid[0];
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return other == this;
        }

        @Override
        public int getTransactionTimeout() {
            return 0;
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            return false;
        }
    }

    /** Child 1: sends and inserts in one transaction and blocks at the kill point. Args: store dir, Jaqs URL, app URL, kill point. */
    public static final class Crashing {
        public static void main(String[] args) throws Exception {
            NarayanaSupport.init(Path.of(args[0]));
            KillPoint.armed = true;
            KillPoint killPoint = new KillPoint(args[3]);
            JaqsXAConnectionFactory factory = new JaqsXAConnectionFactory(args[1]);
            XAConnection connection = factory.createXAConnection();
            XASession session = connection.createXASession();
            Queue queue = session.createQueue("orders");
            javax.sql.XAConnection db = dataSource(args[2]).getXAConnection();
            java.sql.Connection app = db.getConnection();
            TransactionManager tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
            tm.begin();
            Transaction tx = tm.getTransaction();
            if (args[3].equals("commit")) {
                tx.enlistResource(killPoint); // committed first: the JVM dies before the others commit
            }
            tx.enlistResource(session.getXAResource());
            tx.enlistResource(db.getXAResource());
            if (args[3].equals("prepare")) {
                tx.enlistResource(killPoint); // prepared last: the others are prepared, no decision logged yet
            }
            session.createProducer(queue).send(session.createTextMessage("order-1"));
            try (Statement st = app.createStatement()) {
                st.executeUpdate("INSERT INTO orders (id) VALUES ('order-1')");
            }
            System.out.println("COMMITTING");
            System.out.flush();
            tm.commit();
            System.out.println("COMMITTED (the kill point was not reached)");
            System.exit(2);
        }
    }

    /** Child 2: a fresh JVM that runs Narayana's recovery over both resources. Args: store dir, Jaqs URL, app URL. */
    public static final class Recovering {
        public static void main(String[] args) throws Exception {
            NarayanaSupport.init(Path.of(args[0]));
            JaqsXAConnectionFactory factory = new JaqsXAConnectionFactory(args[1]);
            XAConnection connection = factory.createXAConnection();
            XAResource jaqs = connection.createXASession().getXAResource();
            javax.sql.XAConnection db = dataSource(args[2]).getXAConnection();
            XAResource h2 = db.getXAResource();
            System.out.println("in doubt before: jaqs " + jaqs.recover(XAResource.TMSTARTRSCAN).length
                    + ", h2 " + h2.recover(XAResource.TMSTARTRSCAN).length);
            RecoveryManager manager = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
            XARecoveryModule xaModule = null;
            for (RecoveryModule m : manager.getModules()) {
                if (m instanceof XARecoveryModule x) {
                    xaModule = x;
                }
            }
            if (xaModule == null) {
                throw new IllegalStateException("no XARecoveryModule in " + manager.getModules());
            }
            xaModule.addXAResourceRecoveryHelper(new XAResourceRecoveryHelper() {
                @Override
                public boolean initialise(String p) {
                    return true;
                }

                @Override
                public XAResource[] getXAResources() {
                    return new XAResource[] {jaqs, h2};
                }
            });
            for (int pass = 0; pass < 3; pass++) {
                manager.scan();
                int left = jaqs.recover(XAResource.TMSTARTRSCAN).length + h2.recover(XAResource.TMSTARTRSCAN).length;
                System.out.println("after scan " + (pass + 1) + ": " + left + " in doubt");
                if (left == 0) {
                    break;
                }
            }
            int left = jaqs.recover(XAResource.TMSTARTRSCAN).length + h2.recover(XAResource.TMSTARTRSCAN).length;
            manager.terminate();
            connection.close();
            db.close();
            BrokerRegistry.shutdownAll();
            if (left == 0) {
                System.out.println("RECOVERED");
            }
            System.out.flush();
            System.exit(left == 0 ? 0 : 1);
        }
    }
}
