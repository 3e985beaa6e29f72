package io.jaqs.jms;

import io.jaqs.broker.BrokerTransaction;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.jms.message.JaqsMessage;
import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;
import java.util.Map;
import javax.transaction.xa.XAResource;

/**
 * A session whose work is part of the global (XA) transaction its {@link JaqsXAResource} is
 * associated with: sends and the deletes of the messages it delivers go into the transaction
 * branch and are applied when the transaction manager commits. Outside a global transaction the
 * session behaves like an AUTO_ACKNOWLEDGE one (JMS 2.0, 8.1): sends are applied at once and a
 * delivered message is acknowledged as it is handed to the application. {@link #commit()} and
 * {@link #rollback()} belong to the transaction manager and throw {@link TransactionInProgressException}.
 */
public class JaqsXASession extends JaqsSession implements XASession, XAQueueSession, XATopicSession {
    private final JaqsXAResource resource;
    private volatile JaqsXAResource.Branch current;
    /** Routes the session's transactional sends to the current branch, or applies them at once. */
    private final BrokerTransaction router = new Router();

    JaqsXASession(JaqsConnection connection) {
        super(connection, SESSION_TRANSACTED, Domain.ANY);
        this.resource = new JaqsXAResource(this, connection.context);
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    @Override
    public Session getSession() throws JMSException {
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        return this;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        super.getTransacted(); // checks that the session is open
        return true;
    }

    @Override
    public void commit() throws JMSException {
        throw new TransactionInProgressException("An XASession is committed by its transaction manager, not by commit()");
    }

    @Override
    public void rollback() throws JMSException {
        throw new TransactionInProgressException("An XASession is rolled back by its transaction manager, not by rollback()");
    }

    // ---------------------------------------------------------------- association (called by the resource)

    JaqsXAResource.Branch current() {
        return current;
    }

    void associate(JaqsXAResource.Branch branch) {
        current = branch;
    }

    int redeliveryDelaySeconds() {
        return connection.factory.getRedeliveryDelaySeconds();
    }

    // ---------------------------------------------------------------- the session's hooks

    @Override
    BrokerTransaction transaction() {
        return router;
    }

    @Override
    void delivered(String queueUrl, JaqsMessage m) throws JMSException {
        JaqsXAResource.Branch b = current;
        try {
            if (b == null) {
                connection.broker.deleteMessage(queueUrl, m.getReceiptHandle()); // AUTO_ACKNOWLEDGE
                return;
            }
            synchronized (b) {
                b.work.deleteMessage(queueUrl, m.getReceiptHandle());
                b.delivered.add(Map.entry(this, new Delivered(queueUrl, m.getReceiptHandle(), m)));
            }
        } catch (RuntimeException e) {
            throw JmsExceptions.of(e);
        }
    }

    /** The session's view of "its transaction": the current branch, or none (applied at once). */
    private final class Router implements BrokerTransaction {
        @Override
        public String sendMessage(String queue, SendMessageRequest request) {
            JaqsXAResource.Branch b = current;
            if (b == null) {
                return connection.broker.sendMessage(queue, request).messageId();
            }
            synchronized (b) {
                return b.work.sendMessage(queue, request);
            }
        }

        @Override
        public String publish(String topic, SendMessageRequest request, String publisherId) {
            JaqsXAResource.Branch b = current;
            if (b == null) {
                return connection.broker.publish(topic, request, publisherId).messageId();
            }
            synchronized (b) {
                return b.work.publish(topic, request, publisherId);
            }
        }

        @Override
        public void deleteMessage(String queue, String receiptHandle) {
            JaqsXAResource.Branch b = current;
            if (b == null) {
                connection.broker.deleteMessage(queue, receiptHandle);
                return;
            }
            synchronized (b) {
                b.work.deleteMessage(queue, receiptHandle);
            }
        }

        @Override
        public void deleteMessageIfCurrent(String queue, String receiptHandle) {
            JaqsXAResource.Branch b = current;
            if (b == null) {
                connection.broker.deleteMessage(queue, receiptHandle);
                return;
            }
            synchronized (b) {
                b.work.deleteMessageIfCurrent(queue, receiptHandle);
            }
        }

        @Override
        public void changeMessageVisibility(String queue, String receiptHandle, int visibilityTimeoutSeconds) {
            JaqsXAResource.Branch b = current;
            if (b == null) {
                connection.broker.changeMessageVisibility(queue, receiptHandle, visibilityTimeoutSeconds);
                return;
            }
            synchronized (b) {
                b.work.changeMessageVisibility(queue, receiptHandle, visibilityTimeoutSeconds);
            }
        }

        @Override
        public int size() {
            JaqsXAResource.Branch b = current;
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
