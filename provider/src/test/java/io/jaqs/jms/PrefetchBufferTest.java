package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.ReceivedMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The rules of a consumer's prefetch buffer that the consumer's concurrency relies on. */
class PrefetchBufferTest {
    private static ReceivedMessage message(String handle) {
        return new ReceivedMessage("id-" + handle, handle, new byte[0], "", Map.of(), null, 1, null, null, null, null, null, null, null);
    }

    private static List<String> handles(List<ReceivedMessage> messages) {
        return messages.stream().map(ReceivedMessage::receiptHandle).toList();
    }

    @Test
    void messagesComeOutInOrderAndAPutBackMessageFirst() {
        PrefetchBuffer b = new PrefetchBuffer();
        b.add(List.of(message("a"), message("b")), 2);
        ReceivedMessage a = b.poll();
        b.putBack(a);
        assertEquals(List.of("a", "b"), handles(b.takeAll()));
        assertTrue(b.isEmpty());
        assertNull(b.poll());
    }

    @Test
    void theLastClaimedIsWhatAFifoFetchAheadContinuesAfterAndHandingBackForgetsIt() {
        PrefetchBuffer b = new PrefetchBuffer();
        assertNull(b.lastClaimed());
        b.add(List.of(message("a1"), message("a2")), 2);
        b.add(List.of(), 10);
        assertEquals("a2", b.lastClaimed(), "an empty claim keeps the last one");
        b.takeAll();
        assertNull(b.lastClaimed(), "after handing back the consumer holds nothing of the group");
    }

    @Test
    void aFetchAheadThatLandsAfterTheMessagesWereHandedBackIsStaleAndAddsNothing() {
        PrefetchBuffer b = new PrefetchBuffer();
        int started = b.epoch();
        CompletableFuture<Void> underWay = new CompletableFuture<>();
        b.aheadStarted(underWay);
        assertEquals(underWay, b.ahead());
        b.takeAll(); // recover, rollback or close
        assertFalse(b.settleAhead(started, List.of(message("late")), 1), "the caller must give these back");
        assertTrue(b.isEmpty());
        assertNull(b.ahead(), "settled either way");

        int now = b.epoch();
        assertTrue(b.settleAhead(now, List.of(message("fresh")), 1));
        assertEquals(List.of("fresh"), handles(b.takeAll()));
        assertTrue(b.settleAhead(now + 1, null, 1), "a failed fetch-ahead adds nothing and is not stale");
    }

    @Test
    void aClaimOfFewerThanAskedMarksTheQueueDrainedUntilAFullOne() {
        PrefetchBuffer b = new PrefetchBuffer();
        assertFalse(b.drained());
        b.add(List.of(message("a")), 10);
        assertTrue(b.drained(), "the store had no more for this consumer");
        b.add(List.of(message("b"), message("c")), 2);
        assertFalse(b.drained(), "a full claim: there may be more");
        b.settleAhead(b.epoch(), List.of(), 8);
        assertTrue(b.drained());
    }

    @Test
    void aFetchAheadAlreadyCompleteIsNotRecordedAsUnderWay() {
        PrefetchBuffer b = new PrefetchBuffer();
        b.aheadStarted(CompletableFuture.completedFuture(null));
        assertNull(b.ahead());
    }
}
