package io.jaqs.jms.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryExtensionTest {

    static final class RecordingContext implements DeliveryContext {
        final List<String> calls = new ArrayList<>();

        @Override
        public void acknowledge(JaqsMessage message) {
            calls.add("ack " + message.getReceiptHandle());
        }

        @Override
        public void changeVisibility(JaqsMessage message, Duration timeout) {
            calls.add("visibility " + message.getReceiptHandle() + " " + timeout.toSeconds());
        }
    }

    @Test
    void notReceivedMessage() throws JMSException {
        JaqsTextMessage m = new JaqsTextMessage("x");
        m.acknowledge(); // no-op
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.changeVisibility(Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("received"), e.getMessage());
        assertNull(m.getReceiptHandle());
        assertNull(m.getSequenceNumber());
        assertEquals(0, m.getReceiveCount());
        assertFalse(m.propertyExists("JMSXDeliveryCount"));
    }

    @Test
    void receivedMessageDelegatesToTheContext() throws JMSException {
        JaqsMessage m = TestDestinations.roundTrip(new JaqsTextMessage("x"));
        RecordingContext ctx = new RecordingContext();
        m.setDeliveryContext(ctx);
        m.setReceiptHandle("rh-1");
        m.setSequenceNumber("18849496460467696128");
        m.setReceiveCount(2);
        m.setJMSMessageID("ID:abc");
        m.changeVisibility(Duration.ofMinutes(2));
        m.acknowledge();
        assertEquals(List.of("visibility rh-1 120", "ack rh-1"), ctx.calls);
        assertSame(ctx, m.getDeliveryContext());
        assertEquals("rh-1", m.getReceiptHandle());
        assertEquals("18849496460467696128", m.getSequenceNumber());
        assertEquals(2, m.getReceiveCount());
        assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
        assertTrue(m.getJMSRedelivered());
        assertEquals("ID:abc", m.getJMSMessageID());
        assertThrows(NullPointerException.class, () -> m.changeVisibility(null));
    }

    @Test
    void contextExceptionsPropagate() {
        JaqsMessage m = new JaqsMessage();
        m.setDeliveryContext(new DeliveryContext() {
            @Override
            public void acknowledge(JaqsMessage message) throws JMSException {
                throw new IllegalStateException("session closed");
            }

            @Override
            public void changeVisibility(JaqsMessage message, Duration timeout) throws JMSException {
                throw new JMSException("stale receipt handle");
            }
        });
        assertEquals("session closed", assertThrows(IllegalStateException.class, m::acknowledge).getMessage());
        assertEquals("stale receipt handle",
                assertThrows(JMSException.class, () -> m.changeVisibility(Duration.ZERO)).getMessage());
    }

    @Test
    void deliveryStateIsNotCopied() throws JMSException {
        JaqsMessage m = new JaqsMessage();
        m.setReceiptHandle("rh");
        m.setReceiveCount(5);
        m.setDeliveryContext(new RecordingContext());
        JaqsMessage c = MessageCodec.copyOf(m);
        assertNull(c.getReceiptHandle());
        assertNull(c.getDeliveryContext());
        assertEquals(0, c.getReceiveCount());
        assertFalse(c.propertyExists("JMSXDeliveryCount"));
    }
}
