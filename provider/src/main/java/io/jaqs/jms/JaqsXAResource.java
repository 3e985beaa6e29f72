package io.jaqs.jms;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Broker;
import io.jaqs.broker.XaBranch;
import io.jaqs.broker.XaTransactions;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA resource of one {@link JaqsXASession}, over the broker's {@link XaBranch}es. A branch
 * collects the session's sends and the deletes of the messages it received while associated;
 * {@link #prepare} writes them durably to the store (the {@code jaqs_prepared} table) and holds the
 * received messages invisible; {@link #commit} applies them and {@link #rollback} releases the
 * received messages for redelivery, each in one store transaction. {@link #recover} lists the
 * branches prepared in the store, so a transaction manager restarted after a crash can decide them
 * through any resource on the same store ({@link #isSameRM}: same broker, i.e. same store URL).
 */
public final class JaqsXAResource implements XAResource {
    private final JaqsXASession session;
    private final Broker broker;
    private final BrokerContext context;
    private final XaTransactions xa;
    private volatile int timeoutSeconds;

    /** One branch: its broker transaction and what each taking part session delivered in it. */
    static final class Branch {
        final byte[] xid;
        final XaBranch work;
        final List<Map.Entry<JaqsXASession, JaqsSession.Delivered>> delivered = new ArrayList<>();
        /** The sessions that were associated with the branch (their prefetched messages go back on rollback). */
        final java.util.Set<JaqsXASession> sessions = ConcurrentHashMap.newKeySet();
        /** Broker-clock millis after which the branch times out (the broker's clock, so tests move it). */
        final long deadlineMillis;
        final java.time.Clock clock;
        boolean rollbackOnly;
        boolean suspended;
        boolean prepared;

        Branch(byte[] xid, XaBranch work, int timeoutSeconds, java.time.Clock clock) {
            this.xid = xid;
            this.work = work;
            this.clock = clock;
            this.deadlineMillis = timeoutSeconds <= 0 ? Long.MAX_VALUE : clock.millis() + timeoutSeconds * 1000L;
        }

        boolean timedOut() {
            return deadlineMillis != Long.MAX_VALUE && clock.millis() > deadlineMillis;
        }
    }

    JaqsXAResource(JaqsXASession session, BrokerContext context) {
        this.session = session;
        this.context = context;
        this.broker = context.broker;
        this.xa = broker.xaTransactions();
    }

    /** Branches begun and not yet decided on this broker, through any of its resources. */
    private Map<ByteBuffer, Branch> branches() {
        return context.xaBranches;
    }

    // ---------------------------------------------------------------- association

    @Override
    public void start(Xid xid, int flags) throws XAException {
        byte[] id = encode(xid);
        ByteBuffer key = ByteBuffer.wrap(id);
        if (session.current() != null) {
            throw error(XAException.XAER_PROTO, "The session is already associated with a transaction branch; end it first");
        }
        Branch b;
        if ((flags & (TMJOIN | TMRESUME)) != 0) {
            b = branches().get(key);
            if (b == null) {
                throw error(XAException.XAER_NOTA, "No active branch " + xid + " to " + ((flags & TMJOIN) != 0 ? "join" : "resume"));
            }
            synchronized (b) {
                if (b.prepared) {
                    throw error(XAException.XAER_PROTO, "Branch " + xid + " is prepared; no more work can join it");
                }
                if ((flags & TMRESUME) != 0 && !b.suspended) {
                    throw error(XAException.XAER_PROTO, "Branch " + xid + " is not suspended");
                }
                b.suspended = false;
            }
        } else if (flags == TMNOFLAGS) {
            if (branches().containsKey(key) || xa.isPrepared(id)) {
                throw error(XAException.XAER_DUPID, "Branch " + xid + " exists already");
            }
            try {
                b = new Branch(id, xa.begin(), timeoutSeconds, broker.clock());
            } catch (BrokerException e) {
                throw error(XAException.XAER_RMFAIL, e.getMessage());
            }
            branches().put(key, b);
        } else {
            throw error(XAException.XAER_INVAL, "start() takes TMNOFLAGS, TMJOIN or TMRESUME, not " + flags);
        }
        b.sessions.add(session);
        session.associate(b);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        Branch b = branches().get(ByteBuffer.wrap(encode(xid)));
        if (b == null) {
            throw error(XAException.XAER_NOTA, "No active branch " + xid);
        }
        if (session.current() == b) {
            session.associate(null);
        }
        synchronized (b) {
            if ((flags & TMSUSPEND) != 0) {
                b.suspended = true;
            } else if ((flags & TMFAIL) != 0) {
                b.rollbackOnly = true;
            } else if ((flags & TMSUCCESS) == 0) {
                throw error(XAException.XAER_INVAL, "end() takes TMSUCCESS, TMFAIL or TMSUSPEND, not " + flags);
            }
        }
        if (b.timedOut()) {
            b.rollbackOnly = true;
        }
    }

    // ---------------------------------------------------------------- two-phase commit

    @Override
    public int prepare(Xid xid) throws XAException {
        byte[] id = encode(xid);
        Branch b = branches().get(ByteBuffer.wrap(id));
        if (b == null) {
            throw error(XAException.XAER_NOTA, "No active branch " + xid + " to prepare");
        }
        synchronized (b) {
            if (b.rollbackOnly || b.timedOut()) {
                int code = b.timedOut() ? XAException.XA_RBTIMEOUT : XAException.XA_RBROLLBACK;
                abandon(b);
                throw error(code, "Branch " + xid + (code == XAException.XA_RBTIMEOUT ? " timed out" : " is marked rollback-only")
                        + "; it was rolled back");
            }
            try {
                if (!b.work.prepare(id)) {
                    branches().remove(ByteBuffer.wrap(id));
                    return XA_RDONLY;
                }
                b.prepared = true;
                return XA_OK;
            } catch (BrokerException e) {
                abandon(b);
                throw error(e.code() == ErrorCode.TRANSACTION_CONFLICT ? XAException.XA_RBINTEGRITY : XAException.XAER_RMERR,
                        "Prepare of " + xid + " failed, the branch was rolled back: " + e.getMessage());
            }
        }
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        byte[] id = encode(xid);
        ByteBuffer key = ByteBuffer.wrap(id);
        Branch b = branches().get(key);
        if (onePhase) {
            if (b == null) {
                throw error(XAException.XAER_NOTA, "No active branch " + xid + " to commit");
            }
            synchronized (b) {
                if (b.prepared) {
                    throw error(XAException.XAER_PROTO, "Branch " + xid + " is prepared: commit it in two phases");
                }
                if (b.rollbackOnly || b.timedOut()) {
                    int code = b.timedOut() ? XAException.XA_RBTIMEOUT : XAException.XA_RBROLLBACK;
                    abandon(b);
                    throw error(code, "Branch " + xid + " was rolled back instead of committed");
                }
                try {
                    b.work.commit();
                    branches().remove(key);
                } catch (BrokerException e) {
                    abandon(b);
                    throw error(e.code() == ErrorCode.TRANSACTION_CONFLICT ? XAException.XA_RBINTEGRITY : XAException.XA_RBOTHER,
                            "Commit of " + xid + " failed, nothing of it was applied: " + e.getMessage());
                }
            }
            return;
        }
        if (b != null && !b.prepared) {
            throw error(XAException.XAER_PROTO, "Branch " + xid + " is not prepared: prepare it first or commit in one phase");
        }
        try {
            xa.commitPrepared(id);
        } catch (BrokerException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                branches().remove(key);
                throw error(XAException.XAER_NOTA, "No prepared branch " + xid + " (already committed or rolled back?)");
            }
            throw error(XAException.XAER_RMFAIL, "Commit of " + xid + " failed; it stays prepared, try again: " + e.getMessage());
        }
        branches().remove(key);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        byte[] id = encode(xid);
        ByteBuffer key = ByteBuffer.wrap(id);
        Branch b = branches().get(key);
        if (b != null && !b.prepared) {
            synchronized (b) {
                abandon(b);
            }
            return;
        }
        if (b != null) {
            returnPrefetched(b);
        }
        int delay = session == null ? 0 : session.redeliveryDelaySeconds();
        try {
            xa.rollbackPrepared(id, delay);
        } catch (BrokerException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                branches().remove(key);
                throw error(XAException.XAER_NOTA, "No branch " + xid + " to roll back");
            }
            throw error(XAException.XAER_RMFAIL, "Rollback of " + xid + " failed; it stays prepared, try again: " + e.getMessage());
        }
        branches().remove(key);
    }

    /** Rolls back a branch not prepared: nothing was written; its received messages are redelivered. */
    private void abandon(Branch b) {
        branches().remove(ByteBuffer.wrap(b.xid));
        b.work.rollback();
        Map<JaqsXASession, List<JaqsSession.Delivered>> bySession = new java.util.LinkedHashMap<>();
        for (Map.Entry<JaqsXASession, JaqsSession.Delivered> e : b.delivered) {
            bySession.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        b.delivered.clear();
        bySession.forEach(JaqsSession::redeliver);
        returnPrefetched(b);
    }

    /**
     * What the branch's sessions prefetched and did not deliver goes back at once, uncounted, as a
     * local rollback does: otherwise it would wait in the consumers ahead of the redelivered
     * messages, or, if no receive comes, for its visibility timeout.
     */
    private static void returnPrefetched(Branch b) {
        for (JaqsXASession s : b.sessions) {
            if (!s.isClosed()) {
                s.returnPrefetched();
            }
        }
    }

    @Override
    public Xid[] recover(int flags) throws XAException {
        if ((flags & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
            throw error(XAException.XAER_INVAL, "recover() takes TMSTARTRSCAN, TMENDRSCAN or TMNOFLAGS, not " + flags);
        }
        if ((flags & TMSTARTRSCAN) == 0) {
            return new Xid[0]; // the whole list is returned by the scan's first call
        }
        try {
            return xa.recover().stream().map(JaqsXAResource::decode).toArray(Xid[]::new);
        } catch (BrokerException e) {
            throw error(XAException.XAER_RMFAIL, "Cannot list the prepared branches: " + e.getMessage());
        }
    }

    @Override
    public void forget(Xid xid) throws XAException {
        // Jaqs never decides a branch heuristically, so there is nothing to forget but local state
        branches().remove(ByteBuffer.wrap(encode(xid)));
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof JaqsXAResource r && r.broker == broker;
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw error(XAException.XAER_INVAL, "A transaction timeout cannot be negative: " + seconds);
        }
        timeoutSeconds = seconds;
        return true;
    }

    // ---------------------------------------------------------------- xids

    static byte[] encode(Xid xid) throws XAException {
        if (xid == null) {
            throw error(XAException.XAER_INVAL, "The xid is null");
        }
        byte[] g = xid.getGlobalTransactionId();
        byte[] q = xid.getBranchQualifier();
        if (g == null || q == null || g.length > Xid.MAXGTRIDSIZE || q.length > Xid.MAXBQUALSIZE) {
            throw error(XAException.XAER_INVAL, "Invalid xid " + xid);
        }
        return ByteBuffer.allocate(4 + 1 + g.length + 1 + q.length).putInt(xid.getFormatId())
                .put((byte) g.length).put(g).put((byte) q.length).put(q).array();
    }

    static Xid decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int format = b.getInt();
        byte[] g = new byte[b.get() & 0xff];
        b.get(g);
        byte[] q = new byte[b.get() & 0xff];
        b.get(q);
        return new JaqsXid(format, g, q);
    }

    /** An xid read back from the store. */
    record JaqsXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid, Serializable {
        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Xid x && x.getFormatId() == formatId && Arrays.equals(x.getGlobalTransactionId(), gtrid)
                    && Arrays.equals(x.getBranchQualifier(), bqual);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
        }

        @Override
        public String toString() {
            return "Xid[" + formatId + ", " + java.util.HexFormat.of().formatHex(gtrid) + ", "
                    + java.util.HexFormat.of().formatHex(bqual) + "]";
        }
    }

    private static XAException error(int code, String message) {
        XAException e = new XAException(message);
        e.errorCode = code;
        return e;
    }
}
