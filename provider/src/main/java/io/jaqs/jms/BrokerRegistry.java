package io.jaqs.jms;

import io.jaqs.boot.BrokerSettings;
import io.jaqs.boot.Brokers;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.MessageFilter;
import io.jaqs.jms.selector.Selector;
import jakarta.jms.JMSException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One broker core per store URL in a JVM: every factory naming the same URL shares it, as the
 * messages they exchange live in that one store. Brokers stay open for the life of the JVM (a
 * queue outlives the connections that use it) and are closed by a shutdown hook or {@link #shutdown}.
 * The hook is registered only while a broker is open: a resource adapter that closes its brokers
 * at undeploy leaves no hook behind that would run code of its discarded class loader at JVM exit.
 */
public final class BrokerRegistry {
    private static final Map<String, BrokerContext> BROKERS = new ConcurrentHashMap<>();
    /** The registered shutdown hook (null while no broker is open); guarded by the class lock. */
    private static Thread hook;

    private BrokerRegistry() {
    }

    /**
     * The broker of a store URL, opened now if no factory opened it yet (then with these settings
     * and the JMS selector language for topic subscriptions). The secrets are passed as configured
     * ({@code env:NAME}, {@code file:/path}, ...): {@link Brokers#open} reads them.
     */
    static BrokerContext broker(BrokerSettings settings) {
        BrokerContext open = BROKERS.get(settings.url());
        if (open != null) {
            return open;
        }
        synchronized (BrokerRegistry.class) { // opens are rare: the hook and the map change together
            if (hook == null) {
                hook = new Thread(BrokerRegistry::shutdownAll, "jaqs-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            try {
                return BROKERS.computeIfAbsent(settings.url(), u -> new BrokerContext(
                        Brokers.open(settings.withSubscriptionFilters(BrokerRegistry::subscriptionFilter))));
            } catch (RuntimeException e) {
                unhookIfIdle(); // a store that failed to open leaves no hook either
                throw e;
            }
        }
    }

    /** Topic subscription selectors are JMS selectors, evaluated by the core when a message is published. */
    static MessageFilter subscriptionFilter(String selector) {
        try {
            MessageFilter f = SelectorFilter.of(Selector.parse(selector));
            return f == null ? attributes -> true : f;
        } catch (JMSException e) {
            throw new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Invalid subscription selector '" + selector + "': " + e.getMessage());
        }
    }

    /** Whether a broker core is open on this store URL in this class loader (e.g. opened by another factory). */
    public static boolean isOpen(String url) {
        return BROKERS.containsKey(url);
    }

    /** Closes the broker of a store URL (its store is released; the next factory use reopens it). */
    public static void shutdown(String url) {
        BrokerContext b = BROKERS.remove(url);
        if (b != null) {
            b.broker.close();
        }
        unhookIfIdle();
    }

    /** Removes the shutdown hook once no broker is open (it is registered again by the next open). */
    private static synchronized void unhookIfIdle() {
        if (hook != null && BROKERS.isEmpty() && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (or ran) anyway
            }
            hook = null;
        }
    }

    /** Whether any broker core is open in this class loader. */
    public static boolean anyOpen() {
        return !BROKERS.isEmpty();
    }

    /** The shutdown hook now registered, null when none (tests). */
    static synchronized Thread shutdownHook() {
        return hook;
    }

    public static void shutdownAll() {
        for (String url : BROKERS.keySet()) {
            shutdown(url);
        }
    }
}
