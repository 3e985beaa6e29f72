package io.jaqs.jms;

import io.jaqs.broker.Subscription;

/**
 * One topic subscription as the admin view shows it ({@link JaqsConnectionFactory#getTopics()}).
 *
 * @param name            the subscription name (generated, {@code nd-<id>}, for an unshared non-durable one)
 * @param kind            non-durable, shared (non-durable), durable (unshared) or shared durable
 * @param clientId        the client id it is keyed by, or null
 * @param queueName       the queue that holds its messages (SQS semantics: visibility, redrive…)
 * @param selector        the selector applied when a message is published, or null
 * @param noLocal         whether messages of its own connection (durable: client id) are left out
 * @param approximateNumberOfMessages            messages ready for delivery
 * @param approximateNumberOfMessagesNotVisible  messages in flight (received, not yet acknowledged)
 * @param approximateNumberOfMessagesDelayed     messages whose delivery time has not come
 * @param activeConsumers consumers open on it in this JVM
 */
public record TopicSubscriptionInfo(String topic, String name, Subscription.Kind kind, String clientId, String queueName,
                                    String selector, boolean noLocal, long approximateNumberOfMessages,
                                    long approximateNumberOfMessagesNotVisible, long approximateNumberOfMessagesDelayed,
                                    int activeConsumers) {
}
