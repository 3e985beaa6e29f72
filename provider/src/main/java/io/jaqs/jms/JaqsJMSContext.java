package io.jaqs.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simplified API: one connection and one session. Contexts made with
 * {@link #createContext(int)} share the connection, which closes with the last of them.
 * Failures are the unchecked counterparts of the classic API's exceptions.
 */
public class JaqsJMSContext implements JMSContext {
    private final JaqsConnection connection;
    private final AtomicInteger connectionUsers;
    private final int sessionMode;
    private JaqsSession session;
    private boolean autoStart = true;
    private volatile boolean closed;

    JaqsJMSContext(JaqsConnection connection, int sessionMode, boolean ownsConnection) {
        this(connection, sessionMode, new AtomicInteger(1));
    }

    private JaqsJMSContext(JaqsConnection connection, int sessionMode, AtomicInteger connectionUsers) {
        checkSessionMode(sessionMode);
        this.connection = connection;
        this.sessionMode = sessionMode;
        this.connectionUsers = connectionUsers;
    }

    /** The session, created on first use (so setClientID may still be called first, JMS 6.1.2). */
    synchronized JaqsSession session() {
        checkOpen();
        if (session == null) {
            try {
                session = (JaqsSession) connection.createSession(sessionMode);
            } catch (JMSException e) {
                throw JmsExceptions.runtime(e);
            }
        }
        return session;
    }

    JaqsConnection connection() {
        return connection;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("The JMSContext is closed");
        }
    }

    static void checkSessionMode(int sessionMode) {
        if (sessionMode != SESSION_TRANSACTED && sessionMode != AUTO_ACKNOWLEDGE && sessionMode != CLIENT_ACKNOWLEDGE
                && sessionMode != DUPS_OK_ACKNOWLEDGE && sessionMode != JmsDefaults.UNORDERED_ACKNOWLEDGE) {
            throw new JMSRuntimeException("Unknown session mode " + sessionMode + ": use AUTO_ACKNOWLEDGE (1), CLIENT_ACKNOWLEDGE (2), "
                    + "DUPS_OK_ACKNOWLEDGE (3), SESSION_TRANSACTED (0) or UNORDERED_ACKNOWLEDGE (100)");
        }
    }

    /** The broker core as this context's user may use it (see {@link JaqsConnection#getBroker()}). */
    public io.jaqs.broker.Broker getBroker() {
        return connection.getBroker();
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        checkSessionMode(sessionMode); // before counting: a context that is not made must not keep the connection open
        connectionUsers.incrementAndGet();
        return new JaqsJMSContext(connection, sessionMode, connectionUsers);
    }

    @Override
    public JMSProducer createProducer() {
        return new JaqsJMSProducer(this);
    }

    @Override
    public String getClientID() {
        checkOpen();
        try {
            return connection.getClientID();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        try {
            connection.setClientID(clientID);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        try {
            return connection.getMetaData();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        try {
            return connection.getExceptionListener();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        try {
            connection.setExceptionListener(listener);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void start() {
        checkOpen();
        try {
            connection.start();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void stop() {
        checkOpen();
        try {
            connection.stop();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            JaqsSession s;
            synchronized (this) {
                s = session;
            }
            if (s != null) {
                if (JaqsSession.inListenerOf(s)) {
                    throw new IllegalStateRuntimeException("A MessageListener must not close its own JMSContext");
                }
                s.close();
            }
            closed = true;
            if (connectionUsers.decrementAndGet() == 0) {
                connection.close();
            }
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    // ---- messages

    @Override
    public BytesMessage createBytesMessage() {
        try {
            return session().createBytesMessage();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public MapMessage createMapMessage() {
        try {
            return session().createMapMessage();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public Message createMessage() {
        try {
            return session().createMessage();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public ObjectMessage createObjectMessage() {
        try {
            return session().createObjectMessage();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        try {
            return session().createObjectMessage(object);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public StreamMessage createStreamMessage() {
        try {
            return session().createStreamMessage();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public TextMessage createTextMessage() {
        try {
            return session().createTextMessage();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public TextMessage createTextMessage(String text) {
        try {
            return session().createTextMessage(text);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    // ---- session operations

    @Override
    public boolean getTransacted() {
        return sessionMode == SESSION_TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        checkOpen();
        return sessionMode;
    }

    @Override
    public void commit() {
        try {
            session().commit();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void rollback() {
        try {
            session().rollback();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void recover() {
        try {
            session().recover();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void acknowledge() {
        checkOpen();
        JaqsSession s = session();
        if (sessionMode == CLIENT_ACKNOWLEDGE || sessionMode == JmsDefaults.UNORDERED_ACKNOWLEDGE) {
            try {
                s.acknowledge(null);
            } catch (JMSException e) {
                throw JmsExceptions.runtime(e);
            }
        }
    }

    // ---- consumers

    private JMSConsumer consumer(ConsumerFactory f) {
        try {
            JaqsMessageConsumer c = f.create(session());
            if (autoStart) {
                connection.start();
            }
            return new JaqsJMSConsumer(c);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    private interface ConsumerFactory {
        JaqsMessageConsumer create(Session s) throws JMSException;
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(s -> (JaqsMessageConsumer) s.createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(s -> (JaqsMessageConsumer) s.createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(s -> (JaqsMessageConsumer) s.createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(s -> (JaqsMessageConsumer) s.createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(s -> (JaqsMessageConsumer) s.createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(s -> (JaqsMessageConsumer) s.createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(s -> (JaqsMessageConsumer) s.createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(s -> (JaqsMessageConsumer) s.createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(s -> (JaqsMessageConsumer) s.createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        try {
            return session().createBrowser(queue);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        try {
            return session().createBrowser(queue, messageSelector);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public Queue createQueue(String queueName) {
        try {
            return session().createQueue(queueName);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public Topic createTopic(String topicName) {
        try {
            return session().createTopic(topicName);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        try {
            return session().createTemporaryQueue();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        try {
            return session().createTemporaryTopic();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void unsubscribe(String name) {
        try {
            session().unsubscribe(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }
}
