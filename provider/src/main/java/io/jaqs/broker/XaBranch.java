package io.jaqs.broker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link BrokerTransaction} that can take part in two-phase commit (one XA transaction branch).
 * Like the plain transaction it keeps its operations in memory; in addition,
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
public final class XaBranch implements BrokerTransaction {
    private final JaqsBroker broker;
    private final List<XaOps.Op> ops = new ArrayList<>();
    private boolean finished;
    private boolean prepared;

    XaBranch(JaqsBroker broker) {
        this.broker = broker;
    }

    @Override
    public String sendMessage(String queue, SendMessageRequest request) {
        checkActive();
        PreparedSend p = broker.prepare(broker.queue(queue), request);
        ops.add(new XaOps.Send(p.queue().name, p.messageId(), request));
        return p.messageId();
    }

    @Override
    public String publish(String topic, SendMessageRequest request, String publisherId) {
        checkActive();
        PreparedSend template = broker.prepareTopicMessage(topic, request);
        ops.add(new XaOps.Publish(topic, publisherId, template.messageId(), request));
        return template.messageId();
    }

    @Override
    public void deleteMessage(String queue, String receiptHandle) {
        checkActive();
        QueueState q = broker.queue(queue);
        checkHandle(q, receiptHandle);
        ops.add(new XaOps.Delete(q.name, receiptHandle, true));
    }

    @Override
    public void deleteMessageIfCurrent(String queue, String receiptHandle) {
        checkActive();
        QueueState q = broker.queue(queue);
        checkHandle(q, receiptHandle);
        ops.add(new XaOps.Delete(q.name, receiptHandle, false));
    }

    @Override
    public void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds) {
        checkActive();
        if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > Limits.MAX_VISIBILITY_TIMEOUT.toSeconds()) {
            throw BrokerException.invalidParameter("VisibilityTimeout must be from 0 to "
                    + Limits.MAX_VISIBILITY_TIMEOUT.toSeconds() + " s, got " + visibilityTimeoutSeconds);
        }
        QueueState q = broker.queue(queue);
        checkHandle(q, receiptHandle);
        ops.add(new XaOps.Visibility(q.name, receiptHandle, visibilityTimeoutSeconds));
    }

    private static void checkHandle(QueueState q, String receiptHandle) {
        if (ReceiptHandle.decode(receiptHandle).queueId() != q.id) {
            throw new BrokerException(ErrorCode.RECEIPT_HANDLE_IS_INVALID, "The receipt handle belongs to another queue than " + q.name);
        }
    }

    @Override
    public int size() {
        return ops.size();
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
        List<XaOps.Op> work = List.copyOf(ops);
        byte[] serialized = XaOps.encode(work);
        Set<QueueState> touched = new LinkedHashSet<>();
        try {
            broker.write(s -> {
                touched.clear();
                XaOps.holdDeletes(broker, s, work, broker.clock().millis(), touched);
                s.insertPrepared(xid, serialized, broker.clock().millis());
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

    /** One-phase commit: applies everything or nothing, as {@link BrokerTransaction#commit()}. */
    @Override
    public void commit() {
        checkActive();
        finished = true;
        if (ops.isEmpty()) {
            return;
        }
        List<XaOps.Op> work = List.copyOf(ops);
        ops.clear();
        Set<QueueState> touched = new LinkedHashSet<>();
        broker.write(s -> {
            touched.clear();
            XaOps.apply(broker, s, work, broker.clock().millis(), true, touched);
            return null;
        });
        touched.forEach(QueueState::changed);
    }

    /** Drops the operations of a branch not prepared (a prepared one is rolled back by xid). */
    @Override
    public void rollback() {
        finished = true;
        ops.clear();
    }

    private void checkActive() {
        if (finished) {
            throw new IllegalStateException("This transaction branch is finished" + (prepared ? " (prepared)" : ""));
        }
    }
}
