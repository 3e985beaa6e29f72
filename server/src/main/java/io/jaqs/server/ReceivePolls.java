package io.jaqs.server;

import io.jaqs.broker.Broker;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receives that are waiting (long polls), so that a clean stop can end them: each is answered
 * with no messages, as SQS answers a wait that ran out. A wait ended this way took no message.
 */
final class ReceivePolls {
    private final Set<CompletableFuture<List<ReceivedMessage>>> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    CompletableFuture<List<ReceivedMessage>> receive(Broker broker, QueueName queue, ReceiveMessageRequest request) {
        if (stopping) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<ReceivedMessage>> core = broker.receiveMessageAsync(queue, request);
        if (core.isDone()) {
            return core;
        }
        waiting.add(core);
        if (stopping) { // a stop that began between the check and the add did not see this one
            core.cancel(false);
        }
        return core.handle((messages, error) -> {
            waiting.remove(core);
            if (error == null) {
                return messages;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CancellationException && stopping) {
                return List.of();
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    /** Ends every waiting receive (they answer empty) and makes new ones answer empty at once. */
    void stop() {
        stopping = true;
        for (CompletableFuture<List<ReceivedMessage>> f : waiting) {
            f.cancel(false);
        }
    }

    int waiting() {
        return waiting.size();
    }
}
