package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two FIFO receive options a prefetching receiver uses so that it locks only the group it is
 * delivering (issue #17): one group per receive, and continuing the group it holds.
 */
class FifoGroupReceiveTest extends BrokerTestSupport {

    private List<ReceivedMessage> receive(String q, ReceiveMessageRequest r) {
        return broker.receiveMessage(q, r.withWaitTimeSeconds(0));
    }

    private String fifoAB() {
        String q = queue("q.fifo");
        sendFifo(q, "A", "A1");
        sendFifo(q, "A", "A2");
        sendFifo(q, "B", "B1");
        sendFifo(q, "A", "A3");
        sendFifo(q, "B", "B2");
        return q;
    }

    @Test
    void oneGroupTakesTheMessagesOfOneGroupAndLeavesTheOthersToOtherReceivers() {
        String q = fifoAB();
        assertEquals(List.of("A1", "A2", "A3"), bodies(receive(q, ReceiveMessageRequest.of(10).withOneGroup())));
        assertEquals(List.of("B1", "B2"), bodies(receive(q, ReceiveMessageRequest.of(10).withOneGroup())),
                "a second receiver gets group B at once");
        assertEquals(List.of(), receive(q, ReceiveMessageRequest.of(10).withOneGroup()));
    }

    @Test
    void oneGroupStopsAtTheMaximum() {
        String q = fifoAB();
        assertEquals(List.of("A1", "A2"), bodies(receive(q, ReceiveMessageRequest.of(2).withOneGroup())));
        assertEquals(List.of("B1", "B2"), bodies(receive(q, ReceiveMessageRequest.of(10).withOneGroup())),
                "A is locked by its in-flight prefix");
    }

    @Test
    void aContinuationTakesTheHeldGroupsNextMessagesInOrderAndNoOtherGroup() {
        String q = fifoAB();
        List<ReceivedMessage> first = receive(q, ReceiveMessageRequest.of(1).withOneGroup());
        assertEquals(List.of("A1"), bodies(first));
        List<ReceivedMessage> next = receive(q, ReceiveMessageRequest.of(10).continuingAfter(first.get(0).receiptHandle()));
        assertEquals(List.of("A2", "A3"), bodies(next), "the group's next messages although A1 is in flight; not B");
        assertEquals(List.of(), bodies(receive(q, ReceiveMessageRequest.of(10)
                .continuingAfter(next.get(1).receiptHandle()))), "nothing after A3");
        // the group stays locked for everyone else while the continuation holds it
        assertEquals(List.of("B1", "B2"), bodies(receive(q, ReceiveMessageRequest.of(10))));
        // and a message sent to A now is taken by the continuation, after A3
        sendFifo(q, "A", "A4");
        assertEquals(List.of(), receive(q, ReceiveMessageRequest.of(10)), "A is locked");
        assertEquals(List.of("A4"), bodies(receive(q, ReceiveMessageRequest.of(10).continuingAfter(next.get(1).receiptHandle()))));
    }

    @Test
    void aContinuationAfterAnAcknowledgedMessageTakesNothing() {
        String q = fifoAB();
        ReceivedMessage a1 = receive(q, ReceiveMessageRequest.of(1).withOneGroup()).get(0);
        broker.deleteMessage(q, a1.receiptHandle());
        assertEquals(List.of(), receive(q, ReceiveMessageRequest.of(10).continuingAfter(a1.receiptHandle())),
                "the receiver holds nothing of the group any more: the group is anybody's");
        assertEquals(List.of("A2"), bodies(receive(q, ReceiveMessageRequest.of(1))));
    }

    @Test
    void aContinuationTakesNothingOnceAnEarlierMessageIsVisibleAgain() {
        String q = fifoAB();
        // A1 with a short timeout, A2 (the held message) with a long one
        ReceivedMessage a1 = receive(q, ReceiveMessageRequest.of(1).withOneGroup().withVisibilityTimeoutSeconds(10)).get(0);
        ReceivedMessage a2 = receive(q, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(60)
                .continuingAfter(a1.receiptHandle())).get(0);
        assertEquals("A2", a2.bodyAsString());
        advance(11); // A1 visible again, A2 still held
        assertEquals(List.of(), receive(q, ReceiveMessageRequest.of(10).continuingAfter(a2.receiptHandle())),
                "A3 must not overtake A1's redelivery");
        assertEquals(List.of("B1", "B2"), bodies(receive(q, ReceiveMessageRequest.of(10))),
                "A stays locked until A2's timeout ends too");
        advance(50);
        List<ReceivedMessage> again = receive(q, ReceiveMessageRequest.of(10).withOneGroup());
        assertEquals(List.of("A1", "A2", "A3"), bodies(again), "the group comes back in order");
        assertEquals(List.of(2, 2, 1), again.stream().map(ReceivedMessage::approximateReceiveCount).toList());
    }

    @Test
    void aContinuationWithAForeignOrBrokenHandleIsRefusedAndChangesNothing() {
        String q = fifoAB();
        String other = queue("other.fifo");
        sendFifo(other, "X", "X1");
        ReceivedMessage x1 = receiveOne(other);
        BrokerException e = brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                () -> broker.receiveMessage(q, ReceiveMessageRequest.of(10).continuingAfter(x1.receiptHandle())));
        assertTrue(e.getMessage().contains("another queue"), e.getMessage());
        brokerError(ErrorCode.RECEIPT_HANDLE_IS_INVALID,
                () -> broker.receiveMessage(q, ReceiveMessageRequest.of(10).continuingAfter("not-a-handle")));
        assertEquals(5, count(q, "ApproximateNumberOfMessages"), "nothing was claimed");
    }

    /**
     * A claim from an available group's head writes the group row from what the claim knows
     * ({@code FifoGroups.claimedFromHead}) instead of recomputing it from the group's messages. The
     * row it writes must be the row a recompute would write, in every way a head claim can happen.
     */
    @Test
    void aHeadClaimWritesTheGroupRowARecomputeWouldWrite() {
        String q = fifoAB();
        assertRowIsRecomputed(q, receive(q, ReceiveMessageRequest.of(2).withOneGroup()), "a partial prefix");
        assertRowIsRecomputed(q, receive(q, ReceiveMessageRequest.of(10).withVisibilityTimeoutSeconds(90)),
                "the whole group, with its own timeout");
        advance(91); // A's prefix and all of B visible again: redeliveries from the head
        assertRowIsRecomputed(q, receive(q, ReceiveMessageRequest.of(1).withOneGroup()), "a redelivered head alone");
        ReceivedMessage head = receive(q, ReceiveMessageRequest.of(1).withOneGroup()).get(0);
        broker.changeMessageVisibility(q, head.receiptHandle(), 0); // given back: the group's head is visible at once
        assertRowIsRecomputed(q, receive(q, ReceiveMessageRequest.of(10).withOneGroup()), "a head given back");
    }

    /**
     * A delete (acknowledgement) keeps the group's row true reading at most one message where that
     * decides it ({@code FifoGroups.removed}); the row must be the one a recompute would write, for
     * every position of the deleted message and every way the group's deadline can be held.
     */
    @Test
    void aDeleteWritesTheGroupRowARecomputeWouldWrite() {
        String q = fifoAB();
        // one claim, one deadline: the head, then a later message holding the shared deadline, then the last
        List<ReceivedMessage> a = receive(q, ReceiveMessageRequest.of(10).withOneGroup());
        assertEquals(List.of("A1", "A2", "A3"), bodies(a));
        deleteAndCompare(q, a.get(0), "the head of a prefix claimed together");
        deleteAndCompare(q, a.get(2), "a later message sharing the deadline");
        deleteAndCompare(q, a.get(1), "the last of the prefix: the group has no message left");

        // B1 alone: the next message was never received, so the prefix ends with the delete
        ReceivedMessage b1 = receive(q, ReceiveMessageRequest.of(1).withOneGroup()).get(0);
        assertEquals("B1", b1.bodyAsString());
        deleteAndCompare(q, b1, "a head whose next message was never received");

        // two deadlines: a short one on the head, a long one on the continuation
        String c = queue("c.fifo");
        sendFifo(c, "C", "C1");
        sendFifo(c, "C", "C2");
        sendFifo(c, "C", "C3");
        ReceivedMessage c1 = receive(c, ReceiveMessageRequest.of(1).withOneGroup().withVisibilityTimeoutSeconds(10)).get(0);
        ReceivedMessage c2 = claimAndCompare(c, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(60)
                .continuingAfter(c1.receiptHandle()), "a continuation with a later deadline");
        deleteAndCompare(c, c1, "a head whose deadline the next message outlasts");
        ReceivedMessage c3 = claimAndCompare(c, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(10)
                .continuingAfter(c2.receiptHandle()), "a continuation with an earlier deadline");
        assertEquals("C3", c3.bodyAsString());
        deleteAndCompare(c, c3, "a later message that does not hold the deadline");
        deleteAndCompare(c, c2, "the head holding the deadline alone");

        // the head holds the long deadline, the next message a short one
        String d = queue("d.fifo");
        sendFifo(d, "D", "D1");
        sendFifo(d, "D", "D2");
        ReceivedMessage d1 = receive(d, ReceiveMessageRequest.of(1).withOneGroup().withVisibilityTimeoutSeconds(60)).get(0);
        assertEquals("D2", claimAndCompare(d, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(10)
                .continuingAfter(d1.receiptHandle()), "a continuation after a longer-held head").bodyAsString());
        deleteAndCompare(d, d1, "a head holding the deadline alone, the next message received");

        // a later message holding the deadline alone (acknowledged out of order): the head's deadline is the group's again
        String f = queue("f.fifo");
        sendFifo(f, "F", "F1");
        sendFifo(f, "F", "F2");
        ReceivedMessage f1 = receive(f, ReceiveMessageRequest.of(1).withOneGroup().withVisibilityTimeoutSeconds(10)).get(0);
        ReceivedMessage f2 = claimAndCompare(f, ReceiveMessageRequest.of(1).withVisibilityTimeoutSeconds(60)
                .continuingAfter(f1.receiptHandle()), "a continuation outlasting the head");
        deleteAndCompare(f, f2, "a later message holding the deadline alone");

        // a message whose timeout ran out and that was received again: its new handle deletes it
        String e = queue("e.fifo");
        sendFifo(e, "E", "E1");
        sendFifo(e, "E", "E2");
        receive(e, ReceiveMessageRequest.of(1).withOneGroup().withVisibilityTimeoutSeconds(5));
        advance(6);
        List<ReceivedMessage> again = receive(e, ReceiveMessageRequest.of(10).withOneGroup());
        assertEquals(List.of("E1", "E2"), bodies(again));
        deleteAndCompare(e, again.get(0), "a redelivered head");
    }

    private ReceivedMessage claimAndCompare(String q, ReceiveMessageRequest r, String how) {
        List<ReceivedMessage> got = receive(q, r);
        assertRowIsRecomputed(q, got, how);
        return got.get(0);
    }

    private void deleteAndCompare(String q, ReceivedMessage m, String how) {
        broker.deleteMessage(q, m.receiptHandle());
        assertGroupRowIsRecomputed(q, m.messageGroupId(), how);
    }

    private void assertRowIsRecomputed(String q, List<ReceivedMessage> claimed, String how) {
        assertTrue(!claimed.isEmpty(), how + ": the receive claimed nothing");
        assertGroupRowIsRecomputed(q, claimed.get(0).messageGroupId(), how);
    }

    private void assertGroupRowIsRecomputed(String q, String group, String how) {
        long queueId = broker.queue(Broker.queueNamed(q)).id;
        var written = broker.store().read(s -> s.findGroup(queueId, group));
        broker.store().write(s -> {
            FifoGroups.recompute(s, queueId, group);
            return null;
        }).join();
        assertEquals(broker.store().read(s -> s.findGroup(queueId, group)), written, how);
    }

    @Test
    void theOptionsAreIgnoredOnAStandardQueue() {
        String q = queue("plain");
        for (int i = 1; i <= 3; i++) {
            broker.sendMessage(q, SendMessageRequest.builder("m" + i).messageGroupId("g" + i).build());
        }
        assertEquals(3, receive(q, ReceiveMessageRequest.of(10).withOneGroup()).size());
    }
}
