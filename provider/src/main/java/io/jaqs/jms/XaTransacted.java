package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.BrokerTransaction;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.XaBranch;
import io.jaqs.broker.security.Action;
import io.jaqs.jms.JaqsSession.Delivered;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;
import java.util.Map;

/**
 * An XASession's mode: while the session is associated with a transaction branch, its sends and
 * the deletes of what it delivers go into the branch, applied when the transaction manager
 * commits; outside a global transaction each is applied at once (a delivered message is
 * acknowledged as it is handed to the application). commit() and rollback() belong to the
 * transaction manager.
 */
final class XaTransacted extends AcknowledgeMode {
    private final JaqsXASession xa;
    /** Routes the session's transactional work to the current branch, or applies it at once. */
    private final BrokerTransaction router = new Router();

    XaTransacted(JaqsXASession session) {
        super(session, Session.SESSION_TRANSACTED);
        this.xa = session;
    }

    @Override
    BrokerTransaction transaction() {
        return router;
    }

    @Override
    void delivered(Delivered d) throws JMSException {
        JaqsXAResource.Branch b = xa.current();
        try {
            if (b == null) {
                session.connection.broker.deleteMessage(d.queue(), d.receiptHandle()); // as AUTO_ACKNOWLEDGE
                return;
            }
            session.connection.broker.authorize(Action.CONSUME, d.queue()); // a branch's work is checked as it joins
            synchronized (b) {
                b.work.deleteMessage(d.queue(), d.receiptHandle());
                b.delivered.add(Map.entry(xa, d));
            }
        } catch (RuntimeException e) {
            throw JmsExceptions.of(e);
        }
    }

    @Override
    void commit() throws JMSException {
        throw new TransactionInProgressException("An XASession is committed by its transaction manager, not by commit()");
    }

    @Override
    void rollback() throws JMSException {
        throw new TransactionInProgressException("An XASession is rolled back by its transaction manager, not by rollback()");
    }

    /** The session's view of "its transaction": the current branch, or none (applied at once). */
    private final class Router implements BrokerTransaction {
        /**
         * Work of the session: into the current branch (the caller's permission checked now, as the
         * branch applies it later for no one in particular), or, with no branch, applied at once
         * through the session's broker, which checks it itself.
         */
        private <T> T route(Action action, QueueName queue, java.util.function.Function<XaBranch, T> inBranch,
                            java.util.function.Supplier<T> atOnce) {
            return route(() -> session.connection.broker.authorize(action, queue), inBranch, atOnce);
        }

        private <T> T route(Runnable authorize, java.util.function.Function<XaBranch, T> inBranch,
                            java.util.function.Supplier<T> atOnce) {
            JaqsXAResource.Branch b = xa.current();
            if (b == null) {
                return atOnce.get();
            }
            authorize.run();
            synchronized (b) {
                return inBranch.apply(b.work);
            }
        }

        @Override
        public String sendMessage(QueueName queue, SendMessageRequest request) {
            return route(Action.SEND, queue, w -> w.sendMessage(queue, request),
                    () -> session.connection.broker.sendMessage(queue, request).messageId());
        }

        @Override
        public String publish(String topic, SendMessageRequest request, String publisherId) {
            return route(() -> session.connection.broker.authorizeTopic(Action.SEND, topic), w -> w.publish(topic, request, publisherId),
                    () -> session.connection.broker.publish(topic, request, publisherId).messageId());
        }

        @Override
        public void deleteMessage(QueueName queue, String receiptHandle) {
            route(Action.CONSUME, queue, w -> {
                w.deleteMessage(queue, receiptHandle);
                return null;
            }, () -> {
                session.connection.broker.deleteMessage(queue, receiptHandle);
                return null;
            });
        }

        @Override
        public void deleteMessageIfCurrent(QueueName queue, String receiptHandle) {
            route(Action.CONSUME, queue, w -> {
                w.deleteMessageIfCurrent(queue, receiptHandle);
                return null;
            }, () -> {
                session.connection.broker.deleteMessage(queue, receiptHandle);
                return null;
            });
        }

        @Override
        public void changeMessageVisibility(QueueName queue, String receiptHandle, int visibilityTimeoutSeconds) {
            route(Action.CONSUME, queue, w -> {
                w.changeMessageVisibility(queue, receiptHandle, visibilityTimeoutSeconds);
                return null;
            }, () -> {
                session.connection.broker.changeMessageVisibility(queue, receiptHandle, visibilityTimeoutSeconds);
                return null;
            });
        }

        @Override
        public int size() {
            JaqsXAResource.Branch b = xa.current();
            return b == null ? 0 : b.work.size();
        }

        @Override
        public void commit() {
            // the transaction manager commits through the XAResource
        }

        @Override
        public void rollback() {
            // the transaction manager rolls back through the XAResource
        }
    }
}
