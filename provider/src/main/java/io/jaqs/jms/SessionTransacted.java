package io.jaqs.jms;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.BrokerTransaction;
import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;

/**
 * SESSION_TRANSACTED: the session's sends and the deletes of what it delivered go into one broker
 * transaction, applied in one database transaction by {@code commit()}; {@code rollback()}
 * discards the sends and gives the delivered messages back.
 */
final class SessionTransacted extends HoldsDeliveries {
    private BrokerTransaction transaction;

    SessionTransacted(JaqsSession session) {
        super(session, Session.SESSION_TRANSACTED);
        transaction = session.connection.broker.beginTransaction();
    }

    @Override
    BrokerTransaction transaction() {
        return transaction;
    }

    @Override
    void delivered(Delivered d) throws JMSException {
        synchronized (session) {
            transaction.deleteMessage(d.queue(), d.receiptHandle());
            unsettled.add(d);
        }
    }

    @Override
    void commit() throws JMSException {
        try {
            transaction.commit();
            takeUnsettled();
            session.subscriptions.settle(false);
        } catch (BrokerException e) {
            // the commit is one database transaction: when it fails, nothing of it was applied
            session.redeliverUnsettled();
            throw JaqsConnection.withCause(new TransactionRolledBackException(
                    "The transaction was rolled back, none of its sends and acknowledgements applied: " + e.getMessage(),
                    e.code().sqsCode()), e);
        } finally {
            transaction = session.connection.broker.beginTransaction();
        }
    }

    @Override
    void rollback() {
        transaction.rollback();
        transaction = session.connection.broker.beginTransaction();
        session.redeliverUnsettled();
    }

    @Override
    void close() {
        rollback();
        transaction.rollback(); // the fresh one rollback() began: nothing follows it
    }
}
