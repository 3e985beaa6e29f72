package io.jaqs.ra;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import java.io.Serializable;
import javax.naming.Reference;

/**
 * The connection factory an application looks up. Connections and contexts come from the
 * container's {@link ConnectionManager}: pooled {@link JaqsManagedConnection}s enlisted in the
 * caller's JTA transaction. Session modes passed to {@code createSession}/{@code createContext} are
 * ignored (JMS 3.1, 12.3): in a transaction the work is the transaction's, outside one it is
 * auto-acknowledged.
 */
public class JaqsRaConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Serializable, jakarta.resource.Referenceable {
    private static final long serialVersionUID = 1L;

    private final JaqsManagedConnectionFactory mcf;
    private final ConnectionManager manager;
    private Reference reference;

    JaqsRaConnectionFactory(JaqsManagedConnectionFactory mcf, ConnectionManager manager) {
        this.mcf = mcf;
        this.manager = manager;
    }

    /** The managed connection factory behind this factory (the container configured it). */
    JaqsManagedConnectionFactory managedConnectionFactory() {
        return mcf;
    }

    private Object allocate(JaqsConnectionRequestInfo.Kind kind, String user, String password) throws JMSException {
        try {
            Object handle = manager.allocateConnection(mcf, new JaqsConnectionRequestInfo(kind, user, password));
            // the container's object (its own wrapper of our handle, possibly) is both a Connection and a
            // JMSContext; a Connection view turns the unchecked exceptions of their shared methods into JMSExceptions
            return kind == JaqsConnectionRequestInfo.Kind.CONTEXT ? handle : ConnectionView.of(handle);
        } catch (jakarta.resource.spi.SecurityException e) {
            JMSSecurityException j = new JMSSecurityException(e.getMessage());
            j.setLinkedException(e);
            j.initCause(e);
            throw j;
        } catch (ResourceException e) {
            Throwable c = e.getCause();
            if (c instanceof JMSSecurityRuntimeException s) {
                JMSSecurityException j = new JMSSecurityException(s.getMessage());
                j.initCause(e);
                throw j;
            }
            throw Handle.jms("Cannot get a Jaqs connection: " + e.getMessage(), e);
        }
    }

    @Override
    public Connection createConnection() throws JMSException {
        return createConnection(null, null);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return (Connection) allocate(JaqsConnectionRequestInfo.Kind.CONNECTION, userName, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) createConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return (QueueConnection) createConnection(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) createConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return (TopicConnection) createConnection(userName, password);
    }

    @Override
    public JMSContext createContext() {
        return createContext(null, null);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        try {
            return (JMSContext) allocate(JaqsConnectionRequestInfo.Kind.CONTEXT, userName, password);
        } catch (JMSSecurityException e) {
            throw new JMSSecurityRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return createContext(userName, password); // the mode is ignored in a container (JMS 3.1, 12.3)
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(null, null);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
