package io.jaqs.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import java.io.Serializable;

/**
 * The connection manager of non-managed use ({@link JaqsManagedConnectionFactory#createConnectionFactory()}
 * outside an application server): each allocation opens a managed connection, and closing its handle
 * destroys it. No pooling and no JTA: outside a global transaction a session acknowledges what it
 * receives at once and applies sends at once (see {@link JaqsManagedConnection}).
 */
public class JaqsConnectionManager implements ConnectionManager, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection mc = mcf.createManagedConnection(null, info);
        mc.addConnectionEventListener(new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                destroy(mc);
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
                destroy(mc);
            }

            @Override
            public void localTransactionStarted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionCommitted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionRolledback(ConnectionEvent event) {
            }
        });
        try {
            return mc.getConnection(null, info);
        } catch (ResourceException | RuntimeException e) {
            destroy(mc);
            throw e;
        }
    }

    private static void destroy(ManagedConnection mc) {
        try {
            mc.destroy();
        } catch (ResourceException e) {
            // already closed or broken: nothing more to release
        }
    }
}
