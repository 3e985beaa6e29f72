package io.jaqs.broker;

import io.jaqs.broker.store.MessageRow;
import io.jaqs.broker.store.StoreSession;
import java.sql.SQLException;
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
 *
 * <p>Only visible messages move, as in SQS (whose task receives from the dead-letter queue and sends
 * to the destination): a message in flight stays with the consumer that received it, whose delete
 * then works, and is moved by a later task if it becomes visible again.
 */
final class MoveTasks {
    private static final int STEP = 100;

    private final CoreContext core;
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

    MoveTasks(CoreContext core) {
        this.core = core;
    }

    String start(String sourceArn, String destinationArn, Integer maxVelocity) {
        if (sourceArn == null) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "SourceArn is required");
        }
        QueueState source = core.catalog().get(QueueNames.ofArn(sourceArn));
        if (core.catalog().deadLetterSources(source).isEmpty()) {
            throw BrokerException.invalidParameter("Queue " + source.name
                    + " is not a dead-letter queue: no queue's RedrivePolicy names it");
        }
        QueueState destination = destinationArn == null ? null : core.catalog().get(QueueNames.ofArn(destinationArn));
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
        long toMove = core.store().read(s -> s.countMessages(source.id));
        Task task = new Task(CoreContext.randomUuid(), source, destination, maxVelocity, core.clock().instant(), toMove);
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
        Instant stepStarted = core.clock().instant();
        List<QueueState> touched = new ArrayList<>();
        CompletableFuture<Integer> moved = core.store().write(s -> {
            touched.clear();
            long now = core.clock().millis();
            return task.source.fifo ? moveFifo(s, task, limit, now, touched) : moveStandard(s, task, limit, now, touched);
        });
        moved.whenComplete((n, error) -> {
            if (error != null) {
                task.status = MessageMoveTask.Status.FAILED;
                task.failure = BrokerFutures.unwrap(error).getMessage();
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
                core.scheduler().schedule(stepStarted.plusSeconds(1), () -> step(task));
            } else {
                CompletableFuture.runAsync(() -> step(task));
            }
        });
    }

    /**
     * Moves up to {@code limit} visible messages of a standard queue, as SQS's task does (it receives
     * from the source, so a message in flight stays with the consumer that holds it). On a shared store
     * the rows are taken {@code FOR UPDATE SKIP LOCKED}, as receives take them: a row another node is
     * claiming right now is left to it, and no receive of another node can claim one being moved.
     */
    private int moveStandard(StoreSession s, Task task, int limit, long now, List<QueueState> touched) throws SQLException {
        int n = 0;
        for (MessageRow row : s.selectReady(task.source.id, now, 0, -1, limit)) {
            QueueState target = targetOf(s, task, row);
            core.ops().moveTo(s, row, target, 0, now);
            touched.add(target);
            n++;
        }
        return n;
    }

    /**
     * Moves up to {@code limit} messages of a FIFO queue in sequence order, group by group as a receive
     * would take them: a group whose oldest message is in flight (or delayed) is skipped whole, so its
     * later messages cannot overtake it in the destination. Each group is changed under its lock (on a
     * shared store another node may be receiving from it: then it is skipped this step), and its rows are
     * read again under that lock.
     */
    private int moveFifo(StoreSession s, Task task, int limit, long now, List<QueueState> touched) throws SQLException {
        int n = 0;
        java.util.Set<String> skipped = new java.util.HashSet<>();
        java.util.Set<String> locked = new java.util.HashSet<>();
        long after = Long.MIN_VALUE;
        while (n < limit) {
            List<MessageRow> page = s.selectBySequence(task.source.id, after, STEP);
            for (MessageRow candidate : page) {
                after = candidate.seq();
                String group = candidate.groupId();
                if (skipped.contains(group)) {
                    continue;
                }
                if (!locked.contains(group)) {
                    if (!s.tryLockGroup(task.source.id, group)) {
                        skipped.add(group); // another node is changing the group: next step
                        continue;
                    }
                    locked.add(group);
                }
                MessageRow row = s.findMessageMeta(candidate.id()); // as committed now that the group is ours
                if (row == null || row.queueId() != task.source.id) {
                    continue;
                }
                if (row.visibleAt() > now || row.expiresAt() <= now) {
                    skipped.add(group); // in flight or delayed: the group waits behind it, as for a receive
                    continue;
                }
                QueueState target = targetOf(s, task, row);
                core.ops().moveTo(s, row, target, 0, now);
                FifoGroups.recompute(s, task.source.id, group);
                touched.add(target);
                if (++n == limit) {
                    break;
                }
            }
            if (page.size() < STEP) {
                break;
            }
        }
        return n;
    }

    private QueueState targetOf(StoreSession s, Task task, MessageRow row) throws SQLException {
        if (task.destination != null) {
            return task.destination;
        }
        QueueState target = row.sourceQueueId() == 0 ? null : core.catalog().byId(s, row.sourceQueueId());
        if (target == null) {
            throw BrokerException.invalidParameter("Message " + row.messageId()
                    + " has no source queue to return to (deleted?); give a destination");
        }
        return target;
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
        QueueState source = core.catalog().get(QueueNames.ofArn(sourceArn));
        return tasks.values().stream().filter(t -> t.source.id == source.id)
                .sorted(Comparator.comparing((Task t) -> t.started).reversed())
                .limit(Math.max(1, Math.min(10, maxResults)))
                .map(t -> new MessageMoveTask(t.handle, core.catalog().arn(t.source),
                        t.destination == null ? null : core.catalog().arn(t.destination), t.maxVelocity, t.status, t.moved,
                        t.toMove, t.failure, t.started))
                .toList();
    }

    void close() {
        closed = true;
    }
}
