package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import jakarta.transaction.TransactionManager;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XA under a real Narayana transaction manager, and the XAResource contract driven directly. */
class XaTransactionTest extends JmsTestSupport {
    private static final AtomicInteger XIDS = new AtomicInteger();
    private TransactionManager tm;
    private JaqsXAConnectionFactory xaFactory;

    @BeforeAll
    static void narayana() {
        NarayanaSupport.init();
    }

    @BeforeEach
    void setUp() {
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        xaFactory = new JaqsXAConnectionFactory(url);
        xaFactory.setClock(clock);
    }

    private XASession xaSession() throws Exception {
        XAConnection c = track(xaFactory.createXAConnection());
        c.start();
        return c.createXASession();
    }

    private Queue queue(String name) throws Exception {
        Connection c = connection();
        return c.createSession().createQueue(name);
    }

    // ---------------------------------------------------------------- under Narayana

    @Test
    void sendCommitsWithTheTransaction() throws Exception {
        Queue q = queue("xa-send");
        XASession xs = xaSession();
        tm.begin();
        tm.getTransaction().enlistResource(xs.getXAResource());
        xs.createProducer(q).send(xs.createTextMessage("hello"));
        assertTrue(takeAll(q).isEmpty(), "not visible before commit");
        tm.commit();
        assertEquals(java.util.List.of("hello"), texts(takeAll(q)));
    }

    @Test
    void sendRolledBackLeavesNothing() throws Exception {
        Queue q = queue("xa-send-rb");
        XASession xs = xaSession();
        tm.begin();
        tm.getTransaction().enlistResource(xs.getXAResource());
        xs.createProducer(q).send(xs.createTextMessage("never"));
        tm.rollback();
        assertTrue(takeAll(q).isEmpty());
        assertArrayEquals(new long[] {0, 0, 0}, counts("xa-send-rb"));
    }

    @Test
    void receiveCommitDeletesTheMessage() throws Exception {
        Queue q = queue("xa-recv");
        sendTexts(q, "m1");
        XASession xs = xaSession();
        MessageConsumer consumer = xs.createConsumer(q);
        tm.begin();
        tm.getTransaction().enlistResource(xs.getXAResource());
        assertEquals("m1", receiveText(consumer));
        tm.commit();
        consumer.close();
        advance(3600); // past any visibility timeout: the message is gone, not just in flight
        assertTrue(takeAll(q).isEmpty());
        assertArrayEquals(new long[] {0, 0, 0}, counts("xa-recv"));
    }

    @Test
    void receiveRolledBackIsRedeliveredWithDeliveryCountIncremented() throws Exception {
        Queue q = queue("xa-recv-rb");
        sendTexts(q, "m1");
        XASession xs = xaSession();
        MessageConsumer consumer = xs.createConsumer(q);
        tm.begin();
        tm.getTransaction().enlistResource(xs.getXAResource());
        Message first = consumer.receive(WAIT_MS);
        assertEquals(1, first.getIntProperty("JMSXDeliveryCount"));
        tm.rollback();
        tm.begin();
        tm.getTransaction().enlistResource(xs.getXAResource());
        Message again = consumer.receive(WAIT_MS);
        assertNotNull(again, "redelivered after rollback");
        assertEquals("m1", text(again));
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertTrue(again.getJMSRedelivered());
        tm.commit();
        consumer.close();
        advance(3600);
        assertTrue(takeAll(q).isEmpty());
    }

    @Test
    void rollbackHandsBackPrefetchedMessagesAtOnce() throws Exception {
        Queue q = queue("xa-prefetch-rb");
        sendTexts(q, "m1", "m2", "m3");
        XASession xs = xaSession();
        MessageConsumer consumer = xs.createConsumer(q);
        tm.begin();
        tm.getTransaction().enlistResource(xs.getXAResource());
        assertEquals("m1", receiveText(consumer));
        assertArrayEquals(new long[] {0, 3, 0}, counts("xa-prefetch-rb"), "the consumer prefetched all three");
        tm.rollback();
        // no time passes: the delivered message and the two prefetched ones are all visible again now
        assertArrayEquals(new long[] {3, 0, 0}, counts("xa-prefetch-rb"));
        java.util.List<Message> all = takeAll(q);
        assertEquals(java.util.List.of("m1", "m2", "m3"), texts(all), "back in their places, oldest first");
        assertEquals(2, all.get(0).getIntProperty("JMSXDeliveryCount"));
        assertEquals(1, all.get(1).getIntProperty("JMSXDeliveryCount"), "a prefetched message was never delivered");
        assertEquals(false, all.get(2).getJMSRedelivered());
    }

    @Test
    void preparedRollbackHandsBackPrefetchedMessagesAtOnce() throws Exception {
        Queue q = queue("xa-prefetch-prb");
        sendTexts(q, "m1", "m2");
        XASession xs = xaSession();
        XAResource r = xs.getXAResource();
        MessageConsumer consumer = xs.createConsumer(q);
        Xid x = xid();
        r.start(x, XAResource.TMNOFLAGS);
        assertEquals("m1", receiveText(consumer));
        r.end(x, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, r.prepare(x));
        r.rollback(x);
        assertArrayEquals(new long[] {2, 0, 0}, counts("xa-prefetch-prb"));
        assertEquals(java.util.List.of("m1", "m2"), texts(takeAll(q)));
    }

    @Test
    void twoPhaseCommitSpansJaqsAndAnH2Database() throws Exception {
        Queue q = queue("xa-2pc");
        JdbcDataSource ds = appDatabase();
        XASession xs = xaSession();
        javax.sql.XAConnection db = ds.getXAConnection();
        java.sql.Connection app = db.getConnection(); // one handle: H2 resets auto-commit on every getConnection()
        try {
            tm.begin();
            tm.getTransaction().enlistResource(xs.getXAResource());
            tm.getTransaction().enlistResource(db.getXAResource());
            xs.createProducer(q).send(xs.createTextMessage("order-1"));
            try (Statement st = app.createStatement()) {
                st.executeUpdate("INSERT INTO orders (id) VALUES ('order-1')");
            }
            tm.commit();
            assertEquals(1, countOrders(ds, "order-1"));
            assertEquals(java.util.List.of("order-1"), texts(takeAll(q)));

            tm.begin();
            tm.getTransaction().enlistResource(xs.getXAResource());
            tm.getTransaction().enlistResource(db.getXAResource());
            xs.createProducer(q).send(xs.createTextMessage("order-2"));
            try (Statement st = app.createStatement()) {
                st.executeUpdate("INSERT INTO orders (id) VALUES ('order-2')");
            }
            tm.rollback();
            assertEquals(0, countOrders(ds, "order-2"));
            assertTrue(takeAll(q).isEmpty());
        } finally {
            db.close();
        }
    }

    private JdbcDataSource appDatabase() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("app").toAbsolutePath());
        try (java.sql.Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(50) PRIMARY KEY)");
        }
        return ds;
    }

    static int countOrders(JdbcDataSource ds, String id) throws Exception {
        try (java.sql.Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM orders WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void outsideAGlobalTransactionTheSessionAutoAcknowledges() throws Exception {
        Queue q = queue("xa-auto");
        XASession xs = xaSession();
        xs.createProducer(q).send(xs.createTextMessage("now"));
        assertThrows(TransactionInProgressException.class, xs::commit);
        assertThrows(TransactionInProgressException.class, xs::rollback);
        assertTrue(xs.getTransacted());
        MessageConsumer consumer = xs.createConsumer(q);
        assertEquals("now", receiveText(consumer));
        consumer.close();
        advance(3600);
        assertTrue(takeAll(q).isEmpty(), "acknowledged on delivery");
    }

    @Test
    void xaJmsContextJoinsTheTransaction() throws Exception {
        Queue q = queue("xa-context");
        try (XAJMSContext ctx = xaFactory.createXAContext()) {
            assertThrows(TransactionInProgressRuntimeException.class, ctx::commit);
            tm.begin();
            tm.getTransaction().enlistResource(ctx.getXAResource());
            ctx.getContext().createProducer().send(q, "via context");
            assertTrue(takeAll(q).isEmpty());
            tm.commit();
        }
        assertEquals(java.util.List.of("via context"), texts(takeAll(q)));
    }

    // ---------------------------------------------------------------- the XAResource contract

    private static Xid xid() {
        int n = XIDS.incrementAndGet();
        byte[] g = ("gtrid-" + n + "-" + System.nanoTime()).getBytes();
        byte[] b = new byte[] {1};
        return new Xid() {
            public int getFormatId() {
                return 4242;
            }

            public byte[] getGlobalTransactionId() {
                return g;
            }

            public byte[] getBranchQualifier() {
                return b;
            }
        };
    }

    private static boolean contains(Xid[] xids, Xid x) {
        return Arrays.stream(xids).anyMatch(y -> y.getFormatId() == x.getFormatId()
                && Arrays.equals(y.getGlobalTransactionId(), x.getGlobalTransactionId())
                && Arrays.equals(y.getBranchQualifier(), x.getBranchQualifier()));
    }

    @Test
    void preparedBranchSurvivesABrokerRestartAndCommitsFromAFreshBroker() throws Exception {
        Queue q = queue("xa-restart");
        sendTexts(q, "to-consume");
        XASession xs = xaSession();
        XAResource r = xs.getXAResource();
        MessageConsumer consumer = xs.createConsumer(q);
        Xid x = xid();
        r.start(x, XAResource.TMNOFLAGS);
        assertEquals("to-consume", receiveText(consumer));
        xs.createProducer(q).send(xs.createTextMessage("sent-in-tx"));
        r.end(x, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, r.prepare(x));
        consumer.close();
        // the prepared delete holds its message: no one else gets it, even after its visibility timeout
        advance(600);
        assertTrue(takeAll(q).isEmpty());
        closeAll(); // connections closed, broker shut down: as after a crash of this JVM's Jaqs
        factory = newFactory();
        xaFactory = new JaqsXAConnectionFactory(url);
        xaFactory.setClock(clock);
        XAResource fresh = xaSession().getXAResource();
        Xid[] inDoubt = fresh.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertTrue(contains(inDoubt, x), "recover() lists the prepared branch");
        assertEquals(0, fresh.recover(XAResource.TMNOFLAGS).length, "the scan returned everything in its first call");
        fresh.commit(inDoubt[0], false);
        assertEquals(0, fresh.recover(XAResource.TMSTARTRSCAN).length);
        XAException again = assertThrows(XAException.class, () -> fresh.commit(x, false));
        assertEquals(XAException.XAER_NOTA, again.errorCode);
        advance(3600);
        assertEquals(java.util.List.of("sent-in-tx"), texts(takeAll(q)), "sent once, consumed one deleted");
    }

    @Test
    void preparedBranchRolledBackReleasesItsMessages() throws Exception {
        Queue q = queue("xa-prepared-rb");
        sendTexts(q, "held");
        XASession xs = xaSession();
        XAResource r = xs.getXAResource();
        MessageConsumer consumer = xs.createConsumer(q);
        Xid x = xid();
        r.start(x, XAResource.TMNOFLAGS);
        assertEquals("held", receiveText(consumer));
        xs.createProducer(q).send(xs.createTextMessage("dropped"));
        r.end(x, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, r.prepare(x));
        consumer.close();
        r.rollback(x);
        java.util.List<Message> after = takeAll(q);
        assertEquals(java.util.List.of("held"), texts(after));
        assertEquals(2, after.get(0).getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    void readOnlyBranchPreparesToRdonly() throws Exception {
        XAResource r = xaSession().getXAResource();
        Xid x = xid();
        r.start(x, XAResource.TMNOFLAGS);
        r.end(x, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, r.prepare(x));
        assertEquals(XAException.XAER_NOTA, assertThrows(XAException.class, () -> r.commit(x, false)).errorCode);
    }

    @Test
    void suspendResumeAndJoin() throws Exception {
        Queue q = queue("xa-join");
        XASession a = xaSession();
        XASession b = xaSession();
        XAResource ra = a.getXAResource();
        XAResource rb = b.getXAResource();
        assertTrue(ra.isSameRM(rb), "same store, same resource manager");
        Xid x = xid();
        ra.start(x, XAResource.TMNOFLAGS);
        a.createProducer(q).send(a.createTextMessage("a1"));
        ra.end(x, XAResource.TMSUSPEND);
        a.createProducer(q).send(a.createTextMessage("outside")); // not associated: applied at once
        assertEquals(java.util.List.of("outside"), texts(takeAll(q)));
        ra.start(x, XAResource.TMRESUME);
        a.createProducer(q).send(a.createTextMessage("a2"));
        ra.end(x, XAResource.TMSUCCESS);
        rb.start(x, XAResource.TMJOIN);
        b.createProducer(q).send(b.createTextMessage("b1"));
        rb.end(x, XAResource.TMSUCCESS);
        assertEquals(XAException.XAER_DUPID, assertThrows(XAException.class, () -> rb.start(x, XAResource.TMNOFLAGS)).errorCode);
        assertTrue(takeAll(q).isEmpty());
        ra.commit(x, true); // one-phase
        assertEquals(java.util.List.of("a1", "a2", "b1"), texts(takeAll(q)).stream().sorted().toList());
    }

    @Test
    void timedOutBranchIsRolledBack() throws Exception {
        Queue q = queue("xa-timeout");
        XAResource r = xaSession().getXAResource();
        assertTrue(r.setTransactionTimeout(1));
        assertEquals(1, r.getTransactionTimeout());
        XASession xs = xaSession();
        XAResource r2 = xs.getXAResource();
        r2.setTransactionTimeout(1);
        Xid x = xid();
        r2.start(x, XAResource.TMNOFLAGS);
        xs.createProducer(q).send(xs.createTextMessage("late"));
        r2.end(x, XAResource.TMSUCCESS);
        clock.advance(java.time.Duration.ofMillis(1100));
        assertEquals(XAException.XA_RBTIMEOUT, assertThrows(XAException.class, () -> r2.prepare(x)).errorCode);
        assertTrue(takeAll(q).isEmpty());
    }

    @Test
    void aDeleteWhoseMessageWasTakenAgainVotesRollback() throws Exception {
        Queue q = queue("xa-conflict");
        sendTexts(q, "contended");
        XASession xs = xaSession();
        XAResource r = xs.getXAResource();
        MessageConsumer consumer = xs.createConsumer(q);
        Xid x = xid();
        r.start(x, XAResource.TMNOFLAGS);
        assertEquals("contended", receiveText(consumer));
        r.end(x, XAResource.TMSUCCESS);
        consumer.close();
        advance(31); // visibility timeout over before prepare: another consumer takes it
        assertEquals(java.util.List.of("contended"), texts(takeAll(q)));
        XAException e = assertThrows(XAException.class, () -> r.prepare(x));
        assertTrue(e.errorCode >= XAException.XA_RBBASE && e.errorCode <= XAException.XA_RBEND, "a rollback vote: " + e.errorCode);
    }

    @Test
    void xidEncodingRoundTrips() throws Exception {
        Xid x = xid();
        Xid back = JaqsXAResource.decode(JaqsXAResource.encode(x));
        assertEquals(back, JaqsXAResource.decode(JaqsXAResource.encode(x)));
        assertTrue(contains(new Xid[] {back}, x));
        assertNull(null);
        assertEquals(4 + 1 + x.getGlobalTransactionId().length + 1 + 1, ByteBuffer.wrap(JaqsXAResource.encode(x)).capacity());
    }

    // keeps the imported Session type used (plain sessions are made through JmsTestSupport)
    @SuppressWarnings("unused")
    private static final int AUTO = Session.AUTO_ACKNOWLEDGE;
}
