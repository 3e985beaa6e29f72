package io.jaqs.broker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link BrokerTransaction} kept in memory until commit, then applied as one store work: the
 * store's writer runs it behind a savepoint, so it commits whole or not at all.
 */
final class StoreTransaction implements BrokerTransaction {
    private sealed interface Op permits Send, Publish, Delete, Visibility {
    }

    private record Send(PreparedSend prepared) implements Op {
    }

    private record Publish(String topic, PreparedSend template, String publisherId) implements Op {
    }

    private record Delete(QueueState queue, ReceiptHandle handle, boolean strict) implements Op {
    }

    private record Visibility(QueueState queue, ReceiptHandle handle, int seconds) implements Op {
    }

    private final JaqsBroker broker;
    private final List<Op> ops = new ArrayList<>();
    private boolean finished;

    StoreTransaction(JaqsBroker broker) {
        this.broker = broker;
    }

    @Override
    public String sendMessage(String queue, SendMessageRequest request) {
        checkActive();
        PreparedSend p = broker.prepare(broker.queue(queue), request);
        ops.add(new Send(p));
        return p.messageId();
    }

    @Override
    public String publish(String topic, SendMessageRequest request, String publisherId) {
        checkActive();
        PreparedSend template = broker.prepareTopicMessage(topic, request);
        ops.add(new Publish(topic, template, publisherId));
        return template.messageId();
    }

    @Override
    public void deleteMessage(String queue, String receiptHandle) {
        checkActive();
        QueueState q = broker.queue(queue);
        ops.add(new Delete(q, handle(q, receiptHandle), true));
    }

    @Override
    public void deleteMessageIfCurrent(String queue, String receiptHandle) {
        checkActive();
        QueueState q = broker.queue(queue);
        ops.add(new Delete(q, handle(q, receiptHandle), false));
    }

    @Override
    public void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds) {
        checkActive();
        if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > Limits.MAX_VISIBILITY_TIMEOUT.toSeconds()) {
            throw BrokerException.invalidParameter("VisibilityTimeout must be from 0 to "
                    + Limits.MAX_VISIBILITY_TIMEOUT.toSeconds() + " s, got " + visibilityTimeoutSeconds);
        }
        QueueState q = broker.queue(queue);
        ops.add(new Visibility(q, handle(q, receiptHandle), visibilityTimeoutSeconds));
    }

    private static ReceiptHandle handle(QueueState q, String receiptHandle) {
        ReceiptHandle h = ReceiptHandle.decode(receiptHandle);
        if (h.queueId() != q.id) {
            throw new BrokerException(ErrorCode.RECEIPT_HANDLE_IS_INVALID, "The receipt handle belongs to another queue than " + q.name);
        }
        return h;
    }

    @Override
    public int size() {
        return ops.size();
    }

    @Override
    public void commit() {
        checkActive();
        finished = true;
        if (ops.isEmpty()) {
            return;
        }
        Set<QueueState> touched = new LinkedHashSet<>();
        List<Op> work = List.copyOf(ops);
        ops.clear();
        broker.write(s -> {
            touched.clear();
            long now = broker.clock().millis();
            MessageOps m = broker.ops();
            for (Op op : work) {
                if (op instanceof Send send) {
                    m.send(s, send.prepared(), now);
                    touched.add(send.prepared().queue());
                } else if (op instanceof Publish p) {
                    List<QueueState> copies = new ArrayList<>();
                    broker.topics().publish(s, p.topic(), p.template().request(), p.publisherId(), p.template(), now, copies);
                    touched.addAll(copies);
                } else if (op instanceof Delete d) {
                    m.delete(s, d.queue(), d.handle(), d.strict());
                    if (d.queue().fifo) {
                        touched.add(d.queue());
                    }
                } else if (op instanceof Visibility v) {
                    try {
                        if (m.changeVisibility(s, v.queue(), v.handle(), v.seconds(), now)) {
                            touched.add(v.queue());
                        }
                    } catch (BrokerException e) {
                        if (e.code() != ErrorCode.MESSAGE_NOT_INFLIGHT) {
                            throw new BrokerException(ErrorCode.TRANSACTION_CONFLICT, e.getMessage(), e);
                        }
                        // already visible again: the change has nothing left to do
                    }
                }
            }
            return null;
        });
        touched.forEach(QueueState::changed);
    }

    @Override
    public void rollback() {
        finished = true;
        ops.clear();
    }

    private void checkActive() {
        if (finished) {
            throw new IllegalStateException("This transaction is finished; begin a new one");
        }
    }
}
