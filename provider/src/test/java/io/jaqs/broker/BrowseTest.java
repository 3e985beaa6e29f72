package io.jaqs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Non-destructive browse: visible messages in delivery order, no receive count change. */
class BrowseTest extends BrokerTestSupport {

    private List<ReceivedMessage> browse(String q, MessageFilter filter) {
        List<ReceivedMessage> out = new ArrayList<>();
        broker.browse(q, filter).forEachRemaining(out::add);
        return out;
    }

    @Test
    void browseReturnsVisibleMessagesInOrderWithoutReceivingThem() {
        String q = queue("q");
        for (int i = 0; i < 5; i++) {
            send(q, "m" + i);
            advance(1);
        }
        List<ReceivedMessage> seen = browse(q, null);
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), bodies(seen));
        for (ReceivedMessage m : seen) {
            assertNull(m.receiptHandle());
            assertEquals(0, m.approximateReceiveCount());
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), bodies(browse(q, null)), "browsing twice sees the same");
        assertEquals(5, count(q, "ApproximateNumberOfMessages"));
        List<ReceivedMessage> received = receive(q, 10);
        assertEquals(5, received.size());
        received.forEach(m -> assertEquals(1, m.approximateReceiveCount(), "browse did not count as a receive"));
    }

    @Test
    void browseSkipsInFlightAndDelayedMessages() {
        String q = queue("q");
        send(q, "taken");
        receiveOne(q);
        broker.sendMessage(q, SendMessageRequest.builder("delayed").delaySeconds(60).build());
        send(q, "visible");
        assertEquals(List.of("visible"), bodies(browse(q, null)));
        advance(60); // the delay and the visibility timeout are over
        assertEquals(java.util.Set.of("taken", "delayed", "visible"), new java.util.HashSet<>(bodies(browse(q, null))));
    }

    @Test
    void browseAppliesTheFilter() {
        String q = queue("q");
        for (String colour : List.of("red", "blue", "red", "green")) {
            broker.sendMessage(q, SendMessageRequest.builder(colour).attribute("colour", MessageAttributeValue.string(colour)).build());
            advance(1);
        }
        MessageFilter red = a -> "red".equals(a.get("colour").stringValue());
        assertEquals(List.of("red", "red"), bodies(browse(q, red)));
        assertEquals(4, count(q, "ApproximateNumberOfMessages"));
    }

    @Test
    void browseOfAnEmptyQueueAndTheIteratorContract() {
        String q = queue("q");
        Iterator<ReceivedMessage> it = broker.browse(q, null);
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        brokerError(ErrorCode.QUEUE_DOES_NOT_EXIST, () -> broker.browse("missing", null));
    }

    @Test
    void browsePagesThroughADeepQueue() {
        String q = queue("q");
        List<SendMessageBatchEntry> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(new SendMessageBatchEntry("e" + (i % 10), SendMessageRequest.builder(String.format("m%03d", i)).build()));
            if (batch.size() == 10) {
                broker.sendMessageBatch(q, batch);
                batch.clear();
                advance(1);
            }
        }
        List<String> seen = bodies(browse(q, null));
        assertEquals(250, seen.size());
        assertEquals(250, seen.stream().distinct().count());
        assertEquals(seen.stream().sorted().toList(), seen, "in send order");
    }

    @Test
    void fifoBrowseIsInSequenceOrderAndSkipsInFlightMessages() {
        String q = queue("q.fifo");
        sendFifo(q, "b", "b1");
        sendFifo(q, "a", "a1");
        sendFifo(q, "b", "b2");
        sendFifo(q, "a", "a2");
        List<ReceivedMessage> all = browse(q, null);
        assertEquals(List.of("b1", "a1", "b2", "a2"), bodies(all));
        for (int i = 1; i < all.size(); i++) {
            assertEquals(-1, Integer.signum(all.get(i - 1).sequenceNumber().compareTo(all.get(i).sequenceNumber())));
        }
        ReceivedMessage b1 = receiveOne(q);
        assertEquals("b1", b1.bodyAsString());
        assertEquals(List.of("a1", "b2", "a2"), bodies(browse(q, null)));
        assertEquals(1, count(q, "ApproximateNumberOfMessagesNotVisible"), "browsing changed nothing");
    }

    @Test
    void browseOfAFifoQueueWithMoreThanOnePage() {
        String q = queue("q.fifo");
        for (int i = 0; i < 120; i++) {
            sendFifo(q, "g" + (i % 7), String.format("m%03d", i));
        }
        List<String> seen = bodies(browse(q, null));
        assertEquals(120, seen.size());
        assertEquals(seen.stream().sorted().toList(), seen);
    }
}
