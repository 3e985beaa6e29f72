package io.jaqs.broker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One receive that may wait. It tries; when nothing is receivable and time is left, it registers
 * with its queue and sleeps until a send or a visibility change wakes it, the next message
 * becomes visible, or its deadline passes (all on the broker's clock). Waiting holds no thread.
 */
final class LongPoll {
    private final JaqsBroker broker;
    private final QueueState queue;
    private final ReceiveMessageRequest request;
    private final long deadline;
    final CompletableFuture<List<ReceivedMessage>> result = new CompletableFuture<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile Scheduler.Cancellable timer;

    LongPoll(JaqsBroker broker, QueueState queue, ReceiveMessageRequest request, long deadline) {
        this.broker = broker;
        this.queue = queue;
        this.request = request;
        this.deadline = deadline;
        result.whenComplete((r, e) -> disarm());
    }

    void attempt() {
        if (result.isDone()) {
            return;
        }
        long version = queue.version.get();
        broker.receiveOnce(queue, request).whenComplete((outcome, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            long now = broker.clock().millis();
            if (outcome.messages().isEmpty() && result.isDone()) {
                return; // the caller gave up (a consumer closed) while we looked: arm nothing
            }
            if (!outcome.messages().isEmpty() || now >= deadline || queue.deleted) {
                if (!result.complete(outcome.messages()) && !outcome.messages().isEmpty()) {
                    broker.returnUndelivered(queue, outcome.messages()); // the caller gave up: don't strand what it claimed
                }
                return;
            }
            armed.set(true);
            queue.waiters.add(this);
            if (queue.version.get() != version) {
                wake(); // something changed while we were looking: look again
                return;
            }
            long wakeAt = Math.min(deadline, outcome.nextWakeAt());
            long poll = broker.store().crossNodePollMillis();
            if (poll != Long.MAX_VALUE) {
                wakeAt = Math.min(wakeAt, now + poll); // shared store: bounded poll, in case a notification was lost
            }
            Scheduler.Cancellable t = broker.scheduler().schedule(java.time.Instant.ofEpochMilli(wakeAt), this::wake);
            timer = t;
            if (result.isDone()) {
                disarm();
            } else if (!armed.get()) {
                t.cancel(); // a send woke us while the timer was being set: the timer belongs to no wait
            }
        });
    }

    /** Called on a send, a visibility change, a timer or a deletion of the queue. */
    void wake() {
        if (armed.compareAndSet(true, false)) {
            queue.waiters.remove(this);
            Scheduler.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            attempt();
        }
    }

    private void disarm() {
        armed.set(false);
        queue.waiters.remove(this);
        Scheduler.Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
    }
}
