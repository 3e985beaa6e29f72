package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;

/**
 * The connection factory for XA (JTA) use: {@link XAConnection}s whose {@link jakarta.jms.XASession}s
 * enlist in a transaction manager's transactions through their XAResource. It is a normal
 * {@link JaqsConnectionFactory} too, configured the same way (store URL, credentials, defaults).
 * Transactions prepared and not yet decided survive a crash in the store; a transaction manager's
 * recovery finds them with {@link javax.transaction.xa.XAResource#recover(int)} on any XA session of
 * a factory naming the same store.
 */
public class JaqsXAConnectionFactory extends JaqsConnectionFactory
        implements XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory {
    private static final long serialVersionUID = 1L;

    public JaqsXAConnectionFactory() {
    }

    public JaqsXAConnectionFactory(String url) {
        super(url);
    }

    @Override
    public XAConnection createXAConnection() throws JMSException {
        return createXAConnection(getUser(), getPassword());
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        String authenticated = authenticate(userName, password);
        JaqsXAConnection c = new JaqsXAConnection(this, context(), getClientID(), authenticated);
        return c;
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return (XAQueueConnection) createXAConnection();
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return (XAQueueConnection) createXAConnection(userName, password);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return (XATopicConnection) createXAConnection();
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return (XATopicConnection) createXAConnection(userName, password);
    }

    @Override
    public XAJMSContext createXAContext() {
        return createXAContext(getUser(), getPassword());
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        try {
            return new JaqsXAJMSContext((JaqsXAConnection) createXAConnection(userName, password));
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        } catch (RuntimeException e) {
            throw e instanceof JMSRuntimeException r ? r : JmsExceptions.runtime(JmsExceptions.of(e));
        }
    }
}
