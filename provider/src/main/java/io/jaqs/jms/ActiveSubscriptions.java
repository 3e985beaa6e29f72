package io.jaqs.jms;

import io.jaqs.broker.Subscription;
import java.util.HashMap;
import java.util.Map;

/**
 * The consumers open on topic subscriptions in this JVM, per broker. JMS rules that need them: an
 * unshared durable subscription has at most one active consumer; a subscription with an active
 * consumer cannot be unsubscribed or replaced; a non-durable subscription is deleted when its last
 * consumer closes.
 *
 * <p>Besides open consumers an entry counts <em>lingering</em> holders: sessions whose consumer on
 * the subscription closed while messages it delivered were still unacknowledged or part of an open
 * transaction (JMS: they stay part of it). A non-durable subscription is deleted only once both
 * counts are zero, so that a commit or acknowledge after the consumer closed still finds the messages.
 *
 * <p>Every method must be called holding the registry's monitor ({@code synchronized (registry)}),
 * which also serializes the subscribe/unsubscribe decisions of this JVM. The rules hold within one
 * JVM; JVMs sharing a PostgreSQL store do not see each other's consumers.
 */
final class ActiveSubscriptions {
    private static final class Entry {
        int consumers;
        int lingering;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    ActiveSubscriptions() {
    }

    /** The key of a named subscription (durable and non-durable names are separate in the store). */
    static String key(String clientId, boolean durable, String name) {
        return (clientId == null ? "" : clientId) + "\u0000" + durable + "\u0000" + name;
    }

    /** The key of a subscription: unshared non-durable ones by their queue, named ones by client id and name. */
    static String key(Subscription s) {
        return s.kind() == Subscription.Kind.NON_DURABLE ? "\u0001" + s.queueName() : key(s.clientId(), s.kind().durable(), s.name());
    }

    int consumers(String key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.consumers;
    }

    int lingering(String key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.lingering;
    }

    boolean idle(String key) {
        return consumers(key) == 0 && lingering(key) == 0;
    }

    void opened(String key) {
        entries.computeIfAbsent(key, k -> new Entry()).consumers++;
    }

    /** A consumer closed; {@code linger}: its session still holds unsettled messages of the subscription. */
    void closed(String key, boolean linger) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        e.consumers = Math.max(0, e.consumers - 1);
        if (linger) {
            e.lingering++;
        }
        dropIfIdle(key, e);
    }

    /** A lingering session settled its messages of the subscription (commit, rollback, acknowledge, close). */
    void settled(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        e.lingering = Math.max(0, e.lingering - 1);
        dropIfIdle(key, e);
    }

    void remove(String key) {
        entries.remove(key);
    }

    private void dropIfIdle(String key, Entry e) {
        if (e.consumers == 0 && e.lingering == 0) {
            entries.remove(key);
        }
    }
}
