package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link BrokerTransaction}: sends, deletes and visibility changes applied all together or not at all. */
class TransactionTest extends BrokerTestSupport {

    private static SendMessageRequest body(String body) {
        return SendMessageRequest.builder(body).build();
    }

    private long total(String q) {
        return count(q, "ApproximateNumberOfMessages") + count(q, "ApproximateNumberOfMessagesNotVisible")
                + count(q, "ApproximateNumberOfMessagesDelayed");
    }

    @Test
    void sendsAreInvisibleBeforeCommitAndAllVisibleAfter() {
        String a = queue("a");
        String b = queue("b");
        BrokerTransaction tx = broker.beginTransaction();
        String id1 = tx.sendMessage(a, body("a1"));
        String id2 = tx.sendMessage(a, body("a2"));
        String id3 = tx.sendMessage(b, body("b1"));
        assertEquals(3, tx.size());
        assertTrue(receive(a, 10).isEmpty());
        assertEquals(0, total(a) + total(b));
        tx.commit();
        assertEquals(0, tx.size());
        assertEquals(Set.of(id1, id2), new HashSet<>(receive(a, 10).stream().map(ReceivedMessage::messageId).toList()));
        assertEquals(List.of(id3), receive(b, 10).stream().map(ReceivedMessage::messageId).toList());
    }

    @Test
    void rollbackLeavesNoTrace() {
        String q = queue("q");
        String fifo = queue("f.fifo");
        send(q, "held");
        ReceivedMessage held = receiveOne(q);
        BrokerTransaction tx = broker.beginTransaction();
        tx.sendMessage(q, body("never"));
        tx.sendMessage(fifo, SendMessageRequest.builder("never").messageGroupId("g").messageDeduplicationId("d").build());
        tx.deleteMessage(q, held.receiptHandle());
        tx.changeMessageVisibility(q, held.receiptHandle(), 0);
        tx.rollback();
        assertEquals(0, tx.size());
        assertEquals(1, total(q), "only the held message, still in flight");
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"));
        assertEquals(0, total(fifo));
        assertFalse(broker.sendMessage(fifo, SendMessageRequest.builder("now").messageGroupId("g").messageDeduplicationId("d").build())
                .duplicate(), "a rolled-back FIFO send leaves no deduplication entry");
        advance(30);
        assertEquals(held.messageId(), receiveOne(q).messageId(), "the rolled-back delete did not happen");
        restart();
        assertEquals(1, total(q));
    }

    @Test
    void closingWithoutCommitRollsBack() {
        String q = queue("q");
        try (BrokerTransaction tx = broker.beginTransaction()) {
            tx.sendMessage(q, body("x"));
        }
        assertEquals(0, total(q));
    }

    @Test
    void aFinishedTransactionTakesNoMoreWork() {
        String q = queue("q");
        BrokerTransaction tx = broker.beginTransaction();
        tx.sendMessage(q, body("x"));
        tx.commit();
        assertThrows(IllegalStateException.class, () -> tx.sendMessage(q, body("y")));
        assertThrows(IllegalStateException.class, tx::commit);
        BrokerTransaction rolledBack = broker.beginTransaction();
        rolledBack.rollback();
        assertThrows(IllegalStateException.class, () -> rolledBack.sendMessage(q, body("z")));
        assertEquals(1, total(q));
        broker.beginTransaction().commit(); // an empty commit is fine
    }

    @Test
    void aDeleteAndASendCommitTogether() {
        String in = queue("in");
        String out = queue("out");
        send(in, "request");
        ReceivedMessage request = receiveOne(in);
        BrokerTransaction tx = broker.beginTransaction();
        tx.deleteMessage(in, request.receiptHandle());
        tx.sendMessage(out, body("reply"));
        tx.commit();
        assertEquals(0, total(in));
        assertEquals(List.of("reply"), bodies(receive(out, 10)));
        restart();
        advance(60);
        assertEquals(0, total(in), "the delete is durable");
    }

    @Test
    void aStaleHandleFailsTheCommitAndNothingOfTheTransactionIsApplied() {
        String in = queue("in", "VisibilityTimeout", "10");
        String out = queue("out");
        send(in, "m1");
        send(in, "m2");
        List<ReceivedMessage> first = receive(in, 10);
        ReceivedMessage m1 = first.stream().filter(m -> m.bodyAsString().equals("m1")).findFirst().orElseThrow();
        ReceivedMessage m2 = first.stream().filter(m -> m.bodyAsString().equals("m2")).findFirst().orElseThrow();
        broker.changeMessageVisibility(in, m1.receiptHandle(), 0);
        ReceivedMessage m1Again = receiveOne(in); // m1's first handle is now stale
        assertEquals(m1.messageId(), m1Again.messageId());

        BrokerTransaction tx = broker.beginTransaction();
        tx.sendMessage(out, body("result"));
        tx.changeMessageVisibility(in, m2.receiptHandle(), 600);
        tx.deleteMessage(in, m2.receiptHandle());
        tx.deleteMessage(in, m1.receiptHandle());
        BrokerException e = brokerError(ErrorCode.TRANSACTION_CONFLICT, tx::commit);
        assertTrue(e.getMessage().contains("received again"), e.getMessage());

        assertEquals(0, total(out), "the send was not applied");
        assertEquals(2, count(in, "ApproximateNumberOfMessagesNotVisible"), "neither delete was applied");
        advance(10);
        assertEquals(Set.of("m1", "m2"), new HashSet<>(bodies(receive(in, 10))), "nor the visibility change");
    }

    @Test
    void deletingAnAlreadyDeletedMessageConflicts() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        broker.deleteMessage(q, m.receiptHandle());
        BrokerTransaction tx = broker.beginTransaction();
        tx.sendMessage(q, body("side effect"));
        tx.deleteMessage(q, m.receiptHandle());
        BrokerException e = brokerError(ErrorCode.TRANSACTION_CONFLICT, tx::commit);
        assertTrue(e.getMessage().contains("already deleted"), e.getMessage());
        assertEquals(0, total(q));
    }

    @Test
    void deleteIfCurrentSkipsAStaleHandleAndAppliesTheRest() {
        String q = queue("q");
        send(q, "stale");
        send(q, "current");
        List<ReceivedMessage> got = receive(q, 10);
        ReceivedMessage stale = got.stream().filter(m -> m.bodyAsString().equals("stale")).findFirst().orElseThrow();
        ReceivedMessage current = got.stream().filter(m -> m.bodyAsString().equals("current")).findFirst().orElseThrow();
        broker.changeMessageVisibility(q, stale.receiptHandle(), 0);
        ReceivedMessage again = receiveOne(q);
        BrokerTransaction tx = broker.beginTransaction();
        tx.deleteMessageIfCurrent(q, stale.receiptHandle());
        tx.deleteMessageIfCurrent(q, current.receiptHandle());
        tx.commit();
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"), "the re-received copy is untouched");
        broker.deleteMessage(q, again.receiptHandle());
        assertEquals(0, total(q));
    }

    @Test
    void visibilityChangesInATransaction() {
        String q = queue("q");
        send(q, "a");
        send(q, "b");
        List<ReceivedMessage> got = receive(q, 10);
        BrokerTransaction tx = broker.beginTransaction();
        tx.changeMessageVisibility(q, got.get(0).receiptHandle(), 0);
        tx.changeMessageVisibility(q, got.get(1).receiptHandle(), 300);
        assertTrue(receive(q, 10).isEmpty(), "not applied before commit");
        tx.commit();
        assertEquals(List.of(got.get(0).messageId()), receive(q, 10).stream().map(ReceivedMessage::messageId).toList());
        advance(299);
        assertTrue(receive(q, 10).stream().noneMatch(m -> m.messageId().equals(got.get(1).messageId())));
        advance(1);
        assertTrue(receive(q, 10).stream().anyMatch(m -> m.messageId().equals(got.get(1).messageId())));
    }

    @Test
    void aVisibilityChangeOnAMessageAlreadyVisibleAgainIsHarmless() {
        String q = queue("q");
        send(q, "m");
        ReceivedMessage m = receiveOne(q);
        advance(30);
        BrokerTransaction tx = broker.beginTransaction();
        tx.changeMessageVisibility(q, m.receiptHandle(), 0);
        tx.sendMessage(q, body("sent"));
        tx.commit();
        assertEquals(2, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void validationErrorsAreReportedWhenWorkIsAdded() {
        String q = queue("q");
        String other = queue("other");
        send(other, "o");
        ReceivedMessage otherMessage = receiveOne(other);
        BrokerTransaction tx = broker.beginTransaction();
        tx.sendMessage(q, body("fine"));
        brokerError(ErrorCode.INVALID_MESSAGE_CONTENTS, () -> tx.sendMessage(q, body("bad\u0000")));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> tx.sendMessage(q, SendMessageRequest.builder("x").delaySeconds(901).build()));
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> tx.sendMessage("missing", body("x")));
        brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID, () -> tx.deleteMessage(q, "garbage"));
        brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID, () -> tx.deleteMessage(q, otherMessage.receiptHandle()));
        brokerError(ErrorCode.INVALID_PARAMETER_VALUE, () -> tx.changeMessageVisibility(other, otherMessage.receiptHandle(), 43201));
        assertEquals(1, tx.size(), "rejected work was not added");
        tx.commit();
        assertEquals(1, total(q));
        assertEquals(1, count(other, "ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void fifoSendsInATransactionKeepTheirOrderAndDeduplicate() {
        String q = queue("q.fifo");
        BrokerTransaction tx = broker.beginTransaction();
        for (int i = 1; i <= 3; i++) {
            tx.sendMessage(q, SendMessageRequest.builder("m" + i).messageGroupId("g").messageDeduplicationId("d" + i).build());
        }
        tx.sendMessage(q, SendMessageRequest.builder("dup").messageGroupId("g").messageDeduplicationId("d1").build());
        tx.commit();
        assertEquals(List.of("m1", "m2", "m3"), bodies(receive(q, 10)));
    }

    @Test
    void aCommittedTransactionWakesAWaitingPoll() {
        String q = queue("q");
        CompletableFuture<List<ReceivedMessage>> poll = broker.receiveMessageAsync(q, ReceiveMessageRequest.of(10).withWaitTimeSeconds(20));
        eventually("the poll waits", () -> state(q).waiters.size() == 1);
        BrokerTransaction tx = broker.beginTransaction();
        tx.sendMessage(q, body("committed"));
        assertFalse(poll.isDone());
        tx.commit();
        assertEquals(List.of("committed"), bodies(await(poll)));
    }

    @Test
    void aFifoDeleteInATransactionFreesTheGroup() {
        String q = queue("q.fifo");
        sendFifo(q, "g", "m1");
        sendFifo(q, "g", "m2");
        ReceivedMessage m1 = receiveOne(q);
        assertNull(receiveOne(q));
        BrokerTransaction tx = broker.beginTransaction();
        tx.deleteMessage(q, m1.receiptHandle());
        tx.commit();
        assertNotNull(receiveOne(q));
    }
}
