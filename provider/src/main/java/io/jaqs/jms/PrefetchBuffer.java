package io.jaqs.jms;

import io.jaqs.broker.ReceivedMessage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's prefetched messages: claimed from the store for it (invisible to other consumers)
 * and not yet delivered. Its own monitor guards it; a consumer that must decide on several of its
 * facts at once (start a fetch-ahead only when few are held and none is under way) holds that
 * monitor around them. Handing the messages back (recover, rollback, close) starts a new epoch,
 * so that a fetch-ahead that lands later knows its messages are stale and gives them back too.
 */
final class PrefetchBuffer {
    private final ArrayDeque<ReceivedMessage> messages = new ArrayDeque<>();
    private int epoch;
    /**
     * FIFO: the receipt handle of the last message claimed (the newest of its group the consumer
     * holds), which a fetch-ahead continues after; null when it holds none.
     */
    private String lastClaimed;
    /** The background receive under way (completes after its messages were added), or null. */
    private CompletableFuture<Void> ahead;
    /**
     * The last store call claimed fewer messages than it asked for: the queue had no more for this
     * consumer then, so a fetch-ahead now would most likely find nothing and cost a store write.
     */
    private boolean drained;

    /** Adds what a store call that asked for {@code asked} messages claimed. */
    synchronized void add(List<ReceivedMessage> got, int asked) {
        messages.addAll(got);
        drained = got.size() < asked;
        if (!got.isEmpty()) {
            lastClaimed = got.get(got.size() - 1).receiptHandle();
        }
    }

    /**
     * Adds what a fetch-ahead of the given epoch claimed and marks it settled; false (nothing added)
     * when the messages were handed back since it started.
     */
    synchronized boolean settleAhead(int startedIn, List<ReceivedMessage> got, int asked) {
        ahead = null;
        if (got == null) {
            return true;
        }
        if (startedIn != epoch) {
            return false;
        }
        add(got, asked);
        return true;
    }

    /** Puts a message back first in line (a receiveBody that refused its body, JMS 2.0). */
    synchronized void putBack(ReceivedMessage m) {
        messages.addFirst(m);
    }

    synchronized ReceivedMessage poll() {
        return messages.poll();
    }

    synchronized boolean isEmpty() {
        return messages.isEmpty();
    }

    synchronized int size() {
        return messages.size();
    }

    synchronized int epoch() {
        return epoch;
    }

    synchronized boolean drained() {
        return drained;
    }

    synchronized String lastClaimed() {
        return lastClaimed;
    }

    synchronized CompletableFuture<Void> ahead() {
        return ahead;
    }

    /** Records the fetch-ahead under way (call with the monitor held since the decision to start it). */
    synchronized void aheadStarted(CompletableFuture<Void> settled) {
        if (!settled.isDone()) {
            ahead = settled;
        }
    }

    /** Takes every message held, in order, and starts a new epoch: a later fetch-ahead result is stale. */
    synchronized List<ReceivedMessage> takeAll() {
        epoch++;
        lastClaimed = null;
        List<ReceivedMessage> all = List.copyOf(messages);
        messages.clear();
        return all;
    }
}
