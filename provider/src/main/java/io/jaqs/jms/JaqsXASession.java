package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;
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

    JaqsXASession(JaqsConnection connection) {
        super(connection, s -> new XaTransacted((JaqsXASession) s), Domain.ANY);
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
}
