package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One end-to-end test per acknowledge mode: a consumer takes some messages, acknowledges some,
 * then dies without acknowledging the rest, either by closing its connection or by walking away
 * until the visibility timeout (30 s) runs out. Another consumer then sees exactly the messages
 * the mode says come back. Prefetch is 1 unless said otherwise, so a consumer never holds a
 * message it did not deliver and the accounting is exact.
 */
class AckModeRedeliveryTest extends JmsTestSupport {
    static final int VISIBILITY = 30;
    Queue work;

    @BeforeEach
    void queue() throws JMSException {
        factory.setPrefetch(1);
        factory.setQueueAttributes("work", Map.of("VisibilityTimeout", Integer.toString(VISIBILITY)));
        work = new JaqsQueue("work");
    }

    /** The other consumer: what it can take now, deleting it. */
    List<Message> survivor() throws JMSException {
        return takeAll(work);
    }

    static void assertRedelivered(Message m, boolean redelivered, int count) throws JMSException {
        assertEquals(redelivered, m.getJMSRedelivered(), "JMSRedelivered of " + text(m));
        assertEquals(count, m.getIntProperty("JMSXDeliveryCount"), "JMSXDeliveryCount of " + text(m));
    }

    // ---------------------------------------------------------------- AUTO_ACKNOWLEDGE

    @Test
    void autoAcknowledgeRedeliversNothingOnceReceiveReturnedConnectionClosed() throws Exception {
        sendTexts(work, "m", 5);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(work);
        assertEquals(List.of("m1", "m2", "m3"), List.of(receiveText(c), receiveText(c), receiveText(c)));
        a.close(); // dies

        List<Message> rest = survivor();
        assertEquals(List.of("m4", "m5"), texts(rest));
        assertRedelivered(rest.get(0), false, 1);
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()), "AUTO: a message whose receive() returned is gone");
    }

    @Test
    void autoAcknowledgeRedeliversNothingOnceReceiveReturnedTimeout() throws Exception {
        sendTexts(work, "m", 5);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(work);
        assertEquals(List.of("m1", "m2", "m3"), List.of(receiveText(c), receiveText(c), receiveText(c)));
        // dies without closing: nothing it received is in flight any more
        assertEquals(List.of("m4", "m5"), texts(survivor()));
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()));
    }

    // ---------------------------------------------------------------- CLIENT_ACKNOWLEDGE

    @Test
    void clientAcknowledgeRedeliversEverythingSinceTheLastAcknowledgeConnectionClosed() throws Exception {
        sendTexts(work, "m", 6);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(work);
        receiveText(c);
        Message m2 = c.receive(WAIT_MS);
        m2.acknowledge(); // acknowledges m1 and m2: everything the session delivered
        assertEquals(List.of("m3", "m4"), List.of(receiveText(c), receiveText(c)));
        a.close(); // dies

        List<Message> back = survivor();
        assertEquals(List.of("m3", "m4", "m5", "m6"), texts(back), "released at close, in their original order");
        assertRedelivered(back.get(0), true, 2);
        assertRedelivered(back.get(1), true, 2);
        assertRedelivered(back.get(2), false, 1);
        assertRedelivered(back.get(3), false, 1);
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()), "m1, m2 were acknowledged");
    }

    @Test
    void clientAcknowledgeRedeliversEverythingSinceTheLastAcknowledgeTimeout() throws Exception {
        sendTexts(work, "m", 6);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.CLIENT_ACKNOWLEDGE).createConsumer(work);
        receiveText(c);
        c.receive(WAIT_MS).acknowledge();
        assertEquals(List.of("m3", "m4"), List.of(receiveText(c), receiveText(c)));
        // dies without closing: m3 and m4 stay in flight until their visibility timeout ends
        assertEquals(List.of("m5", "m6"), texts(survivor()));
        advance(VISIBILITY - 1);
        assertEquals(List.of(), texts(survivor()));
        advance(2);
        List<Message> back = survivor();
        assertEquals(List.of("m3", "m4"), texts(back));
        assertRedelivered(back.get(0), true, 2);
        assertRedelivered(back.get(1), true, 2);
    }

    // ---------------------------------------------------------------- DUPS_OK_ACKNOWLEDGE

    @Test
    void dupsOkRedeliversAtMostTheUnflushedBatch() throws Exception {
        factory.setPrefetch(10);
        sendTexts(work, "m", 15);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.DUPS_OK_ACKNOWLEDGE).createConsumer(work);
        for (int i = 1; i <= 15; i++) {
            assertEquals("m" + i, receiveText(c));
        }
        // deletes go out in batches of 10: m1..m10 are deleted, m11..m15 wait for the next batch; it dies
        assertEquals(List.of(), texts(survivor()));
        advance(VISIBILITY + 1);
        List<Message> back = survivor();
        assertEquals(List.of("m11", "m12", "m13", "m14", "m15"), texts(back));
        assertRedelivered(back.get(0), true, 2);
    }

    @Test
    void dupsOkSendsItsDeletesWhenTheConsumerRunsDry() throws Exception {
        factory.setPrefetch(10);
        sendTexts(work, "m", 3);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.DUPS_OK_ACKNOWLEDGE).createConsumer(work);
        assertEquals(List.of("m1", "m2", "m3"), drain(c)); // the last receiveNoWait found the consumer idle
        // dies without closing: a quiet queue must not see its messages again
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()));
    }

    @Test
    void dupsOkFlushesItsBatchWhenTheConnectionCloses() throws Exception {
        sendTexts(work, "m", 4);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, Session.DUPS_OK_ACKNOWLEDGE).createConsumer(work);
        for (int i = 1; i <= 4; i++) {
            assertEquals("m" + i, receiveText(c));
        }
        a.close();
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()), "an orderly close sends the pending deletes");
    }

    // ---------------------------------------------------------------- UNORDERED_ACKNOWLEDGE

    @Test
    void unorderedAcknowledgeRedeliversExactlyTheMessagesNotAcknowledgedConnectionClosed() throws Exception {
        sendTexts(work, "m", 5);
        Connection a = connection();
        Session s = a.createSession(false, JaqsSession.UNORDERED_ACKNOWLEDGE);
        assertEquals(JaqsSession.UNORDERED_ACKNOWLEDGE, s.getAcknowledgeMode());
        MessageConsumer c = s.createConsumer(work);
        Message m1 = c.receive(WAIT_MS);
        Message m2 = c.receive(WAIT_MS);
        Message m3 = c.receive(WAIT_MS);
        Message m4 = c.receive(WAIT_MS);
        m4.acknowledge(); // only m4: unlike CLIENT_ACKNOWLEDGE, not m1..m3
        m2.acknowledge();
        assertEquals(List.of("m1", "m2", "m3", "m4"), texts(List.of(m1, m2, m3, m4)));
        a.close();

        List<Message> back = survivor();
        assertEquals(List.of("m1", "m3", "m5"), texts(back));
        assertRedelivered(back.get(0), true, 2);
        assertRedelivered(back.get(1), true, 2);
        assertRedelivered(back.get(2), false, 1);
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()));
    }

    @Test
    void unorderedAcknowledgeRedeliversExactlyTheMessagesNotAcknowledgedTimeout() throws Exception {
        sendTexts(work, "m", 4);
        Connection a = connection();
        MessageConsumer c = a.createSession(false, JaqsSession.UNORDERED_ACKNOWLEDGE).createConsumer(work);
        Message m1 = c.receive(WAIT_MS);
        c.receive(WAIT_MS);
        Message m3 = c.receive(WAIT_MS);
        m3.acknowledge();
        m1.acknowledge();
        advance(VISIBILITY + 1);
        // a standard queue orders by the time a message became visible: m4 (never taken) before m2
        assertEquals(List.of("m4", "m2"), texts(survivor()));
    }

    // ---------------------------------------------------------------- transacted

    @Test
    void transactedRedeliversEverythingReceivedSinceTheLastCommitConnectionClosed() throws Exception {
        sendTexts(work, "m", 5);
        Queue out = new JaqsQueue("out");
        Connection a = connection();
        Session s = a.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer c = s.createConsumer(work);
        assertEquals(List.of("m1", "m2"), List.of(receiveText(c), receiveText(c)));
        s.commit();
        assertEquals(List.of("m3", "m4"), List.of(receiveText(c), receiveText(c)));
        s.createProducer(out).send(s.createTextMessage("never committed"));
        a.close(); // dies: the open transaction rolls back

        List<Message> back = survivor();
        assertEquals(List.of("m3", "m4", "m5"), texts(back));
        assertRedelivered(back.get(0), true, 2);
        assertRedelivered(back.get(2), false, 1);
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()));
        assertEquals(List.of(), texts(takeAll(out)), "a send of an uncommitted transaction is never stored");
    }

    @Test
    void transactedRedeliversEverythingReceivedSinceTheLastCommitTimeout() throws Exception {
        sendTexts(work, "m", 4);
        Connection a = connection();
        Session s = a.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer c = s.createConsumer(work);
        receiveText(c);
        s.commit();
        assertEquals(List.of("m2", "m3"), List.of(receiveText(c), receiveText(c)));
        assertEquals(List.of("m4"), texts(survivor()));
        advance(VISIBILITY + 1);
        List<Message> back = survivor();
        assertEquals(List.of("m2", "m3"), texts(back));
        assertRedelivered(back.get(1), true, 2);
    }

    // ---------------------------------------------------------------- recover / rollback

    @Test
    void recoverRedeliversTheOldestFirstWithRisingDeliveryCount() throws Exception {
        factory.setPrefetch(10); // the consumer also holds m3..m5, undelivered: they must not overtake
        // no redelivery backoff: a delayed message would rightly come after those visible meanwhile
        factory.setMaxRedeliveryDelaySeconds(0);
        sendTexts(work, "m", 5);
        Connection a = connection();
        Session s = a.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(work);
        assertEquals(List.of("m1", "m2"), List.of(receiveText(c), receiveText(c)));
        s.recover();
        Message again = c.receive(WAIT_MS);
        assertEquals("m1", text(again));
        assertRedelivered(again, true, 2);
        assertEquals("m2", receiveText(c));
        s.recover();
        Message third = c.receive(WAIT_MS);
        assertEquals("m1", text(third));
        assertRedelivered(third, true, 3);
        List<Message> rest = new java.util.ArrayList<>();
        for (Message m = c.receiveNoWait(); m != null; m = c.receiveNoWait()) {
            rest.add(m);
        }
        assertEquals(List.of("m2", "m3", "m4", "m5"), texts(rest));
        assertRedelivered(rest.get(0), true, 3);
        assertRedelivered(rest.get(1), false, 1); // only prefetched when the session recovered: given back uncounted
        third.acknowledge();
        a.close();
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()));
    }

    @Test
    void rollbackRedeliversTheOldestFirst() throws Exception {
        factory.setPrefetch(10);
        sendTexts(work, "m", 4);
        Connection a = connection();
        Session s = a.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer c = s.createConsumer(work);
        assertEquals(List.of("m1", "m2", "m3"), List.of(receiveText(c), receiveText(c), receiveText(c)));
        s.rollback();
        Message m1 = c.receive(WAIT_MS);
        assertEquals("m1", text(m1));
        assertTrue(m1.getJMSRedelivered());
        assertEquals(List.of("m2", "m3", "m4"), drain(c));
        s.commit();
        advance(VISIBILITY + 1);
        assertEquals(List.of(), texts(survivor()));
    }

    @Test
    void consumerCloseReleasesPrefetchedMessagesAtOnce() throws Exception {
        factory.setPrefetch(10);
        sendTexts(work, "m", 5);
        Connection a = connection();
        Session s = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(work);
        assertEquals("m1", receiveText(c)); // took m1..m5 from the store, delivered m1
        assertEquals(List.of(), texts(survivor()), "prefetched messages are invisible to others");
        c.close();
        List<Message> released = survivor();
        assertEquals(List.of("m2", "m3", "m4", "m5"), texts(released), "released without waiting for the visibility timeout");
        assertRedelivered(released.get(0), false, 1); // never delivered: not a redelivery
    }
}
