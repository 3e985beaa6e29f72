package io.jaqs.jms;

import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/** AUTO_ACKNOWLEDGE: each message is deleted once receive() returned it or its onMessage completed. */
final class AutoAcknowledge extends AcknowledgeMode {
    AutoAcknowledge(JaqsSession session) {
        super(session, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    void afterDelivery(Delivered d) throws JMSException {
        session.acknowledgements().deleteOne(d);
    }

    @Override
    boolean acknowledgesAfterDelivery() {
        return true;
    }
}
