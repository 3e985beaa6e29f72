package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dead-letter redrive (SQS's StartMessageMoveTask): moves the messages of a dead-letter queue back
 * to the queues they came from, or to one destination, in steps. With a velocity, each step moves
 * at most that many messages and the next step waits one second of the broker's clock. One task
 * may run per source queue. Task state lives in the JVM that runs it.
 */
final class MoveTasks {
    private static final int STEP = 100;

    private final JaqsBroker broker;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private static final class Task {
        final String handle;
        final QueueState source;
        final QueueState destination; // null: each message back to its own source
        final Integer maxVelocity;
        final Instant started;
        final long toMove;
        volatile long moved;
        volatile MessageMoveTask.Status status = MessageMoveTask.Status.RUNNING;
        volatile String failure;

        Task(String handle, QueueState source, QueueState destination, Integer maxVelocity, Instant started, long toMove) {
            this.handle = handle;
            this.source = source;
            this.destination = destination;
            this.maxVelocity = maxVelocity;
            this.started = started;
            this.toMove = toMove;
        }
    }

    MoveTasks(JaqsBroker broker) {
        this.broker = broker;
    }

    String start(String sourceArn, String destinationArn, Integer maxVelocity) {
        if (sourceArn == null) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "SourceArn is required");
        }
        QueueState source = broker.queue(QueueNames.fromArnOrName(sourceArn));
        if (broker.listDeadLetterSourceQueues(source.name).isEmpty()) {
            throw BrokerException.invalidParameter("Queue " + source.name
                    + " is not a dead-letter queue: no queue's RedrivePolicy names it");
        }
        QueueState destination = destinationArn == null ? null : broker.queue(QueueNames.fromArnOrName(destinationArn));
        if (destination != null && destination.fifo != source.fifo) {
            throw BrokerException.invalidParameter("The destination of a move task must be of the same type as the source ("
                    + (source.fifo ? "FIFO" : "standard") + ")");
        }
        if (destination != null && destination.id == source.id) {
            throw BrokerException.invalidParameter("The destination of a move task cannot be its source");
        }
        if (maxVelocity != null && (maxVelocity < 1 || maxVelocity > Limits.MAX_MOVE_VELOCITY)) {
            throw BrokerException.invalidParameter("MaxNumberOfMessagesPerSecond must be from 1 to " + Limits.MAX_MOVE_VELOCITY
                    + ", got " + maxVelocity);
        }
        for (Task t : tasks.values()) {
            if (t.source.id == source.id && t.status == MessageMoveTask.Status.RUNNING) {
                throw BrokerException.invalidParameter("A move task is already running for " + source.name + ": " + t.handle);
            }
        }
        long toMove = broker.store().read(s -> s.countMessages(source.id));
        Task task = new Task(JaqsBroker.newMessageId(), source, destination, maxVelocity, broker.clock().instant(), toMove);
        tasks.put(task.handle, task);
        step(task);
        return task.handle;
    }

    private void step(Task task) {
        if (closed || task.status != MessageMoveTask.Status.RUNNING) {
            if (task.status == MessageMoveTask.Status.CANCELLING) {
                task.status = MessageMoveTask.Status.CANCELLED;
            }
            return;
        }
        int limit = task.maxVelocity == null ? STEP : Math.min(STEP, task.maxVelocity);
        Instant stepStarted = broker.clock().instant();
        List<QueueState> touched = new ArrayList<>();
        CompletableFuture<Integer> moved = broker.store().write(s -> {
            touched.clear();
            long now = broker.clock().millis();
            int n = 0;
            // FIFO: in sequence order, so each group keeps its order in the destination (the visible
            // times of a DLQ's messages need not follow it, e.g. when one of them is in flight)
            List<MessageRow> rows = task.source.fifo
                    ? s.selectBySequence(task.source.id, Long.MIN_VALUE, limit)
                    : s.selectHead(task.source.id, limit);
            for (MessageRow row : rows) {
                QueueState target = task.destination;
                if (target == null) {
                    target = row.sourceQueueId() == 0 ? null : broker.queueByIdOrNull(s, row.sourceQueueId());
                    if (target == null) {
                        throw BrokerException.invalidParameter("Message " + row.messageId()
                                + " has no source queue to return to (deleted?); give a destination");
                    }
                }
                broker.ops().moveTo(s, row, target, 0, now);
                if (task.source.fifo) {
                    FifoGroups.recompute(s, task.source.id, row.groupId());
                }
                touched.add(target);
                n++;
            }
            return n;
        });
        moved.whenComplete((n, error) -> {
            if (error != null) {
                task.status = MessageMoveTask.Status.FAILED;
                task.failure = JaqsBroker.unwrap(error).getMessage();
                return;
            }
            touched.stream().distinct().forEach(QueueState::changed);
            task.moved += n;
            if (n < limit) {
                task.status = task.status == MessageMoveTask.Status.CANCELLING
                        ? MessageMoveTask.Status.CANCELLED : MessageMoveTask.Status.COMPLETED;
                return;
            }
            if (task.maxVelocity != null) {
                // one second after this step began, not after it ended: the rate is per second of the clock
                broker.scheduler().schedule(stepStarted.plusSeconds(1), () -> step(task));
            } else {
                CompletableFuture.runAsync(() -> step(task));
            }
        });
    }

    long cancel(String handle) {
        Task t = tasks.get(handle);
        if (t == null) {
            throw new BrokerException(ErrorCode.RESOURCE_NOT_FOUND, "No move task with handle " + handle);
        }
        if (t.status != MessageMoveTask.Status.RUNNING) {
            throw BrokerException.invalidParameter("Move task " + handle + " is " + t.status + " and cannot be cancelled");
        }
        t.status = MessageMoveTask.Status.CANCELLING;
        return t.moved;
    }

    List<MessageMoveTask> list(String sourceArn, int maxResults) {
        QueueState source = broker.queue(QueueNames.fromArnOrName(sourceArn));
        return tasks.values().stream().filter(t -> t.source.id == source.id)
                .sorted(Comparator.comparing((Task t) -> t.started).reversed())
                .limit(Math.max(1, Math.min(10, maxResults)))
                .map(t -> new MessageMoveTask(t.handle, broker.queueArnOf(t.source),
                        t.destination == null ? null : broker.queueArnOf(t.destination), t.maxVelocity, t.status, t.moved,
                        t.toMove, t.failure, t.started))
                .toList();
    }

    void close() {
        closed = true;
    }
}
