package io.jaqs.jms;

import io.jaqs.jms.message.JaqsMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/** CLIENT_ACKNOWLEDGE: {@code acknowledge()} deletes everything the session delivered and was not acknowledged. */
final class ClientAcknowledge extends HoldsDeliveries {
    ClientAcknowledge(JaqsSession session) {
        super(session, Session.CLIENT_ACKNOWLEDGE);
    }

    @Override
    void acknowledge(JaqsMessage message) throws JMSException {
        acknowledgeAll();
    }
}
