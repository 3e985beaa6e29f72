package io.jaqs.broker;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One receive that may wait. It tries; when nothing is receivable and time is left, it registers
 * with its queue and sleeps until a send or a visibility change wakes it, the next message
 * becomes visible, or its deadline passes (all on the broker's clock). Waiting holds no thread.
 */
final class LongPoll {
    private final CoreContext core;
    private final Receiver receiver;
    private final QueueState queue;
    private final ReceiveMessageRequest request;
    private final long deadline;
    final CompletableFuture<List<ReceivedMessage>> result = new CompletableFuture<>();
    /**
     * Which arming of this poll is current (0: not armed), and its timer; guarded by {@code this}.
     * A wake ends an arming and the next attempt may arm again before the earlier arming has set
     * its timer: the generation tells that late timer it belongs to no wait, so it is cancelled
     * instead of staying scheduled until its deadline.
     */
    private long armedGeneration;
    private long generations;
    private Scheduler.Cancellable timer;

    LongPoll(CoreContext core, Receiver receiver, QueueState queue, ReceiveMessageRequest request, long deadline) {
        this.core = core;
        this.receiver = receiver;
        this.queue = queue;
        this.request = request;
        this.deadline = deadline;
        result.whenComplete((r, e) -> disarm());
    }

    /** Tries once, and waits again if it found nothing and has time left; false when the poll had ended already. */
    boolean attempt() {
        if (result.isDone()) {
            return false;
        }
        long version = queue.version.get();
        receiver.receiveOnce(queue, request).whenComplete((outcome, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            long now = core.clock().millis();
            if (outcome.messages().isEmpty() && result.isDone()) {
                return; // the caller gave up (a consumer closed) while we looked: arm nothing
            }
            if (!outcome.messages().isEmpty() || now >= deadline || queue.deleted) {
                if (!result.complete(outcome.messages()) && !outcome.messages().isEmpty()) {
                    receiver.returnUndelivered(queue, outcome.messages()); // the caller gave up: don't strand what it claimed
                }
                return;
            }
            long generation;
            synchronized (this) {
                generation = ++generations;
                armedGeneration = generation;
            }
            queue.waiters.add(this);
            if (queue.version.get() != version) {
                wake(); // something changed while we were looking: look again
                return;
            }
            long wakeAt = Math.min(deadline, outcome.nextWakeAt());
            long poll = core.store().crossNodePollMillis();
            if (poll != Long.MAX_VALUE) {
                wakeAt = Math.min(wakeAt, now + poll); // shared store: bounded poll, in case a notification was lost
            }
            Scheduler.Cancellable t = core.scheduler().schedule(java.time.Instant.ofEpochMilli(wakeAt), this::wake);
            synchronized (this) {
                if (armedGeneration == generation && !result.isDone()) {
                    timer = t;
                    return;
                }
            }
            t.cancel(); // woken, or given up, while the timer was being set: it belongs to no wait
            if (result.isDone()) {
                disarm();
            }
        });
        return true;
    }

    /** Whether this poll's receive filters what it takes (a selector): a message sent may be for it alone. */
    boolean filters() {
        return request.filter() != null;
    }

    /**
     * Called on a send, a visibility change, a timer or a deletion of the queue; true when this poll
     * was waiting and looks again (a poll that had ended, or was looking already, takes no wake).
     */
    boolean wake() {
        return endArming(false) && attempt();
    }

    private void disarm() {
        endArming(true);
    }

    /** Ends the current arming (if any, or always when {@code always}) and cancels its timer; true when one was armed. */
    private boolean endArming(boolean always) {
        Scheduler.Cancellable t;
        synchronized (this) {
            boolean wasArmed = armedGeneration != 0;
            if (!wasArmed && !always) {
                return false;
            }
            armedGeneration = 0;
            t = timer;
            timer = null;
            if (!wasArmed && t == null) {
                queue.waiters.remove(this);
                return false;
            }
        }
        queue.waiters.remove(this);
        if (t != null) {
            t.cancel();
        }
        return true;
    }
}
