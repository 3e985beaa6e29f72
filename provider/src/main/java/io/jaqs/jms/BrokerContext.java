package io.jaqs.jms;

import io.jaqs.broker.Broker;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker core as the JMS facade shares it among all factories of one store URL in a JVM
 * ({@link BrokerRegistry}), with the facade's state that spans connections: the consumers open on
 * topic subscriptions (JMS rules about them look across connections) and the XA branches begun
 * through any connection (a transaction manager may end or decide a branch on another XAResource
 * of the same broker). It lives and dies with its broker, so no state outlives a closed broker.
 */
final class BrokerContext {
    final Broker broker;
    /** Guarded by its own monitor, as {@link ActiveSubscriptions} says. */
    final ActiveSubscriptions subscriptions = new ActiveSubscriptions();
    /** Branches begun and not yet decided (a branch may be joined by several sessions). */
    final Map<ByteBuffer, JaqsXAResource.Branch> xaBranches = new ConcurrentHashMap<>();

    BrokerContext(Broker broker) {
        this.broker = broker;
    }
}
