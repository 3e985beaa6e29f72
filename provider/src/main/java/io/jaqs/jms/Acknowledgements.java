package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.BrokerFutures;
import io.jaqs.broker.DeleteMessageBatchEntry;
import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A session's acknowledgements as deletes in the store. By default an acknowledgement returns
 * after its delete committed, so an acknowledged message never comes back; with the factory's
 * {@code asyncAcknowledge} it returns once the delete is queued, at most
 * {@link JmsDefaults#MAX_PENDING_ASYNC_ACKS} messages are pending at once, a failure goes to the
 * ExceptionListener (the messages come back after their visibility timeout) and the session's
 * close waits for them.
 */
final class Acknowledgements {
    private final Broker broker;
    private final boolean async;
    private final Consumer<Throwable> asyncFailure;
    /** Asynchronous acknowledgements whose delete has not committed yet. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Semaphore window = new Semaphore(JmsDefaults.MAX_PENDING_ASYNC_ACKS);

    Acknowledgements(Broker broker, boolean async, Consumer<Throwable> asyncFailure) {
        this.broker = broker;
        this.async = async;
        this.asyncFailure = asyncFailure;
    }

    /** One message's acknowledgement (AUTO, UNORDERED). */
    void deleteOne(Delivered d) throws JMSException {
        try {
            if (async) {
                pending(broker.deleteMessageAsync(d.queue(), d.receiptHandle()), 1);
            } else {
                broker.deleteMessage(d.queue(), d.receiptHandle());
            }
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
    }

    /** Several messages' acknowledgement (CLIENT), in one store write: one database transaction for all. */
    void deleteAll(List<Delivered> all) throws JMSException {
        try {
            CompletableFuture<Void> deleted = broker.deleteIfCurrentAsync(byQueue(all));
            if (async) {
                pending(deleted, all.size());
            } else {
                BrokerFutures.await(deleted);
            }
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
    }

    /** DUPS_OK's batched deletes, per queue in batches of up to 10; a failure goes to the ExceptionListener. */
    void deleteLazily(List<Delivered> batch) {
        Map<QueueName, List<DeleteMessageBatchEntry>> entries = new LinkedHashMap<>();
        for (Delivered d : batch) {
            List<DeleteMessageBatchEntry> forQueue = entries.computeIfAbsent(d.queue(), k -> new ArrayList<>());
            forQueue.add(new DeleteMessageBatchEntry("m" + forQueue.size(), d.receiptHandle()));
        }
        entries.forEach((queue, list) -> {
            for (int i = 0; i < list.size(); i += 10) {
                try {
                    broker.deleteMessageBatch(queue, list.subList(i, Math.min(list.size(), i + 10)));
                } catch (BrokerException e) {
                    asyncFailure.accept(e);
                }
            }
        });
    }

    /** Waits (bounded) until the asynchronous acknowledgements made so far have committed. */
    void awaitPending() {
        JaqsSession.awaitSends(List.copyOf(pending));
    }

    private static Map<QueueName, List<String>> byQueue(List<Delivered> all) {
        Map<QueueName, List<String>> byQueue = new LinkedHashMap<>();
        for (Delivered d : all) {
            byQueue.computeIfAbsent(d.queue(), k -> new ArrayList<>()).add(d.receiptHandle());
        }
        return byQueue;
    }

    private void pending(CompletableFuture<?> deleted, int messages) throws JMSException {
        int permits = Math.min(messages, JmsDefaults.MAX_PENDING_ASYNC_ACKS);
        try {
            window.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the delete is queued already; only the wait for room was cut short
            deleted.whenComplete((r, error) -> report(error));
            throw new JMSException("Interrupted while waiting for earlier acknowledgements to commit");
        }
        pending.add(deleted);
        deleted.whenComplete((r, error) -> {
            pending.remove(deleted);
            window.release(permits);
            report(error);
        });
    }

    private void report(Throwable error) {
        if (error != null) {
            asyncFailure.accept(BrokerFutures.unwrap(error));
        }
    }
}
