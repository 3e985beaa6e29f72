package io.jaqs.broker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The receive path: a receive is checked ({@link RequestValidator#checkReceive}), replayed when a
 * FIFO attempt id was seen ({@link ReceiveAttempts}), else tried as a {@link LongPoll} that repeats
 * {@link #receiveOnce} until something is received or its wait ends. Also gives claimed messages
 * back undelivered, the receive undone.
 */
final class Receiver {
    private final CoreContext core;

    Receiver(CoreContext core) {
        this.core = core;
    }

    CompletableFuture<List<ReceivedMessage>> receive(QueueState q, ReceiveMessageRequest request) {
        RequestValidator.checkReceive(q, request);
        Integer wait = request.waitTimeSeconds();
        long waitMillis = (wait != null ? wait : q.settings.receiveWaitTimeSeconds()) * 1000L;
        String attemptId = request.receiveRequestAttemptId();
        if (q.fifo && attemptId != null) {
            long now = core.clock().millis();
            // read first: a replay is rare, and most attempts are first tries that must not cost a write
            if (core.store().read(s -> ReceiveAttempts.replayable(s, q, attemptId, now))) {
                List<ReceivedMessage> replay = core.write(s -> ReceiveAttempts.replay(s, core.ops(), q, attemptId,
                        core.clock().millis(), MessageOps.visibilityMillis(q, request)));
                if (replay != null) { // else it stopped standing meanwhile: an ordinary receive
                    return CompletableFuture.completedFuture(replay);
                }
            }
        }
        LongPoll poll = new LongPoll(core, this, q, request, core.clock().millis() + waitMillis);
        poll.attempt();
        poll.result.thenAccept(messages -> core.observers().fire(o -> o.messagesReceived(q.name, messages.size())));
        return poll.result;
    }

    /** One receive attempt in the store, without waiting. */
    CompletableFuture<MessageOps.ReceiveOutcome> receiveOnce(QueueState q, ReceiveMessageRequest request) {
        List<QueueState> touched = new ArrayList<>();
        return core.store().write(s -> {
            touched.clear();
            if (core.catalog().fresh(q, s) != q) { // shared store: deleted (or replaced) by another node
                q.deleted = true;
                return new MessageOps.ReceiveOutcome(List.of(), Long.MAX_VALUE);
            }
            long now = core.clock().millis();
            MessageOps.ReceiveOutcome outcome = core.ops().receive(s, q, request, now, touched);
            if (q.fifo && request.receiveRequestAttemptId() != null) {
                // in the claim's transaction: a retry on any node sharing the store sees it once the claim is visible
                ReceiveAttempts.remember(s, q, request.receiveRequestAttemptId(), outcome.messages(), now);
            }
            return outcome;
        }).thenApply(outcome -> {
            touched.forEach(QueueState::changed);
            return outcome;
        });
    }

    /** Gives prefetched messages back, their receive undone (the one verb for it from the session to the store). */
    void returnUndelivered(QueueState q, Collection<String> receiptHandles) {
        List<ReceiptHandle> handles = new ArrayList<>();
        for (String h : receiptHandles) {
            handles.add(ReceiptHandle.forQueue(h, q));
        }
        boolean any = core.write(s -> {
            long now = core.clock().millis();
            boolean returned = false;
            for (ReceiptHandle h : handles) {
                returned |= core.ops().returnUndelivered(s, q, h, now);
            }
            return returned;
        });
        if (any) {
            q.changed();
        }
    }

    /** {@link #returnUndelivered(QueueState, Collection)} for messages claimed for a receive whose caller went away. */
    void returnUndelivered(QueueState q, List<ReceivedMessage> messages) {
        core.store().write(s -> {
            long now = core.clock().millis();
            for (ReceivedMessage m : messages) {
                core.ops().returnUndelivered(s, q, ReceiptHandle.decode(m.receiptHandle()), now);
            }
            return null;
        }).thenRun(q::changed);
    }
}
