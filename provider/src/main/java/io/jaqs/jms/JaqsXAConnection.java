package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/** A connection that also makes {@link JaqsXASession}s; its plain sessions work as usual. */
public class JaqsXAConnection extends JaqsConnection implements XAConnection, XAQueueConnection, XATopicConnection {

    JaqsXAConnection(JaqsConnectionFactory factory, BrokerContext context, String clientId, String user) {
        super(factory, context, clientId, user);
    }

    @Override
    public XASession createXASession() throws JMSException {
        checkOpen();
        return adopt(new JaqsXASession(this));
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return (XAQueueSession) createXASession();
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return (XATopicSession) createXASession();
    }
}
