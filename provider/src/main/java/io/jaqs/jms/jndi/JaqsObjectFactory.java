package io.jaqs.jms.jndi;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.JaqsDestination;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Rebuilds Jaqs objects from the {@link Reference}s they give to a JNDI service that stores
 * references rather than serialized objects (an application server's, an LDAP directory):
 * connection factories from their properties, destinations from their URI.
 */
public class JaqsObjectFactory implements ObjectFactory {
    /** Reference address of a destination: its URI ({@code queue://name}, {@code topic://name}). */
    public static final String DESTINATION_URI = "uri";

    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) throws Exception {
        if (!(obj instanceof Reference ref)) {
            return null; // JNDI convention: not ours, let another factory try
        }
        if (ref.getClassName().equals(JaqsConnectionFactory.class.getName())) {
            return FactoryProperties.fromReference(ref);
        }
        RefAddr uri = ref.get(DESTINATION_URI);
        if (uri != null && uri.getContent() != null) {
            return JaqsDestination.fromUri(uri.getContent().toString());
        }
        return null;
    }
}
