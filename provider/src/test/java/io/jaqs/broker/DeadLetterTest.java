package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dead-letter queues: redrive on maxReceiveCount, FIFO DLQs, retention, and message move tasks. */
class DeadLetterTest extends BrokerTestSupport {

    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:";

    private static String redrive(String dlq, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + ARN + dlq + "\",\"maxReceiveCount\":" + maxReceiveCount + "}";
    }

    /** Receives every message of the queue once and lets the visibility timeout pass. */
    private List<ReceivedMessage> receiveAndLetGo(String q, int visibilitySeconds) {
        List<ReceivedMessage> got = broker.receiveMessage(q, ReceiveMessageRequest.of(10).withVisibilityTimeoutSeconds(visibilitySeconds));
        advance(visibilitySeconds);
        return got;
    }

    private MessageMoveTask task(String source, String handle) {
        return broker.listMessageMoveTasks(source, 10).stream().filter(t -> t.taskHandle().equals(handle)).findFirst().orElseThrow();
    }

    private void awaitStatus(String source, String handle, MessageMoveTask.Status status) {
        eventually("move task " + status, () -> task(source, handle).status() == status);
    }

    // ------------------------------------------------------------------ redrive on receive

    @Test
    void aMessageMovesOnTheReceiveThatWouldExceedMaxReceiveCount() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 2));
        SendMessageResult sent = broker.sendMessage(src, SendMessageRequest.builder("poison")
                .attribute("k", MessageAttributeValue.string("v")).build());
        assertEquals(1, receiveAndLetGo(src, 10).get(0).approximateReceiveCount());
        assertEquals(2, receiveAndLetGo(src, 10).get(0).approximateReceiveCount());
        assertTrue(receive(src, 10).isEmpty(), "the third receive moves it instead of delivering it");
        assertEquals(0, count(src, "ApproximateNumberOfMessages") + count(src, "ApproximateNumberOfMessagesNotVisible"));
        assertEquals(1, count(dlq, "ApproximateNumberOfMessages"));

        ReceivedMessage dead = receiveOne(dlq);
        assertEquals(sent.messageId(), dead.messageId());
        assertEquals("poison", dead.bodyAsString());
        assertEquals(Map.of("k", MessageAttributeValue.string("v")), dead.attributes());
        assertEquals(ARN + "src", dead.deadLetterQueueSourceArn());
        assertEquals(1, dead.approximateReceiveCount(), "counting starts again in the dead-letter queue");
    }

    @Test
    void onlyTheMessagesOverTheLimitMoveInABatchReceive() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        send(src, "old");
        receiveAndLetGo(src, 10); // "old" has been received once
        send(src, "new");
        List<ReceivedMessage> got = receive(src, 10);
        assertEquals(List.of("new"), bodies(got));
        assertEquals(List.of("old"), bodies(receive(dlq, 10)));
    }

    @Test
    void withoutItsDeadLetterQueueAMessageIsDeliveredAgain() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        send(src, "m");
        receiveAndLetGo(src, 10);
        broker.deleteQueue(dlq);
        ReceivedMessage again = receiveOne(src);
        assertNotNull(again, "not lost when the dead-letter queue is gone");
        assertEquals(2, again.approximateReceiveCount());
    }

    @Test
    void fifoMessagesMoveToAFifoDeadLetterQueue() {
        String dlq = queue("dlq.fifo");
        String src = queue("src.fifo", "RedrivePolicy", redrive("dlq.fifo", 1));
        SendMessageResult a1 = sendFifo(src, "g", "A1");
        sendFifo(src, "g", "A2");
        assertEquals("A1", receiveOne(src).bodyAsString());
        advance(30);
        List<ReceivedMessage> next = receive(src, 10);
        assertEquals(List.of("A2"), bodies(next), "A1 moved, the group goes on with A2");
        ReceivedMessage dead = receiveOne(dlq);
        assertEquals(a1.messageId(), dead.messageId());
        assertEquals("g", dead.messageGroupId());
        assertEquals(ARN + "src.fifo", dead.deadLetterQueueSourceArn());
        assertTrue(dead.sequenceNumber().compareTo(a1.sequenceNumber()) > 0, "a new sequence number in the DLQ");
    }

    @Test
    void aMessageDeletedFromADeadLetterQueueNeverComesBackAfterARestart() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        send(src, "m");
        receiveAndLetGo(src, 10);
        assertTrue(receive(src, 10).isEmpty());
        ReceivedMessage dead = receiveOne(dlq);
        broker.deleteMessage(dlq, dead.receiptHandle());
        restart();
        advance(3600);
        assertNull(receiveOne(dlq));
        assertNull(receiveOne(src));
        assertEquals(0, count(dlq, "ApproximateNumberOfMessages") + count(dlq, "ApproximateNumberOfMessagesNotVisible"));
        assertEquals(0, count(src, "ApproximateNumberOfMessages") + count(src, "ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void aFifoMessageDeletedFromADeadLetterQueueNeverComesBackAfterARestart() {
        String dlq = queue("dlq.fifo");
        String src = queue("src.fifo", "RedrivePolicy", redrive("dlq.fifo", 1));
        sendFifo(src, "g", "m");
        receiveAndLetGo(src, 10);
        assertTrue(receive(src, 10).isEmpty());
        broker.deleteMessage(dlq, receiveOne(dlq).receiptHandle());
        restart();
        advance(3600);
        assertNull(receiveOne(dlq));
        assertNull(receiveOne(src));
    }

    @Test
    void aStandardDeadLetterQueueKeepsTheOriginalEnqueueTimeAFifoOneStartsAnew() {
        String dlq = queue("dlq", "MessageRetentionPeriod", "120");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        String fifoDlq = queue("dlq.fifo", "MessageRetentionPeriod", "120");
        String fifoSrc = queue("src.fifo", "RedrivePolicy", redrive("dlq.fifo", 1));
        send(src, "m");
        sendFifo(fifoSrc, "g", "f");
        broker.receiveMessage(src, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(100));
        broker.receiveMessage(fifoSrc, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(100));
        advance(100);
        assertTrue(receive(src, 10).isEmpty()); // moved at t = 100
        assertTrue(receive(fifoSrc, 10).isEmpty());
        advance(19); // t = 119
        assertEquals(1, count(dlq, "ApproximateNumberOfMessages"));
        advance(1); // t = 120: 120 s after the standard message was first sent
        assertEquals(0, count(dlq, "ApproximateNumberOfMessages"));
        assertEquals(1, count(fifoDlq, "ApproximateNumberOfMessages"));
        advance(99); // t = 219
        assertEquals(1, count(fifoDlq, "ApproximateNumberOfMessages"));
        advance(1); // t = 220: 120 s after the move
        assertEquals(0, count(fifoDlq, "ApproximateNumberOfMessages"));
    }

    // ------------------------------------------------------------------ message move tasks

    /** Puts {@code n} messages of {@code src} into its dead-letter queue. */
    private void deadLetter(String src, int n, String prefix) {
        for (int i = 0; i < n; i++) {
            send(src, prefix + i);
        }
        while (!receive(src, 10).isEmpty()) {
            advance(30); // maxReceiveCount 1: the next receive moves them
        }
    }

    @Test
    void aMoveTaskReturnsMessagesToTheirSourceQueues() {
        String dlq = queue("dlq");
        String a = queue("a", "RedrivePolicy", redrive("dlq", 1));
        String b = queue("b", "RedrivePolicy", redrive("dlq", 1));
        deadLetter(a, 3, "a");
        deadLetter(b, 2, "b");
        assertEquals(5, count(dlq, "ApproximateNumberOfMessages"));

        String handle = broker.startMessageMoveTask(ARN + "dlq", null, null);
        awaitStatus(dlq, handle, MessageMoveTask.Status.COMPLETED);
        MessageMoveTask t = task(dlq, handle);
        assertEquals(5, t.approximateNumberOfMessagesMoved());
        assertEquals(5, t.approximateNumberOfMessagesToMove());
        assertEquals(ARN + "dlq", t.sourceArn());
        assertNull(t.destinationArn());
        assertNull(t.failureReason());

        assertEquals(0, count(dlq, "ApproximateNumberOfMessages"));
        List<ReceivedMessage> backInA = receive(a, 10);
        assertEquals(Set.of("a0", "a1", "a2"), new HashSet<>(bodies(backInA)));
        assertEquals(Set.of("b0", "b1"), new HashSet<>(bodies(receive(b, 10))));
        assertEquals(1, backInA.get(0).approximateReceiveCount(), "a fresh start in the source");
        assertNull(backInA.get(0).deadLetterQueueSourceArn());
    }

    @Test
    void aMoveTaskToAnExplicitDestination() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        String elsewhere = queue("elsewhere");
        deadLetter(src, 4, "m");
        String handle = broker.startMessageMoveTask("dlq", ARN + "elsewhere", null);
        awaitStatus(dlq, handle, MessageMoveTask.Status.COMPLETED);
        assertEquals(ARN + "elsewhere", task(dlq, handle).destinationArn());
        assertEquals(4, count(elsewhere, "ApproximateNumberOfMessages"));
        assertEquals(0, count(src, "ApproximateNumberOfMessages"));
        assertEquals(0, count(dlq, "ApproximateNumberOfMessages"));
    }

    @Test
    void aMoveTaskWithAVelocityMovesThatManyPerSecondOfTheClock() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        deadLetter(src, 10, "m");
        String handle = broker.startMessageMoveTask("dlq", null, 3);
        assertEquals(3, task(dlq, handle).maxVelocity());
        for (int expected : new int[] {3, 6, 9}) {
            eventually(expected + " moved", () -> task(dlq, handle).approximateNumberOfMessagesMoved() == expected);
            assertEquals(expected, count(src, "ApproximateNumberOfMessages"));
            assertEquals(10 - expected, count(dlq, "ApproximateNumberOfMessages"));
            assertEquals(MessageMoveTask.Status.RUNNING, task(dlq, handle).status());
            advance(1);
        }
        awaitStatus(dlq, handle, MessageMoveTask.Status.COMPLETED);
        assertEquals(10, task(dlq, handle).approximateNumberOfMessagesMoved());
        assertEquals(10, count(src, "ApproximateNumberOfMessages"));
    }

    @Test
    void cancellingAMoveTaskStopsIt() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        deadLetter(src, 5, "m");
        String handle = broker.startMessageMoveTask("dlq", null, 2);
        eventually("first step", () -> task(dlq, handle).approximateNumberOfMessagesMoved() == 2);
        assertEquals(2, broker.cancelMessageMoveTask(handle));
        advance(1);
        awaitStatus(dlq, handle, MessageMoveTask.Status.CANCELLED);
        advance(10);
        assertEquals(2, count(src, "ApproximateNumberOfMessages"));
        assertEquals(3, count(dlq, "ApproximateNumberOfMessages"));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.cancelMessageMoveTask(handle));
        brokerError(ErrorCode.RESOURCE_NOT_FOUND, () -> broker.cancelMessageMoveTask("no-such-task"));
        // once cancelled, a new task may start
        String next = broker.startMessageMoveTask("dlq", null, null);
        awaitStatus(dlq, next, MessageMoveTask.Status.COMPLETED);
        assertEquals(5, count(src, "ApproximateNumberOfMessages"));
        assertEquals(next, broker.listMessageMoveTasks("dlq", 10).get(0).taskHandle(), "newest first");
    }

    @Test
    void aSecondTaskOnTheSameSourceIsRejectedWhileOneRuns() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        deadLetter(src, 3, "m");
        String handle = broker.startMessageMoveTask("dlq", null, 1);
        BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.startMessageMoveTask("dlq", null, null));
        assertTrue(e.getMessage().contains(handle));
        assertEquals(1, broker.listMessageMoveTasks("dlq", 10).size());
    }

    @Test
    void moveTaskArgumentsAreChecked() {
        queue("dlq");
        queue("src", "RedrivePolicy", redrive("dlq", 1));
        String plain = queue("plain");
        queue("other.fifo");
        BrokerException notDlq = brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.startMessageMoveTask(ARN + "plain", null, null));
        assertTrue(notDlq.getMessage().contains("not a dead-letter queue"));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.startMessageMoveTask("dlq", ARN + "other.fifo", null));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.startMessageMoveTask("dlq", "dlq", null));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.startMessageMoveTask("dlq", null, 0));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.startMessageMoveTask("dlq", null, 501));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.startMessageMoveTask("arn:aws:sns:us-east-1:000000000000:dlq", null, null));
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.startMessageMoveTask(ARN + "missing", null, null));
        brokerError(ErrorCode.MISSING_PARAMETER, () -> broker.startMessageMoveTask(null, null, null));
        assertEquals(List.of(), broker.listMessageMoveTasks("dlq", 10));
        assertEquals(List.of(), broker.listMessageMoveTasks(plain, 10));
    }

    @Test
    void aMoveTaskLeavesAMessageInFlightInTheDlqWithItsConsumer() {
        String dlq = queue("dlq");
        String src = queue("src", "RedrivePolicy", redrive("dlq", 1));
        send(src, "a");
        send(src, "b");
        assertEquals(2, receiveAndLetGo(src, 10).size());
        assertTrue(receive(src, 10).isEmpty(), "both went to the dead-letter queue");
        ReceivedMessage held = receiveOne(dlq); // someone is looking at it
        String handle = broker.startMessageMoveTask("dlq", null, null);
        awaitStatus(dlq, handle, MessageMoveTask.Status.COMPLETED);
        assertEquals(1, task(dlq, handle).approximateNumberOfMessagesMoved());
        List<ReceivedMessage> back = receive(src, 10);
        assertEquals(1, back.size());
        assertTrue(!back.get(0).bodyAsString().equals(held.bodyAsString()), "the message in flight stayed in the DLQ");
        broker.deleteMessage(dlq, held.receiptHandle());
        assertEquals(0, count(dlq, "ApproximateNumberOfMessages") + count(dlq, "ApproximateNumberOfMessagesNotVisible"),
                "the holder's delete took effect: its receipt was still current");
    }

    @Test
    void aFifoMoveTaskSkipsAGroupWhoseHeadIsInFlightAndMovesItInOrderLater() {
        String dlq = queue("dlq.fifo");
        String src = queue("src.fifo", "RedrivePolicy", redrive("dlq.fifo", 1));
        for (int i = 1; i <= 3; i++) {
            sendFifo(src, "g", "m" + i);
        }
        sendFifo(src, "h", "n1");
        assertEquals(4, receiveAndLetGo(src, 10).size());
        assertTrue(receive(src, 10).isEmpty());
        ReceivedMessage head = receiveOne(dlq); // m1 is in flight in the DLQ: group g is held
        assertEquals("m1", head.bodyAsString());
        String first = broker.startMessageMoveTask("dlq.fifo", null, null);
        awaitStatus(dlq, first, MessageMoveTask.Status.COMPLETED);
        assertEquals(1, task(dlq, first).approximateNumberOfMessagesMoved(), "only group h moved; m2 and m3 did not overtake m1");
        ReceivedMessage n1 = receiveOne(src);
        assertEquals("n1", n1.bodyAsString());
        broker.deleteMessage(src, n1.receiptHandle());
        advance(31); // m1's visibility timeout (the DLQ's default 30 s) ends without a delete
        String second = broker.startMessageMoveTask("dlq.fifo", null, null);
        awaitStatus(dlq, second, MessageMoveTask.Status.COMPLETED);
        assertEquals(3, task(dlq, second).approximateNumberOfMessagesMoved());
        assertEquals(List.of("m1", "m2", "m3"), bodies(receive(src, 10)));
    }

    @Test
    void aFifoMoveTaskRestoresGroupOrder() {
        String dlq = queue("dlq.fifo");
        String src = queue("src.fifo", "RedrivePolicy", redrive("dlq.fifo", 1));
        for (int i = 1; i <= 3; i++) {
            sendFifo(src, "g", "m" + i);
        }
        // one receive takes all three (one group), the next moves all three in order
        assertEquals(3, receiveAndLetGo(src, 10).size());
        assertTrue(receive(src, 10).isEmpty());
        assertEquals(3, count(dlq, "ApproximateNumberOfMessages"));
        String handle = broker.startMessageMoveTask("dlq.fifo", null, null);
        awaitStatus(dlq, handle, MessageMoveTask.Status.COMPLETED);
        assertEquals(List.of("m1", "m2", "m3"), bodies(receive(src, 10)));
    }
}
