package io.jaqs.broker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link BrokerTransaction} that can take part in two-phase commit (one XA transaction branch).
 * It keeps its operations in memory as the local transaction it extends does; in addition,
 * {@link #prepare(byte[])} writes them durably to the store under the branch's xid without
 * applying anything visible, after which {@link XaTransactions#commitPrepared(byte[])} (in this
 * JVM or in a fresh one after a crash) applies them, or {@link XaTransactions#rollbackPrepared(byte[])}
 * drops them. {@link #commit()} is the one-phase commit: it applies the operations at once, exactly
 * as {@link BrokerTransaction#commit()} does.
 *
 * <p>A delete prepared for a received message keeps that message invisible to other consumers until
 * the branch is decided: prepare extends its visibility as far as SQS allows (12 h from its receive).
 * Not thread-safe: one branch is worked on by one thread at a time.
 */
public final class XaBranch extends StoreTransaction {
    private boolean prepared;

    XaBranch(CoreContext core) {
        super(core);
    }

    /** Whether {@link #prepare} wrote this branch to the store (it is then decided by xid only). */
    public boolean isPrepared() {
        return prepared;
    }

    /**
     * Phase one: checks that every delete still holds its message (receipt handle current, message
     * in flight), keeps those messages invisible until the decision, and records the operations
     * durably under {@code xid}, all in one store transaction. Nothing becomes visible to consumers.
     *
     * @return false when the branch has nothing to do (read-only: nothing was written, the branch is over)
     * @throws BrokerException {@link ErrorCode#TRANSACTION_CONFLICT} when a delete lost its message:
     *                         nothing was written and the branch is rolled back
     */
    public boolean prepare(byte[] xid) {
        checkActive();
        if (ops.isEmpty()) {
            finished = true;
            return false;
        }
        List<TransactionOps.Op> work = List.copyOf(ops);
        byte[] serialized = TransactionOps.encode(work);
        Set<QueueState> touched = new LinkedHashSet<>();
        try {
            core.write(s -> {
                touched.clear();
                TransactionOps.holdDeletes(core, s, work, core.clock().millis(), touched);
                s.insertPrepared(xid, serialized, core.clock().millis());
                return null;
            });
        } catch (RuntimeException e) {
            finished = true;
            ops.clear();
            throw e;
        }
        touched.forEach(QueueState::changed);
        prepared = true;
        finished = true;
        ops.clear();
        return true;
    }

    @Override
    void checkActive() {
        if (finished) {
            throw new IllegalStateException("This transaction branch is finished" + (prepared ? " (prepared)" : ""));
        }
    }
}
