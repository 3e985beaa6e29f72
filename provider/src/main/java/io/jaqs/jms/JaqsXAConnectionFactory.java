package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityRuntimeException;
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

    /** The one class allowed through {@link #createXAContextForContainerCaller}: the resource adapter's managed connection. */
    private static final String CONTAINER_SEAM_CALLER = "io.jaqs.ra.JaqsManagedConnection";

    /**
     * The container seam, for the Jaqs resource adapter only: an XA context acting as a user the
     * application server has already authenticated (container-managed sign-on passing the caller
     * principal and no password), so no password is checked here. The user's roles are the
     * configured ones. Any other caller is refused: a plain JMS client cannot name a user without
     * its password. (This is a guard against misuse, not a boundary against code in the same JVM,
     * which could open the store itself.)
     *
     * @throws JMSSecurityRuntimeException when called from anywhere but the resource adapter, or for no user
     */
    public XAJMSContext createXAContextForContainerCaller(String user) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        if (!CONTAINER_SEAM_CALLER.equals(caller.getName())) {
            throw new JMSSecurityRuntimeException("A connection for an already authenticated caller can be opened only by the Jaqs"
                    + " resource adapter (container-managed sign-on), not by " + caller.getName());
        }
        if (user == null || user.isBlank()) {
            throw new JMSSecurityRuntimeException("A container caller must have a user name");
        }
        try {
            securityPolicy(); // an invalid security configuration fails here as it does for a password login
        } catch (IllegalArgumentException e) {
            throw new JMSSecurityRuntimeException("The security configuration is invalid: " + e.getMessage(), null, e);
        }
        try {
            return new JaqsXAJMSContext(new JaqsXAConnection(this, context(), getClientID(), user));
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
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
