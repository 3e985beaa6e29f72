package io.jaqs.ra;

import io.jaqs.jms.JaqsXAConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.SecurityException;
import jakarta.resource.spi.security.GenericCredential;
import jakarta.resource.spi.security.PasswordCredential;
import java.io.PrintWriter;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * Outbound: creates the {@link JaqsManagedConnection}s a container pools and enlists in its
 * transactions, and the connection factory applications look up ({@link JaqsRaConnectionFactory},
 * a {@link jakarta.jms.ConnectionFactory}). Its settings are {@link JaqsConfig}'s; those left unset
 * come from the resource adapter's. Transaction support: XA (a LocalTransaction is offered too).
 */
public class JaqsManagedConnectionFactory extends JaqsConfig
        implements ManagedConnectionFactory, ResourceAdapterAssociation, TransactionSupport {
    private static final long serialVersionUID = 1L;

    private transient JaqsResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;
    private transient volatile JaqsXAConnectionFactory factory;

    @Override
    public Object createConnectionFactory(ConnectionManager cxManager) throws ResourceException {
        factory(); // bad settings fail at deployment, not at the first use
        return new JaqsRaConnectionFactory(this, cxManager);
    }

    /** Non-managed use (no application server): connections are opened on demand, with no pool or JTA. */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        return createConnectionFactory(new JaqsConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        return new JaqsManagedConnection(this, credentials(subject, info));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connectionSet, Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        Credentials wanted = credentials(subject, info);
        for (Object o : connectionSet) {
            if (o instanceof JaqsManagedConnection mc && mc.mcf == this && mc.credentials.equals(wanted)
                    && mc.isUsable()) {
                return mc;
            }
        }
        return null;
    }

    /**
     * Who the connection is for. The container's Subject (container-managed sign-on) first: its
     * PasswordCredential for this factory (the password is checked), else its one principal, the
     * caller the container authenticated (no password: the container vouches for it). A Subject
     * with several principals or a GenericCredential is refused; an empty one names no caller. Then
     * the application's user and password, else the factory's defaults.
     *
     * @throws SecurityException for a Subject Jaqs cannot map onto one user
     */
    Credentials credentials(Subject subject, ConnectionRequestInfo info) throws SecurityException {
        if (subject != null) {
            for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
                if (pc.getManagedConnectionFactory() == null || pc.getManagedConnectionFactory().equals(this)) {
                    return new Credentials(pc.getUserName(), pc.getPassword() == null ? null : new String(pc.getPassword()), false);
                }
            }
            Credentials caller = containerCaller(subject);
            if (caller != null) {
                return caller;
            }
        }
        if (info instanceof JaqsConnectionRequestInfo r && (r.user != null || r.password != null)) {
            return new Credentials(r.user, r.password, false);
        }
        JaqsConfig ra = resourceAdapter;
        String user = getUser() != null ? getUser() : ra == null ? null : ra.getUser();
        String password = getPassword() != null ? getPassword() : ra == null ? null : ra.getPassword();
        return new Credentials(user, password, false);
    }

    /** The caller principal of a Subject without a PasswordCredential for this factory; null for an empty Subject. */
    private static Credentials containerCaller(Subject subject) throws SecurityException {
        if (!subject.getPrivateCredentials(GenericCredential.class).isEmpty()
                || !subject.getPublicCredentials(GenericCredential.class).isEmpty()) {
            throw new SecurityException("The container's Subject carries a GenericCredential, which Jaqs does not support: Jaqs"
                    + " needs a PasswordCredential for its connection factory or exactly one principal (the authenticated caller)");
        }
        Set<Principal> principals = subject.getPrincipals();
        if (principals.isEmpty()) {
            return null;
        }
        if (principals.size() > 1) {
            throw new SecurityException("The container's Subject has " + principals.size() + " principals: Jaqs needs a PasswordCredential"
                    + " for its connection factory or exactly one principal (the authenticated caller) to know which user to act as");
        }
        return new Credentials(principals.iterator().next().getName(), null, true);
    }

    /** The provider factory with this MCF's settings over the resource adapter's. */
    JaqsXAConnectionFactory factory() throws ResourceException {
        JaqsXAConnectionFactory f = factory;
        if (f == null) {
            try {
                f = toFactory(resourceAdapter);
            } catch (IllegalArgumentException e) {
                throw new InvalidPropertyException("Invalid Jaqs connection factory setting: " + e.getMessage(), e);
            }
            JaqsResourceAdapter ra = resourceAdapter;
            if (ra != null) {
                try {
                    ra.register(f); // the adapter's configured queues; its stop() closes the store if this opened it
                } catch (jakarta.jms.JMSException e) {
                    throw new jakarta.resource.spi.ResourceAdapterInternalException("Cannot open the Jaqs store of this connection factory: "
                            + e.getMessage(), e);
                }
            }
            factory = f;
        }
        return f;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof JaqsResourceAdapter j)) {
            throw new jakarta.resource.spi.ResourceAdapterInternalException(
                    "A Jaqs managed connection factory needs the Jaqs resource adapter, not " + ra);
        }
        this.resourceAdapter = j;
        this.factory = null;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.XATransaction;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JaqsManagedConnectionFactory m && m.resourceAdapter == resourceAdapter && sameSettings(m);
    }

    @Override
    public int hashCode() {
        return settingsHash();
    }

    /**
     * A user name and password (either may be null), or a caller the container authenticated
     * ({@code containerCaller}: no password, the user is trusted as the container passed it).
     */
    record Credentials(String user, String password, boolean containerCaller) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Credentials c && Objects.equals(user, c.user) && Objects.equals(password, c.password)
                    && containerCaller == c.containerCaller;
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(user);
        }

        @Override
        public String toString() {
            return "Credentials[" + user + (containerCaller ? ", container caller" : "") + "]";
        }
    }
}
