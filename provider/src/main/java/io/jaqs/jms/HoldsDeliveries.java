package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;

/**
 * The modes in which the application settles what it was delivered (CLIENT, UNORDERED, a local
 * transaction): the session keeps each delivered message until it is acknowledged, committed,
 * recovered or rolled back.
 */
abstract sealed class HoldsDeliveries extends AcknowledgeMode
        permits ClientAcknowledge, UnorderedAcknowledge, SessionTransacted {
    /** Delivered and not yet settled, oldest first (guarded by the session). */
    final List<Delivered> unsettled = new ArrayList<>();

    HoldsDeliveries(JaqsSession session, int jmsMode) {
        super(session, jmsMode);
    }

    @Override
    void delivered(Delivered d) throws JMSException {
        synchronized (session) {
            unsettled.add(d);
        }
    }

    @Override
    List<Delivered> takeUnsettled() {
        synchronized (session) {
            List<Delivered> all = new ArrayList<>(unsettled);
            unsettled.clear();
            return all;
        }
    }

    @Override
    void restoreUnsettled(List<Delivered> messages) {
        synchronized (session) {
            unsettled.addAll(0, messages);
        }
    }

    @Override
    boolean holdsDeliveryFrom(QueueName queue) {
        synchronized (session) {
            return unsettled.stream().anyMatch(d -> d.queue().equals(queue));
        }
    }

    @Override
    QueueName queueOf(JaqsMessage message) {
        synchronized (session) {
            return unsettled.stream().filter(d -> d.message() == message).map(Delivered::queue).findFirst().orElse(null);
        }
    }

    /** Acknowledges everything held, in one database transaction: no half-acknowledged batch after a failure. */
    void acknowledgeAll() throws JMSException {
        List<Delivered> all = takeUnsettled();
        if (all.isEmpty()) {
            return;
        }
        try {
            session.acknowledgements().deleteAll(all);
        } catch (JMSException | RuntimeException e) {
            restoreUnsettled(all);
            throw e;
        }
    }
}
