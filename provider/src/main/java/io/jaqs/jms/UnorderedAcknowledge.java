package io.jaqs.jms;

import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.JMSException;

/**
 * UNORDERED_ACKNOWLEDGE (the Amazon SQS JMS library's mode): {@code acknowledge()} deletes that one
 * message; a null message ({@code JMSContext.acknowledge()}, "all messages consumed by the
 * session") deletes everything, as CLIENT_ACKNOWLEDGE does.
 */
final class UnorderedAcknowledge extends HoldsDeliveries {
    UnorderedAcknowledge(JaqsSession session) {
        super(session, JmsDefaults.UNORDERED_ACKNOWLEDGE);
    }

    @Override
    void acknowledge(JaqsMessage message) throws JMSException {
        if (message == null) {
            acknowledgeAll();
            return;
        }
        Delivered target = null;
        synchronized (session) {
            for (Delivered d : unsettled) {
                if (d.message() == message) {
                    target = d;
                    break;
                }
            }
            if (target != null) {
                unsettled.remove(target);
            }
        }
        if (target != null) {
            session.acknowledgements().deleteOne(target);
        }
    }
}
