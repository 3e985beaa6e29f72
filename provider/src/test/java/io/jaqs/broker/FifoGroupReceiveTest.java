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

    private void assertRowIsRecomputed(String q, List<ReceivedMessage> claimed, String how) {
        assertTrue(!claimed.isEmpty(), how + ": the receive claimed nothing");
        String group = claimed.get(0).messageGroupId();
        long queueId = broker.queue(q).id;
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
