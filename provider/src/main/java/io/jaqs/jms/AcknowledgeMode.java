package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.broker.BrokerTransaction;
import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.List;

/**
 * How a session settles the messages it delivers, one class per mode (the shape of Qpid JMS's
 * {@code JmsTransactionContext}): chosen once when the session is made, so that the session, its
 * consumers and producers ask the mode instead of switching on it. Acknowledging deletes (SQS);
 * what is not settled comes back after the visibility timeout, or at once on recover/rollback.
 */
abstract sealed class AcknowledgeMode
        permits AutoAcknowledge, DupsOkAcknowledge, HoldsDeliveries, XaTransacted {

    final JaqsSession session;
    private final int jmsMode;

    AcknowledgeMode(JaqsSession session, int jmsMode) {
        this.session = session;
        this.jmsMode = jmsMode;
    }

    /** The mode of a session made with this JMS acknowledge mode (SESSION_TRANSACTED for a local transaction). */
    static AcknowledgeMode of(JaqsSession session, int jmsMode) {
        return switch (jmsMode) {
            case Session.AUTO_ACKNOWLEDGE -> new AutoAcknowledge(session);
            case Session.DUPS_OK_ACKNOWLEDGE -> new DupsOkAcknowledge(session);
            case Session.CLIENT_ACKNOWLEDGE -> new ClientAcknowledge(session);
            case JmsDefaults.UNORDERED_ACKNOWLEDGE -> new UnorderedAcknowledge(session);
            case Session.SESSION_TRANSACTED -> new SessionTransacted(session);
            default -> throw new IllegalArgumentException("Not an acknowledge mode: " + jmsMode);
        };
    }

    /** The JMS constant of this mode, as {@code Session.getAcknowledgeMode()} reports it. */
    final int jmsMode() {
        return jmsMode;
    }

    /** A message is handed to the application (before receive() returns it or onMessage runs). */
    void delivered(Delivered d) throws JMSException {
    }

    /** receive() returned the message, or onMessage completed normally. */
    void afterDelivery(Delivered d) throws JMSException {
    }

    /** {@code Message.acknowledge()} (null: {@code JMSContext.acknowledge()}); ignored unless the mode is client-acknowledged (JMS 6.2.10). */
    void acknowledge(JaqsMessage message) throws JMSException {
    }

    /**
     * Whether the session acknowledges by itself once a message is delivered (AUTO, DUPS_OK): then a
     * message a listener failed on, or whose body receiveBody refused, is the session's to give
     * back, and recover() from a listener gives back the message being delivered too.
     */
    boolean acknowledgesAfterDelivery() {
        return false;
    }

    /** Whether sends and acknowledgements wait for commit (local or XA): the modes with a transaction. */
    final boolean transacted() {
        return transaction() != null;
    }

    /** The transaction the session's sends go into, or null when they are sent at once. */
    BrokerTransaction transaction() {
        return null;
    }

    /** Takes what was delivered and not yet acknowledged (recover, rollback, close give it back). */
    List<Delivered> takeUnsettled() {
        return List.of();
    }

    /** Adds back messages taken by {@link #takeUnsettled()} that could not be settled after all. */
    void restoreUnsettled(List<Delivered> messages) {
        throw new java.lang.IllegalStateException(getClass().getSimpleName() + " holds no deliveries");
    }

    /** Sends acknowledgements the mode batches (DUPS_OK) before the session waits, closes or frees a subscription. */
    void flush() {
    }

    /** Whether the mode holds a delivery of this queue that is not settled yet. */
    boolean holdsDeliveryFrom(QueueName queue) {
        return false;
    }

    /** The queue a delivered, unsettled message came from, or null when the mode keeps no record of it. */
    QueueName queueOf(JaqsMessage message) {
        return null;
    }

    void commit() throws JMSException {
        throw new IllegalStateException("commit() needs a transacted session");
    }

    void rollback() throws JMSException {
        throw new IllegalStateException("rollback() needs a transacted session");
    }

    /** The session closes: what the mode holds is settled or given back. */
    void close() {
        flush();
        session.redeliverUnsettled();
    }
}
