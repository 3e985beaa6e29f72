package io.jaqs.cdi;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.XAJMSContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.transaction.xa.XAResource;

/**
 * One XAJMSContext per (transaction, context key): created on first use inside the transaction,
 * its XAResource enlisted in it, closed when the transaction completes.
 */
final class JtaContexts implements TxContexts {
    private final Supplier<TransactionManager> tm;
    private final JaqsExtension extension;
    private final Map<Transaction, Map<ContextKey, XAJMSContext>> byTx = new ConcurrentHashMap<>();

    private JtaContexts(Supplier<TransactionManager> tm, JaqsExtension extension) {
        this.tm = tm;
        this.extension = extension;
    }

    /** The JTA scope, or null when there is no TransactionManager (no CDI bean, no configured lookup). */
    static TxContexts create(BeanManager bm, JaqsConfig config, JaqsExtension extension) {
        if (!bm.getBeans(TransactionManager.class).isEmpty()) {
            Instance<TransactionManager> instance = bm.createInstance().select(TransactionManager.class);
            return new JtaContexts(instance::get, extension);
        }
        String lookup = config.get("jaqs.jta.transactionManager");
        if (lookup == null || lookup.isBlank()) {
            return null;
        }
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            int hash = lookup.indexOf('#');
            Class<?> type = Class.forName(hash < 0 ? lookup : lookup.substring(0, hash), true,
                    cl == null ? JtaContexts.class.getClassLoader() : cl);
            TransactionManager found = (TransactionManager) (hash < 0
                    ? type.getConstructor().newInstance()
                    : type.getMethod(lookup.substring(hash + 1)).invoke(null));
            return new JtaContexts(() -> found, extension);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("jaqs.jta.transactionManager=" + lookup + ": " + e, e);
        }
    }

    @Override
    public JMSContext context(ContextKey key) {
        try {
            Transaction tx = tm.get().getTransaction();
            if (tx == null || tx.getStatus() != Status.STATUS_ACTIVE) {
                return null;
            }
            Map<ContextKey, XAJMSContext> contexts = byTx.get(tx);
            if (contexts == null) {
                contexts = new ConcurrentHashMap<>();
                byTx.put(tx, contexts);
                tx.registerSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        Map<ContextKey, XAJMSContext> done = byTx.remove(tx);
                        if (done != null) {
                            done.values().forEach(JaqsExtension::closeQuietly);
                        }
                    }
                });
            }
            XAJMSContext ctx = contexts.get(key);
            if (ctx == null) {
                ctx = extension.xaFactory(key.factory()).createXAContext(key.user(), key.password());
                if (!tx.enlistResource(ctx.getXAResource())) {
                    JaqsExtension.closeQuietly(ctx);
                    throw new JMSRuntimeException("the transaction refused the Jaqs XAResource");
                }
                contexts.put(key, ctx);
            }
            return ctx;
        } catch (SystemException | jakarta.transaction.RollbackException e) {
            JMSRuntimeException x = new JMSRuntimeException("cannot join the JTA transaction: " + e);
            x.initCause(e);
            throw x;
        }
    }

    @Override
    public <T> T inTransaction(XAResource resource, Callable<T> work) throws Exception {
        TransactionManager m = tm.get();
        m.begin();
        T result;
        try {
            if (!m.getTransaction().enlistResource(resource)) {
                throw new JMSRuntimeException("the transaction refused the Jaqs XAResource");
            }
            result = work.call();
        } catch (Throwable e) {
            try {
                m.rollback();
            } catch (Exception rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        if (m.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
            m.rollback();
        } else {
            m.commit();
        }
        return result;
    }
}
