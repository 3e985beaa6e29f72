package crashprobe;

import jakarta.transaction.TransactionManager;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.transaction.xa.XAResource;

/** Enlists a resource in the current container transaction, through the server's own TransactionManager. */
final class Transactions {
    private Transactions() {
    }

    static void enlist(XAResource resource) {
        try {
            if (!transactionManager().getTransaction().enlistResource(resource)) {
                throw new IllegalStateException("the transaction manager refused " + resource);
            }
        } catch (jakarta.transaction.RollbackException | jakarta.transaction.SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GlassFish and WildFly bind it in JNDI; Open Liberty gives it through its transaction API (ibm-api, visible to applications). */
    private static TransactionManager transactionManager() {
        for (String name : List.of("java:appserver/TransactionManager", "java:jboss/TransactionManager")) {
            try {
                return (TransactionManager) new InitialContext().lookup(name);
            } catch (NamingException e) {
                // not this server
            }
        }
        try {
            return (TransactionManager) Class.forName("com.ibm.tx.jta.TransactionManagerFactory")
                    .getMethod("getTransactionManager").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no TransactionManager found in this server", e);
        }
    }
}
