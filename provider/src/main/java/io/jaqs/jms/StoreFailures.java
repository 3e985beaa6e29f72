package io.jaqs.jms;

import io.jaqs.broker.JaqsBroker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Fans the store failures of a broker out to the connections open on it (one store listener per broker). */
final class StoreFailures {
    private static final Map<JaqsBroker, Set<Consumer<Throwable>>> LISTENERS = new ConcurrentHashMap<>();

    private StoreFailures() {
    }

    static void register(JaqsBroker broker, Consumer<Throwable> listener) {
        LISTENERS.computeIfAbsent(broker, b -> {
            Set<Consumer<Throwable>> set = ConcurrentHashMap.newKeySet();
            b.store().onFailure(t -> set.forEach(l -> l.accept(t)));
            return set;
        }).add(listener);
    }

    static void unregister(JaqsBroker broker, Consumer<Throwable> listener) {
        Set<Consumer<Throwable>> set = LISTENERS.get(broker);
        if (set != null) {
            set.remove(listener);
        }
    }

    /**
     * Drops a closed broker. Its entry stays while the broker lives, even with no connection open:
     * removing it with the last connection would register one more store listener every time an
     * application (a JmsTemplate, say) opens a connection again, and the store keeps them all.
     */
    static void forget(JaqsBroker broker) {
        LISTENERS.remove(broker);
    }
}
