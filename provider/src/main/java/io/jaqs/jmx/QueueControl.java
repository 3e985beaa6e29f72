package io.jaqs.jmx;

import io.jaqs.broker.Broker;
import io.jaqs.broker.MessageMoveTask;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.ReceivedMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

final class QueueControl implements QueueControlMBean {
    /** Most messages one browse call returns. */
    static final int MAX_BROWSE = 1000;

    private final Broker broker;
    private final QueueName queue;

    QueueControl(Broker broker, QueueName queue) {
        this.broker = broker;
        this.queue = queue;
    }

    @Override
    public String getName() {
        return queue.name();
    }

    @Override
    public boolean isFifo() {
        return Errors.plain(() -> broker.queueSample(queue).fifo());
    }

    @Override
    public long getApproximateNumberOfMessagesVisible() {
        return Errors.plain(() -> broker.queueSample(queue).visible());
    }

    @Override
    public long getApproximateNumberOfMessagesNotVisible() {
        return Errors.plain(() -> broker.queueSample(queue).notVisible());
    }

    @Override
    public long getApproximateNumberOfMessagesDelayed() {
        return Errors.plain(() -> broker.queueSample(queue).delayed());
    }

    @Override
    public long getApproximateAgeOfOldestMessage() {
        return Errors.plain(() -> broker.queueSample(queue).ageOfOldestMessageSeconds());
    }

    @Override
    public String[] getQueueAttributes() {
        return Errors.plain(() -> broker.getQueueAttributes(queue, List.of("All")).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @Override
    public String[] getDeadLetterSourceQueues() {
        return Errors.plain(() -> broker.listDeadLetterSourceQueueNames(queue).stream()
                .map(QueueName::name).toArray(String[]::new));
    }

    @Override
    public void refresh() {
        Errors.plain(() -> broker.queueSampleNow(queue));
    }

    @Override
    public void purge() {
        Errors.plain(() -> {
            broker.purgeQueue(queue);
            broker.queueSampleNow(queue);
            return null;
        });
    }

    @Override
    public String[] browse(int max) {
        if (max < 1 || max > MAX_BROWSE) {
            throw new IllegalArgumentException("InvalidParameterValue: browse takes 1 to " + MAX_BROWSE + " messages, got " + max);
        }
        return Errors.plain(() -> {
            List<String> out = new ArrayList<>();
            Iterator<ReceivedMessage> it = broker.browse(queue, a -> true);
            while (it.hasNext() && out.size() < max) {
                out.add(MessageView.of(it.next()).line());
            }
            return out.toArray(String[]::new);
        });
    }

    @Override
    public void setQueueAttribute(String name, String value) {
        Errors.plain(() -> {
            broker.setQueueAttributes(queue, Map.of(name, value));
            return null;
        });
    }

    @Override
    public String startMessageMoveTask(String destination, int maxPerSecond) {
        if (maxPerSecond < 0) {
            throw new IllegalArgumentException("InvalidParameterValue: maxPerSecond must be 0 (no limit) or more, got " + maxPerSecond);
        }
        return Errors.plain(() -> broker.startMessageMoveTask(broker.queueArn(queue),
                destination == null || destination.isBlank() ? null : broker.queueArn(QueueName.fromUrl(destination)),
                maxPerSecond == 0 ? null : maxPerSecond));
    }

    @Override
    public long cancelMessageMoveTask(String taskHandle) {
        return Errors.plain(() -> broker.cancelMessageMoveTask(taskHandle));
    }

    @Override
    public String[] getMessageMoveTasks() {
        return Errors.plain(() -> broker.listMessageMoveTasks(broker.queueArn(queue), 10).stream()
                .map(QueueControl::describe).toArray(String[]::new));
    }

    static String describe(MessageMoveTask t) {
        return t.taskHandle() + " " + t.status() + " " + t.approximateNumberOfMessagesMoved() + "/"
                + t.approximateNumberOfMessagesToMove() + (t.failureReason() == null ? "" : " " + t.failureReason());
    }
}
