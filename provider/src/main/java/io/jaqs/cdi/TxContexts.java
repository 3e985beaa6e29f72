package io.jaqs.cdi;

import jakarta.jms.JMSContext;
import java.util.concurrent.Callable;
import javax.transaction.xa.XAResource;

/** The JTA side of the extension; an interface so that the extension loads without the JTA API present. */
interface TxContexts {
    /** The context of the active transaction for this key, created and enlisted on first use; null when no transaction is active. */
    JMSContext context(ContextKey key);

    /**
     * Runs {@code work} in a new JTA transaction on this thread with {@code resource} enlisted:
     * commits when it returns (rolls back when it marked the transaction rollback-only), rolls back
     * and rethrows when it throws.
     */
    <T> T inTransaction(XAResource resource, Callable<T> work) throws Exception;
}
