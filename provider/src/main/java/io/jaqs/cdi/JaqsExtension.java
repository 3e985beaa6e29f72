package io.jaqs.cdi;

import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.JaqsXAConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.jms.JMSContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CDI portable extension for Jaqs (registered in META-INF/services).
 *
 * <h2>Injection</h2>
 * {@code @Inject ConnectionFactory} and {@code @Inject JMSContext}, with the Jakarta Messaging
 * annotations {@code @JMSConnectionFactory("name")}, {@code @JMSSessionMode} and
 * {@code @JMSPasswordCredential} read from the injection point. Configuration: {@link JaqsConfig}.
 *
 * <h2>Scope of the injected JMSContext</h2>
 * The injected object is a container-managed proxy ({@code close()}, {@code commit()},
 * {@code rollback()}, {@code recover()}, {@code stop()}, {@code setClientID()},
 * {@code setExceptionListener()}, {@code setAutoStart()} throw IllegalStateRuntimeException). Each
 * call goes to the real context of the current scope, per (factory, session mode, credentials):
 * <ol>
 *   <li>an active JTA transaction: one XAJMSContext per transaction, its XAResource enlisted,
 *       closed after completion (session mode ignored, as in Jakarta EE). The TransactionManager is
 *       a CDI bean of type {@code jakarta.transaction.TransactionManager} the application provides,
 *       else the {@code jaqs.jta.transactionManager} property ({@code Class#staticMethod});</li>
 *   <li>else an active CDI request context: one context per request, closed when it ends;</li>
 *   <li>else (Weld SE has no request around plain code) one context per thread, closed when the
 *       container shuts down (or, for a thread that has ended, when another thread first needs one). Long-lived applications creating many threads outside requests
 *       should activate a request context (RequestContextController or {@code @ActivateRequestContext}).</li>
 * </ol>
 *
 * <h2>Listeners</h2>
 * {@link JaqsListener} methods of managed beans are found at ProcessManagedBean (a bad
 * {@code concurrency}, or {@code transacted} without a TransactionManager, fails the deployment);
 * their consumers are started on {@code @Initialized(ApplicationScoped.class)} ({@code min} of
 * {@code concurrency}; the pool then follows the backlog between min and max) and closed on
 * {@code @BeforeDestroyed(ApplicationScoped.class)}, after the deliveries under way end. Every
 * invocation runs in a request context of its own; a transacted one in a JTA transaction.
 */
public class JaqsExtension implements Extension {
    private static final Logger LOG = Logger.getLogger(JaqsExtension.class.getName());
    private volatile JaqsConfig config;
    private volatile BeanManager beanManager;
    private volatile TxContexts tx;
    private final Map<String, JaqsConnectionFactory> factories = new ConcurrentHashMap<>();
    private final Map<String, JaqsXAConnectionFactory> xaFactories = new ConcurrentHashMap<>();
    private final Map<Thread, Map<ContextKey, JMSContext>> threadContexts = new ConcurrentHashMap<>();
    private final List<ListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();

    /** The listener endpoints found (tests and diagnostics). */
    List<ListenerEndpoint> endpoints() {
        return endpoints;
    }

    void beforeBeanDiscovery(@Observes BeforeBeanDiscovery bbd) {
        config = JaqsConfig.load();
        bbd.addAnnotatedType(JaqsProducers.class, JaqsProducers.class.getName());
        bbd.addAnnotatedType(RequestContexts.class, RequestContexts.class.getName());
        if (classPresent("org.eclipse.microprofile.health.HealthCheck")) {
            // by name: this class must not link the Health API when it is absent
            try {
                Class<?> check = Class.forName("io.jaqs.cdi.health.JaqsHealthCheck", false, JaqsExtension.class.getClassLoader());
                bbd.addAnnotatedType(check, check.getName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    <T> void findListeners(@Observes ProcessManagedBean<T> pmb) {
        for (AnnotatedMethod<? super T> m : pmb.getAnnotatedBeanClass().getMethods()) {
            JaqsListener l = m.getAnnotation(JaqsListener.class);
            if (l != null) {
                try {
                    endpoints.add(new ListenerEndpoint(pmb.getBean(), m.getJavaMember(), l));
                } catch (RuntimeException e) {
                    pmb.addDefinitionError(e);
                }
            }
        }
    }

    void afterDeploymentValidation(@Observes AfterDeploymentValidation adv, BeanManager bm) {
        beanManager = bm;
        if (classPresent("jakarta.transaction.TransactionManager")) {
            try {
                tx = JtaContexts.create(bm, config, this);
            } catch (RuntimeException e) {
                adv.addDeploymentProblem(e);
            }
        }
        for (ListenerEndpoint e : endpoints) {
            if (e.listener.transacted() && tx == null) {
                adv.addDeploymentProblem(new IllegalStateException("@JaqsListener(transacted = true) on " + e.method
                        + " needs a JTA TransactionManager: provide a CDI bean of type jakarta.transaction.TransactionManager"
                        + " or set jaqs.jta.transactionManager"));
            }
        }
        if (!endpoints.isEmpty()) {
            try {
                config().intValue("jaqs.listener.scaleIntervalMillis", 1000, 1);
                config().intValue("jaqs.listener.idleIntervals", 5, 1);
            } catch (IllegalArgumentException e) {
                adv.addDeploymentProblem(e);
            }
        }
    }

    void startListeners(@Observes @Initialized(ApplicationScoped.class) Object event, BeanManager bm) {
        for (ListenerEndpoint e : endpoints) {
            try {
                e.start(this, bm, tx);
            } catch (Exception ex) {
                stopListeners(null);
                throw new IllegalStateException("cannot start @JaqsListener " + e.method + ": " + ex, ex);
            }
        }
    }

    void stopListeners(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        for (ListenerEndpoint e : endpoints) {
            e.stop();
        }
    }

    void beforeShutdown(@Observes BeforeShutdown event) {
        stopListeners(null);
        for (Map<ContextKey, JMSContext> m : threadContexts.values()) {
            m.values().forEach(JaqsExtension::closeQuietly);
        }
        threadContexts.clear();
    }

    JaqsConfig config() {
        JaqsConfig c = config;
        if (c == null) {
            config = c = JaqsConfig.load();
        }
        return c;
    }

    /** The (cached) factory of this name, "" for the default. */
    public JaqsConnectionFactory factory(String name) {
        return factories.computeIfAbsent(name, n -> configure(new JaqsConnectionFactory(config().url(n)), n));
    }

    JaqsXAConnectionFactory xaFactory(String name) {
        return xaFactories.computeIfAbsent(name, n -> configure(new JaqsXAConnectionFactory(config().url(n)), n));
    }

    private <F extends JaqsConnectionFactory> F configure(F f, String name) {
        String user = config().user(name);
        if (user != null) {
            f.setUser(user);
            f.setPassword(config().password(name));
        }
        config().applyStore(f, name);
        config().applyRedelivery(f, name);
        return f;
    }

    /** A new real context for this key (the request and thread scopes). */
    JMSContext createContext(ContextKey key) {
        JaqsConnectionFactory f = factory(key.factory());
        return key.user() == null ? f.createContext(key.sessionMode())
                : f.createContext(key.user(), key.password(), key.sessionMode());
    }

    /** The real context of the current scope for this key. */
    JMSContext context(ContextKey key) {
        TxContexts t = tx;
        if (t != null) {
            JMSContext c = t.context(key);
            if (c != null) {
                return c;
            }
        }
        if (requestActive()) {
            return beanManager.createInstance().select(RequestContexts.class).get().get(key);
        }
        Map<ContextKey, JMSContext> mine = threadContexts.get(Thread.currentThread());
        if (mine == null) {
            closeContextsOfDeadThreads();
            mine = threadContexts.computeIfAbsent(Thread.currentThread(), th -> new ConcurrentHashMap<>());
        }
        return mine.computeIfAbsent(key, this::createContext);
    }

    private void closeContextsOfDeadThreads() {
        threadContexts.entrySet().removeIf(e -> {
            if (e.getKey().isAlive()) {
                return false;
            }
            e.getValue().values().forEach(JaqsExtension::closeQuietly);
            return true;
        });
    }

    private boolean requestActive() {
        BeanManager bm = beanManager;
        if (bm == null) {
            return false;
        }
        try {
            return bm.getContext(RequestScoped.class).isActive();
        } catch (ContextNotActiveException e) {
            return false;
        }
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, JaqsExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing " + c, e);
        }
    }
}
