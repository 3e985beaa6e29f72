package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Long polls: a waiting receive holds no thread and wakes at once on a send, a visibility change,
 * a delete that frees a FIFO group, or when the clock reaches a delayed or invisible message.
 */
class LongPollTest extends BrokerTestSupport {

    /** Starts a long poll and returns once it waits (registered with its queue, its timer set). */
    private CompletableFuture<List<ReceivedMessage>> waitingPoll(String q, ReceiveMessageRequest request) {
        QueueState state = state(q);
        int waiters = state.waiters.size();
        int timers = clock.pendingTasks();
        CompletableFuture<List<ReceivedMessage>> f = broker.receiveMessageAsync(q, request);
        eventually("the poll waits", () -> state.waiters.size() == waiters + 1 && clock.pendingTasks() == timers + 1);
        assertFalse(f.isDone());
        return f;
    }

    private CompletableFuture<List<ReceivedMessage>> waitingPoll(String q, int waitSeconds) {
        return waitingPoll(q, ReceiveMessageRequest.of(10).withWaitTimeSeconds(waitSeconds));
    }

    @Test
    void aPollEndsEmptyWhenTheClockPassesItsDeadline() {
        String q = queue("q");
        int timers = clock.pendingTasks();
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        advance(19);
        assertFalse(f.isDone(), "no real time and no clock time make it end early");
        advance(1);
        assertEquals(List.of(), await(f));
        eventually("nothing left behind", () -> state(q).waiters.isEmpty() && clock.pendingTasks() == timers);
    }

    @Test
    void aSendWakesAWaitingPollAtOnce() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        Instant before = clock.instant();
        send(q, "wake up");
        assertEquals(List.of("wake up"), bodies(await(f)));
        assertEquals(before, clock.instant(), "the clock did not move");
        assertTrue(state(q).waiters.isEmpty());
    }

    @Test
    void aSendWakesOneOfSeveralWaitingPollsNotEveryOne() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> first = waitingPoll(q, 20);
        CompletableFuture<List<ReceivedMessage>> second = waitingPoll(q, 20);
        CompletableFuture<List<ReceivedMessage>> third = waitingPoll(q, 20);
        String probe = queue("probe");
        long worksBefore = broker.storeStats().works();
        send(q, "one");
        assertEquals(List.of("one"), bodies(await(first)), "the longest-waiting poll takes it");
        assertEquals(worksBefore + 3, worksAfterEarlierOnes(probe),
                "one store write for the send and one for the woken receive: the others were not woken to find nothing");
        assertFalse(second.isDone());
        assertFalse(third.isDone());
        assertEquals(2, state(q).waiters.size(), "the others still wait");
        send(q, "two");
        assertEquals(List.of("two"), bodies(await(second)));
        assertFalse(third.isDone());
    }

    @Test
    void aSendWakesEveryWaitingPollWithASelectorAsTheMessageMayBeForItAlone() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> notForIt = waitingPoll(q,
                ReceiveMessageRequest.of(10).withWaitTimeSeconds(20).withFilter(attributes -> false));
        CompletableFuture<List<ReceivedMessage>> forIt = waitingPoll(q,
                ReceiveMessageRequest.of(10).withWaitTimeSeconds(20).withFilter(attributes -> true));
        send(q, "selected");
        assertEquals(List.of("selected"), bodies(await(forIt)), "woken, though another poll waited longer");
        assertFalse(notForIt.isDone());
    }

    @Test
    void aBatchSendWakesAsManyWaitingPollsAsItSentMessages() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> first = waitingPoll(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(20));
        CompletableFuture<List<ReceivedMessage>> second = waitingPoll(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(20));
        CompletableFuture<List<ReceivedMessage>> third = waitingPoll(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(20));
        String probe = queue("probe");
        long worksBefore = broker.storeStats().works();
        broker.sendMessageBatch(q, List.of(new SendMessageBatchEntry("a", SendMessageRequest.builder("a").build()),
                new SendMessageBatchEntry("b", SendMessageRequest.builder("b").build())));
        assertEquals(List.of("a"), bodies(await(first)));
        assertEquals(List.of("b"), bodies(await(second)));
        assertEquals(worksBefore + 4, worksAfterEarlierOnes(probe), "the batch, two receives: a third poll was not woken for two messages");
        assertFalse(third.isDone());
    }

    /** The store's works once every write queued before this call has committed (the writer runs them in order). */
    private long worksAfterEarlierOnes(String emptyQueue) {
        assertEquals(List.of(), broker.receiveMessage(emptyQueue, ReceiveMessageRequest.of(1).withWaitTimeSeconds(0)));
        return broker.storeStats().works();
    }

    @Test
    void aBatchSendWakesAWaitingPoll() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        broker.sendMessageBatch(q, List.of(new SendMessageBatchEntry("a", SendMessageRequest.builder("batched").build())));
        assertEquals(List.of("batched"), bodies(await(f)));
    }

    @Test
    void aVisibilityChangeToZeroWakesAWaitingPoll() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        broker.changeMessageVisibility(q, m.receiptHandle(), 0);
        List<ReceivedMessage> got = await(f);
        assertEquals(m.messageId(), got.get(0).messageId());
        assertEquals(2, got.get(0).approximateReceiveCount());
    }

    @Test
    void aVisibilityChangeInABatchWakesAWaitingPoll() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        broker.changeMessageVisibilityBatch(q, List.of(new ChangeVisibilityBatchEntry("e", m.receiptHandle(), 0)));
        assertEquals(m.messageId(), await(f).get(0).messageId());
    }

    @Test
    void aDelayedMessageWakesThePollWhenTheClockReachesItsDelay() {
        String q = queue("q");
        broker.sendMessage(q, SendMessageRequest.builder("later").delaySeconds(5).build());
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        advance(4);
        assertFalse(f.isDone());
        advance(1);
        assertEquals(List.of("later"), bodies(await(f)));
    }

    @Test
    void anEndingVisibilityTimeoutWakesThePoll() {
        String q = queue("q", "VisibilityTimeout", "7");
        send(q, "m");
        receiveOne(q);
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        advance(6);
        assertFalse(f.isDone());
        advance(1);
        assertEquals(List.of("m"), bodies(await(f)));
    }

    @Test
    void aSendThatArrivesLaterThanADelayedMessageStillWakesAtOnce() {
        String q = queue("q");
        broker.sendMessage(q, SendMessageRequest.builder("delayed").delaySeconds(15).build());
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        send(q, "now");
        assertEquals(List.of("now"), bodies(await(f)));
    }

    @Test
    void cancellingThePollEndsTheWaitAndLeavesNothingBehind() {
        String q = queue("q");
        int timers = clock.pendingTasks();
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        assertEquals(1, state(q).waiters.size());
        assertEquals(timers + 1, clock.pendingTasks());
        assertTrue(f.cancel(true));
        assertTrue(state(q).waiters.isEmpty(), "no leaked waiter");
        assertEquals(timers, clock.pendingTasks(), "no leaked timer");
        send(q, "for someone else");
        assertEquals(List.of("for someone else"), bodies(receive(q, 10)), "the cancelled poll took nothing");
    }

    @Test
    void cancellingAFifoPollWithAnAttemptIdEndsTheWaitToo() {
        String q = queue("q.fifo");
        int timers = clock.pendingTasks();
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q,
                ReceiveMessageRequest.of(10).withWaitTimeSeconds(20).withAttemptId("attempt"));
        assertTrue(f.cancel(true));
        eventually("no leaked waiter or timer", () -> state(q).waiters.isEmpty() && clock.pendingTasks() == timers);
        sendFifo(q, "g", "for someone else");
        assertEquals(List.of("for someone else"), bodies(receive(q, 10)), "the cancelled poll took nothing");
    }

    @Test
    void deletingTheQueueEndsItsPolls() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> first = waitingPoll(q, 20);
        CompletableFuture<List<ReceivedMessage>> second = waitingPoll(q, 20);
        broker.deleteQueue(q);
        assertEquals(List.of(), await(first));
        assertEquals(List.of(), await(second));
    }

    @Test
    void closingTheBrokerEndsItsPolls() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        broker.close();
        assertEquals(List.of(), await(f));
        brokerError(ErrorCode.BROKER_CLOSED, () -> receiveOne(q));
    }

    @Test
    void theQueueWaitTimeAppliesWhenTheRequestGivesNone() {
        String q = queue("q", "ReceiveMessageWaitTimeSeconds", "5");
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, ReceiveMessageRequest.of(1));
        advance(4);
        assertFalse(f.isDone());
        advance(1);
        assertEquals(List.of(), await(f));
        // an explicit zero does not wait: it completes without the clock moving
        assertEquals(List.of(), await(broker.receiveMessageAsync(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(0))));
    }

    @Test
    void oneMessageWakesOnePollTheOtherKeepsWaiting() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> a = waitingPoll(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(20));
        CompletableFuture<List<ReceivedMessage>> b = waitingPoll(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(20));
        send(q, "only one");
        eventually("one poll served", () -> a.isDone() || b.isDone());
        CompletableFuture<List<ReceivedMessage>> served = a.isDone() ? a : b;
        CompletableFuture<List<ReceivedMessage>> waiting = a.isDone() ? b : a;
        assertEquals(List.of("only one"), bodies(await(served)));
        eventually("the other waits again", () -> state(q).waiters.size() == 1);
        assertFalse(waiting.isDone());
        send(q, "second");
        assertEquals(List.of("second"), bodies(await(waiting)));
    }

    @Test
    void aFilteredPollIgnoresMessagesItDoesNotAccept() {
        String q = queue("q");
        MessageFilter onlyRed = a -> a.containsKey("colour") && "red".equals(a.get("colour").stringValue());
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, ReceiveMessageRequest.of(10).withWaitTimeSeconds(20).withFilter(onlyRed));
        broker.sendMessage(q, SendMessageRequest.builder("blue").attribute("colour", MessageAttributeValue.string("blue")).build());
        eventually("re-armed after the blue send", () -> state(q).waiters.size() == 1);
        assertFalse(f.isDone());
        broker.sendMessage(q, SendMessageRequest.builder("red").attribute("colour", MessageAttributeValue.string("red")).build());
        assertEquals(List.of("red"), bodies(await(f)));
        assertEquals(List.of("blue"), bodies(receive(q, 10)), "the rejected message stayed for others");
    }

    @Test
    void aBlockingReceiveWaitsForASendFromAnotherThread() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> blocking = CompletableFuture.supplyAsync(
                () -> broker.receiveMessage(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(20)));
        eventually("the blocking receive waits", () -> state(q).waiters.size() == 1);
        send(q, "hello");
        assertEquals(List.of("hello"), bodies(await(blocking)));
    }

    // ------------------------------------------------------------------ FIFO

    @Test
    void deletingTheInFlightHeadOfAGroupWakesAPollForTheNextOne() {
        String q = queue("q.fifo");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        ReceivedMessage m1 = receiveOne(q);
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        broker.deleteMessage(q, m1.receiptHandle());
        assertEquals(List.of("m2"), bodies(await(f)));
    }

    @Test
    void deletingTheInFlightHeadOfAGroupWakesOneWaitingPollNotEveryOne() {
        String q = queue("q.fifo");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        ReceivedMessage m1 = receiveOne(q);
        CompletableFuture<List<ReceivedMessage>> first = waitingPoll(q, 20);
        CompletableFuture<List<ReceivedMessage>> second = waitingPoll(q, 20);
        String probe = queue("probe");
        long worksBefore = broker.storeStats().works();
        broker.deleteMessage(q, m1.receiptHandle());
        assertEquals(List.of("m2"), bodies(await(first)));
        assertEquals(worksBefore + 3, worksAfterEarlierOnes(probe), "the delete and one woken receive: the group's next message is for one");
        assertFalse(second.isDone());
    }

    @Test
    void theEndOfAGroupsLockWakesAFifoPoll() {
        String q = queue("q.fifo", "VisibilityTimeout", "10");
        sendFifo(q, "g", "m1");
        ReceivedMessage m1 = receiveOne(q);
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        advance(9);
        assertFalse(f.isDone());
        advance(1);
        List<ReceivedMessage> got = await(f);
        assertEquals(m1.messageId(), got.get(0).messageId());
    }

    @Test
    void aSendToAFreeGroupWakesAFifoPollWhileAnotherGroupIsLocked() {
        String q = queue("q.fifo");
        sendFifo(q, "locked", "l1");
        sendFifo(q, "locked", "l2");
        assertNotNull(receiveOne(q));
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        sendFifo(q, "free", "f1");
        assertEquals(List.of("f1"), bodies(await(f)));
    }

    @Test
    void aFifoVisibilityChangeToZeroWakesAPoll() {
        String q = queue("q.fifo");
        sendFifo(q, "g", "m1");
        ReceivedMessage m1 = receiveOne(q);
        CompletableFuture<List<ReceivedMessage>> f = waitingPoll(q, 20);
        broker.changeMessageVisibility(q, m1.receiptHandle(), 0);
        assertEquals(List.of("m1"), bodies(await(f)));
    }
}
