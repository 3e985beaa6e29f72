package io.jaqs.broker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Two-phase commit over a broker's store: branches are begun with {@link #begin()}, prepared with
 * {@link XaBranch#prepare(byte[])}, and decided here by xid, from this JVM or from a fresh one
 * after a crash (the prepared operations are in the store's {@code jaqs_prepared} table). Each
 * decision is one store transaction: the branch's operations and the removal of its record commit
 * together, so a decision is never half applied, and deciding a branch twice is harmless (the
 * second call finds no record).
 */
public final class XaTransactions {
    private final CoreContext core;

    private XaTransactions(CoreContext core) {
        this.core = core;
    }

    static XaTransactions of(CoreContext core) {
        return new XaTransactions(core);
    }

    /** A new branch: a {@link BrokerTransaction} that can also be prepared. */
    public XaBranch begin() {
        core.checkOpen();
        return new XaBranch(core);
    }

    /**
     * Phase two, commit: applies the prepared operations and forgets the branch, in one store
     * transaction. A delete whose message was meanwhile received again (its hold ran out) or a send
     * to a queue deleted since is skipped: a prepared branch must commit.
     *
     * @throws BrokerException {@link ErrorCode#RESOURCE_NOT_FOUND} when no branch with that xid is prepared
     */
    public void commitPrepared(byte[] xid) {
        decide(xid, (s, ops, touched) -> TransactionOps.apply(core, s, ops, core.clock().millis(), false, touched));
    }

    /**
     * Phase two, rollback: forgets the branch; the messages its deletes held become visible again
     * after {@code releaseDelaySeconds} (JMS redelivers what a rolled-back transaction received).
     *
     * @throws BrokerException {@link ErrorCode#RESOURCE_NOT_FOUND} when no branch with that xid is prepared
     */
    public void rollbackPrepared(byte[] xid, int releaseDelaySeconds) {
        decide(xid, (s, ops, touched) -> TransactionOps.releaseDeletes(core, s, ops, core.clock().millis(), releaseDelaySeconds, touched));
    }

    /** What phase two does with a prepared branch's operations, in the store transaction that forgets it. */
    private interface Decision {
        void apply(io.jaqs.broker.store.StoreSession s, List<TransactionOps.Op> ops, Set<QueueState> touched) throws java.sql.SQLException;
    }

    /** Phase two: applies the decision to the branch prepared under this xid and forgets it, in one store transaction. */
    private void decide(byte[] xid, Decision decision) {
        Set<QueueState> touched = new LinkedHashSet<>();
        core.write(s -> {
            touched.clear();
            byte[] ops = s.findPrepared(xid);
            if (ops == null) {
                throw unknown();
            }
            decision.apply(s, TransactionOps.decode(ops), touched);
            s.deletePrepared(xid);
            return null;
        });
        touched.forEach(QueueState::changed);
    }

    /** Whether a branch with this xid is prepared and not yet decided. */
    public boolean isPrepared(byte[] xid) {
        return core.store().read(s -> s.findPrepared(xid)) != null;
    }

    /** The xids of every prepared, undecided branch (what a transaction manager's recovery asks for). */
    public List<byte[]> recover() {
        return core.store().read(s -> s.listPrepared());
    }

    private static BrokerException unknown() {
        return new BrokerException(ErrorCode.RESOURCE_NOT_FOUND, "No prepared transaction branch with this xid");
    }
}
