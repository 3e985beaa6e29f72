package io.jaqs.jms;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Broker;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.SubscriptionRequest;
import io.jaqs.jms.selector.Selector;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A session's topic subscriptions: creates the subscription (a queue in the core) behind each topic
 * consumer, enforces the JMS rules on names, client ids and active consumers, and deletes
 * non-durable subscriptions once nothing of the session depends on them any more.
 *
 * <p>Locks: the session's monitor may be held when the registry's is taken, never the reverse.
 */
final class SessionSubscriptions {
    private final JaqsSession session;
    /** Subscriptions whose consumer closed while the session still held unsettled messages of them; guarded by the session. */
    private final List<Subscription> lingering = new ArrayList<>();

    SessionSubscriptions(JaqsSession session) {
        this.session = session;
    }

    private Broker broker() {
        return session.connection.broker;
    }

    /**
     * Creates (or joins) the subscription and a consumer on it.
     *
     * @param name     the subscription name (null for an unshared non-durable subscription)
     * @param noLocal  unshared kinds only: messages published by this connection (non-durable) or by
     *                 a connection with this client id (durable) are not stored for the subscription
     */
    JaqsMessageConsumer open(JaqsDestination destination, Subscription.Kind kind, String name, String messageSelector,
                             boolean noLocal) throws JMSException {
        JaqsConnection connection = session.connection;
        if (!(destination instanceof JaqsTopic topic)) {
            throw new InvalidDestinationException("A subscription needs a topic; " + destination + " is a queue");
        }
        Selector selector = Selector.parse(messageSelector);
        String selectorText = selector.isAll() ? null : selector.text();
        if (topic.isTemporary()) {
            if (kind.durable()) {
                throw new InvalidDestinationException("Temporary topic " + topic.getName()
                        + " cannot have a durable subscription: it is deleted with its connection");
            }
            if (!connection.ownsTemporary(topic)) {
                throw new InvalidDestinationException("Temporary topic " + topic.getName()
                        + " belongs to another connection, or was deleted; only the connection that created it can consume from it");
            }
        }
        boolean named = kind != Subscription.Kind.NON_DURABLE;
        if (named && (name == null || name.isEmpty())) {
            throw new JMSException("A " + (kind.durable() ? "durable" : "shared") + " subscription needs a name; got "
                    + (name == null ? "null" : "an empty name"));
        }
        String clientId = connection.clientIdOrNull();
        if (kind == Subscription.Kind.DURABLE && clientId == null) {
            throw new IllegalStateException("An unshared durable subscription is identified by its name and the connection's"
                    + " client id, and this connection has none: set one with Connection.setClientID or the factory's clientID"
                    + " (or use a shared durable subscription)");
        }
        String noLocalPublisher = !noLocal ? null
                : kind == Subscription.Kind.DURABLE ? connection.clientPublisherId() : connection.connectionPublisherId();
        Map<String, String> attributes = named ? connection.subscriptionAttributes(name) : Map.of();
        ActiveSubscriptions registry = session.connection.context.subscriptions;
        synchronized (registry) {
            Subscription sub;
            try {
                if (!named) {
                    sub = broker().subscribe(new SubscriptionRequest(topic.getName(), kind, null, null, selectorText,
                            noLocalPublisher, Map.of(), false));
                } else {
                    String key = ActiveSubscriptions.key(clientId, kind.durable(), name);
                    if (kind == Subscription.Kind.DURABLE && registry.consumers(key) > 0) {
                        throw new IllegalStateException("Durable subscription '" + name + "' of client " + clientId
                                + " already has an active consumer; an unshared durable subscription has at most one");
                    }
                    // JMS: a subscription with a different topic or selector is replaced only while nobody uses it
                    sub = broker().subscribe(new SubscriptionRequest(topic.getName(), kind, clientId, name, selectorText,
                            noLocalPublisher, attributes, registry.idle(key)));
                }
            } catch (BrokerException e) {
                throw JmsExceptions.of(e); // a clash with a subscription in use or of another kind: JMSException, as JMS says
            }
            registry.opened(ActiveSubscriptions.key(sub));
            return new JaqsMessageConsumer(session, topic, sub, selector, noLocal);
        }
    }

    /** A consumer on a subscription closed: the subscription is released, and a non-durable one deleted when unused. */
    void consumerClosed(JaqsMessageConsumer consumer) {
        Subscription sub = consumer.subscription();
        boolean linger;
        synchronized (session) {
            linger = session.holdsDeliveriesFrom(sub.queue());
            if (linger) {
                lingering.add(sub);
            }
        }
        String key = ActiveSubscriptions.key(sub);
        ActiveSubscriptions registry = session.connection.context.subscriptions;
        synchronized (registry) {
            registry.closed(key, linger);
            if (!sub.kind().durable() && registry.idle(key)) {
                delete(sub);
            }
        }
    }

    /**
     * Releases the subscriptions of closed consumers whose messages the session has settled since
     * (committed, rolled back, acknowledged); {@code all}: every one (the session closes).
     */
    void settle(boolean all) {
        List<Subscription> done = new ArrayList<>();
        synchronized (session) {
            if (lingering.isEmpty()) {
                return;
            }
            for (Iterator<Subscription> it = lingering.iterator(); it.hasNext(); ) {
                Subscription sub = it.next();
                if (all || !session.holdsDeliveriesFrom(sub.queue())) {
                    done.add(sub);
                    it.remove();
                }
            }
        }
        if (done.isEmpty()) {
            return;
        }
        ActiveSubscriptions registry = session.connection.context.subscriptions;
        synchronized (registry) {
            for (Subscription sub : done) {
                String key = ActiveSubscriptions.key(sub);
                registry.settled(key);
                if (!sub.kind().durable() && registry.idle(key)) {
                    delete(sub);
                }
            }
        }
    }

    private void delete(Subscription sub) {
        try {
            broker().deleteSubscription(sub);
        } catch (BrokerException e) {
            if (e.code() != ErrorCode.QUEUE_DOES_NOT_EXIST && e.code() != ErrorCode.BROKER_CLOSED) {
                session.connection.asyncFailure(e); // the lease runs out and the reaper removes it
            }
        }
    }

    /** Session.unsubscribe: deletes a durable subscription (shared or not) of this connection's client id. */
    void unsubscribe(String name) throws JMSException {
        String clientId = session.connection.clientIdOrNull();
        String who = "'" + name + "'" + (clientId == null ? " (no client id)" : " of client " + clientId);
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("A subscription name must not be " + (name == null ? "null" : "empty"));
        }
        String key = ActiveSubscriptions.key(clientId, true, name);
        ActiveSubscriptions registry = session.connection.context.subscriptions;
        synchronized (registry) {
            if (registry.consumers(key) > 0) {
                throw new IllegalStateException("Durable subscription " + who + " has an active consumer;"
                        + " close it before unsubscribing (a subscription in use cannot be deleted)");
            }
            if (registry.lingering(key) > 0) {
                throw new IllegalStateException("Messages of durable subscription " + who + " are not yet acknowledged or"
                        + " are part of an open transaction; acknowledge, commit or roll back before unsubscribing");
            }
            try {
                broker().unsubscribe(clientId, name);
            } catch (BrokerException e) {
                if (e.code() == ErrorCode.QUEUE_DOES_NOT_EXIST) {
                    throw JaqsConnection.withCause(new InvalidDestinationException("No durable subscription " + who
                            + " exists", e.code().sqsCode()), e);
                }
                throw JmsExceptions.of(e);
            }
        }
    }
}
