package io.jaqs.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import javax.transaction.xa.XAResource;

/**
 * The simplified API over one {@link JaqsXASession}: its work joins the global transaction its
 * XAResource is enlisted in; {@code commit()} and {@code rollback()} throw
 * {@link jakarta.jms.TransactionInProgressRuntimeException}; outside a global transaction it acts
 * as AUTO_ACKNOWLEDGE.
 */
public class JaqsXAJMSContext extends JaqsJMSContext implements XAJMSContext {
    private final JaqsXAConnection xaConnection;
    private JaqsXASession xaSession;

    JaqsXAJMSContext(JaqsXAConnection connection) {
        super(connection, SESSION_TRANSACTED, true);
        this.xaConnection = connection;
    }

    @Override
    synchronized JaqsSession session() {
        getSessionMode(); // fails once the context is closed
        if (xaSession == null) {
            try {
                xaSession = (JaqsXASession) xaConnection.createXASession();
            } catch (JMSException e) {
                throw JmsExceptions.runtime(e);
            }
        }
        return xaSession;
    }

    @Override
    public JMSContext getContext() {
        getSessionMode();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return ((JaqsXASession) session()).getXAResource();
    }

    /**
     * The XASession behind this context (created on first use); its {@link #getXAResource()} is this
     * context's. The resource adapter hands it out as the Session of a Connection handle, so that
     * the classic and the simplified API share one transaction branch per managed connection.
     */
    public XASession getXASession() {
        return (XASession) session();
    }

    @Override
    public boolean getTransacted() {
        return true;
    }
}
