package io.jaqs.broker;

/**
 * A topic subscription: a queue bound to a topic (SNS-style fan-out). Every publish to the topic
 * inserts one copy into the queue of each subscription whose filter accepts it, in one transaction.
 *
 * @param kind        non-durable subscriptions live while their consumer (shared: consumers) does;
 *                    durable ones until unsubscribed
 * @param clientId    the JMS client id of an unshared durable subscription (null otherwise, or for shared
 *                    subscriptions created without one)
 * @param name        the subscription name (generated for non-durable unshared subscriptions)
 * @param selector    the JMS selector text, evaluated at publish time (null: every message)
 * @param noLocalPublisher messages published by this publisher id are not stored for the subscription (JMS noLocal)
 */
public record Subscription(long id, String topic, Kind kind, String clientId, String name, String queueName,
                           String selector, String noLocalPublisher) {

    public enum Kind {
        NON_DURABLE, SHARED, DURABLE, SHARED_DURABLE;

        public boolean durable() {
            return this == DURABLE || this == SHARED_DURABLE;
        }

        public boolean shared() {
            return this == SHARED || this == SHARED_DURABLE;
        }
    }

    /** The subscription's queue, or null when it is gone. */
    public QueueName queue() {
        return queueName == null ? null : new QueueName(queueName);
    }
}
