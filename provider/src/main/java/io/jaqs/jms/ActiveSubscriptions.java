package io.jaqs.jms;

import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.Subscription;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumers open on named subscriptions in this JVM, per broker. JMS rules that need them: an
 * unshared durable subscription has at most one active consumer; a subscription with an active
 * consumer cannot be unsubscribed or replaced; a shared non-durable subscription is deleted when
 * its last consumer closes.
 */
final class ActiveSubscriptions {
    private static final Map<JaqsBroker, Map<String, Integer>> ACTIVE = new ConcurrentHashMap<>();

    private ActiveSubscriptions() {
    }

    static String key(String clientId, boolean durable, String name) {
        return (clientId == null ? "" : clientId) + "\u0000" + durable + "\u0000" + name;
    }

    static String key(Subscription s) {
        return key(s.clientId(), s.kind().durable(), s.name());
    }

    private static Map<String, Integer> of(JaqsBroker broker) {
        return ACTIVE.computeIfAbsent(broker, b -> new ConcurrentHashMap<>());
    }

    static int count(JaqsBroker broker, String key) {
        return of(broker).getOrDefault(key, 0);
    }

    static void opened(JaqsBroker broker, String key) {
        of(broker).merge(key, 1, Integer::sum);
    }

    /** @return consumers still open on the subscription after this one closed */
    static int closed(JaqsBroker broker, String key) {
        Integer left = of(broker).computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        return left == null ? 0 : left;
    }
}
