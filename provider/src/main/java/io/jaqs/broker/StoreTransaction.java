package io.jaqs.broker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link BrokerTransaction} kept in memory until commit, then applied as one store work: the
 * store's writer runs it behind a savepoint, so it commits whole or not at all. Its operations are
 * {@link TransactionOps}, the model XA branches ({@link XaBranch}, which adds prepare) share.
 * Not thread-safe: one transaction is worked on by one thread at a time.
 */
class StoreTransaction implements BrokerTransaction {
    final CoreContext core;
    final List<TransactionOps.Op> ops = new ArrayList<>();
    boolean finished;

    StoreTransaction(CoreContext core) {
        this.core = core;
    }

    @Override
    public String sendMessage(QueueName queue, SendMessageRequest request) {
        checkActive();
        PreparedSend p = PreparedSend.of(core.catalog().get(queue), request);
        ops.add(new TransactionOps.Send(p));
        return p.messageId();
    }

    @Override
    public String publish(String topic, SendMessageRequest request, String publisherId) {
        checkActive();
        PreparedSend template = PreparedSend.forTopic(topic, request);
        ops.add(new TransactionOps.Publish(topic, publisherId, template.messageId(), request, template));
        return template.messageId();
    }

    @Override
    public void deleteMessage(QueueName queue, String receiptHandle) {
        ops.add(new TransactionOps.Delete(queueOfHandle(queue, receiptHandle), receiptHandle, true));
    }

    @Override
    public void deleteMessageIfCurrent(QueueName queue, String receiptHandle) {
        ops.add(new TransactionOps.Delete(queueOfHandle(queue, receiptHandle), receiptHandle, false));
    }

    @Override
    public void changeMessageVisibility(QueueName queue, String receiptHandle, int visibilityTimeoutSeconds) {
        Limits.checkVisibilityTimeout(visibilityTimeoutSeconds);
        ops.add(new TransactionOps.Visibility(queueOfHandle(queue, receiptHandle), receiptHandle, visibilityTimeoutSeconds));
    }

    /** The name of the queue an operation on a receipt handle applies to, once the handle is known to be that queue's. */
    private String queueOfHandle(QueueName queue, String receiptHandle) {
        checkActive();
        QueueState q = core.catalog().get(queue);
        ReceiptHandle.forQueue(receiptHandle, q);
        return q.name;
    }

    @Override
    public int size() {
        return ops.size();
    }

    /** Applies everything or nothing (for an XA branch: the one-phase commit). */
    @Override
    public void commit() {
        checkActive();
        finished = true;
        if (ops.isEmpty()) {
            return;
        }
        List<TransactionOps.Op> work = List.copyOf(ops);
        ops.clear();
        Set<QueueState> touched = new LinkedHashSet<>();
        core.write(s -> {
            touched.clear();
            TransactionOps.apply(core, s, work, core.clock().millis(), true, touched);
            return null;
        });
        touched.forEach(QueueState::changed);
    }

    /** Drops the operations (a prepared XA branch is rolled back by xid instead). */
    @Override
    public void rollback() {
        finished = true;
        ops.clear();
    }

    void checkActive() {
        if (finished) {
            throw new IllegalStateException("This transaction is finished; begin a new one");
        }
    }
}
