package io.jaqs.cdi;

import jakarta.jms.JMSContext;

/** The JTA-scoped contexts; an interface so that the extension loads without the JTA API present. */
interface TxContexts {
    /** The context of the active transaction for this key, created and enlisted on first use; null when no transaction is active. */
    JMSContext context(ContextKey key);
}
