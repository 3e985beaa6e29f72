package io.jaqs.ra;

import io.jaqs.jms.JaqsXAJMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.XASession;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.SecurityException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * One physical Jaqs connection with one XA session, pooled by the container. Its XAResource is
 * the session's: enlisted in a JTA transaction, every send and every receive of its handles is
 * part of that transaction whatever arguments the application gave createSession (JMS 3.1, 12.3);
 * outside a transaction the session acts as AUTO_ACKNOWLEDGE (receives acknowledged at once, sends
 * applied at once). Handles are {@link jakarta.jms.Connection}s (one open Session each) or
 * {@link jakarta.jms.JMSContext}s; closing one tells the container (CONNECTION_CLOSED), and a
 * failure reported by the physical connection tells it too (CONNECTION_ERROR_OCCURRED).
 */
final class JaqsManagedConnection implements ManagedConnection {
    final JaqsManagedConnectionFactory mcf;
    final JaqsManagedConnectionFactory.Credentials credentials;
    private final JaqsXAJMSContext physical;
    private final XASession session;
    private final XAResource xaResource;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Handle> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean destroyed;
    private volatile boolean broken;
    private PrintWriter logWriter;

    JaqsManagedConnection(JaqsManagedConnectionFactory mcf, JaqsManagedConnectionFactory.Credentials credentials)
            throws ResourceException {
        this.mcf = mcf;
        this.credentials = credentials;
        try {
            physical = (JaqsXAJMSContext) (credentials.containerCaller()
                    ? mcf.factory().createXAContextForContainerCaller(credentials.user())
                    : mcf.factory().createXAContext(credentials.user(), credentials.password()));
        } catch (jakarta.jms.JMSSecurityRuntimeException e) {
            throw new SecurityException(e.getMessage(), e);
        } catch (JMSRuntimeException e) {
            throw new ResourceAllocationException("Cannot open a Jaqs connection: " + e.getMessage(), e);
        }
        session = physical.getXASession();
        xaResource = physical.getXAResource();
        physical.setExceptionListener(e -> failed(e));
    }

    // ---------------------------------------------------------------- handles

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        checkUsable();
        JaqsManagedConnectionFactory.Credentials wanted = mcf.credentials(subject, info);
        if (!wanted.equals(credentials)) {
            throw new SecurityException("This managed connection belongs to " + credentials + "; re-authentication is not supported");
        }
        Handle h = new Handle(Handle.Kind.CONNECTION, this, null);
        handles.add(h);
        return h.proxy();
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        checkUsable();
        Handle h = Handle.of(connection);
        if (h == null) {
            throw new ResourceException("Not a Jaqs connection handle: " + connection);
        }
        JaqsManagedConnection old = h.owner();
        if (old != this) {
            if (old != null) {
                old.handles.remove(h);
            }
            h.reassign(this);
            handles.add(h);
        }
    }

    XASession session() {
        return session;
    }

    JaqsXAJMSContext context() {
        return physical;
    }

    /** A handle was closed by the application. */
    void closed(Handle h) {
        handles.remove(h);
        ConnectionEvent e = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        e.setConnectionHandle(h.proxy());
        for (ConnectionEventListener l : listeners) {
            l.connectionClosed(e);
        }
    }

    /** The physical connection reported a failure: the container must discard this connection. */
    void failed(Exception cause) {
        if (destroyed || broken) {
            return;
        }
        broken = true;
        log("Jaqs connection failed: " + cause);
        ConnectionEvent e = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, cause);
        for (ConnectionEventListener l : listeners) {
            l.connectionErrorOccurred(e);
        }
    }

    boolean isUsable() {
        return !destroyed && !broken;
    }

    private void checkUsable() throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("This managed connection is destroyed");
        }
        if (broken) {
            throw new jakarta.resource.spi.IllegalStateException("This managed connection failed and must be destroyed");
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Back to the pool: every handle is invalidated and what it opened (consumers, producers, browsers) is closed. */
    @Override
    public void cleanup() throws ResourceException {
        for (Handle h : handles) {
            h.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() throws ResourceException {
        if (destroyed) {
            return;
        }
        cleanup();
        destroyed = true;
        try {
            physical.close();
        } catch (JMSRuntimeException e) {
            throw new ResourceException("Closing the Jaqs connection failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public XAResource getXAResource() throws ResourceException {
        checkUsable();
        return xaResource;
    }

    /** A local transaction is a one-phase branch of the same XAResource, with an xid of its own. */
    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        checkUsable();
        return new LocalTransaction() {
            private Xid xid;

            @Override
            public synchronized void begin() throws ResourceException {
                if (xid != null) {
                    throw new LocalTransactionException("A local transaction is already active on this connection");
                }
                Xid x = LocalXid.next();
                try {
                    xaResource.start(x, XAResource.TMNOFLAGS);
                } catch (XAException e) {
                    throw local("begin", e);
                }
                xid = x;
            }

            @Override
            public synchronized void commit() throws ResourceException {
                Xid x = take();
                try {
                    xaResource.end(x, XAResource.TMSUCCESS);
                    xaResource.commit(x, true);
                } catch (XAException e) {
                    throw local("commit", e);
                }
            }

            @Override
            public synchronized void rollback() throws ResourceException {
                Xid x = take();
                try {
                    xaResource.end(x, XAResource.TMSUCCESS);
                    xaResource.rollback(x);
                } catch (XAException e) {
                    throw local("rollback", e);
                }
            }

            private Xid take() throws LocalTransactionException {
                if (xid == null) {
                    throw new LocalTransactionException("No local transaction is active on this connection");
                }
                Xid x = xid;
                xid = null;
                return x;
            }
        };
    }

    private static LocalTransactionException local(String what, XAException e) {
        LocalTransactionException l = new LocalTransactionException("Local transaction " + what + " failed: " + e.getMessage(),
                String.valueOf(e.errorCode));
        l.initCause(e);
        return l;
    }

    /** Xids of local transactions: format 0x4A41 ("JA"), a random global id. */
    record LocalXid(byte[] gtrid) implements Xid {
        static Xid next() {
            UUID u = UUID.randomUUID();
            return new LocalXid(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
        }

        @Override
        public int getFormatId() {
            return 0x4A41;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {1};
        }
    }

    // ---------------------------------------------------------------- metadata and logging

    @Override
    public ManagedConnectionMetaData getMetaData() throws ResourceException {
        String version;
        try {
            version = physical.getMetaData().getProviderVersion();
        } catch (JMSException | JMSRuntimeException e) {
            version = "unknown";
        }
        String v = version;
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Jaqs";
            }

            @Override
            public String getEISProductVersion() {
                return v;
            }

            @Override
            public int getMaxConnections() {
                return 0; // no limit
            }

            @Override
            public String getUserName() {
                return credentials.user();
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    private void log(String message) {
        PrintWriter w = logWriter;
        if (w != null) {
            w.println(message);
            w.flush();
        } else {
            System.getLogger(JaqsManagedConnection.class.getName()).log(System.Logger.Level.WARNING, message);
        }
    }

    static NotSupportedException unsupported(String what) {
        return new NotSupportedException(what);
    }
}
