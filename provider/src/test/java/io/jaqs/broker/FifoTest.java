package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** FIFO queues: group order and locks, every edge case of docs/architecture.md, deduplication, sequence numbers, attempt ids. */
class FifoTest extends BrokerTestSupport {

    private SendMessageResult send(String q, String group, String dedupId, String body) {
        return broker.sendMessage(q, SendMessageRequest.builder(body).messageGroupId(group).messageDeduplicationId(dedupId).build());
    }

    private void delete(String q, List<ReceivedMessage> messages) {
        messages.forEach(m -> broker.deleteMessage(q, m.receiptHandle()));
    }

    // ------------------------------------------------------------------ order and group lock

    @Test
    void strictOrderWithinAGroup() {
        String q = queue("q.fifo");
        for (int i = 1; i <= 5; i++) {
            sendFifo(q, "g", "m" + i);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ReceivedMessage m = receiveOne(q);
            got.add(m.bodyAsString());
            assertNull(receiveOne(q), "the group is locked while m" + (i + 1) + " is in flight");
            broker.deleteMessage(q, m.receiptHandle());
        }
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), got);
    }

    @Test
    void groupsInterleavedInSendOrderStayOrderedPerGroup() {
        String q = queue("q.fifo");
        sendFifo(q, "A", "A1");
        sendFifo(q, "B", "B1");
        sendFifo(q, "A", "A2");
        sendFifo(q, "B", "B2");
        sendFifo(q, "C", "C1");
        List<String> got = bodies(receive(q, 10));
        assertEquals(List.of("A1", "A2", "B1", "B2", "C1"), got, "groups by oldest head, each group's run in order");
    }

    @Test
    void aGroupIsLockedWhileOneOfItsMessagesIsInFlightOtherGroupsAreNot() {
        String q = queue("q.fifo");
        sendFifo(q, "A", "A1");
        sendFifo(q, "A", "A2");
        sendFifo(q, "B", "B1");
        ReceivedMessage a1 = receiveOne(q);
        assertEquals("A1", a1.bodyAsString());
        assertEquals(List.of("B1"), bodies(receive(q, 10)), "A2 waits, B is free");
        assertTrue(receive(q, 10).isEmpty());
        broker.deleteMessage(q, a1.receiptHandle());
        assertEquals(List.of("A2"), bodies(receive(q, 10)));
    }

    @Test
    void anExpiredVisibilityTimeoutRedeliversTheSameMessageFirst() {
        String q = queue("q.fifo", "VisibilityTimeout", "10");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        assertEquals("m1", receiveOne(q).bodyAsString());
        advance(9);
        assertNull(receiveOne(q));
        advance(1);
        List<ReceivedMessage> again = receive(q, 1);
        assertEquals("m1", again.get(0).bodyAsString());
        assertEquals(2, again.get(0).approximateReceiveCount());
    }

    // ------------------------------------------------------------------ docs/architecture.md's FIFO edge cases, one test each

    @Test
    void aDelayedMessageDoesNotLockItsGroup() {
        String q = queue("q.fifo", "DelaySeconds", "10", "VisibilityTimeout", "300");
        sendFifo(q, "A", "A1");
        advance(5);
        sendFifo(q, "B", "B1");
        assertEquals(2, count(q, "ApproximateNumberOfMessagesDelayed"));
        assertEquals(0, count(q, "ApproximateNumberOfMessagesNotVisible"), "delayed is not in flight");
        advance(4); // t = 9
        assertTrue(receive(q, 10).isEmpty(), "nothing before the delay ends");
        advance(1); // t = 10: A1's delay is over; the group delivers at once, not after a visibility timeout
        assertEquals(List.of("A1"), bodies(receive(q, 10)), "B1 is still delayed and does not hold up A");
        advance(5);
        assertEquals(List.of("B1"), bodies(receive(q, 10)));
    }

    @Test
    void aNewDelayedSendDoesNotMakeAnAlreadyVisibleMessageOfItsGroupUndeliverable() {
        String q = queue("q.fifo", "DelaySeconds", "10");
        sendFifo(q, "g", "A");
        advance(10);
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
        sendFifo(q, "g", "B"); // delayed until t = 20
        List<ReceivedMessage> got = receive(q, 10);
        assertEquals(List.of("A"), bodies(got));
        delete(q, got);
        advance(10);
        assertEquals(List.of("B"), bodies(receive(q, 10)), "B delivered as soon as its own delay ends");
    }

    @Test
    void aQueueDelayOnOneGroupLeavesOtherGroupsAlone() {
        String q = queue("q.fifo");
        sendFifo(q, "early", "E1");
        broker.setQueueAttributes(q, attrs("DelaySeconds", "60"));
        sendFifo(q, "late", "L1");
        List<ReceivedMessage> early = receive(q, 10);
        assertEquals(List.of("E1"), bodies(early));
        delete(q, early);
        assertEquals(1, count(q, "ApproximateNumberOfMessagesDelayed"));
        advance(60);
        assertEquals(List.of("L1"), bodies(receive(q, 10)));
    }

    @Test
    void newSendsDoNotResetAGroupsLock() {
        String q = queue("q.fifo", "VisibilityTimeout", "30");
        sendFifo(q, "g", "m1");
        ReceivedMessage m1 = receiveOne(q);
        advance(20);
        sendFifo(q, "g", "m2");
        sendFifo(q, "g", "m3");
        assertTrue(receive(q, 10).isEmpty(), "m1 is still in flight: the sends must not unlock the group");
        advance(10); // m1's timeout ends at t = 30, whatever was sent since
        List<ReceivedMessage> next = receive(q, 1);
        assertEquals("m1", next.get(0).bodyAsString());
        assertEquals(2, next.get(0).approximateReceiveCount());
        broker.deleteMessage(q, next.get(0).receiptHandle());
        assertEquals(List.of("m2", "m3"), bodies(receive(q, 10)), "deleting the head frees the group at once");
        assertNotEquals(m1.receiptHandle(), next.get(0).receiptHandle());
    }

    @Test
    void oneReceiveMayReturnSeveralConsecutiveMessagesOfOneGroup() {
        String q = queue("q.fifo");
        for (int i = 1; i <= 5; i++) {
            sendFifo(q, "g", "m" + i);
        }
        List<ReceivedMessage> first = receive(q, 3);
        assertEquals(List.of("m1", "m2", "m3"), bodies(first));
        assertTrue(receive(q, 10).isEmpty(), "the group is locked by the three in flight");
        broker.deleteMessage(q, first.get(0).receiptHandle());
        broker.deleteMessage(q, first.get(1).receiptHandle());
        assertTrue(receive(q, 10).isEmpty(), "m3 is still in flight");
        broker.deleteMessage(q, first.get(2).receiptHandle());
        assertEquals(List.of("m4", "m5"), bodies(receive(q, 10)));
    }

    @Test
    void extendingTheVisibilityOfAMessageKeepsTheLaterOnesOfItsGroupBlocked() {
        String q = queue("q.fifo", "VisibilityTimeout", "30");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        ReceivedMessage m1 = receiveOne(q);
        advance(20);
        broker.changeMessageVisibility(q, m1.receiptHandle(), 120); // until t = 140
        advance(20); // t = 40: past the original timeout
        assertTrue(receive(q, 10).isEmpty(), "m2 stays blocked behind the extended m1");
        advance(99); // t = 139
        assertTrue(receive(q, 10).isEmpty());
        advance(1);
        List<ReceivedMessage> again = receive(q, 1);
        assertEquals("m1", again.get(0).bodyAsString());
    }

    @Test
    void extendingOneOfSeveralReceivedMessagesKeepsTheGroupLockedUntilItEnds() {
        String q = queue("q.fifo", "VisibilityTimeout", "30");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        sendFifo(q, "g", "m3");
        List<ReceivedMessage> got = receive(q, 2);
        broker.changeMessageVisibility(q, got.get(1).receiptHandle(), 100);
        broker.deleteMessage(q, got.get(0).receiptHandle());
        advance(50);
        assertTrue(receive(q, 10).isEmpty(), "m2 is in flight until t = 100, m3 waits");
        advance(50);
        assertEquals(List.of("m2", "m3"), bodies(receive(q, 10)));
    }

    @Test
    void shorteningTheVisibilityToZeroFreesTheGroupAtOnce() {
        String q = queue("q.fifo");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        ReceivedMessage m1 = receiveOne(q);
        broker.changeMessageVisibility(q, m1.receiptHandle(), 0);
        List<ReceivedMessage> got = receive(q, 10);
        assertEquals(List.of("m1", "m2"), bodies(got));
        assertEquals(2, got.get(0).approximateReceiveCount());
    }

    @Test
    void theGroupLockAndOrderSurviveARestart() {
        String q = queue("q.fifo");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        ReceivedMessage m1 = receiveOne(q);
        restart();
        assertTrue(receive(q, 10).isEmpty());
        broker.deleteMessage(q, m1.receiptHandle());
        assertEquals(List.of("m2"), bodies(receive(q, 10)));
    }

    @Test
    void anExpiredInFlightHeadReleasesItsGroup() {
        String q = queue("q.fifo", "MessageRetentionPeriod", "60");
        sendFifo(q, "g", "old");
        advance(30);
        sendFifo(q, "g", "young");
        assertEquals("old", broker.receiveMessage(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(600)).get(0).bodyAsString());
        advance(30); // "old" expires while in flight
        assertEquals(List.of("young"), bodies(receive(q, 10)));
    }

    // ------------------------------------------------------------------ deduplication

    @Test
    void deduplicationByExplicitIdWithinFiveMinutes() {
        String q = queue("q.fifo");
        SendMessageResult first = send(q, "g", "dedup-1", "first");
        assertFalse(first.duplicate());
        advance(299);
        SendMessageResult again = send(q, "g", "dedup-1", "another body");
        assertTrue(again.duplicate());
        assertEquals(first.messageId(), again.messageId());
        assertEquals(first.sequenceNumber(), again.sequenceNumber());
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));

        // deduplication holds even once the first message is gone
        ReceivedMessage m = receiveOne(q);
        assertEquals("first", m.bodyAsString());
        assertEquals("dedup-1", m.messageDeduplicationId());
        broker.deleteMessage(q, m.receiptHandle());
        assertTrue(send(q, "g", "dedup-1", "x").duplicate());

        advance(1); // 5 minutes after the first send
        SendMessageResult later = send(q, "g", "dedup-1", "after the interval");
        assertFalse(later.duplicate());
        assertNotEquals(first.messageId(), later.messageId());
        assertTrue(later.sequenceNumber().compareTo(first.sequenceNumber()) > 0);
        assertEquals("after the interval", receiveOne(q).bodyAsString());
    }

    @Test
    void contentBasedDeduplicationUsesTheSha256OfTheBody() throws Exception {
        String q = queue("q.fifo", "ContentBasedDeduplication", "true");
        SendMessageResult a = broker.sendMessage(q, SendMessageRequest.builder("same").messageGroupId("g").build());
        SendMessageResult b = broker.sendMessage(q, SendMessageRequest.builder("same").messageGroupId("g")
                .attribute("differs", MessageAttributeValue.string("only in attributes")).build());
        assertTrue(b.duplicate());
        assertEquals(a.messageId(), b.messageId());
        SendMessageResult c = broker.sendMessage(q, SendMessageRequest.builder("other").messageGroupId("g").build());
        assertFalse(c.duplicate());
        SendMessageResult explicit = broker.sendMessage(q, SendMessageRequest.builder("same").messageGroupId("g")
                .messageDeduplicationId("explicit").build());
        assertFalse(explicit.duplicate(), "an explicit id takes precedence over the content");
        ReceivedMessage m = receiveOne(q);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("same".getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha, m.messageDeduplicationId());
        assertEquals(3, count(q, "ApproximateNumberOfMessages") + count(q, "ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void deduplicationScopeQueueVersusMessageGroup() {
        String perQueue = queue("a.fifo");
        send(perQueue, "g1", "d", "x");
        assertTrue(send(perQueue, "g2", "d", "x").duplicate(), "scope queue: the id counts across groups");

        String perGroup = queue("b.fifo", "DeduplicationScope", "messageGroup", "FifoThroughputLimit", "perMessageGroupId");
        assertFalse(send(perGroup, "g1", "d", "x").duplicate());
        assertFalse(send(perGroup, "g2", "d", "x").duplicate(), "scope messageGroup: another group is another id");
        assertTrue(send(perGroup, "g1", "d", "x").duplicate());
        assertEquals(2, count(perGroup, "ApproximateNumberOfMessages"));
    }

    @Test
    void deduplicationHoldsAfterARestart() {
        String q = queue("q.fifo");
        SendMessageResult first = send(q, "g", "d-restart", "x");
        restart();
        SendMessageResult again = send(q, "g", "d-restart", "x");
        assertTrue(again.duplicate());
        assertEquals(first.messageId(), again.messageId());
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void deduplicationInABatchAndAcrossBatches() {
        String q = queue("q.fifo");
        BatchResult<SendMessageResult> r = broker.sendMessageBatch(q, List.of(
                new SendMessageBatchEntry("a", SendMessageRequest.builder("1").messageGroupId("g").messageDeduplicationId("x").build()),
                new SendMessageBatchEntry("b", SendMessageRequest.builder("2").messageGroupId("g").messageDeduplicationId("x").build()),
                new SendMessageBatchEntry("c", SendMessageRequest.builder("3").messageGroupId("g").messageDeduplicationId("y").build())));
        assertEquals(3, r.successful().size());
        assertFalse(r.successful().get(0).value().duplicate());
        assertTrue(r.successful().get(1).value().duplicate());
        assertEquals(r.successful().get(0).value().messageId(), r.successful().get(1).value().messageId());
        assertEquals(List.of("1", "3"), bodies(receive(q, 10)));
    }

    // ------------------------------------------------------------------ sequence numbers

    @Test
    void sequenceNumbersIncreaseAcrossGroupsAndMatchOnReceive() {
        String q = queue("q.fifo");
        Map<String, String> sent = new TreeMap<>();
        String previous = "";
        for (int i = 0; i < 6; i++) {
            SendMessageResult r = sendFifo(q, "g" + (i % 3), "m" + i);
            assertEquals(20, r.sequenceNumber().length());
            assertTrue(r.sequenceNumber().chars().allMatch(Character::isDigit));
            assertTrue(r.sequenceNumber().compareTo(previous) > 0, "increasing");
            previous = r.sequenceNumber();
            sent.put(r.messageId(), r.sequenceNumber());
        }
        for (ReceivedMessage m : receive(q, 10)) {
            assertEquals(sent.get(m.messageId()), m.sequenceNumber());
        }
        restart();
        assertTrue(sendFifo(q, "g0", "after restart").sequenceNumber().compareTo(previous) > 0, "still increasing after a restart");
    }

    // ------------------------------------------------------------------ send rules

    @Test
    void aFifoSendNeedsAGroup() {
        String q = queue("q.fifo");
        BrokerException e = brokerError(ErrorCode.MISSING_PARAMETER,
                () -> broker.sendMessage(q, SendMessageRequest.builder("x").messageDeduplicationId("d").build()));
        assertTrue(e.getMessage().contains("MessageGroupId"));
        brokerError(ErrorCode.MISSING_PARAMETER,
                () -> broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("").messageDeduplicationId("d").build()));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("g".repeat(129)).messageDeduplicationId("d").build()));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("g").messageDeduplicationId("sp ace").build()));
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void aFifoSendNeedsADeduplicationIdUnlessContentBased() {
        String q = queue("q.fifo");
        BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE,
                () -> broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("g").build()));
        assertTrue(e.getMessage().contains("ContentBasedDeduplication"));
        assertEquals(0, count(q, "ApproximateNumberOfMessages"));
        broker.setQueueAttributes(q, attrs("ContentBasedDeduplication", "true"));
        broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("g").build());
        assertEquals(1, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void perMessageDelayIsRejectedOnFifoQueues() {
        String q = queue("q.fifo");
        BrokerException e = brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.sendMessage(q,
                SendMessageRequest.builder("x").messageGroupId("g").messageDeduplicationId("d").delaySeconds(5).build()));
        assertTrue(e.getMessage().contains("DelaySeconds"));
        assertEquals(0, count(q, "ApproximateNumberOfMessages") + count(q, "ApproximateNumberOfMessagesDelayed"));
        // the rejected send left no deduplication entry behind
        assertFalse(send(q, "g", "d", "x").duplicate());
    }

    @Test
    void anExplicitZeroDelayIsAcceptedOnFifoQueuesAndTheQueueDelayStillApplies() {
        // SQS accepts DelaySeconds=0 on a FIFO send and ignores it: the queue's delay applies
        String q = queue("q.fifo", "DelaySeconds", "10");
        broker.sendMessage(q, SendMessageRequest.builder("x").messageGroupId("g").messageDeduplicationId("d").delaySeconds(0).build());
        assertEquals(1, count(q, "ApproximateNumberOfMessagesDelayed"));
        advance(9);
        assertTrue(receive(q, 10).isEmpty());
        advance(1);
        assertEquals(List.of("x"), bodies(receive(q, 10)));
    }

    // ------------------------------------------------------------------ receive request attempt id

    @Test
    void aRetriedReceiveAttemptReturnsTheSameMessagesAndHandles() {
        String q = queue("q.fifo");
        sendFifo(q, "A", "A1");
        sendFifo(q, "A", "A2");
        sendFifo(q, "B", "B1");
        ReceiveMessageRequest attempt = ReceiveMessageRequest.of(2).withWaitTimeSeconds(0).withAttemptId("attempt-1");
        List<ReceivedMessage> first = broker.receiveMessage(q, attempt);
        assertEquals(List.of("A1", "A2"), bodies(first));
        advance(10);
        List<ReceivedMessage> retry = broker.receiveMessage(q, attempt);
        assertEquals(first.stream().map(ReceivedMessage::receiptHandle).toList(),
                retry.stream().map(ReceivedMessage::receiptHandle).toList());
        assertEquals(first.stream().map(ReceivedMessage::messageId).toList(), retry.stream().map(ReceivedMessage::messageId).toList());
        assertEquals(1, retry.get(0).approximateReceiveCount(), "a replay is not another receive");
        assertEquals(2, count(q, "ApproximateNumberOfMessagesNotVisible"));

        // another attempt id is another receive
        assertEquals(List.of("B1"), bodies(broker.receiveMessage(q, attempt.withAttemptId("attempt-2"))));

        // after a delete, the same attempt id receives anew
        delete(q, first);
        sendFifo(q, "A", "A3");
        List<ReceivedMessage> fresh = broker.receiveMessage(q, attempt);
        assertEquals(List.of("A3"), bodies(fresh));
        assertEquals("A3", bodies(broker.receiveMessage(q, attempt)).get(0), "and that new result is replayed in turn");
    }

    @Test
    void aReceiveAttemptIsNotReplayedOnceItsMessagesBecameVisibleAgain() {
        String q = queue("q.fifo", "VisibilityTimeout", "30");
        sendFifo(q, "A", "A1");
        ReceiveMessageRequest attempt = ReceiveMessageRequest.of(1).withWaitTimeSeconds(0).withAttemptId("x");
        ReceivedMessage first = broker.receiveMessage(q, attempt).get(0);
        advance(30);
        ReceivedMessage second = broker.receiveMessage(q, attempt).get(0);
        assertEquals(first.messageId(), second.messageId());
        assertNotEquals(first.receiptHandle(), second.receiptHandle());
        assertEquals(2, second.approximateReceiveCount());
    }

    @Test
    void aRetriedReceiveAttemptStartsTheVisibilityTimeoutAgain() {
        String q = queue("q.fifo", "VisibilityTimeout", "30");
        sendFifo(q, "A", "A1");
        sendFifo(q, "A", "A2");
        ReceiveMessageRequest attempt = ReceiveMessageRequest.of(1).withWaitTimeSeconds(0).withAttemptId("slow-network");
        ReceivedMessage first = broker.receiveMessage(q, attempt).get(0);
        advance(20);
        ReceivedMessage retried = broker.receiveMessage(q, attempt).get(0); // in flight until 20 + 30 s now, not 30 s
        assertEquals(first.receiptHandle(), retried.receiptHandle());
        advance(20); // 40 s: past the first receive's deadline
        assertEquals(List.of(), broker.receiveMessage(q, ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)),
                "A1 is still in flight, so group A stays locked");
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"));
        broker.changeMessageVisibility(q, retried.receiptHandle(), 5); // the handle is still the current one

        // the request's own VisibilityTimeout counts for a retry too
        advance(5);
        ReceiveMessageRequest shortAttempt = ReceiveMessageRequest.of(1).withWaitTimeSeconds(0).withAttemptId("short")
                .withVisibilityTimeoutSeconds(10);
        ReceivedMessage again = broker.receiveMessage(q, shortAttempt).get(0);
        assertEquals("A1", again.bodyAsString());
        advance(8);
        assertEquals(again.receiptHandle(), broker.receiveMessage(q, shortAttempt).get(0).receiptHandle());
        advance(8); // 16 s after the receive, 8 after the retry: still in flight (until 18 s)
        assertEquals(List.of(), broker.receiveMessage(q, ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)));
        advance(3); // 19 s: visible again
        assertEquals(List.of("A1"), bodies(broker.receiveMessage(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(0))));
    }

    @Test
    void aReceiveAttemptIsKeptInTheStoreSoARetryAfterARestartGetsTheSameMessages() throws Exception {
        String q = queue("q.fifo", "VisibilityTimeout", "600");
        sendFifo(q, "A", "A1");
        sendFifo(q, "A", "A2");
        ReceiveMessageRequest attempt = ReceiveMessageRequest.of(10).withWaitTimeSeconds(0).withAttemptId("retry-me");
        List<ReceivedMessage> first = broker.receiveMessage(q, attempt);
        assertEquals(List.of("A1", "A2"), bodies(first));
        restart(); // nothing of the attempt is left in this JVM's memory
        advance(60);
        List<ReceivedMessage> retry = broker.receiveMessage(q, attempt);
        assertEquals(first.stream().map(ReceivedMessage::receiptHandle).toList(),
                retry.stream().map(ReceivedMessage::receiptHandle).toList());
        assertEquals(bodies(first), bodies(retry));
        assertEquals(first.get(0).approximateFirstReceiveTimestamp(), retry.get(0).approximateFirstReceiveTimestamp());
        assertEquals(first.get(0).sequenceNumber(), retry.get(0).sequenceNumber());
        assertEquals(first.get(0).md5OfBody(), retry.get(0).md5OfBody());
        assertEquals(1, retry.get(1).approximateReceiveCount(), "a replay is not another receive");
        assertEquals(1, attemptRows(), "one attempt recorded");

        // until 5 minutes after the receive the attempt stands, and the reaper leaves it
        advance(Limits.RECEIVE_ATTEMPT_INTERVAL.toSeconds() - 61);
        await(broker.reapExpired());
        assertEquals(1, attemptRows());
        assertEquals(bodies(first), bodies(broker.receiveMessage(q, attempt)));
        // then it is over: the retry is an ordinary receive (group A is still locked) and the reaper removes it
        advance(1);
        assertEquals(List.of(), broker.receiveMessage(q, attempt));
        await(broker.reapExpired());
        assertEquals(0, attemptRows(), "the reaper removed the expired attempt");
    }

    @Test
    void deletingAQueueDeletesItsReceiveAttempts() throws Exception {
        String q = queue("q.fifo");
        sendFifo(q, "A", "A1");
        broker.receiveMessage(q, ReceiveMessageRequest.of(1).withWaitTimeSeconds(0).withAttemptId("a"));
        assertEquals(1, attemptRows());
        broker.deleteQueue(q);
        assertEquals(0, attemptRows());
    }

    /** Rows of jaqs_receive_attempt, read on the store file itself (the broker is closed and reopened around it). */
    private long attemptRows() throws Exception {
        broker.close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(storeUrl());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM jaqs_receive_attempt")) {
            rs.next();
            return rs.getLong(1);
        } finally {
            broker = open();
        }
    }

    @Test
    void aReceiveAttemptIdIsValidated() {
        String q = queue("q.fifo");
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.receiveMessage(q, ReceiveMessageRequest.of(1).withAttemptId("has space")));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> broker.receiveMessage(q, ReceiveMessageRequest.of(1).withAttemptId("a".repeat(129))));
    }

    // ------------------------------------------------------------------ browse-free checks of the group rows

    @Test
    void manyGroupsDeliverInHeadOrder() {
        String q = queue("q.fifo");
        for (int i = 0; i < 30; i++) {
            sendFifo(q, "g" + (i % 15), "m" + i);
        }
        List<ReceivedMessage> all = new ArrayList<>();
        List<ReceivedMessage> batch;
        while (!(batch = receive(q, 10)).isEmpty()) {
            all.addAll(batch);
        }
        assertEquals(30, all.size(), "every group delivers both its messages in one pass");
        Map<String, List<String>> perGroup = new TreeMap<>();
        all.forEach(m -> perGroup.computeIfAbsent(m.messageGroupId(), k -> new ArrayList<>()).add(m.bodyAsString()));
        for (int g = 0; g < 15; g++) {
            assertEquals(List.of("m" + g, "m" + (g + 15)), perGroup.get("g" + g));
        }
    }
}
