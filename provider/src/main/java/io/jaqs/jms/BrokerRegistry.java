package io.jaqs.jms;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.jdbc.JdbcQueueStore;
import io.jaqs.broker.store.Durability;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One broker core per store URL in a JVM: every factory naming the same URL shares it, as the
 * messages they exchange live in that one store. Brokers stay open for the life of the JVM (a
 * queue outlives the connections that use it) and are closed by a shutdown hook or {@link #shutdown}.
 */
public final class BrokerRegistry {
    private static final Map<String, JaqsBroker> BROKERS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BrokerRegistry::shutdownAll, "jaqs-shutdown"));
    }

    private BrokerRegistry() {
    }

    static JaqsBroker broker(String url, String user, String password, Durability durability, Clock clock) {
        return BROKERS.computeIfAbsent(url, u -> new JaqsBroker(
                JdbcQueueStore.open(u, user, password, durability, 4),
                BrokerConfig.withClock(clock == null ? Clock.systemUTC() : clock)));
    }

    /** Closes the broker of a store URL (its store is released; the next factory use reopens it). */
    public static void shutdown(String url) {
        JaqsBroker b = BROKERS.remove(url);
        if (b != null) {
            b.close();
            StoreFailures.forget(b);
        }
    }

    public static void shutdownAll() {
        for (String url : BROKERS.keySet()) {
            shutdown(url);
        }
    }
}
